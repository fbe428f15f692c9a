"""Query mode: snippets run in one interactive namespace per kernel, so state survives between runs.

An exception in user code prints a traceback on stderr (without the runner's own frames) and the
run still finishes with exit code 0, as Backend.AI does for query kernels with a global context.
"""

import sys
import traceback
import types


class QueryMode:
    def __init__(self):
        # A real module named __main__, so classes defined by user code pickle and repr normally.
        self._module = types.ModuleType("__main__")
        self._module.__dict__["__builtins__"] = __builtins__
        sys.modules["__main__"] = self._module

    @property
    def namespace(self):
        return self._module.__dict__

    def run(self, source):
        """Runs one snippet; returns the exit code (always 0: errors are the user's output)."""
        try:
            compiled = compile(source, "<input>", "exec")
        except (SyntaxError, ValueError, OverflowError):
            self._print_exception(skip_frames=0)
            return 0
        try:
            exec(compiled, self.namespace)
        except SystemExit:
            # exit() in a snippet ends the snippet, not the kernel.
            pass
        except BaseException:  # noqa: B902 - user code may raise anything, KeyboardInterrupt included
            self._print_exception(skip_frames=1)
        return 0

    @staticmethod
    def _print_exception(skip_frames):
        kind, value, tb = sys.exc_info()
        for _ in range(skip_frames):
            if tb is not None:
                tb = tb.tb_next
        sys.stderr.write("".join(traceback.format_exception(kind, value, tb)))
