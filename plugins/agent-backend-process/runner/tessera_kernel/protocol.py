"""The runner's side of the agent <-> runner protocol.

One JSON object per line in each direction: {"op": <string>, "data": <any>}. It mirrors Backend.AI's
two-frame ZeroMQ messages ([op, payload]) over a pipe. Inbound ops: code, input, interrupt,
complete, clean, build, exec, exit. Outbound: ready, stdout, stderr, media, waiting-input,
finished, build-finished, clean-finished, completion.

The encoder escapes every non-ASCII character, so a line can never be split by what user code
prints (newlines, lone surrogates, control characters are all escaped). Lines are written by one
writer thread: Python delivers signals (the SIGINT of an interrupt) to the main thread only, so a
KeyboardInterrupt can never cut a line in half. `send` waits until its line is written, so output
is on its way before user code can end the process (os._exit) and messages keep their order.
"""

import json
import os
import queue
import threading

_CLOSE = object()


class ProtocolChannel:
    def __init__(self, in_fd, out_fd, diagnostics):
        self._reader = os.fdopen(in_fd, "r", encoding="utf-8", errors="replace", newline="\n")
        self._writer = os.fdopen(out_fd, "w", encoding="ascii", newline="\n")
        self._diagnostics = diagnostics
        self._outbox = queue.SimpleQueue()
        self._writer_thread = threading.Thread(target=self._write_loop, name="tessera-protocol-writer", daemon=True)
        self._writer_thread.start()

    def send(self, op, data=None):
        written = threading.Event()
        self._outbox.put((json.dumps({"op": op, "data": data}, ensure_ascii=True) + "\n", written))
        written.wait()

    def close(self):
        """Writes everything sent so far, then stops the writer."""
        self._outbox.put((_CLOSE, None))
        self._writer_thread.join(timeout=5)

    def receive(self):
        """Blocks for the next message; returns (op, data), or None at end of input."""
        while True:
            line = self._reader.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                continue
            try:
                message = json.loads(line)
                op = message["op"]
            except (ValueError, KeyError, TypeError):
                self._diagnostics.write("ignoring a malformed protocol line\n")
                continue
            if not isinstance(op, str):
                self._diagnostics.write("ignoring a message whose op is not a string\n")
                continue
            return op, message.get("data")

    def _write_loop(self):
        broken = False
        while True:
            line, written = self._outbox.get()
            if line is _CLOSE:
                return
            if not broken:
                try:
                    self._writer.write(line)
                    self._writer.flush()
                except (BrokenPipeError, OSError):
                    # The agent has gone away; the read side sees EOF and stops the runner.
                    broken = True
            written.set()
