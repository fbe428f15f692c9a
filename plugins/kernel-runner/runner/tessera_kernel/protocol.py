"""The runner's side of the agent <-> runner protocol.

One JSON object per line in each direction: {"op": <string>, "data": <any>}. It mirrors Backend.AI's
two-frame ZeroMQ messages ([op, payload]) over a pipe or a Unix socket. Inbound ops: code, input,
interrupt, complete, clean, build, exec, start-service, shutdown-service, exit. Outbound: ready,
stdout, stderr, media, waiting-input, finished, build-finished, clean-finished, completion,
service-result, service-stopped.

The encoder escapes every non-ASCII character, so a line can never be split by what user code
prints (newlines, lone surrogates, control characters are all escaped). Lines are written by one
writer thread: Python delivers signals (the SIGINT of an interrupt) to the main thread only, so a
KeyboardInterrupt can never cut a line in half. `send` waits until its line is written (or, with
no agent connected, buffered), so output is on its way before user code can end the process
(os._exit) and messages keep their order.

Every connection starts with `ready` ({"reattached": false} on the first one, true on later ones,
plus the runner's pid, runtime and version); the first `ready` waits until the runner has started
(`open`, after the bootstrap scripts). Over a socket the agent may go away and come back: what the
runner sends meanwhile is kept (the last MAX_BUFFERED_MESSAGES, at most MAX_BUFFERED_BYTES) and
delivered to the next connection, in order, right after its `ready`.
"""

import collections
import json
import queue
import threading

MAX_BUFFERED_MESSAGES = 10_000
MAX_BUFFERED_BYTES = 64 * 1024 * 1024

_LINE = "line"
_ATTACH = "attach"
_DETACH = "detach"
_CLOSE = "close"


def encode(op, data):
    return json.dumps({"op": op, "data": data}, ensure_ascii=True) + "\n"


class ProtocolChannel:
    def __init__(self, connections, diagnostics):
        self._connections = connections
        self._diagnostics = diagnostics
        self._outbox = queue.SimpleQueue()
        self._opened = threading.Event()
        self._ready_data = {}
        self._reading = None
        self._backlog = _Backlog(diagnostics)
        self._writer_thread = threading.Thread(target=self._write_loop, name="tessera-protocol-writer", daemon=True)
        self._writer_thread.start()

    def open(self, ready_data):
        """The runner has started: connections are greeted with `ready` carrying `ready_data`."""
        self._ready_data = dict(ready_data)
        self._opened.set()

    def send(self, op, data=None):
        written = threading.Event()
        self._outbox.put((_LINE, encode(op, data), written))
        written.wait()

    def close(self):
        """Writes everything sent so far, then stops the writer."""
        self._outbox.put((_CLOSE,))
        self._writer_thread.join(timeout=5)

    def receive(self):
        """Blocks for the next message, across connections; returns (op, data), or None at the end.

        Called from one thread only (the reader). The end is the end of stdin in stdio mode; over a
        socket a dropped connection is not the end: the next one is waited for.
        """
        while True:
            if self._reading is None:
                connection = self._connections.accept()
                if connection is None:
                    return None
                self._reading = connection
                self._outbox.put((_ATTACH, connection))
            line = self._reading.read_line()
            if not line:
                if not self._connections.reconnects:
                    return None
                self._outbox.put((_DETACH, self._reading))
                self._reading = None
                self._diagnostics.write("the agent's connection closed; waiting for the next one")
                continue
            line = line.strip()
            if not line:
                continue
            try:
                message = json.loads(line)
                op = message["op"]
            except (ValueError, KeyError, TypeError):
                self._diagnostics.write("ignoring a malformed protocol line")
                continue
            if not isinstance(op, str):
                self._diagnostics.write("ignoring a message whose op is not a string")
                continue
            return op, message.get("data")

    def _write_loop(self):
        current = None
        connections_seen = 0
        while True:
            item = self._outbox.get()
            kind = item[0]
            if kind == _CLOSE:
                return
            if kind == _ATTACH:
                self._opened.wait()
                if current is not None:
                    current.interrupt()
                current = item[1]
                greeting = encode("ready", dict(self._ready_data, reattached=connections_seen > 0))
                connections_seen += 1
                if self._write(current, greeting):
                    current = self._write_backlog(current)
                else:
                    current = None
            elif kind == _DETACH:
                if current is item[1]:
                    current = None
                item[1].close()
            else:
                _, line, written = item
                if current is not None and not self._write(current, line):
                    current = None
                    self._keep(line)
                elif current is None:
                    self._keep(line)
                written.set()

    def _write(self, connection, line):
        try:
            connection.write(line.encode("ascii"))
            return True
        except (OSError, ValueError):
            # The agent has gone away. Over stdio the reader sees the end of input and stops the
            # runner; over a socket the reader sees the connection close and waits for the next.
            connection.interrupt()
            return False

    def _write_backlog(self, connection):
        lines = self._backlog.take_all()
        for index, line in enumerate(lines):
            if not self._write(connection, line):
                self._backlog.put_back(lines[index:])
                return None
        return connection

    def _keep(self, line):
        if self._connections.reconnects:
            self._backlog.add(line)


class _Backlog:
    """Messages sent while no agent was connected, oldest first, bounded by count and size."""

    def __init__(self, diagnostics):
        self._diagnostics = diagnostics
        self._lines = collections.deque()
        self._bytes = 0
        self._dropped = 0

    def add(self, line):
        self._lines.append(line)
        self._bytes += len(line)
        self._trim()

    def put_back(self, lines):
        self._lines.extendleft(reversed(lines))
        self._bytes += sum(len(line) for line in lines)
        self._trim()

    def take_all(self):
        lines = list(self._lines)
        self._lines.clear()
        self._bytes = 0
        if self._dropped:
            self._diagnostics.write(
                "{} message(s) were dropped while no agent was connected (the oldest first)".format(self._dropped)
            )
            self._dropped = 0
        return lines

    def _trim(self):
        while len(self._lines) > MAX_BUFFERED_MESSAGES or self._bytes > MAX_BUFFERED_BYTES:
            self._bytes -= len(self._lines.popleft())
            if self._dropped == 0:
                self._diagnostics.write(
                    "no agent connected and {} messages / {} bytes buffered: dropping the oldest".format(
                        MAX_BUFFERED_MESSAGES, MAX_BUFFERED_BYTES
                    )
                )
            self._dropped += 1
