"""Capturing what user code writes, and forwarding it to the agent as stdout/stderr messages.

Two layers:
- ConsoleStream objects replace sys.stdout and sys.stderr, so Python-level writes are sent at once.
- File descriptors 1 and 2 are pointed at pipes drained by FdCapture, so output written at the
  fd level (subprocesses started by user code, C extensions, sys.__stdout__) is captured too.

Before a ConsoleStream sends anything it drains the pipes, so output keeps its order when user code
mixes print() with os.system().
"""

import codecs
import io
import os
import select
import threading


class FdCapture:
    """Drains the pipes behind fds 1 and 2 and forwards their content."""

    def __init__(self, channel, pipes):
        # pipes: {"stdout": read_fd, "stderr": read_fd}
        self._channel = channel
        self._streams = {}
        for name, read_fd in pipes.items():
            os.set_blocking(read_fd, False)
            self._streams[read_fd] = (name, codecs.getincrementaldecoder("utf-8")(errors="replace"))
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="tessera-fd-capture", daemon=True)

    def start(self):
        self._thread.start()

    def drain_now(self):
        """Forwards everything that is in the pipes right now."""
        with self._lock:
            for read_fd in self._streams:
                self._read_available(read_fd)

    def _loop(self):
        fds = list(self._streams)
        while True:
            try:
                readable, _, _ = select.select(fds, [], [], 0.5)
            except (OSError, ValueError):
                return
            if readable:
                with self._lock:
                    for read_fd in readable:
                        self._read_available(read_fd)

    def _read_available(self, read_fd):
        name, decoder = self._streams[read_fd]
        while True:
            try:
                chunk = os.read(read_fd, 65536)
            except BlockingIOError:
                return
            except OSError:
                return
            if not chunk:
                return
            text = decoder.decode(chunk)
            if text:
                self._channel.send(name, text)


class ConsoleStream(io.TextIOBase):
    """A sys.stdout / sys.stderr replacement that sends every write as a protocol message."""

    def __init__(self, name, channel, capture, fd):
        super().__init__()
        self._name = name
        self._channel = channel
        self._capture = capture
        self._fd = fd
        # Bytes written to .buffer go through the captured fd, like they would on a terminal.
        self.buffer = open(fd, "wb", buffering=0, closefd=False)

    @property
    def name(self):
        return "<{}>".format(self._name)

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "strict"

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return self._fd

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not {}".format(type(text).__name__))
        if text:
            self._capture.drain_now()
            self._channel.send(self._name, text)
        return len(text)

    def flush(self):
        pass
