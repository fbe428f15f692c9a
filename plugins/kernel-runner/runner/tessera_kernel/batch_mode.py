"""Batch mode: the clean, build and exec steps run as shell commands in the working directory.

Each step reports its exit code (`clean-finished`, `build-finished`, `finished`). A failed build
makes the exec step finish with 127 without running, as Backend.AI documents. An empty command
skips its step; `*` asks for the default: nothing for clean, `make` when there is a Makefile for
build, and `python main.py` for exec.

When the user's `.logs` vfolder is mounted (`<workdir>/.logs` is a directory), every step's output
is also appended to `.logs/task/<aa>/<bb>/<rest>.log` (the kernel id's hex split as Backend.AI
does), which the manager serves as the session's task log (`GET /session/_/logs`).
"""

import codecs
import os
import signal
import subprocess
import sys
import threading
import uuid

COMMAND_NOT_RUN = 127


class BatchMode:
    def __init__(self, channel, workdir):
        self._channel = channel
        self._workdir = workdir
        self._process = None
        self._process_lock = threading.Lock()
        self._build_failed = False
        self._task_log_lock = threading.Lock()

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
        task_log = self._open_task_log()
        forwarders = [
            threading.Thread(target=self._forward, args=(process.stdout, "stdout", task_log), daemon=True),
            threading.Thread(target=self._forward, args=(process.stderr, "stderr", task_log), daemon=True),
        ]
        for forwarder in forwarders:
            forwarder.start()
        try:
            code = process.wait()
        finally:
            for forwarder in forwarders:
                forwarder.join()
            if task_log is not None:
                task_log.close()
            with self._process_lock:
                self._process = None
        # A step killed by a signal reports 128 + the signal number, like a shell.
        return code if code >= 0 else 128 - code

    def _open_task_log(self):
        """The task log to append to, or None without a `.logs` folder (or a usable kernel id)."""
        logs = os.path.join(self._workdir, ".logs")
        if not os.path.isdir(logs):
            return None
        try:
            hexid = uuid.UUID(os.environ.get("BACKENDAI_KERNEL_ID", "")).hex
        except ValueError:
            return None
        folder = os.path.join(logs, "task", hexid[:2], hexid[2:4])
        try:
            os.makedirs(folder, exist_ok=True)
            return open(os.path.join(folder, hexid[4:] + ".log"), "ab")
        except OSError as error:
            self._channel.send("stderr", "cannot write the task log: {}\n".format(error))
            return None

    def _forward(self, pipe, name, task_log=None):
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        while True:
            chunk = pipe.read1(65536)
            if not chunk:
                break
            if task_log is not None:
                with self._task_log_lock:
                    task_log.write(chunk)
                    task_log.flush()
            text = decoder.decode(chunk)
            if text:
                self._channel.send(name, text)
        tail = decoder.decode(b"", final=True)
        if tail:
            self._channel.send(name, tail)
        pipe.close()


def _shell_quote(text):
    return "'" + text.replace("'", "'\"'\"'") + "'"
