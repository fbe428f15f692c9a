"""Entry point of Tessera's kernel runner, started in a kernel's working directory.

    python3 main.py                     # the agent talks over the process's stdin/stdout
    python3 main.py --listen PATH       # the agent connects to a Unix socket at PATH (containers)

One JSON object per line both ways (see tessera_kernel/protocol.py). Before any user code runs,
the runner moves the protocol to private file descriptors and points fds 0/1/2 at /dev/null and
capture pipes, so nothing user code prints can corrupt the protocol.
"""

import argparse
import sys

# The runner's own modules are not compiled to __pycache__ next to the installed package; user code
# gets the interpreter's normal behaviour back below.
sys.dont_write_bytecode = True
from tessera_kernel.runner import main  # noqa: E402

sys.dont_write_bytecode = False

if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="main.py", description="Tessera's kernel runner")
    parser.add_argument("--listen", metavar="PATH", help="serve the agent on a Unix socket at PATH instead of stdio")
    options = parser.parse_args()
    # User code sees the interpreter's arguments as in a script run without options.
    del sys.argv[1:]
    sys.exit(main(options.listen))
