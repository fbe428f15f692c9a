"""Bootstrap scripts, run once before the runner says it is ready.

- `/opt/container/bootstrap.sh`, the image's (Backend.AI's "custom entrypoint"): it starts the
  image's pre-opened apps and must return at once, daemonising what it starts;
- the file named by `TESSERA_BOOTSTRAP_SCRIPT`, the session's bootstrap script, which the backend
  writes next to the kernel.

Each runs with /bin/sh in the working directory, its output on the runner's console (the kernel's
log). A script that fails is reported there; the kernel starts anyway, as Backend.AI's does.
"""

import os

IMAGE_BOOTSTRAP = "/opt/container/bootstrap.sh"
SESSION_BOOTSTRAP_VARIABLE = "TESSERA_BOOTSTRAP_SCRIPT"


def bootstrap_scripts(environ):
    scripts = []
    if os.path.isfile(IMAGE_BOOTSTRAP):
        scripts.append(IMAGE_BOOTSTRAP)
    session_script = environ.get(SESSION_BOOTSTRAP_VARIABLE, "")
    if session_script and os.path.isfile(session_script):
        scripts.append(session_script)
    return scripts


def run_bootstrap_scripts(diagnostics, workdir, environ):
    scripts = bootstrap_scripts(environ)
    if not scripts:
        return
    import subprocess  # only when there is a script: it is not cheap to import

    for script in scripts:
        diagnostics.write("running bootstrap script {}".format(script))
        diagnostics.flush()
        try:
            completed = subprocess.run(
                ["/bin/sh", script],
                cwd=workdir,
                env=environ,
                stdin=subprocess.DEVNULL,
                stdout=diagnostics.fileno(),
                stderr=diagnostics.fileno(),
                check=False,
            )
        except OSError as error:
            diagnostics.write("bootstrap script {} could not run: {}".format(script, error))
            continue
        if completed.returncode != 0:
            diagnostics.write("bootstrap script {} failed with exit code {}".format(script, completed.returncode))
