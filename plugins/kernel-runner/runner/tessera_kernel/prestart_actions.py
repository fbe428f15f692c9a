"""Prestart actions of a service definition, run in order before the service starts.

| action | arguments | result (the `ref` variable) |
| --- | --- | --- |
| write_file | filename, body (lines), mode ("755"), append | none |
| write_tempfile | body (lines), mode ("755") | the file's path |
| mkdir | path (parents too) | none |
| run_command | command (argv) | {"out": str, "err": str} |
| log | body (or message), debug | none; the line goes to the kernel's log |

Every string is a template (see service_definition.interpolate). Relative paths are relative to the
working directory. run_command must return quickly (it sits on the service's start); it is cut off
after RUN_COMMAND_TIMEOUT seconds.
"""

import os
import subprocess
import tempfile

from .service_definition import ServiceDefinitionError, interpolate

RUN_COMMAND_TIMEOUT = 20


def run_prestart(definition, variables, workdir, environ, diagnostics):
    """Runs the prestart actions in order; an action's `ref` makes its result a variable."""
    for action in definition.prestart:
        result = _ACTIONS[action.action](action.args, variables, workdir, environ, diagnostics, definition.name)
        if action.ref is not None:
            variables[action.ref] = result


def _lines(body, variables):
    lines = body.splitlines() if isinstance(body, str) else body
    return "".join(interpolate(str(line), variables) + "\n" for line in lines)


def _mode(args):
    try:
        return int(args.get("mode", "755"), 8)
    except ValueError as error:
        raise ServiceDefinitionError("mode {!r} is not an octal number".format(args.get("mode"))) from error


def _write_file(args, variables, workdir, environ, diagnostics, service):
    path = os.path.join(workdir, interpolate(args["filename"], variables))
    with open(path, "a" if args.get("append") else "w", encoding="utf-8") as file:
        file.write(_lines(args["body"], variables))
    os.chmod(path, _mode(args))
    return None


def _write_tempfile(args, variables, workdir, environ, diagnostics, service):
    # .py, as upstream: a Jupyter config written this way must end in .py to be loaded.
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", prefix="tessera-{}-".format(service), suffix=".py", delete=False
    ) as file:
        file.write(_lines(args["body"], variables))
    os.chmod(file.name, _mode(args))
    return file.name


def _mkdir(args, variables, workdir, environ, diagnostics, service):
    os.makedirs(os.path.join(workdir, interpolate(args["path"], variables)), exist_ok=True)
    return None


def _run_command(args, variables, workdir, environ, diagnostics, service):
    argv = [interpolate(part, variables) for part in args["command"]]
    try:
        completed = subprocess.run(
            argv,
            cwd=workdir,
            env=environ,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=RUN_COMMAND_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ServiceDefinitionError(
            "prestart command {} did not finish within {} s (background work must daemonise itself)".format(
                argv, RUN_COMMAND_TIMEOUT
            )
        ) from error
    except OSError as error:
        raise ServiceDefinitionError("prestart command {} could not run: {}".format(argv, error)) from error
    out = completed.stdout.decode("utf-8", errors="replace")
    err = completed.stderr.decode("utf-8", errors="replace")
    if args.get("echo"):
        diagnostics.write(out + err)
    if completed.returncode != 0:
        diagnostics.write("service {}: prestart command {} exited with {}".format(service, argv, completed.returncode))
    return {"out": out, "err": err}


def _log(args, variables, workdir, environ, diagnostics, service):
    message = interpolate(args.get("body", args.get("message", "")), variables)
    diagnostics.write("service {}{}: {}".format(service, " (debug)" if args.get("debug") else "", message))
    return None


_ACTIONS = {
    "write_file": _write_file,
    "write_tempfile": _write_tempfile,
    "mkdir": _mkdir,
    "run_command": _run_command,
    "log": _log,
}
