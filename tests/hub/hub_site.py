"""A throw-away course server for the hub tests: Unix users, exchange, course, hub.

``HubSite`` builds with ``deploy/hubctl.py`` exactly what ``deploy/README.md``
describes for a real server, under unique names (``dh<hex>s1`` ...) and in one
temporary folder, and removes all of it in ``close()`` even after a failure:
processes of its users (by PID), the hub's process group, users and their homes,
groups, folders.

Where the hub cannot run (not root, no ``useradd``, no Node.js...), ``skip_reason()``
says why; the tests skip with that reason, or fail when ``REQUIRE_HUB=1`` (CI).
"""
import fcntl
import grp
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
sys.path.insert(0, str(DEPLOY))
import hubctl  # noqa: E402

from hub_client import Hub  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts" / "hub"
LOCK_FILE = Path(tempfile.gettempdir()) / "dystonia-hub-tests.lock"
STALE_NAME = re.compile(r"^dh[0-9a-f]{4}(grader|s\d+|i\d+|-students|-instructors)$")
TOOLS = ("useradd", "userdel", "usermod", "groupadd", "groupdel", "chpasswd", "runuser", "node")


def skip_reason():
    """Why the hub cannot run here, or None."""
    if sys.platform != "linux":
        return "the hub tests need Linux (local Unix users, /proc)"
    if os.geteuid() != 0:
        return "the hub tests create Unix users: run them as root"
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        return f"missing tools: {', '.join(missing)}"
    if not (DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        if shutil.which("npm") is None:
            return "configurable-http-proxy is not installed and npm is missing (cd deploy && npm ci)"
        proc = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=DEPLOY, capture_output=True,
                              text=True, timeout=300)
        if proc.returncode != 0:
            return f"`npm ci` in deploy/ failed: {proc.stderr[-500:]}"
    try:
        hubctl.shared_python()
    except FileNotFoundError as exc:
        return str(exc)
    return None


def require_hub():
    """Skip (or, with REQUIRE_HUB=1, fail) when the hub cannot run here."""
    reason = skip_reason()
    if reason:
        if os.environ.get("REQUIRE_HUB") == "1":
            pytest.fail(f"REQUIRE_HUB=1 but the hub cannot run here: {reason}")
        pytest.skip(reason)


class HubSite:
    """Users, exchange, course directory and a running hub; ``close()`` undoes it all."""

    def __init__(self, n_students, n_instructors=1, label="hub"):
        self.prefix = "dh" + secrets.token_hex(2)
        self.grader = f"{self.prefix}grader"
        self.students_group = f"{self.prefix}-students"
        self.instructors_group = f"{self.prefix}-instructors"
        self.students = [f"{self.prefix}s{i + 1}" for i in range(n_students)]
        self.instructors = [f"{self.prefix}i{i + 1}" for i in range(n_instructors)]
        self.passwords = {}
        self.proc = None
        self.lock = None
        self.label = label
        self.base = Path(tempfile.mkdtemp(prefix=f"dystonia-{label}-"))
        os.chmod(self.base, 0o755)
        self.course = self.base / "course"
        self.exchange = self.base / "exchange"
        self.timings = {}

    # --- set-up ------------------------------------------------------------------------
    def open(self, start_hub=True):
        """Accounts, exchange, course directory and (unless ``start_hub`` is False) the hub."""
        self.lock = open(LOCK_FILE, "w")
        t0 = time.perf_counter()
        fcntl.flock(self.lock, fcntl.LOCK_EX)          # one hub test at a time on this machine
        self.timings["waited_for_lock_s"] = time.perf_counter() - t0
        remove_stale_test_accounts()                   # left by a run that was killed
        t0 = time.perf_counter()
        with open(self.base / "user_env.log", "ab") as log:
            self.user_bin = hubctl.ensure_user_env(log=log)
        self.timings["user_env_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        hubctl.create_group(self.students_group)
        hubctl.create_group(self.instructors_group)
        hubctl.create_user(self.grader)
        for name in self.instructors:
            self.passwords[name] = hubctl.create_user(name, groups=[self.instructors_group])
        for name in self.students:
            self.passwords[name] = hubctl.create_user(name, groups=[self.students_group])
        hubctl.make_exchange(self.exchange, self.grader)
        hubctl.make_course_dir(self.course, self.grader)
        self.jupyter_config = hubctl.install_jupyter_config(self.base / "etc-jupyter")
        self.timings["accounts_and_folders_s"] = time.perf_counter() - t0
        if not start_hub:
            return self
        t0 = time.perf_counter()
        self.port = hubctl.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = hubctl.hub_environment(
            state=self.base / "state", course_dir=self.course, exchange=self.exchange,
            jupyter_config=self.jupyter_config, grader=self.grader, students_group=self.students_group,
            instructors_group=self.instructors_group, port=self.port, user_bin=self.user_bin)
        self.proc = hubctl.start_hub(self.env, self.base / "jupyterhub.log")
        hubctl.wait_for_hub(self.url, self.proc, timeout_s=90)
        self.timings["hub_start_s"] = time.perf_counter() - t0
        self.hub = Hub(self.url)
        return self

    def close(self):
        try:
            hubctl.stop_hub(self.proc, state_dir=self.base / "state")
        finally:
            for name in self.students + self.instructors + [self.grader]:
                try:
                    hubctl.remove_user(name)
                except Exception as exc:  # noqa: BLE001 - keep cleaning up
                    print(f"could not remove {name}: {exc}", file=sys.stderr)
            hubctl.remove_group(self.students_group)
            hubctl.remove_group(self.instructors_group)
            self._keep_log()
            shutil.rmtree(self.base, ignore_errors=True)
            if self.lock:
                self.lock.close()

    def _keep_log(self):
        log = self.base / "jupyterhub.log"
        if log.exists():
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(log, ARTIFACTS / f"{self.label}-jupyterhub.log")

    # --- acting as someone ------------------------------------------------------------
    def login(self, name):
        return self.hub.login(name, self.passwords[name])

    def user_env(self, name):
        """The environment a user's server on this hub gives its terminals (course settings, exchange)."""
        entry = pwd.getpwnam(name)
        env = {"HOME": entry.pw_dir, "USER": name, "LOGNAME": name, "SHELL": entry.pw_shell,
               "JUPYTERHUB_USER": name, "PATH": f"{self.user_bin}:/usr/local/bin:/usr/bin:/bin",
               "JUPYTER_CONFIG_PATH": str(self.jupyter_config),
               "DYSTONIA_EXCHANGE_ROOT": str(self.exchange), "LANG": "C.UTF-8"}
        if name == self.grader:
            env["VENV"] = str(self.user_bin.parent)      # the formgrader service's environment
        return env

    def run_as(self, name, *cmd, cwd=None, timeout=600, check=True, extra_env=None):
        """Run ``cmd`` as the Unix user ``name`` (``runuser``) with that user's environment."""
        env = self.user_env(name)
        env.update(extra_env or {})
        full = ["runuser", "-u", name, "--", "env", "-i", *[f"{k}={v}" for k, v in env.items()], *cmd]
        proc = subprocess.run(full, cwd=cwd or env["HOME"], capture_output=True, text=True, timeout=timeout)
        if check and proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} as {name} failed ({proc.returncode}):\n"
                               f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        return proc

    def in_terminal(self, name, command, **kwargs):
        """``command`` (one shell line) as ``name`` the way a hub terminal runs it: the user's login
        shell reads its start-up files (Debian's ``/etc/profile`` sets ``PATH`` afresh), then the
        server's environment goes first on ``PATH`` (``deploy/jupyter/jupyter_server_config.py``)."""
        env = self.user_env(name)
        line = f'PATH={shlex.quote(str(self.user_bin))}:"$PATH"; export PATH; {command}'
        return self.run_as(name, env["SHELL"], "-l", "-c", line, **kwargs)

    def as_grader(self, command, **kwargs):
        """A shell line in the course directory as the grader account (the formgrader's terminal)."""
        return self.in_terminal(self.grader, f"cd {shlex.quote(str(self.course))} && {command}", **kwargs)

    def make(self, target, **kwargs):
        """``make <target>`` in the course directory, as the guide types it in the formgrader's terminal."""
        return self.as_grader(f"make {target}", **kwargs)

    def nbgrader(self, *args, **kwargs):
        """``nbgrader <args>`` in the course directory, as typed in the formgrader's terminal."""
        return self.as_grader(shlex.join(["nbgrader", *args]), **kwargs)

    def denied(self, name, *cmd):
        """True when ``cmd`` run as ``name`` fails with a permission error."""
        proc = self.run_as(name, *cmd, check=False)
        return proc.returncode != 0 and "Permission denied" in proc.stderr


def remove_stale_test_accounts():
    """Remove accounts and groups of earlier hub-test runs that never reached ``close()``.

    Only names of this module's pattern whose account carries hubctl's marker; call
    it with the lock held, so no other hub test is using them.
    """
    for entry in pwd.getpwall():
        if STALE_NAME.match(entry.pw_name) and hubctl.MARKER in entry.pw_gecos:
            hubctl.remove_user(entry.pw_name)
    for entry in grp.getgrall():
        if STALE_NAME.match(entry.gr_name) and entry.gr_name.endswith(("-students", "-instructors")):
            hubctl.remove_group(entry.gr_name)


def write_artifact(name, data):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    return path
