"""Service ports: `start-service` starts one of the image's services (Jupyter, TensorBoard, ...).

The request ({requestId, service, protocol, ports, args, envs}) is answered with `service-result`
({requestId, status: started | already-running | failed, error}) from a thread of its own, so a
start never waits behind a running query and a query never waits behind a start. A service is
started from its definition (prestart actions, then its command) as a detached process: its own
session and process group, output to a log file in the temp folder (tessera-service-<name>-*.log).
It counts as `started` once its first port accepts TCP connections on 127.0.0.1; it `failed` when
it exits first or does not listen within START_TIMEOUT seconds (the environment variable
TESSERA_SERVICE_START_TIMEOUT overrides it; the service is then killed), with the last lines of
its output. Each service runs once: starting a live one again answers `already-running`.

`shutdown-service` ({requestId, service}) stops one: SIGTERM to its process group, SIGKILL after
STOP_GRACE seconds. It is answered with `service-stopped` ({requestId, status: stopped |
not-running}), `not-running` when the service was never started, was stopped before, or exited by
itself; a start under way is waited for first. The runner ends its services when it exits.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

from .prestart_actions import run_prestart
from .service_definition import ServiceDefinitionError, definitions_dir, load_definition

START_TIMEOUT = 20.0
START_TIMEOUT_VARIABLE = "TESSERA_SERVICE_START_TIMEOUT"
POLL_INTERVAL = 0.1
STOP_GRACE = 1.0
TAIL_BYTES = 2048


class _RunningService:
    def __init__(self, process, log_path):
        self.process = process
        self.log_path = log_path

    def alive(self):
        return self.process.poll() is None

    def signal(self, signum):
        try:
            os.killpg(self.process.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass

    def output_tail(self):
        try:
            with open(self.log_path, "rb") as file:
                file.seek(0, os.SEEK_END)
                file.seek(max(0, file.tell() - TAIL_BYTES))
                text = file.read().decode("utf-8", errors="replace")
        except OSError:
            return "(no output)"
        lines = text.splitlines()[-10:]
        return "\n".join(lines) if lines else "(no output)"


class ServiceManager:
    def __init__(self, channel, diagnostics, workdir, environ):
        self._channel = channel
        self._diagnostics = diagnostics
        self._workdir = workdir
        self._environ = dict(environ)
        self._services = {}
        self._locks = {}
        self._locks_lock = threading.Lock()

    def handle(self, data):
        """Called by the reader thread: starts the service on a thread of its own."""
        threading.Thread(target=self._answer, args=(data,), name="tessera-service-start", daemon=True).start()

    def handle_shutdown(self, data):
        """Called by the reader thread: stops the service on a thread of its own."""
        threading.Thread(
            target=self._answer_shutdown, args=(data,), name="tessera-service-stop", daemon=True
        ).start()

    def stop(self, name):
        """Stops a service; returns "stopped", or "not-running" when it was not running."""
        with self._lock_of(name):
            running = self._services.pop(name, None)
            if running is None or not running.alive():
                return "not-running"
            _end_processes([running])
            self._diagnostics.write("service {}: stopped (pid {})".format(name, running.process.pid))
            return "stopped"

    def start(self, request):
        """Starts a service; returns "started" or "already-running", raises ServiceDefinitionError."""
        name, ports, arguments, envs = _parse_request(request)
        with self._lock_of(name):
            running = self._services.get(name)
            if running is not None and running.alive():
                return "already-running"
            definition = load_definition(definitions_dir(self._environ), name)
            if definition is None:
                raise ServiceDefinitionError("no service definition for {}".format(name))
            if definition.noop:
                return "started"
            runtime_path = self._environ.get("BACKENDAI_RUNTIME_PATH") or sys.executable
            variables = {"ports": ports, "runtime_path": runtime_path}
            run_prestart(definition, variables, self._workdir, self._environ, self._diagnostics)
            argv, environ = definition.command_line(variables, arguments, envs, self._environ)
            running = self._spawn(name, argv, environ)
            self._services[name] = running
            self._wait_until_listening(name, running, ports[0] if ports else None)
            return "started"

    def stop_all(self):
        """Ends every service the runner started (the runner is exiting)."""
        _end_processes([service for service in self._services.values() if service.alive()])

    def _answer_shutdown(self, data):
        request_id = data.get("requestId") if isinstance(data, dict) else None
        name = data.get("service") if isinstance(data, dict) else None
        if not isinstance(name, str) or not name:
            result = {"requestId": request_id, "status": "failed", "error": "shutdown-service needs the service's name"}
        else:
            try:
                result = {"requestId": request_id, "status": self.stop(name)}
            except Exception as error:  # noqa: BLE001 - a bug here must be answered, not kill the thread
                self._diagnostics.write("shutdown-service failed unexpectedly:\n" + traceback.format_exc())
                result = {"requestId": request_id, "status": "failed", "error": "unexpected error: {}".format(error)}
        self._channel.send("service-stopped", result)

    def _answer(self, data):
        request_id = data.get("requestId") if isinstance(data, dict) else None
        try:
            result = {"requestId": request_id, "status": self.start(data)}
        except ServiceDefinitionError as error:
            result = {"requestId": request_id, "status": "failed", "error": str(error)}
        except Exception as error:  # noqa: BLE001 - a bug here must be answered, not kill the thread
            self._diagnostics.write("start-service failed unexpectedly:\n" + traceback.format_exc())
            result = {"requestId": request_id, "status": "failed", "error": "unexpected error: {}".format(error)}
        if result["status"] == "failed":
            self._diagnostics.write("start-service: {}".format(result["error"]))
        self._channel.send("service-result", result)

    def _spawn(self, name, argv, environ):
        log_fd, log_path = tempfile.mkstemp(prefix="tessera-service-{}-".format(name), suffix=".log")
        with os.fdopen(log_fd, "wb") as log:
            try:
                process = subprocess.Popen(
                    argv,
                    cwd=self._workdir,
                    env=environ,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            except OSError as error:
                raise ServiceDefinitionError("cannot start service {}: {}".format(name, error)) from error
        self._diagnostics.write("service {}: process {} runs {} (output in {})".format(name, process.pid, argv, log_path))
        return _RunningService(process, log_path)

    def _start_timeout(self):
        try:
            return float(self._environ.get(START_TIMEOUT_VARIABLE, START_TIMEOUT))
        except ValueError:
            return START_TIMEOUT

    def _wait_until_listening(self, name, running, port):
        timeout = self._start_timeout()
        deadline = time.monotonic() + timeout
        while True:
            code = running.process.poll()
            if code is not None:
                where = "" if port is None else " before it listened on port {}".format(port)
                raise ServiceDefinitionError(
                    "service {} exited with code {}{}; its last output:\n{}".format(
                        name, code, where, running.output_tail()
                    )
                )
            if port is None or _accepts_connections(port):
                self._diagnostics.write("service {}: started (pid {})".format(name, running.process.pid))
                return
            if time.monotonic() >= deadline:
                running.signal(signal.SIGKILL)
                raise ServiceDefinitionError(
                    "service {} did not listen on port {} within {:g} s (it was stopped); its last output:\n{}".format(
                        name, port, timeout, running.output_tail()
                    )
                )
            time.sleep(POLL_INTERVAL)

    def _lock_of(self, name):
        with self._locks_lock:
            return self._locks.setdefault(name, threading.Lock())


def _end_processes(services):
    """SIGTERM to each service's process group, SIGKILL to those still alive after STOP_GRACE."""
    for service in services:
        service.signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE
    while any(service.alive() for service in services) and time.monotonic() < deadline:
        time.sleep(0.05)
    for service in services:
        if service.alive():
            service.signal(signal.SIGKILL)
    for service in services:
        try:
            service.process.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            pass


def _parse_request(request):
    if not isinstance(request, dict):
        raise ServiceDefinitionError("start-service needs an object {service, ports, args, envs}")
    name = request.get("service")
    if not isinstance(name, str) or not name:
        raise ServiceDefinitionError("start-service needs the service's name")
    ports = request.get("ports") or []
    if not (isinstance(ports, list) and all(isinstance(p, int) and not isinstance(p, bool) for p in ports)):
        raise ServiceDefinitionError("start-service: ports must be a list of port numbers")
    arguments = request.get("args") or {}
    envs = request.get("envs") or {}
    if not isinstance(arguments, dict) or not isinstance(envs, dict):
        raise ServiceDefinitionError("start-service: args and envs must be objects")
    return name, ports, arguments, envs


def _accepts_connections(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False
