"""input(), getpass() and sys.stdin for user code: each read asks the agent for a line.

A read sends `waiting-input` ({"is_password": bool}) and blocks until the agent sends an `input`
message with the user's text (Backend.AI's user-input feature).
"""

import io
import queue


class UserInput:
    def __init__(self, channel, stdout):
        self._channel = channel
        self._stdout = stdout
        self._lines = queue.Queue()

    def deliver(self, text):
        """Called by the reader thread when an `input` message arrives."""
        self._lines.put("" if text is None else str(text))

    def discard_pending(self):
        """Forgets input that arrived while nothing was waiting (before a new run starts)."""
        while True:
            try:
                self._lines.get_nowait()
            except queue.Empty:
                return

    def read_line(self, prompt="", is_password=False):
        if prompt:
            self._stdout.write(str(prompt))
        self._channel.send("waiting-input", {"is_password": bool(is_password)})
        line = self._lines.get()
        return line[:-1] if line.endswith("\n") else line

    def input(self, prompt=""):
        return self.read_line(prompt, is_password=False)

    def getpass(self, prompt="Password: ", stream=None):
        return self.read_line(prompt, is_password=True)


class ConsoleInput(io.TextIOBase):
    """A sys.stdin replacement: every line read is requested from the agent."""

    def __init__(self, user_input):
        super().__init__()
        self._user_input = user_input

    @property
    def name(self):
        return "<stdin>"

    @property
    def encoding(self):
        return "utf-8"

    def readable(self):
        return True

    def isatty(self):
        return False

    def readline(self, size=-1):
        return self._user_input.read_line() + "\n"

    def read(self, size=-1):
        return self.readline()
