"""Batch mode: the clean, build and exec steps run as shell commands in the working directory.

Each step reports its exit code (`clean-finished`, `build-finished`, `finished`). A failed build
makes the exec step finish with 127 without running, as Backend.AI documents. An empty command
skips its step; `*` asks for the default: nothing for clean, `make` when there is a Makefile for
build, and `python main.py` for exec.
"""

import codecs
import os
import signal
import subprocess
import sys
import threading

COMMAND_NOT_RUN = 127


class BatchMode:
    def __init__(self, channel, workdir):
        self._channel = channel
        self._workdir = workdir
        self._process = None
        self._process_lock = threading.Lock()
        self._build_failed = False

    def clean(self, command):
        self._build_failed = False
        if command == "*":
            command = ""
        return self._run(command)

    def build(self, command):
        if command == "*":
            command = "make" if os.path.exists(os.path.join(self._workdir, "Makefile")) else ""
        code = self._run(command)
        self._build_failed = code != 0
        return code

    def execute(self, command):
        if self._build_failed:
            self._build_failed = False
            return COMMAND_NOT_RUN
        if command == "*":
            if not os.path.exists(os.path.join(self._workdir, "main.py")):
                self._channel.send("stderr", "no main.py to run in the working directory\n")
                return COMMAND_NOT_RUN
            command = "exec {} main.py".format(_shell_quote(sys.executable))
        return self._run(command)

    def interrupt(self):
        """Sends SIGINT to the running step's process group; False when no step is running."""
        with self._process_lock:
            process = self._process
        if process is None:
            return False
        try:
            os.killpg(process.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        return True

    def _run(self, command):
        if not command or not command.strip():
            return 0
        try:
            process = subprocess.Popen(
                ["/bin/sh", "-c", command],
                cwd=self._workdir,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as error:
            self._channel.send("stderr", "cannot start the command: {}\n".format(error))
            return COMMAND_NOT_RUN
        with self._process_lock:
            self._process = process
        forwarders = [
            threading.Thread(target=self._forward, args=(process.stdout, "stdout"), daemon=True),
            threading.Thread(target=self._forward, args=(process.stderr, "stderr"), daemon=True),
        ]
        for forwarder in forwarders:
            forwarder.start()
        try:
            code = process.wait()
        finally:
            for forwarder in forwarders:
                forwarder.join()
            with self._process_lock:
                self._process = None
        # A step killed by a signal reports 128 + the signal number, like a shell.
        return code if code >= 0 else 128 - code

    def _forward(self, pipe, name):
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        while True:
            chunk = pipe.read1(65536)
            if not chunk:
                break
            text = decoder.decode(chunk)
            if text:
                self._channel.send(name, text)
        tail = decoder.decode(b"", final=True)
        if tail:
            self._channel.send(name, tail)
        pipe.close()


def _shell_quote(text):
    return "'" + text.replace("'", "'\"'\"'") + "'"
