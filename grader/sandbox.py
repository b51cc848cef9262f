"""A sandbox per submission: bubblewrap around a fork server of pre-warmed, isolated kernels.

:class:`Sandbox` starts ``grader/sandbox_inside.py`` under bubblewrap (Debian's ``bwrap``)
and hands out :class:`SandboxKernel` objects, one per notebook being graded.  What a
graded kernel can reach:

* read-only: the Python installation and virtual environment, a snapshot of ``helpers``
  taken when grading starts, the assignment's release data files, ``/usr``;
* read-write, private and discarded when the kernel ends: ``/tmp``, its home folder
  (its working directory is ``~/work``) and ``/dev/shm``, each size-limited;
* shared with the grader: one folder holding the kernel's ZeroMQ IPC sockets;
* nothing else: not the course (``source/``, ``release/``, the gradebook, other
  submissions, reports, feedback, ``helpers/`` on disk), not the network, not other
  kernels' files, processes or memory, not the grader's processes.

It runs as ``nobody`` when grading runs as root (as the grading user otherwise, inside a
user namespace), with no capabilities, limits on memory, CPU time, processes and file size,
and it cannot outlive the grading run.  :func:`check_platform` says whether this machine can
do all that; grading refuses to run without it unless told ``--unsafe``.
"""
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
INSIDE = HERE / "sandbox_inside.py"
NOBODY = 65534

DEFAULT_LIMITS = {
    "memory_bytes": 2 << 30,     # the kernel and everything it starts (cgroup); per process (RLIMIT_AS) without one
    "cpu_seconds": 300,          # CPU time per notebook kernel
    "processes": 256,            # processes and threads (cgroup pids.max; RLIMIT_NPROC)
    "cpus": 1.0,                 # cores a kernel may keep busy at once (cgroup CPU quota, where available)
    "file_bytes": 64 << 20,      # largest file it may write
}


class SandboxUnavailable(RuntimeError):
    """This machine cannot isolate a kernel (no bwrap, or no user namespaces)."""


def _bwrap():
    return shutil.which("bwrap")


def _ancestors(path):
    parts = Path(path).parts
    return [str(Path(*parts[:i])) for i in range(2, len(parts))]


def _python_paths():
    """The folders a kernel needs read-only: the base Python and the virtual environment."""
    paths = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)}
    return sorted(paths)


class Sandbox:
    """One bubblewrap sandbox holding a fork server; :meth:`kernel` gives an isolated kernel.

    Parameters
    ----------
    course_root : path
        Course directory: release data files are taken from ``source/<assignment>/``.
    helpers_dir : path, optional
        The ``helpers`` package to snapshot (default: the imported one).
    limits : dict, optional
        Overrides of :data:`DEFAULT_LIMITS`.
    unsafe : bool
        Run kernels without namespaces (limits and a fresh folder only), for platforms
        that cannot sandbox; grading says so in its report.
    figures : bool
        Let kernels render figures (slower; grading never needs them).
    """

    def __init__(self, course_root, *, helpers_dir=None, limits=None, unsafe=False, figures=False, log=None,
                 cgroups=True):
        self.course_root = Path(course_root)
        self.limits = {**DEFAULT_LIMITS, **(limits or {})}
        self.unsafe = unsafe
        self.figures = figures
        self.log_path = log
        if helpers_dir is None:
            import helpers
            helpers_dir = Path(helpers.__file__).resolve().parent
        self.helpers_dir = Path(helpers_dir)
        self.root = self.sandbox_dir = None
        self.proc = None
        self.ready = False
        self.lock = threading.Lock()
        self.counter = 0
        self.as_root = os.geteuid() == 0
        self.use_cgroups = cgroups
        self.cgroups = None
        self.cgroups_note = "not tried" if cgroups else "disabled"

    # -- lifecycle ---------------------------------------------------------------------
    def _prepare(self):
        self.root = Path(tempfile.mkdtemp(prefix="dyst-"))          # short: sockets allow ~100 chars
        if self.use_cgroups:
            from . import cgroups
            self.cgroups, self.cgroups_note = cgroups.detect(self.root.name.split("-")[-1][:12])
        os.chmod(self.root, 0o755)
        self.sandbox_dir = self.root / "sandbox"
        (self.sandbox_dir / "ipc").mkdir(parents=True)
        pylib = self.root / "pylib"
        shutil.copytree(self.helpers_dir, pylib / "helpers",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"))
        shutil.copy(INSIDE, pylib / "dystonia_sandbox.py")
        data = self.root / "data"
        data.mkdir()
        src = self.course_root / "source"
        for assignment in sorted(p for p in src.iterdir() if p.is_dir()) if src.is_dir() else []:
            target = data / assignment.name
            target.mkdir()
            for f in assignment.iterdir():
                if f.is_file() and not f.is_symlink() and f.suffix != ".ipynb":
                    shutil.copy(f, target / f.name)
        etc = self.root / "etc"
        etc.mkdir()
        uid = NOBODY if self.as_root else os.getuid()
        gid = NOBODY if self.as_root else os.getgid()
        (etc / "passwd").write_text(f"root:x:0:0:root:/root:/usr/sbin/nologin\n"
                                    f"student:x:{uid}:{gid}:student:/home/student:/usr/sbin/nologin\n")
        (etc / "group").write_text(f"root:x:0:\nstudent:x:{gid}:\n")
        for path in (self.root, pylib, data, etc):
            for dirpath, dirnames, filenames in os.walk(path):
                os.chmod(dirpath, 0o755)
                for name in filenames:
                    os.chmod(os.path.join(dirpath, name), 0o644)
        if self.as_root:
            for path in (self.sandbox_dir, self.sandbox_dir / "ipc"):
                os.chown(path, NOBODY, NOBODY)
        os.chmod(self.sandbox_dir, 0o700)
        os.chmod(self.sandbox_dir / "ipc", 0o700)
        venv_bin = str(Path(os.path.realpath(sys.prefix)) / "bin")   # what is mounted is the real path
        self.config = {
            "socket": "/sandbox/server.sock" if not self.unsafe else str(self.sandbox_dir / "server.sock"),
            "path": f"{venv_bin}:/usr/local/bin:/usr/bin:/bin",
            "pythonpath": "/opt/dystonia/pylib" if not self.unsafe else str(pylib),
            "keep_under_tmp": [p for p in _python_paths() if p == "/tmp" or p.startswith("/tmp/")],
            "tmpfs_mb": 256,
            "isolate": not self.unsafe,
        }
        (self.root / "config.json").write_text(json.dumps(self.config))
        os.chmod(self.root / "config.json", 0o644)

    def command(self, inner=None):
        """The bubblewrap command line that starts the fork server (or runs ``inner``, for checks)."""
        python = str(Path(os.path.realpath(sys.prefix)) / "bin" / "python")
        if self.unsafe:
            return [python, str(self.root / "pylib" / "dystonia_sandbox.py"), "serve", str(self.root / "config.json")]
        cmd = [_bwrap(), "--die-with-parent", "--new-session",
               "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
               "--hostname", "sandbox", "--clearenv",
               "--setenv", "PATH", self.config["path"], "--setenv", "PYTHONPATH", "/opt/dystonia/pylib",
               "--setenv", "HOME", "/home/student", "--setenv", "PYTHONHASHSEED", "0",
               "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
               "--setenv", "MPLBACKEND", "module://matplotlib_inline.backend_inline",
               "--setenv", "MPLCONFIGDIR", "/tmp/mpl", "--setenv", "XDG_CACHE_HOME", "/tmp/cache",
               "--setenv", "OPENBLAS_NUM_THREADS", "1", "--setenv", "OMP_NUM_THREADS", "1",
               "--setenv", "MKL_NUM_THREADS", "1", "--setenv", "PYDEVD_DISABLE_FILE_VALIDATION", "1",
               "--ro-bind", "/usr", "/usr"]
        for link in ("lib", "lib64", "bin", "sbin"):
            if os.path.islink(f"/{link}"):
                cmd += ["--symlink", os.readlink(f"/{link}"), f"/{link}"]
            elif os.path.isdir(f"/{link}"):
                cmd += ["--ro-bind", f"/{link}", f"/{link}"]
        cmd += ["--perms", "0755", "--dir", "/etc"]
        for path in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/fonts", "/etc/localtime",
                     "/etc/alternatives", "/etc/mime.types"):
            cmd += ["--ro-bind-try", path, path]
        cmd += ["--ro-bind", str(self.root / "etc" / "passwd"), "/etc/passwd",
                "--ro-bind", str(self.root / "etc" / "group"), "/etc/group",
                # The host's /proc (its permissions apply): each kernel mounts its own (only its processes) before
                # any student code runs; a fresh proc mount needs a fully visible one to exist.
                "--bind", "/proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/tmp",
                "--perms", "0755", "--dir", "/home/student", "--perms", "0755", "--dir", "/run/kernel",
                "--perms", "0755", "--dir", "/opt/dystonia"]
        made = {"/tmp", "/home", "/home/student", "/run", "/run/kernel", "/opt", "/opt/dystonia"}
        for i, _ in enumerate(self.config["keep_under_tmp"]):
            cmd += ["--perms", "0755", "--dir", f"/opt/dystonia/keep/{i}"]
        for path in _python_paths():
            for parent in _ancestors(path):
                if parent not in made:
                    cmd += ["--perms", "0755", "--dir", parent]
                    made.add(parent)
            cmd += ["--ro-bind", path, path]
        cmd += ["--ro-bind", str(self.root / "pylib"), "/opt/dystonia/pylib",
                "--ro-bind", str(self.root / "data"), "/opt/dystonia/data",
                "--ro-bind", str(self.root / "config.json"), "/opt/dystonia/config.json",
                "--bind", str(self.sandbox_dir), "/sandbox", "--chdir", "/tmp"]
        inner = inner or [python, "/opt/dystonia/pylib/dystonia_sandbox.py", "serve", "/opt/dystonia/config.json"]
        if self.as_root:
            cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--",
                    "/usr/bin/setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--", *inner]
        else:
            cmd += ["--unshare-user", "--", *inner]
        return cmd

    def spawn(self):
        """Start the fork server's process without waiting for it (see :meth:`ensure`).

        The waiting, and only the waiting, may happen in another call or thread: the process
        must be created by a thread that lives as long as the sandbox, because bubblewrap's
        ``--die-with-parent`` ends it when the *thread* that created it exits.
        """
        if self.root is None:
            self._prepare()
        if not self.unsafe and not _bwrap():
            raise SandboxUnavailable("bubblewrap (bwrap) is not installed")
        if self.proc is not None:                 # a server that died: release its pipe
            if self.proc.poll() is None:
                raise RuntimeError("the sandbox's fork server is already running")
            if self.proc.stdout:
                self.proc.stdout.close()
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        env = None
        if self.unsafe:
            env = {"PATH": self.config["path"], "PYTHONPATH": self.config["pythonpath"], "PYTHONHASHSEED": "0",
                   "HOME": str(self.root), "MPLCONFIGDIR": str(self.root / "mpl"), "OPENBLAS_NUM_THREADS": "1",
                   "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                   "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
        try:
            self.proc = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=log, env=env, cwd=str(self.root), start_new_session=True)
        finally:
            if self.log_path:
                log.close()
        self.ready = False
        return self

    def _await_ready(self):
        line = self.proc.stdout.readline()
        if line.strip() != b"ready":
            code = self.proc.wait(timeout=10) if self.proc.poll() is None else self.proc.returncode
            raise SandboxUnavailable(f"the sandboxed kernel server did not start (exit {code}); "
                                     f"see {self.log_path or 'its log'}")
        self.ready = True

    def start(self):
        """Start the fork server (about as long as one cold kernel start) and wait until it listens."""
        self.spawn()
        self._await_ready()
        return self

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def ensure(self):
        """A listening fork server: wait for a spawned one, start one if there is none or it died."""
        with self.lock:
            if self.alive() and not self.ready:
                self._await_ready()
            elif not self.alive():
                self.start()

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc is not None and self.proc.stdout:
            self.proc.stdout.close()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
        if self.cgroups is not None:
            self.cgroups.remove()
            self.cgroups = None
        self.root = None

    def host_pid(self, kernel_pid, timeout=10.0):
        """The PID, as this process sees it, of the kernel its server calls ``kernel_pid``.

        The server reports PIDs of its own namespace; the kernel is PID 1 of a namespace of its
        own, one level below, so its ``NSpid`` line reads ``<ours> ... <kernel_pid> 1``.
        """
        if self.unsafe:
            return kernel_pid
        deadline = time.monotonic() + timeout
        while True:
            if not self.alive():
                return None
            for pid in _descendants(self.proc.pid):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("NSpid:"):
                        ids = line.split()[1:]
                        if len(ids) >= 3 and ids[-1] == "1" and ids[-2] == str(kernel_pid):
                            return pid
                        break
            if time.monotonic() > deadline:
                return None
            time.sleep(0.01)

    # -- kernels -----------------------------------------------------------------------
    def kernel(self, *, student, assignment, startup_timeout=60):
        """An isolated kernel for ``student``'s notebook of ``assignment`` (the prefetched one if it matches)."""
        spare, self._spare = getattr(self, "_spare", None), None
        if spare is not None:
            if spare.student == student and spare.assignment == assignment:
                try:
                    return spare.connect(startup_timeout)
                except RuntimeError:
                    pass                       # it died while waiting: start a fresh one
            else:
                spare.kill()
        try:
            return self._launch(student, assignment).connect(startup_timeout)
        except RuntimeError:
            if self.alive():
                raise
            # the server died under the kernel (killed, or its starting thread ended): start another
            return self._launch(student, assignment).connect(startup_timeout)

    def _launch(self, student, assignment):
        self.ensure()
        with self.lock:
            self.counter += 1
            name = f"k{self.counter:x}{secrets.token_hex(4)}"
        return SandboxKernel(self, name, student=student, assignment=assignment).launch()

    def prefetch(self, *, student, assignment):
        """Launch the next kernel of the same submission now (its next notebook).

        The server forks it at once and it initialises while the current notebook is
        graded; :meth:`kernel` then only connects to it.  A spare that is not used is
        killed by the next :meth:`kernel` call or by :meth:`discard_spare`.
        """
        self.discard_spare()
        try:
            self._spare = self._launch(student, assignment)
        except (OSError, RuntimeError):
            self._spare = None

    def discard_spare(self):
        spare, self._spare = getattr(self, "_spare", None), None
        if spare is not None:
            spare.kill()


def _descendants(pid):
    """Every descendant of ``pid`` (breadth first), from ``/proc/<pid>/task/*/children``."""
    out, todo = [], [pid]
    while todo:
        parent = todo.pop(0)
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                children = [int(c) for c in Path(f"/proc/{parent}/task/{tid}/children").read_text().split()]
            except (OSError, ValueError):
                continue
            out += children
            todo += children
    return out


class SandboxKernel:
    """One kernel in its own namespaces, and the grader's ZeroMQ client to it."""

    def __init__(self, sandbox, name, *, student, assignment):
        self.sandbox = sandbox
        self.name = name
        self.student = student
        self.assignment = assignment
        self.dir = sandbox.sandbox_dir / "ipc" / name
        self.conn = None
        self.client = None
        self.exit_code = None
        self.info = {}
        self.group = None           # its control group (grader.cgroups.KernelGroup), where the machine has one

    def start(self, timeout=60):
        """Launch and connect (see :meth:`launch` and :meth:`connect`)."""
        return self.launch().connect(timeout)

    def launch(self):
        """Ask the server for the kernel; returns as soon as it has forked (it then initialises)."""
        from jupyter_client.connect import write_connection_file
        self.dir.mkdir(mode=0o700)
        if self.sandbox.as_root:
            os.chown(self.dir, NOBODY, NOBODY)
        fname, info = write_connection_file(str(self.dir.parent / f"{self.name}.json"), ip=str(self.dir / "kernel"),
                                            transport="ipc", key=secrets.token_hex(16).encode(),
                                            signature_scheme="hmac-sha256", kernel_name="python3")
        self.connection_file = fname
        info = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in info.items()}
        request = {"kernel": self.name, "connection": info, "student": self.student,
                   "assignment": self.assignment, "limits": self.sandbox.limits, "figures": self.sandbox.figures}
        sock_path = self.sandbox.sandbox_dir / "server.sock"
        limits = self.sandbox.limits
        if self.sandbox.cgroups is not None:
            self.group = self.sandbox.cgroups.kernel(self.name, memory_bytes=limits.get("memory_bytes"),
                                                     processes=limits.get("processes"), cpus=limits.get("cpus"))
        self.conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.conn.settimeout(10)
        self.conn.connect(str(sock_path))
        self.conn.sendall(json.dumps(request).encode() + b"\n")
        reply = self._read_line()
        if not reply or "pid" not in reply:
            self.kill()
            raise RuntimeError(f"the sandbox refused the kernel: {reply}")
        if self.group is not None:
            # before the grader sends it anything: no student code runs outside its group
            pid = self.sandbox.host_pid(reply["kernel_pid"])
            try:
                if pid is None:
                    raise OSError("the kernel's process was not found")
                self.group.add(pid)
            except OSError as exc:
                self.kill()
                raise RuntimeError(f"the kernel could not be put in its control group: {exc}") from None
        self.conn.settimeout(None)
        self.conn.setblocking(False)
        return self

    def oom_kills(self):
        """Processes of this kernel (itself or a child) stopped at its memory limit (0 without a cgroup)."""
        return self.group.oom_kills() if self.group is not None else 0

    def connect(self, timeout=60):
        """Connect the grader's client and wait until the kernel answers ``kernel_info``.

        Whether the kernel is alive comes from its supervisor (:meth:`poll`), not from
        heartbeats: jupyter_client's ``wait_for_ready`` declares a kernel dead when it misses
        a 1 s heartbeat, and on a loaded machine (beside the hub's load test: 30 students'
        kernels on 2 cores) a kernel that was still starting was declared dead and killed.
        """
        from queue import Empty

        from jupyter_client.blocking import BlockingKernelClient
        self.client = BlockingKernelClient(connection_file=self.connection_file)
        self.client.load_connection_file()
        self.client.start_channels(hb=False)
        deadline = time.monotonic() + timeout
        while True:
            self.client.kernel_info()
            try:
                msg = self.client.shell_channel.get_msg(timeout=1)
            except Empty:
                msg = None
            if msg is not None and msg["msg_type"] == "kernel_info_reply":
                try:
                    self.client.iopub_channel.get_msg(timeout=0.2)   # IOPub connected too
                except Empty:
                    pass
                else:
                    self.client._handle_kernel_info_reply(msg)
                    return self
            if self.poll() is not None:
                code = self.exit_code
                self.kill()
                raise RuntimeError(f"the sandboxed kernel did not start: it exited (exit {code})")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"the sandboxed kernel did not start: no reply within {timeout} s")

    def _read_line(self):
        buf = b""
        while not buf.endswith(b"\n"):
            chunk = self.conn.recv(4096)
            if not chunk:
                return None
            buf += chunk
        return json.loads(buf)

    def poll(self):
        """``None`` while the kernel runs, else its exit code (the supervisor reports it)."""
        if self.exit_code is not None:
            return self.exit_code
        try:
            data = self.conn.recv(4096)
        except BlockingIOError:
            return None
        except OSError:
            data = b""
        if not data:
            self.exit_code = -1
            return self.exit_code
        for line in data.splitlines():
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if "code" in msg:
                self.exit_code = int(msg["code"])
        return self.exit_code

    def fileno(self):
        return self.conn.fileno()

    def interrupt(self):
        """Ask the kernel to interrupt its current cell (an ``interrupt_request`` on the control channel)."""
        if self.client is not None:
            msg = self.client.session.msg("interrupt_request", {})
            self.client.control_channel.send(msg)

    def kill(self):
        """End the kernel: closing the connection makes its supervisor SIGKILL it."""
        if self.client is not None:
            try:
                self.client.stop_channels()
            except Exception:  # noqa: BLE001
                pass
            self.client = None
        if self.conn is not None:
            deadline = time.monotonic() + 5
            try:
                self.conn.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            while self.exit_code is None and time.monotonic() < deadline:
                if self.poll() is None:
                    time.sleep(0.02)
            self.conn.close()
            self.conn = None
        if self.group is not None:
            self.group.remove()
            self.group = None
        shutil.rmtree(self.dir, ignore_errors=True)
        try:
            os.unlink(self.connection_file)
        except OSError:
            pass

    def shutdown(self):
        """A polite end (shutdown_request), then :meth:`kill`."""
        if self.client is not None and self.exit_code is None:
            try:
                self.client.shutdown()
                deadline = time.monotonic() + 2
                while self.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.02)
            except Exception:  # noqa: BLE001
                pass
        self.kill()


_PLATFORM = {}


def check_platform():
    """``(True, "")`` if kernels can be sandboxed here, else ``(False, reason)`` (cached)."""
    if "result" in _PLATFORM:
        return _PLATFORM["result"]
    if not _bwrap():
        result = (False, "bubblewrap (bwrap) is not installed: apt-get install bubblewrap")
    else:
        probe = Sandbox(tempfile.gettempdir())
        try:
            probe._prepare()
            check = [str(Path(os.path.realpath(sys.prefix)) / "bin" / "python"), "-c",
                     "import ctypes; libc = ctypes.CDLL(None, use_errno=True); "
                     "r = libc.unshare(0x10000000 | 0x00020000 | 0x20000000 | 0x40000000); "
                     "raise SystemExit(0 if r == 0 else 3)"]
            proc = subprocess.run(probe.command(check), capture_output=True, text=True, timeout=60)
            if proc.returncode == 0:
                result = (True, "")
            elif proc.returncode == 3:
                result = (False, "user namespaces are not available inside bubblewrap "
                                 "(kernel.unprivileged_userns_clone=0 or max_user_namespaces=0?)")
            else:
                result = (False, f"bubblewrap failed: {(proc.stderr or proc.stdout).strip()[:200]}")
        except (OSError, subprocess.SubprocessError) as exc:
            result = (False, f"bubblewrap failed: {exc}")
        finally:
            probe.close()
    _PLATFORM["result"] = result
    return result
