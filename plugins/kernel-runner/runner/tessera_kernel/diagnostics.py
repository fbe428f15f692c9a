"""The runner's own console: what it has to say outside the protocol.

It is the runner's original stderr. Under the process backend the agent reads it (the kernel's
log); in a container (socket mode) it is the container's log. Bootstrap scripts and prestart
actions write there too. Several threads write, so each write is one locked line.
"""

import os
import threading


class Diagnostics:
    def __init__(self, fd):
        self._file = os.fdopen(fd, "w", encoding="utf-8", errors="replace", buffering=1)
        self._lock = threading.Lock()

    def write(self, text):
        if not text.endswith("\n"):
            text += "\n"
        with self._lock:
            try:
                self._file.write(text)
                self._file.flush()
            except (OSError, ValueError):
                pass  # nobody is reading our console any more; the runner goes on

    def fileno(self):
        """The fd child processes (bootstrap scripts, services) may write their output to."""
        return self._file.fileno()

    def flush(self):
        with self._lock:
            try:
                self._file.flush()
            except (OSError, ValueError):
                pass
