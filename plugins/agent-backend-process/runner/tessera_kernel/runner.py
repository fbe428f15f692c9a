"""The runner's main loop: protocol set-up, a reader thread, and one run at a time.

Threads:
- the main thread executes runs (query snippets, batch steps) in the order their ops arrive;
- the reader thread reads the protocol and answers what must not wait behind a run: `input`
  (wakes a pending input()), `interrupt` (SIGINT to the running code) and `complete`.
"""

import builtins
import getpass
import os
import platform
import queue
import signal
import sys
import threading

from .batch_mode import BatchMode
from .completion import complete
from .output_capture import ConsoleStream, FdCapture
from .protocol import ProtocolChannel
from .query_mode import QueryMode
from .user_input import ConsoleInput, UserInput

RUN_OPS = ("code", "clean", "build", "exec")
STEP_FINISHED = {"clean": "clean-finished", "build": "build-finished", "exec": "finished"}


def _take_over_stdio():
    """Moves the protocol to private fds and points fds 0/1/2 at /dev/null and capture pipes."""
    protocol_in = os.dup(0)
    protocol_out = os.dup(1)
    diagnostics_fd = os.dup(2)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    pipes = {}
    for name, fd in (("stdout", 1), ("stderr", 2)):
        read_fd, write_fd = os.pipe()
        os.dup2(write_fd, fd)
        os.close(write_fd)
        pipes[name] = read_fd
    diagnostics = os.fdopen(diagnostics_fd, "w", encoding="utf-8", errors="replace", buffering=1)
    return protocol_in, protocol_out, diagnostics, pipes


class Runner:
    def __init__(self):
        protocol_in, protocol_out, diagnostics, pipes = _take_over_stdio()
        self._diagnostics = diagnostics
        self.channel = ProtocolChannel(protocol_in, protocol_out, diagnostics)
        self._capture = FdCapture(self.channel, pipes)
        self._stdout = ConsoleStream("stdout", self.channel, self._capture, 1)
        self._stderr = ConsoleStream("stderr", self.channel, self._capture, 2)
        self._user_input = UserInput(self.channel, self._stdout)
        self._query = QueryMode()
        self._batch = BatchMode(self.channel, os.getcwd())
        self._runs = queue.Queue()
        self._query_running = threading.Event()

    def install(self):
        """Points the interpreter's streams and input functions at the protocol."""
        sys.stdout = self._stdout
        sys.stderr = self._stderr
        sys.stdin = ConsoleInput(self._user_input)
        # fd-level writers that Python buffers (sys.__stdout__) flush line by line.
        for stream in (sys.__stdout__, sys.__stderr__):
            if stream is not None:
                try:
                    stream.reconfigure(line_buffering=True)
                except (AttributeError, ValueError):
                    pass
        builtins.input = self._user_input.input
        getpass.getpass = self._user_input.getpass
        # User code imports from its working directory, as in an interactive interpreter.
        sys.path[0] = ""
        self._capture.start()

    def serve(self):
        reader = threading.Thread(target=self._read_loop, name="tessera-protocol-reader", daemon=True)
        reader.start()
        self.channel.send(
            "ready",
            {"pid": os.getpid(), "runtime": "python", "version": platform.python_version()},
        )
        while True:
            try:
                op, data = self._runs.get()
            except KeyboardInterrupt:
                continue  # an interrupt that arrived after its run ended
            if op == "exit":
                return 0
            try:
                self._execute(op, data)
            except KeyboardInterrupt:
                pass  # an interrupt that arrived while the run was being reported as finished

    def _execute(self, op, data):
        self._user_input.discard_pending()
        try:
            if op == "code":
                self._query_running.set()
                try:
                    code = self._query.run("" if data is None else str(data))
                finally:
                    self._query_running.clear()
                finished = "finished"
            else:
                command = "" if data is None else str(data)
                step = {"clean": self._batch.clean, "build": self._batch.build, "exec": self._batch.execute}[op]
                code = step(command)
                finished = STEP_FINISHED[op]
        except KeyboardInterrupt:
            code, finished = 130, STEP_FINISHED.get(op, "finished")
        # A late interrupt must not stop the run from being reported: hold SIGINT until it is sent.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self._flush_output()
            self.channel.send(finished, {"exitCode": code})
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})

    def _flush_output(self):
        for stream in (sys.__stdout__, sys.__stderr__):
            try:
                if stream is not None:
                    stream.flush()
            except (OSError, ValueError):
                pass
        self._capture.drain_now()

    def shutdown(self):
        """Forwards the last captured output and writes every pending message."""
        self._flush_output()
        self.channel.close()

    def _read_loop(self):
        while True:
            message = self.channel.receive()
            if message is None:
                self._runs.put(("exit", None))
                return
            op, data = message
            if op in RUN_OPS or op == "exit":
                self._runs.put((op, data))
            elif op == "input":
                self._user_input.deliver(data)
            elif op == "interrupt":
                self._interrupt()
            elif op == "complete":
                self.channel.send("completion", {"suggestions": complete(self._query.namespace, data)})
            else:
                self._diagnostics.write("ignoring unknown op {!r}\n".format(op))

    def _interrupt(self):
        if self._batch.interrupt():
            return
        if self._query_running.is_set():
            os.kill(os.getpid(), signal.SIGINT)


def main():
    runner = Runner()
    runner.install()
    code = runner.serve()
    runner.shutdown()
    # Threads user code left behind must not keep the kernel alive once the agent asked it to exit.
    os._exit(code)
