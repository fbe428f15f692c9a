"""Where the agent's connections come from: the runner's stdio, or a Unix socket it listens on.

A source hands out connections one at a time (`accept`, blocking). Stdio has exactly one, and the
end of its input ends the runner. A socket has one after another: when the agent's connection
drops, the runner keeps running and the next agent to connect takes over (`reconnects`).
"""

import os
import socket
import stat


class Connection:
    """One agent connection: lines in, bytes out."""

    def __init__(self, reader, write, interrupt, close):
        self._reader = reader
        self._write = write
        self._interrupt = interrupt
        self._close = close

    def read_line(self):
        """The next line, or "" when the agent has gone."""
        try:
            return self._reader.readline()
        except (OSError, ValueError):
            return ""

    def write(self, data):
        """Writes all of `data`; raises OSError when the agent has gone."""
        self._write(data)

    def interrupt(self):
        """Makes a pending `read_line` return "" (the writer found the agent gone)."""
        self._interrupt()

    def close(self):
        """Releases the connection; called once nothing reads from it any more."""
        self._close()


class StdioConnections:
    """The runner's own stdin/stdout (moved to private fds) as the only connection."""

    reconnects = False

    def __init__(self, in_fd, out_fd):
        self._in_fd = in_fd
        self._out_fd = out_fd
        self._given = False

    def accept(self):
        if self._given:
            return None
        self._given = True
        reader = os.fdopen(self._in_fd, "r", encoding="utf-8", errors="replace", newline="\n")
        out_fd = self._out_fd

        def write(data):
            view = memoryview(data)
            while view:
                written = os.write(out_fd, view)
                view = view[written:]

        # stdin and stdout are separate pipes: the end of the input does not close the output, so
        # messages sent while the runner exits still reach the agent.
        return Connection(reader, write, lambda: None, lambda: None)

    def close(self):
        pass


class SocketConnections:
    """A Unix socket at `path` (mode 0600); the agent connects to it, one connection at a time."""

    reconnects = True

    def __init__(self, path):
        self.path = path
        _remove_stale_socket(path)
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        previous_umask = os.umask(0o177)
        try:
            self._server.bind(path)
        finally:
            os.umask(previous_umask)
        os.chmod(path, 0o600)
        # Only one agent is served at a time; a second one waits in the backlog until the first
        # connection drops.
        self._server.listen(1)

    def accept(self):
        while True:
            try:
                conn, _ = self._server.accept()
            except InterruptedError:
                continue
            except OSError:
                return None  # the listener was closed: the runner is exiting
            reader = conn.makefile("r", encoding="utf-8", errors="replace", newline="\n")

            def interrupt(conn=conn):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

            def close(conn=conn, reader=reader):
                interrupt(conn)
                for closer in (reader.close, conn.close):
                    try:
                        closer()
                    except OSError:
                        pass

            return Connection(reader, conn.sendall, interrupt, close)

    def close(self):
        try:
            self._server.close()
        finally:
            try:
                os.unlink(self.path)
            except OSError:
                pass


def _remove_stale_socket(path):
    """A socket file left by an earlier runner (a restarted container) is removed; other files are not."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(mode):
        raise RuntimeError("{} exists and is not a socket; refusing to replace it".format(path))
    os.unlink(path)
