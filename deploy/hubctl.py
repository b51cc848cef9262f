"""Set up and run the course's JupyterHub on this machine (root only).

Commands
--------
``python deploy/hubctl.py demo [--port 8000]``
    Create demo accounts (``instructor1``, ``student1`` to ``student3`` and the
    grader account), an exchange and a course directory under ``.hub/``, print
    the passwords, and run the hub on 127.0.0.1 in the foreground (Ctrl-C stops
    it).  ``make hub`` runs this.
``python deploy/hubctl.py demo-clean``
    Remove the demo accounts, their home folders and ``.hub/``.
``python deploy/hubctl.py setup --course-dir DIR --exchange DIR [--user-env DIR]``
    On a real server: create the Unix groups and the grader account, the
    exchange (mode 1777) with the course's folder in it (the grader's), the
    course directory's permissions (0750, grader's) and, with ``--user-env``, the
    course's JupyterLab settings and extension in the users' environment.

The same functions set up the hub in ``tests/hub/`` (with throw-away names).
Everything here shells out to the standard tools (``useradd``, ``userdel``,
``groupadd``, ``chpasswd``); nothing is changed for accounts it did not create.
"""
import argparse
import glob
import grp
import hashlib
import os
import pwd
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
COURSE_ID = "dystonia"
MARKER = "dystonia-hub"          # the GECOS comment of every account created here
DEMO_DIR = ROOT / ".hub"
# The Python environment of the hub, its users' servers and the grader: it must be
# readable by every user, so not under root's home (where pyenv or conda often live).
USER_ENV = Path(os.environ.get("DYSTONIA_HUB_USER_ENV", "/var/cache/dystonia-hub/env"))
COURSE_FILES = ("source", "release", "tools", "grader", "helpers", "nbgrader_config.py", "Makefile",
                "pyproject.toml")


# --- accounts -------------------------------------------------------------------------
def require_root():
    if os.geteuid() != 0:
        raise PermissionError("the course's hub creates Unix users and runs them: run as root")


def user_exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def group_exists(name):
    try:
        grp.getgrnam(name)
        return True
    except KeyError:
        return False


def create_group(name):
    if not group_exists(name):
        subprocess.run(["groupadd", name], check=True)


def create_user(name, *, groups=(), password=None, comment=MARKER):
    """Create the Unix user ``name`` with a private home (0700), in ``groups``.

    Returns the password set (a fresh random one when ``password`` is None).
    """
    if not name or not name.replace("-", "").replace("_", "").isalnum() or len(name) > 32:
        raise ValueError(f"name must be 1-32 letters, digits, '-' or '_', got {name!r}")
    if not user_exists(name):
        cmd = ["useradd", "--create-home", "--shell", "/bin/bash", "--comment", comment]
        if groups:
            cmd += ["--groups", ",".join(groups)]
        subprocess.run(cmd + [name], check=True)
    elif groups:
        subprocess.run(["usermod", "--append", "--groups", ",".join(groups), name], check=True)
    home = Path(pwd.getpwnam(name).pw_dir)
    os.chmod(home, 0o700)
    password = password or secrets.token_urlsafe(12)
    subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True)
    return password


def user_name(uid):
    """The login name of ``uid``, or ``"uid N"`` when it has none."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def kill_user_processes(name, timeout_s=10.0):
    """End every process that runs as ``name`` (by PID), SIGTERM then SIGKILL."""
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return
    deadline = time.monotonic() + timeout_s
    sig = signal.SIGTERM
    while True:
        pids = pids_of_uid(uid)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        if time.monotonic() > deadline:
            sig = signal.SIGKILL
        time.sleep(0.2)


def pids_of_uid(uid):
    """The PIDs of the processes whose ``/proc`` entry belongs to ``uid`` (Linux)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                continue
    return pids


def remove_user(name, only_marked=True):
    """Remove ``name`` and its home; by default only accounts created here."""
    if not user_exists(name):
        return
    if only_marked and MARKER not in pwd.getpwnam(name).pw_gecos:
        raise ValueError(f"refusing to remove {name!r}: it was not created by deploy/hubctl.py")
    kill_user_processes(name)
    subprocess.run(["userdel", "--remove", name], check=False, capture_output=True)


def remove_group(name):
    if group_exists(name):
        subprocess.run(["groupdel", name], check=False, capture_output=True)


# --- folders ---------------------------------------------------------------------------
def exchange_folder_modes():
    """The course's exchange folders and their modes (``deploy/jupyter/dystonia_exchange.py``)."""
    sys.path.insert(0, str(HERE / "jupyter"))
    try:
        from dystonia_exchange import EXCHANGE_FOLDER_MODES
    finally:
        sys.path.remove(str(HERE / "jupyter"))
    return dict(EXCHANGE_FOLDER_MODES)


def make_exchange(root, grader=None, course_id=COURSE_ID):
    """The exchange root, and with ``grader`` the course's folder in it, owned by ``grader``.

    The root is root's, mode 1777: nbgrader needs every user to be able to write there, and the
    sticky bit keeps a folder safe from everyone but its owner.  The course's folder
    (``<root>/<course_id>`` with ``outbound``, ``inbound`` and ``feedback``, nbgrader's modes) is
    made here, before any student can log in: with only the root in place, the first student to
    create ``<root>/<course_id>`` would own it, and every release would fail (nbgrader refuses a
    folder its user does not own).  A course folder that exists and belongs to anyone but
    ``grader`` raises: someone made it first, and its contents cannot be trusted.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    os.chown(root, 0, 0)
    os.chmod(root, 0o1777)
    if grader is None:
        return root
    entry = pwd.getpwnam(grader)
    for sub, mode in exchange_folder_modes().items():
        path = root / course_id / sub if sub else root / course_id
        try:
            path.mkdir()
        except FileExistsError:
            st = os.lstat(path)
            if path.is_symlink() or not path.is_dir() or st.st_uid not in (entry.pw_uid, 0):
                raise PermissionError(
                    f"{path} already exists and belongs to {user_name(st.st_uid)}, not {grader}: someone created "
                    f"it before the set-up; check what it holds, remove it and set up again") from None
        os.chown(path, entry.pw_uid, entry.pw_gid)
        os.chmod(path, mode)
    return root


def course_files(repo=ROOT):
    """The repository's tracked files (what a clone holds), else the folders grading needs."""
    proc = subprocess.run(["git", "-C", str(repo), "ls-files", "-z"], capture_output=True)
    if proc.returncode == 0 and proc.stdout:
        return [name for name in proc.stdout.decode().split("\0") if name and (repo / name).is_file()]
    return [str(p.relative_to(repo)) for name in COURSE_FILES for p in
            ([repo / name] if (repo / name).is_file() else (repo / name).rglob("*")) if p.is_file()]


def make_course_dir(course_dir, grader, *, repo=ROOT):
    """A private course directory for ``grader``: a copy of ``repo``'s files (what a clone
    of the repository holds), owned by the grader, mode 0750 (its own group), no access
    for anyone else.

    It has no ``.venv`` of its own: the grader runs ``make grade VENV=<users' environment>``
    (a venv reached through a symbolic link would not be found inside the grading
    sandbox, which mounts the environment's real path).
    """
    course_dir = Path(course_dir)
    course_dir.mkdir(parents=True, exist_ok=True)
    for name in course_files(repo):
        target = course_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / name, target)        # keeps mtimes: make sees the environment up to date
    entry = pwd.getpwnam(grader)
    for folder, dirs, files in os.walk(course_dir):
        for name in dirs + files:
            os.lchown(os.path.join(folder, name), entry.pw_uid, entry.pw_gid)
    os.chown(course_dir, entry.pw_uid, entry.pw_gid)
    os.chmod(course_dir, 0o750)
    return course_dir


def readable_by_others(path):
    """True when every folder above ``path`` lets other users in and ``path`` is readable."""
    path = Path(path).resolve()
    for parent in list(path.parents)[::-1]:
        if not os.stat(parent).st_mode & 0o001:
            return False
    return bool(os.stat(path).st_mode & 0o004)


def install_jupyter_config(target, repo=ROOT):
    """Copy ``deploy/jupyter/`` (site-wide nbgrader and server settings) to ``target``, with the
    course's front door (``front_door/index.ipynb``) that every user's server puts in their home."""
    target = Path(target)
    shutil.copytree(HERE / "jupyter", target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    write_front_door(target / "front_door", repo)
    for folder, dirs, files in os.walk(target):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    return target


def write_front_door(folder, repo=ROOT):
    """``folder/index.ipynb``: the front door as students open it (``tools/course_folder.py``),
    refreshed; a user's server copies it to ``~/index.ipynb``, beside the fetched chapters,
    whose Contents links point there (``jupyter/jupyter_server_config.py``)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.ipynb").unlink(missing_ok=True)
    sys.path.insert(0, str(Path(repo) / "tools"))
    try:
        import course_folder
        course_folder.write_front_door(folder, root=Path(repo))
    finally:
        sys.path.remove(str(Path(repo) / "tools"))
    return folder / "index.ipynb"


# --- the users' Python environment -------------------------------------------------------
def shared_python():
    """A Python >= 3.10 that every user may run: this one if it is readable by all,
    else the system's ``/usr/bin/python3.X``."""
    candidates = [Path(sys.executable).resolve(),
                  Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")]
    candidates += sorted(Path(p) for p in glob.glob("/usr/bin/python3.1[0-9]"))
    for path in candidates:
        if path.exists() and readable_by_others(path) and os.stat(path).st_mode & 0o001:
            return path
    raise FileNotFoundError("no Python >= 3.10 that other users may run (tried "
                            + ", ".join(map(str, candidates)) + ")")


def ensure_user_env(env_dir=USER_ENV, repo=ROOT, log=None):
    """The users' environment: a venv with the course (``repo[hub]``) installed, not editable.

    Built once (about a minute) and rebuilt when ``pyproject.toml`` changes; the
    course package itself is reinstalled on every call (a few seconds) so that its
    ``helpers`` match ``repo``.  Returns the environment's ``bin`` folder.
    """
    env_dir = Path(env_dir)
    stamp = env_dir / ".dystonia-hub-stamp"
    want = hashlib.sha256((repo / "pyproject.toml").read_bytes()).hexdigest()
    out = {"stdout": log or subprocess.DEVNULL, "stderr": subprocess.STDOUT}
    if not stamp.exists() or stamp.read_text() != want:
        shutil.rmtree(env_dir, ignore_errors=True)
        env_dir.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(shared_python()), "-m", "venv", str(env_dir)], check=True, **out)
        subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        f"{repo}[hub]"], check=True, **out)
        stamp.write_text(want)
    else:
        subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
                        "--force-reinstall", str(repo)], check=True, **out)
    finish_user_env(env_dir, repo=repo, log=log)
    for folder in (env_dir.parent, env_dir):        # created here: let every user in
        os.chmod(folder, os.stat(folder).st_mode | 0o005)
    return env_dir / "bin"


LAB_EXTENSION = HERE / "labextension"     # the course's small JupyterLab extension (prebuilt, no build step)
LAB_EXTENSION_NAME = "dystonia-hub"


def finish_user_env(env_dir, repo=ROOT, log=None):
    """What the users' environment needs beyond ``pip install``: the faster server start
    (``tools/fast_startup.py``), the JupyterLab settings ``make lab`` installs
    (``tools/workspace.py``'s ``install_settings``: widget state saved with the notebook, no news
    toast, Validate's summary and progress cue) and the hub's own JupyterLab extension
    (``deploy/labextension``: due dates in the Assignment List, "(view feedback)" opens the pages)."""
    env_dir = Path(env_dir)
    out = {"stdout": log or subprocess.DEVNULL, "stderr": subprocess.STDOUT}
    python = str(env_dir / "bin" / "python")
    subprocess.run([python, str(repo / "tools" / "fast_startup.py")], check=True, **out)
    subprocess.run([python, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import workspace; "
                    "workspace.install_settings(sys.prefix)", str(repo / "tools")], check=True, **out)
    extension = env_dir / "share" / "jupyter" / "labextensions" / LAB_EXTENSION_NAME
    shutil.rmtree(extension, ignore_errors=True)
    shutil.copytree(LAB_EXTENSION, extension)
    for top in (env_dir / "share" / "jupyter", env_dir / "etc" / "jupyter"):   # readable by every user
        for folder, dirs, files in os.walk(top):
            os.chmod(folder, 0o755)
            for name in files:
                os.chmod(os.path.join(folder, name), os.stat(os.path.join(folder, name)).st_mode | 0o444)
    (env_dir / ".installed").touch()      # `make` in a course directory linked to it: up to date


# --- users' kernels ---------------------------------------------------------------------
# A Unix socket's path holds at most 107 bytes on Linux (sun_path is 108, with its NUL).
UNIX_SOCKET_PATH_MAX = 107


def runtime_dir(home):
    """Where a user's server keeps kernels' connection files (jupyter_core's default)."""
    return Path(home) / ".local" / "share" / "jupyter" / "runtime"


def kernel_transport(runtime):
    """``"ipc"`` when a kernel's Unix sockets fit under ``runtime``, else ``"tcp"``.

    Over TCP, a server picks a kernel's five ports by binding port 0 and letting go, and the
    kernel binds them a few seconds later: on a busy machine with many servers another process
    can take one meanwhile, the kernel dies with "Address already in use", and its restarts
    keep the same ports (jupyter_client caches them), so it never comes back.  That is how
    one of 30 students in the load test lost their kernel.  Over ``ipc`` the sockets are
    files in the user's own runtime folder, named after the kernel: nothing to collide with,
    and other users cannot even connect.  The longest path is
    ``<runtime>/kernel-<36-character id>-ipc-<n>``.
    """
    longest = Path(runtime) / f"kernel-{'0' * 36}-ipc-99"
    return "ipc" if len(os.fsencode(str(longest))) <= UNIX_SOCKET_PATH_MAX else "tcp"


def kernel_server_args(runtime):
    """Command-line settings for a user's Jupyter server so its kernels use ``kernel_transport``."""
    return [f"--KernelManager.transport={kernel_transport(runtime)}"]


# --- the hub process --------------------------------------------------------------------
def ephemeral_ports(path="/proc/sys/net/ipv4/ip_local_port_range"):
    """``(low, high)``: the ports Linux hands out for port 0 and for outgoing connections."""
    try:
        low, high = (int(x) for x in Path(path).read_text().split())
        return low, high
    except (OSError, ValueError):
        return 32768, 60999               # Linux's default


def free_port(exclude=(), rng=None, lowest=10000):
    """A loopback port that is free now, below the ephemeral range and not in ``exclude``.

    Whoever asked binds the port later (a Jupyter server seconds later, a user's server
    tens of seconds later when a class logs in at once), and meanwhile it is free for
    anyone.  Kernels, tests and outgoing connections take their ports from the ephemeral
    range (``ephemeral_ports``): a port picked there by binding port 0 can be handed to
    one of them before its owner binds it, as CI saw (a test's JupyterLab port answered
    by a kernel's socket).  Below that range only a process asking for the very port can
    collide; ``exclude`` keeps this hub from giving one port to two servers.  With no room
    below the range, the system picks (port 0), still outside ``exclude``.
    """
    rng = rng or random.SystemRandom()
    low, _ = ephemeral_ports()
    exclude = set(exclude)
    if low - lowest >= 1000:
        for _ in range(200):
            port = rng.randrange(lowest, low)
            if port in exclude:
                continue
            try:
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    for _ in range(1000):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in exclude:
            return port
    raise RuntimeError(f"no free loopback port outside the {len(exclude)} excluded")


def hub_environment(*, state, course_dir, exchange, jupyter_config, grader, students_group,
                    instructors_group, port, user_bin=None, cleanup=True):
    """The environment that ``deploy/jupyterhub_config.py`` reads, with free internal ports."""
    env = dict(os.environ)
    user_bin = Path(user_bin or Path(sys.executable).parent)
    ports = [int(port)]
    for _ in range(3):                    # the hub's API, the proxy's API, the formgrader
        ports.append(free_port(exclude=ports))
    env.update({
        "DYSTONIA_HUB_STATE": str(state), "DYSTONIA_COURSE_DIR": str(course_dir),
        "DYSTONIA_EXCHANGE_ROOT": str(exchange), "DYSTONIA_JUPYTER_CONFIG": str(jupyter_config),
        "DYSTONIA_GRADER": grader, "DYSTONIA_STUDENTS_GROUP": students_group,
        "DYSTONIA_INSTRUCTORS_GROUP": instructors_group, "DYSTONIA_HUB_PORT": str(port),
        "DYSTONIA_HUB_API_PORT": str(ports[1]), "DYSTONIA_PROXY_API_PORT": str(ports[2]),
        "DYSTONIA_FORMGRADER_PORT": str(ports[3]), "DYSTONIA_USER_BIN": str(user_bin),
        "DYSTONIA_HUB_CLEANUP": "1" if cleanup else "0",
        "PATH": f"{user_bin}{os.pathsep}{env.get('PATH', '')}",
    })
    return env


def start_hub(env, log_path, *, extra_args=()):
    """Start ``jupyterhub`` with this folder's config in its own process group."""
    state = Path(env["DYSTONIA_HUB_STATE"])
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o700)
    cmd = [str(Path(env["DYSTONIA_USER_BIN"]) / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py"),
           *extra_args]
    with open(log_path, "ab") as log:
        return subprocess.Popen(cmd, cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)


def wait_for_hub(url, proc=None, timeout_s=60.0):
    """Poll ``url``/hub/api until it answers; raise if ``proc`` exits or time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"jupyterhub exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/hub/api", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"the hub at {url} did not answer within {timeout_s} s")


def stop_hub(proc, timeout_s=30.0, state_dir=None):
    """SIGTERM the hub's process group (the hub stops servers and proxy), then SIGKILL.

    The proxy runs in its own session (so that a hub restart keeps routes up): if
    the hub had to be killed, the proxy named in ``state_dir``'s pid file is stopped too.
    """
    if proc is None or proc.poll() is not None:
        stop_stale_proxy(state_dir)
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass
    stop_stale_proxy(state_dir)


def _pid_running(pid_file, name):
    """The pid in ``pid_file`` if that process is alive and its command line contains ``name``."""
    try:
        pid = int(Path(pid_file).read_text().strip())
        if name.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
            return pid
    except (FileNotFoundError, ValueError, TypeError):
        pass
    return None


def stop_stale_proxy(state_dir):
    """SIGTERM the configurable-http-proxy left behind by a hub that did not stop it."""
    if state_dir is None:
        return
    pid = _pid_running(Path(state_dir) / "jupyterhub-proxy.pid", "configurable-http-proxy")
    if pid:
        os.kill(pid, signal.SIGTERM)


# --- the demo (make hub) -----------------------------------------------------------------
DEMO = {"grader": "grader-dystonia", "students_group": "dystonia-students",
        "instructors_group": "dystonia-instructors",
        "instructors": ["instructor1"], "students": ["student1", "student2", "student3"]}


def setup(course_dir, exchange, *, grader=DEMO["grader"], students_group=DEMO["students_group"],
          instructors_group=DEMO["instructors_group"], copy_course=True, user_env=None):
    """Groups, the grader account, the exchange with the course's folder, the course directory
    and, given ``user_env``, what the users' environment needs beyond ``pip install``."""
    require_root()
    create_group(students_group)
    create_group(instructors_group)
    create_user(grader)
    make_exchange(exchange, grader)
    if user_env is not None:
        finish_user_env(user_env)
    if copy_course:
        make_course_dir(course_dir, grader)
    else:
        entry = pwd.getpwnam(grader)
        os.chown(course_dir, entry.pw_uid, entry.pw_gid)
        os.chmod(course_dir, 0o750)


def demo_due_dates(today=None):
    """``{assignment: "YYYY-MM-DD 17:00:00 UTC"}``: the demo's chapters due one, two and three weeks on."""
    import datetime
    today = today or datetime.datetime.now(datetime.timezone.utc).date()
    return {a: f"{today + datetime.timedelta(weeks=k + 1):%Y-%m-%d} 17:00:00 UTC"
            for k, a in enumerate(("01_principles", "02_applications", "03_hands_on"))}


def set_due_dates(course_dir, grader, user_bin, due_dates):
    """Record ``due_dates`` in the course's gradebook as ``grader`` (``nbgrader db assignment add``)."""
    env = {"HOME": pwd.getpwnam(grader).pw_dir, "USER": grader, "LANG": "C.UTF-8",
           "PATH": f"{user_bin}{os.pathsep}/usr/local/bin:/usr/bin:/bin"}
    for assignment, when in due_dates.items():
        subprocess.run(["runuser", "-u", grader, "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()],
                        str(Path(user_bin) / "nbgrader"), "db", "assignment", "add", assignment,
                        f"--duedate={when}"], cwd=course_dir, check=True, capture_output=True)


def demo(port):
    require_root()
    print(f"Preparing the users' environment in {USER_ENV} (about a minute the first time)...")
    user_bin = ensure_user_env()
    course_dir, exchange = DEMO_DIR / "course", DEMO_DIR / "exchange"
    DEMO_DIR.mkdir(exist_ok=True)
    os.chmod(DEMO_DIR, 0o755)
    setup(course_dir, exchange)
    due_dates = demo_due_dates()
    set_due_dates(course_dir, DEMO["grader"], user_bin, due_dates)
    passwords = {}
    for name in DEMO["instructors"]:
        passwords[name] = create_user(name, groups=[DEMO["instructors_group"]])
    for name in DEMO["students"]:
        passwords[name] = create_user(name, groups=[DEMO["students_group"]])
    config = install_jupyter_config(DEMO_DIR / "etc-jupyter")
    env = hub_environment(state=DEMO_DIR / "state", course_dir=course_dir, exchange=exchange,
                          jupyter_config=config, grader=DEMO["grader"],
                          students_group=DEMO["students_group"],
                          instructors_group=DEMO["instructors_group"], port=port, user_bin=user_bin)
    proc = start_hub(env, DEMO_DIR / "jupyterhub.log")
    url = f"http://127.0.0.1:{port}"

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C, a closed terminal or `kill` all stop the hub (it runs in its own session)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)
    try:
        wait_for_hub(url, proc)
        print(f"\nThe course's hub is at {url}/  (log: {DEMO_DIR / 'jupyterhub.log'})")
        for name, password in passwords.items():
            print(f"  {name:12s} password {password}")
        print(f"Instructors: the formgrader is {url}/services/{COURSE_ID}/ and its terminal\n"
              f"  ({url}/services/{COURSE_ID}/lab, File > New > Terminal) runs as {DEMO['grader']}\n"
              f"  in the course directory: `nbgrader generate_assignment 01_principles --force`,\n"
              f"  `nbgrader release_assignment 01_principles`, later `nbgrader collect 01_principles`\n"
              f"  and `make grade` (course/instructor_guide.md, section 9).\n"
              f"Due dates (shown to students once released): "
              + ", ".join(f"{a} {when}" for a, when in due_dates.items()))
        print("Ctrl-C stops the hub; `make hub-clean` removes the demo accounts.")
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop_hub(proc, state_dir=DEMO_DIR / "state")


def stop_running_hub(state_dir, timeout_s=30.0):
    """SIGTERM the hub whose pid file is in ``state_dir`` (and its group), then SIGKILL."""
    pid = _pid_running(Path(state_dir) / "jupyterhub.pid", "jupyterhub")
    if pid:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
            time.sleep(0.3)
        if Path(f"/proc/{pid}").exists():
            os.killpg(pid, signal.SIGKILL)
    stop_stale_proxy(state_dir)


def demo_clean():
    require_root()
    stop_running_hub(DEMO_DIR / "state")     # before its users disappear under it
    for name in DEMO["instructors"] + DEMO["students"] + [DEMO["grader"]]:
        remove_user(name)
    remove_group(DEMO["students_group"])
    remove_group(DEMO["instructors_group"])
    shutil.rmtree(DEMO_DIR, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_demo = sub.add_parser("demo", help="demo accounts and the hub on 127.0.0.1 (foreground)")
    p_demo.add_argument("--port", type=int, default=8000)
    sub.add_parser("demo-clean", help="remove the demo accounts and .hub/")
    p_setup = sub.add_parser("setup", help="groups, grader account, exchange, course permissions")
    p_setup.add_argument("--course-dir", type=Path, required=True)
    p_setup.add_argument("--exchange", type=Path, default=Path("/srv/nbgrader/exchange"))
    p_setup.add_argument("--user-env", type=Path, help="the users' environment (a venv with the course installed)")
    args = parser.parse_args(argv)
    if args.command == "demo":
        demo(args.port)
    elif args.command == "demo-clean":
        demo_clean()
    else:
        setup(args.course_dir, args.exchange, copy_course=False, user_env=args.user_env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
