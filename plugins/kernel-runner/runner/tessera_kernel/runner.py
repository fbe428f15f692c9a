"""The runner's main loop: protocol set-up, a reader thread, and one run at a time.

Threads:
- the main thread runs the bootstrap scripts, then executes runs (query snippets, batch steps) in
  the order their ops arrive;
- the reader thread reads the protocol and answers what must not wait behind a run: `input`
  (wakes a pending input()), `interrupt` (SIGINT to the running code), `complete`, and
  `start-service` and `shutdown-service` (each handed to a thread of its own);
- the writer thread (protocol.py) writes every outbound message.

The agent reaches the runner over its stdio (the default; the end of stdin ends the runner) or,
with `--listen PATH`, over a Unix socket at PATH, where connections come and go and the runner
stays (socket mode, for containers: the kernel outlives a restart of the agent).
"""

import builtins
import importlib
import getpass
import os
import queue
import signal
import sys
import threading
import traceback

from .bootstrap import run_bootstrap_scripts
from .connections import SocketConnections, StdioConnections
from .diagnostics import Diagnostics
from .output_capture import ConsoleStream, FdCapture
from .protocol import ProtocolChannel
from .query_mode import QueryMode
from .user_input import ConsoleInput, UserInput

RUN_OPS = ("code", "clean", "build", "exec")
STEP_FINISHED = {"clean": "clean-finished", "build": "build-finished", "exec": "finished"}


def _take_over_stdio():
    """Moves stdin/stdout/stderr to private fds; points fds 0/1/2 at /dev/null and capture pipes.

    Returns the private stdin and stdout (the protocol in stdio mode), the diagnostics fd (the
    original stderr) and the read ends of the capture pipes.
    """
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
    return protocol_in, protocol_out, diagnostics_fd, pipes


def _own_module(name):
    """One of the runner's modules, imported on first use. Like main.py's imports at start-up, it
    writes no __pycache__ next to the runner (a read-only mount in containers, the installed
    package on a host); user code's imports keep the interpreter's normal behaviour."""
    previous = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        return importlib.import_module("." + name, __package__)
    finally:
        sys.dont_write_bytecode = previous


class Runner:
    def __init__(self, listen_path=None):
        # The socket first, while a failure (a path that cannot be used) still reaches stderr.
        sockets = None if listen_path is None else SocketConnections(listen_path)
        protocol_in, protocol_out, diagnostics_fd, pipes = _take_over_stdio()
        self._diagnostics = Diagnostics(diagnostics_fd)
        self._environ = dict(os.environ)
        self._workdir = os.getcwd()
        if sockets is None:
            self._connections = StdioConnections(protocol_in, protocol_out)
        else:
            # The agent connects to the socket; the original stdin/stdout are not used, and the
            # original stderr (the container's log) gets the diagnostics.
            os.close(protocol_in)
            os.close(protocol_out)
            self._connections = sockets
            self._diagnostics.write("kernel runner listening on {}".format(listen_path))
        self.channel = ProtocolChannel(self._connections, self._diagnostics)
        self._capture = FdCapture(self.channel, pipes)
        self._stdout = ConsoleStream("stdout", self.channel, self._capture, 1)
        self._stderr = ConsoleStream("stderr", self.channel, self._capture, 2)
        self._user_input = UserInput(self.channel, self._stdout)
        self._query = QueryMode()
        # Made on first use (a batch step, a start-service): their modules (subprocess, tempfile,
        # shlex, ...) stay out of the kernel's start-up.
        self._batch = None
        self._services = None
        self._lazy_lock = threading.Lock()
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
        # A failing runner thread reports to the console, not to sys.stderr (the protocol).
        threading.excepthook = self._report_thread_failure
        builtins.input = self._user_input.input
        getpass.getpass = self._user_input.getpass
        # User code imports from its working directory, as in an interactive interpreter.
        sys.path[0] = ""
        self._capture.start()

    def _report_thread_failure(self, failure):
        if failure.exc_type is SystemExit:
            return
        details = "".join(traceback.format_exception(failure.exc_type, failure.exc_value, failure.exc_traceback))
        name = failure.thread.name if failure.thread is not None else "?"
        self._diagnostics.write("runner thread {} failed:\n{}".format(name, details))

    def serve(self):
        reader = threading.Thread(target=self._read_loop, name="tessera-protocol-reader", daemon=True)
        reader.start()
        run_bootstrap_scripts(self._diagnostics, self._workdir, self._environ)
        version = "{}.{}.{}".format(*sys.version_info[:3])
        self.channel.open({"pid": os.getpid(), "runtime": "python", "version": version})
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
                batch = self._batch_mode()
                step = {"clean": batch.clean, "build": batch.build, "exec": batch.execute}[op]
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
        """Forwards the last captured output, writes every pending message, ends the services."""
        self._flush_output()
        self.channel.close()
        self._connections.close()
        with self._lazy_lock:
            services = self._services
        if services is not None:
            services.stop_all()

    def _batch_mode(self):
        with self._lazy_lock:
            if self._batch is None:
                self._batch = _own_module("batch_mode").BatchMode(self.channel, self._workdir)
            return self._batch

    def _service_manager(self):
        with self._lazy_lock:
            if self._services is None:
                self._services = _own_module("services").ServiceManager(self.channel, self._diagnostics, self._workdir, self._environ)
            return self._services

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
                complete = _own_module("completion").complete
                self.channel.send("completion", {"suggestions": complete(self._query.namespace, data)})
            elif op == "start-service":
                self._service_manager().handle(data)
            elif op == "shutdown-service":
                self._service_manager().handle_shutdown(data)
            else:
                self._diagnostics.write("ignoring unknown op {!r}".format(op))

    def _interrupt(self):
        with self._lazy_lock:
            batch = self._batch
        if batch is not None and batch.interrupt():
            return
        if self._query_running.is_set():
            os.kill(os.getpid(), signal.SIGINT)


def main(listen_path=None):
    runner = Runner(listen_path)
    runner.install()
    code = runner.serve()
    runner.shutdown()
    # Threads user code left behind must not keep the kernel alive once the agent asked it to exit.
    os._exit(code)
