"""JupyterHub configuration for a dystonia course server (one machine, local Unix users).

Run as root: ``jupyterhub -f deploy/jupyterhub_config.py`` (``make hub`` does it on
127.0.0.1 with demo users; ``deploy/README.md`` is the deployment guide).

Who is who
----------
* **Students** are the Unix users in the group ``DYSTONIA_STUDENTS_GROUP``
  (default ``dystonia-students``); they log in with their Unix password (PAM).
  JupyterHub puts them in the hub group ``nbgrader-dystonia``, which nbgrader reads
  as "enrolled in dystonia" (they may fetch and submit).
* **Instructors** are the Unix users in ``DYSTONIA_INSTRUCTORS_GROUP`` (default
  ``dystonia-instructors``); the hub group ``formgrade-dystonia`` gives them the
  formgrader service and the admin page (start/stop servers, but not open them).
* **The grader account** ``DYSTONIA_GRADER`` (default ``grader-dystonia``) owns the
  course directory (a clone of the repository, ``DYSTONIA_COURSE_DIR``) and runs
  the formgrader as the hub service ``dystonia``, shared by every instructor at
  ``/services/dystonia/``.  Nobody else can read the course directory.

Group membership is read from the Unix groups when the hub starts: restart the
hub after adding users (running servers survive a restart).

Every path and port can be set through the environment (names below); the
defaults are those of a production server behind a TLS-terminating proxy.
"""
import grp
import os
import pwd
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (provided by traitlets)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import hubctl  # noqa: E402  (deploy/hubctl.py: servers' ports, kernels' transport)
COURSE_ID = "dystonia"


def env(name, default):
    return os.environ.get(name, default)


def unix_group_members(name):
    """Supplementary members of the Unix group ``name`` (empty if it does not exist)."""
    try:
        return sorted(grp.getgrnam(name).gr_mem)
    except KeyError:
        return []


STATE = Path(env("DYSTONIA_HUB_STATE", "/srv/jupyterhub"))
COURSE_DIR = Path(env("DYSTONIA_COURSE_DIR", "/srv/nbgrader/dystonia"))
GRADER = env("DYSTONIA_GRADER", "grader-dystonia")
STUDENTS_GROUP = env("DYSTONIA_STUDENTS_GROUP", "dystonia-students")
INSTRUCTORS_GROUP = env("DYSTONIA_INSTRUCTORS_GROUP", "dystonia-instructors")
JUPYTER_CONFIG = Path(env("DYSTONIA_JUPYTER_CONFIG", str(HERE / "jupyter")))
EXCHANGE_ROOT = env("DYSTONIA_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
# The Python environment of users' servers: read-only for them, with the course's
# `helpers` installed (not as an editable install of the private course directory).
USER_BIN = Path(env("DYSTONIA_USER_BIN", str(Path(sys.executable).parent)))

IP = env("DYSTONIA_HUB_IP", "127.0.0.1")
PORT = int(env("DYSTONIA_HUB_PORT", "8000"))
HUB_API_PORT = int(env("DYSTONIA_HUB_API_PORT", "8081"))
PROXY_API_PORT = int(env("DYSTONIA_PROXY_API_PORT", "8001"))
FORMGRADER_PORT = int(env("DYSTONIA_FORMGRADER_PORT", "9999"))

students = unix_group_members(STUDENTS_GROUP)
instructors = unix_group_members(INSTRUCTORS_GROUP)

# --- network and state ------------------------------------------------------------
c.JupyterHub.bind_url = f"http://{IP}:{PORT}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{HUB_API_PORT}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
_chp = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(_chp) if _chp.exists() else
                                   (shutil.which("configurable-http-proxy") or "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# Servers keep running across a hub restart (e.g. after adding students);
# DYSTONIA_HUB_CLEANUP=1 (the tests, make hub) stops them with the hub.
c.JupyterHub.cleanup_servers = env("DYSTONIA_HUB_CLEANUP", "0") == "1"

# --- users ---------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(students) | set(instructors)
c.PAMAuthenticator.open_sessions = False      # no systemd-logind session per login
c.Authenticator.admin_users = set()           # nobody may open another user's server

c.JupyterHub.load_groups = {
    f"nbgrader-{COURSE_ID}": {"users": students + instructors},
    # the grader account too: nbgrader's formgrader looks up its own user's groups
    f"formgrade-{COURSE_ID}": {"users": instructors + [GRADER]},
}
c.JupyterHub.load_roles = [
    {   # the admin page: see, start and stop servers; not access:servers (students' files)
        "name": "instructor",
        "groups": [f"formgrade-{COURSE_ID}"],
        "scopes": ["admin-ui", "list:users", "read:users", "admin:servers", "read:groups",
                   f"access:services!service={COURSE_ID}"],
    },
    {   # enrolled users discover the course's service (nbgrader's course list)
        "name": f"nbgrader-{COURSE_ID}",
        "groups": [f"nbgrader-{COURSE_ID}"],
        "scopes": ["list:services", f"read:services!service={COURSE_ID}"],
    },
    {   # the formgrader service: reads users' groups, enrols students added in formgrader
        "name": f"formgrader-{COURSE_ID}",
        "services": [COURSE_ID],
        "scopes": ["read:users:name", "read:users:groups", "list:groups", "read:groups",
                   f"groups!group=nbgrader-{COURSE_ID}"],
    },
    {   # a server's own token: nbgrader's JupyterHubAuthPlugin reads its user's groups
        "name": "server",
        "scopes": ["inherit"],
    },
]

# --- users' servers ------------------------------------------------------------------
student_config = JUPYTER_CONFIG / "student"


def _jupyter_config_path(spawner):
    """Students get the course's nbgrader settings and no formgrader; instructors the settings."""
    if spawner.user.name in students and spawner.user.name not in instructors:
        return os.pathsep.join([str(student_config), str(JUPYTER_CONFIG)])
    return str(JUPYTER_CONFIG)


c.Spawner.cmd = [str(USER_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/index.ipynb"      # the front door (jupyter_server_config.py puts it there)
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": _jupyter_config_path,
    "DYSTONIA_EXCHANGE_ROOT": EXCHANGE_ROOT,
    "PATH": f"{USER_BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
}
# Ports on a busy server.  A port is picked free and bound seconds later by whoever uses it;
# meanwhile it can be handed out again.  Servers get a port below the ephemeral range (where
# kernels, tests and outgoing connections draw theirs) that no other server of this hub was
# given (JupyterHub's own picker checks neither).  Kernels talk to their server over Unix
# sockets in the user's runtime folder, not TCP: a kernel whose port is taken is lost for
# good, as its restarts reuse the port (hubctl.kernel_transport says why).
_server_ports = {}                        # (user, server name) -> the port last given


def _ports_and_kernels(spawner):
    key = (spawner.user.name, spawner.name)
    spawner.port = hubctl.free_port(exclude={p for k, p in _server_ports.items() if k != key})
    _server_ports[key] = spawner.port
    runtime = hubctl.runtime_dir(pwd.getpwnam(spawner.user.name).pw_dir)
    spawner.environment = {**spawner.environment, "JUPYTER_RUNTIME_DIR": str(runtime)}
    args = hubctl.kernel_server_args(runtime)
    if "--KernelManager.transport=ipc" not in args:
        spawner.log.warning("%s: home folder too long for kernels' Unix sockets; kernels use TCP",
                            spawner.user.name)
    # the spawner object outlives a server: replace, not append, on the next start
    spawner.args = [a for a in spawner.args if not a.startswith("--KernelManager.transport=")] + args


c.Spawner.pre_spawn_hook = _ports_and_kernels

# A server start costs about 1.6 s of CPU (tools/fast_startup.py removes a second more): a class
# logging in at once queues.  Measured by tests/hub/test_hub_load.py, 30 students arriving within
# 15 s on 2 cores wait up to about 100 s for their servers; the timeouts leave room for that.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
c.JupyterHub.concurrent_spawn_limit = 20
c.JupyterHub.active_server_limit = int(env("DYSTONIA_ACTIVE_SERVER_LIMIT", "0"))

# --- the grader's formgrader, as a hub service ----------------------------------------
c.JupyterHub.services = [
    {
        "name": COURSE_ID,
        "url": f"http://127.0.0.1:{FORMGRADER_PORT}",
        "command": [str(USER_BIN / "jupyterhub-singleuser"), f"--ServerApp.root_dir={COURSE_DIR}"],
        "user": GRADER,
        "cwd": str(COURSE_DIR),
        "environment": {
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
            "JUPYTER_CONFIG_PATH": str(JUPYTER_CONFIG),
            "DYSTONIA_EXCHANGE_ROOT": EXCHANGE_ROOT,
            "PATH": f"{USER_BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
            # `make grade` in the course directory uses the users' environment (Makefile's VENV)
            "VENV": str(USER_BIN.parent),
        },
        "oauth_no_confirm": True,
    }
]
