"""Backend.AI service definitions: `/etc/backend.ai/service-defs/<name>.json` in the image.

    {"prestart": [{"action": "write_tempfile", "args": {"body": ["port = {ports[0]}"]}, "ref": "cfg"}],
     "command": ["{runtime_path}", "-m", "app", "--config", "{cfg}"],
     "env": {"APP_PORT": "{ports[0]}"},
     "url_template": "http://{host}:{port}/"}

Templates use Python's brace syntax (`{ports[0]}`, `{runtime_path}`, a prestart action's `ref`)
or GitHub's (`${{ ports[0] }}`); a brace after `$` (`${HOME}` in a shell script) is left to the
shell. `command` is an argv list, or one shell script run with `shell` (default bash). Request
arguments and variables are accepted only when the definition allows them (`allowed_arguments`,
`allowed_envs`); `default_arguments` are always appended. `url_template` is for clients and is not
filled in here.
"""

import json
import os
import re
import shlex
import shutil

DEFAULT_DEFINITIONS_DIR = "/etc/backend.ai/service-defs"
DEFINITIONS_DIR_VARIABLE = "TESSERA_SERVICE_DEFS_DIR"

_SERVICE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_REF_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TEMPLATE = re.compile(r"\$\{\{\s*(?P<github>.*?)\s*\}\}|(?<![${])\{\s*(?P<python>.*?)\s*\}")
_FIELDS = {
    "command",
    "shell",
    "noop",
    "url_template",
    "prestart",
    "prestart_actions",
    "env",
    "allowed_envs",
    "allowed_arguments",
    "default_arguments",
}
# Each action's arguments: name -> (required, accepted types).
_ACTION_ARGUMENTS = {
    "write_file": {"filename": (True, str), "body": (True, (list, str)), "mode": (False, str), "append": (False, bool)},
    "write_tempfile": {"body": (True, (list, str)), "mode": (False, str)},
    "mkdir": {"path": (True, str)},
    "run_command": {"command": (True, list), "echo": (False, bool)},
    "log": {"body": (False, str), "message": (False, str), "debug": (False, bool)},
}


class ServiceDefinitionError(Exception):
    """A definition or a request that cannot be used; the message says what to fix."""


class PrestartAction:
    def __init__(self, action, args, ref):
        self.action = action
        self.args = args
        self.ref = ref


class ServiceDefinition:
    def __init__(self, name, raw, source):
        self.name = name
        self.source = source
        unknown = sorted(set(raw) - _FIELDS)
        if unknown:
            raise self._error("unknown field(s) {}".format(", ".join(unknown)))
        if "prestart" in raw and "prestart_actions" in raw:
            raise self._error('"prestart" and "prestart_actions" are the same field; give one')
        self.command = raw.get("command")
        if isinstance(self.command, str):
            if not self.command.strip():
                raise self._error('"command" is an empty script')
        elif not (isinstance(self.command, list) and self.command and all(isinstance(p, str) for p in self.command)):
            raise self._error('"command" must be a non-empty list of strings or a shell script string')
        self.shell = self._field(raw, "shell", str, "bash")
        self.noop = self._field(raw, "noop", bool, False)
        self.url_template = self._field(raw, "url_template", str, "")
        self.env = self._string_map(raw, "env")
        self.allowed_envs = self._string_list(raw, "allowed_envs")
        self.allowed_arguments = self._string_list(raw, "allowed_arguments")
        self.default_arguments = self._field(raw, "default_arguments", dict, {})
        for flag, value in self.default_arguments.items():
            if not _is_argument_value(value):
                raise self._error('"default_arguments"["{}"] must be a string, a list of strings or null'.format(flag))
        prestart = raw.get("prestart", raw.get("prestart_actions", []))
        if not isinstance(prestart, list):
            raise self._error('"prestart" must be a list of actions')
        self.prestart = [self._action(index, action) for index, action in enumerate(prestart)]

    def command_line(self, variables, arguments, envs, base_environ):
        """The argv and the environment of the service process, templates filled in."""
        if isinstance(self.command, str):
            if self.shell:
                shell = shutil.which(self.shell, path=base_environ.get("PATH")) or "/bin/sh"
                argv = [shell, "-c", self.command]
            else:
                argv = shlex.split(self.command)
        else:
            argv = list(self.command)
        extra = dict(self.default_arguments)
        for flag, value in (arguments or {}).items():
            if flag not in self.allowed_arguments:
                raise ServiceDefinitionError(
                    "argument {} is not allowed for service {} (allowed: {})".format(
                        flag, self.name, ", ".join(self.allowed_arguments) or "none"
                    )
                )
            if not _is_argument_value(value):
                raise ServiceDefinitionError("argument {} must be a string, a list of strings or null".format(flag))
            extra[flag] = value
        for flag, value in extra.items():
            argv.append(flag)
            if isinstance(value, str):
                argv.append(value)
            elif isinstance(value, list):
                argv.extend(value)
        argv = [interpolate(part, variables) for part in argv]
        environ = dict(base_environ)
        for name, value in self.env.items():
            environ[interpolate(name, variables)] = interpolate(value, variables)
        for name, value in (envs or {}).items():
            if name not in self.allowed_envs:
                raise ServiceDefinitionError(
                    "environment variable {} is not allowed for service {} (allowed: {})".format(
                        name, self.name, ", ".join(self.allowed_envs) or "none"
                    )
                )
            if name.startswith("BACKENDAI_"):
                raise ServiceDefinitionError("environment variable {} cannot be overridden".format(name))
            environ[name] = str(value)
        return argv, environ

    def _action(self, index, raw):
        where = "prestart action #{}".format(index + 1)
        if not isinstance(raw, dict):
            raise self._error("{} must be an object".format(where))
        action = raw.get("action")
        if action not in _ACTION_ARGUMENTS:
            raise self._error(
                "{}: unknown action {!r} (known: {})".format(where, action, ", ".join(sorted(_ACTION_ARGUMENTS)))
            )
        args = raw.get("args", {})
        if not isinstance(args, dict):
            raise self._error("{} ({}): args must be an object".format(where, action))
        accepted = _ACTION_ARGUMENTS[action]
        for name, value in args.items():
            if name not in accepted:
                raise self._error("{} ({}): unknown argument {!r}".format(where, action, name))
            if not isinstance(value, accepted[name][1]):
                raise self._error("{} ({}): argument {!r} has the wrong type".format(where, action, name))
        for name, (required, _) in accepted.items():
            if required and name not in args:
                raise self._error("{} ({}): argument {!r} is required".format(where, action, name))
        if action == "log" and "body" not in args and "message" not in args:
            raise self._error('{} (log): argument "body" is required'.format(where))
        if action == "run_command" and not (args["command"] and all(isinstance(p, str) for p in args["command"])):
            raise self._error("{} (run_command): command must be a non-empty list of strings".format(where))
        ref = raw.get("ref")
        if ref is not None and not (isinstance(ref, str) and _REF_NAME.match(ref)):
            raise self._error("{} ({}): ref must be an identifier".format(where, action))
        return PrestartAction(action, args, ref)

    def _field(self, raw, name, kind, default):
        value = raw.get(name, default)
        if not isinstance(value, kind):
            raise self._error('"{}" must be a {}'.format(name, kind.__name__))
        return value

    def _string_map(self, raw, name):
        value = self._field(raw, name, dict, {})
        if not all(isinstance(v, str) for v in value.values()):
            raise self._error('"{}" must map names to strings'.format(name))
        return value

    def _string_list(self, raw, name):
        value = self._field(raw, name, list, [])
        if not all(isinstance(v, str) for v in value):
            raise self._error('"{}" must be a list of strings'.format(name))
        return value

    def _error(self, message):
        return ServiceDefinitionError("invalid service definition {}: {}".format(self.source, message))


def definitions_dir(environ):
    return environ.get(DEFINITIONS_DIR_VARIABLE) or DEFAULT_DEFINITIONS_DIR


def load_definition(directory, name):
    """The definition of service `name`, or None when the image has none."""
    if not isinstance(name, str) or not _SERVICE_NAME.match(name):
        raise ServiceDefinitionError("invalid service name {!r}".format(name))
    path = os.path.join(directory, name + ".json")
    try:
        with open(path, "rb") as file:
            raw = json.load(file)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ServiceDefinitionError("cannot read the service definition {}: {}".format(path, error)) from error
    except ValueError as error:
        raise ServiceDefinitionError("malformed JSON in the service definition {}: {}".format(path, error)) from error
    if not isinstance(raw, dict):
        raise ServiceDefinitionError("invalid service definition {}: it must be a JSON object".format(path))
    return ServiceDefinition(name, raw, path)


def interpolate(text, variables):
    """Fills in `{expr}` and `${{ expr }}` with Python's format rules over `variables`."""

    def fill(match):
        expression = match.group("github")
        if expression is None:
            expression = match.group("python")
        try:
            return ("{" + expression + "}").format_map(variables)
        except KeyError as error:
            raise ServiceDefinitionError(
                "unknown variable {} in {!r} (known: {})".format(error, text, ", ".join(sorted(variables)))
            ) from error
        except (IndexError, AttributeError, ValueError, TypeError) as error:
            raise ServiceDefinitionError("cannot fill in {{{}}} in {!r}: {}".format(expression, text, error)) from error

    return _TEMPLATE.sub(fill, text)


def _is_argument_value(value):
    return value is None or isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
