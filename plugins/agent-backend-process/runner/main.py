"""Entry point of Tessera's kernel runner: `python3 main.py` inside a kernel's working directory.

The agent's process backend starts this file with the kernel's environment and talks to it over
the process's stdin/stdout, one JSON object per line (see tessera_kernel/protocol.py). Before any
user code runs, the runner moves the protocol to private file descriptors and points fds 0/1/2
at /dev/null and capture pipes, so nothing user code prints can corrupt the protocol.
"""

import sys

# The runner's own modules are not compiled to __pycache__ next to the installed package; user code
# gets the interpreter's normal behaviour back below.
sys.dont_write_bytecode = True
from tessera_kernel.runner import main  # noqa: E402

sys.dont_write_bytecode = False

if __name__ == "__main__":
    sys.exit(main())
