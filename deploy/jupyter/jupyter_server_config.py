"""Every Jupyter server on the course's hub (students', instructors', the formgrader service).

Read from ``JUPYTER_CONFIG_PATH`` (``deploy/jupyterhub_config.py`` points it at this folder).

Terminals.  JupyterLab's terminal starts the user's shell as a login shell (``bash -l``)
whenever the server's output is not a terminal, which under a hub is always, and Debian's
``/etc/profile`` then sets ``PATH`` afresh: the course's environment (``nbgrader``,
``python``, ``jupyter``) is gone, and the guide's commands answer "command not found".
So a terminal here runs the login shell's start-up files first (``/etc/profile``, then the
user's ``~/.profile``), puts this server's environment in front of ``PATH``, and only then
starts the interactive shell (which reads ``~/.bashrc`` as usual).

The front door.  Fetched chapters land in ``~/<assignment>/`` and link to the course's front
door as ``../index.ipynb``; a user's server (not the formgrader service) copies
``front_door/index.ipynb`` from this folder to ``~/index.ipynb`` when the user has none, as
that user, and never over a file of theirs.

Kernels' transport.  Kernels started by this server talk to it over Unix sockets in the
user's runtime folder, not TCP (``deploy/hubctl.py``'s ``kernel_transport`` says why), and
ipykernel's "Kernel is running over TCP without encryption" warning goes with TCP.  Users'
servers also get the setting on their command line from the hub's spawner (which wins);
this covers the formgrader service and any server started with this configuration.
A Unix socket's path holds at most 107 bytes: with a longer runtime folder, TCP stays.
"""
import os
import shlex
import shutil
import sys

from jupyter_core.paths import jupyter_runtime_dir

c = get_config()  # noqa: F821  (provided by traitlets)

ENV_BIN = os.path.join(sys.prefix, "bin")


def terminal_command(shell, env_bin):
    """The terminal's command line: ``shell`` as a login shell that puts ``env_bin`` first on
    ``PATH`` after its start-up files ran, then replaces itself with an interactive ``shell``."""
    if not shell or not os.path.isabs(shell):
        raise ValueError(f"shell must be an absolute path, got {shell!r}")
    return [shell, "-l", "-c", f'PATH={shlex.quote(env_bin)}:"$PATH"; export PATH; exec "$0" -i', shell]


c.ServerApp.terminado_settings = {"shell_command": terminal_command(os.environ.get("SHELL") or "/bin/bash",
                                                                    ENV_BIN)}
# the longest socket: <runtime>/kernel-<36-character id>-ipc-<n>, n up to 99
if len(os.fsencode(os.path.join(jupyter_runtime_dir(), f"kernel-{'0' * 36}-ipc-99"))) <= 107:
    c.KernelManager.transport = "ipc"


def place_front_door(source, home):
    """Copy ``source`` to ``home/index.ipynb`` unless something (a file, a link) is there already;
    returns the path written, or None."""
    target = os.path.join(home, "index.ipynb")
    if not os.path.isfile(source):
        return None
    try:
        with open(source, "rb") as src, open(target, "xb") as out:      # "x": never over an existing name
            shutil.copyfileobj(src, out)
    except (FileExistsError, PermissionError):
        return None
    return target


if os.environ.get("JUPYTERHUB_USER") and not os.environ.get("JUPYTERHUB_SERVICE_NAME"):
    place_front_door(os.path.join(os.path.dirname(os.path.abspath(__file__)), "front_door", "index.ipynb"),
                     os.path.expanduser("~"))
