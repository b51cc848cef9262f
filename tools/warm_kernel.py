"""Pre-warmed IPython kernels for grading: fork a fresh kernel from a process that has imported everything.

Grading runs every submitted notebook in its own fresh kernel.  A cold kernel spends most
of its life starting: the Python interpreter, IPython, zmq, then numpy, scipy, matplotlib
and ``helpers`` (about 1.5 s of CPU per notebook, more than most chapters' own cells).  A
fork server pays that once:

* ``python tools/warm_kernel.py serve SOCKET`` imports the kernel machinery and the
  course's libraries, then waits on a Unix socket.
* A kernelspec whose argv is ``python -S tools/warm_kernel.py client -f {connection_file}``
  (written by :func:`write_kernelspec`) asks the server for a kernel.  The server forks; the
  child becomes an ordinary ``IPKernelApp`` on the given connection file, in the client's
  working directory and environment.  Each child is a separate process with its own copy of
  memory, so one submission cannot touch another.
* The client stands in for the kernel process that ``jupyter_client`` started: it forwards
  SIGINT/SIGTERM to the child's process group, exits with the child's status, and if the
  client is killed (SIGKILL) the child notices its closed socket and kills itself.
* If the server is unreachable (never started, or killed by a hostile submission) the
  client replaces itself with a normal cold kernel: grading is then slower, never wrong.
* The server exits when the process that started it dies, so a killed grading run
  leaves nothing behind.

Only stdlib is imported by the client, so it starts in a few milliseconds.
"""
import json
import os
import signal
import socket
import sys

ENV_SOCKET = "DYSTONIA_WARM_KERNEL_SOCKET"
KERNEL_NAME = "python3"   # shadowing the default kernel name keeps notebooks' metadata untouched
PRELOAD = ("numpy", "scipy.signal", "scipy.optimize", "scipy.stats", "scipy.special",
           "scipy.integrate", "matplotlib", "matplotlib.pyplot", "matplotlib_inline.backend_inline",
           "ipywidgets", "helpers", "helpers.grading", "helpers.plots", "helpers.explorers")


# --------------------------------------------------------------------------- client
def _cold_kernel(argv):
    """Become a normal kernel (the fallback): same arguments, fresh interpreter."""
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *argv])


def _recv_line(sock):
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = sock.recv(4096)
        if not chunk:
            return None
        buf += chunk
    return json.loads(buf)


def _alive(pid):
    """True while ``pid`` runs (a zombie nobody has reaped yet counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return True


def client(argv):
    path = os.environ.get(ENV_SOCKET, "")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
        request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}
        sock.sendall(json.dumps(request).encode() + b"\n")
        reply = _recv_line(sock)
    except OSError:
        reply = None
    if not reply or "pid" not in reply:
        sock.close()
        _cold_kernel(argv)
    child = reply["pid"]

    def forward(signum, _frame):
        try:
            os.killpg(child, signum)
        except OSError:
            pass

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, forward)
    try:
        status = _recv_line(sock)
    except OSError:
        status = None
    if status is None:             # the server died: wait for the child ourselves
        import time
        while _alive(child):
            time.sleep(0.1)
        status = {"code": 0}
    sys.exit(status.get("code", 1))


# --------------------------------------------------------------------------- server
def _preload():
    os.environ.pop("JPY_PARENT_PID", None)   # ipykernel reads it at import; our watchdog replaces its poller
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # Fork only a single-threaded process: BLAS thread pools do not survive fork(2)
    # (a forked child can wait for workers that no longer exist).  Grading runs
    # submissions in parallel instead.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    import importlib
    import ipykernel.kernelapp  # noqa: F401  (IPython, zmq, tornado, traitlets)
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.debugger  # noqa: F401  (debugpy: a third of a kernel's own start-up)
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else 1
    if threads != 1:
        raise RuntimeError(f"the warm-kernel server has {threads} threads after importing; it must fork with one")


def _watch_client(conn):
    """In the kernel: if the client's end closes (client killed), kill this process group."""
    import threading

    def watch():
        try:
            while conn.recv(1):
                pass
        except OSError:
            pass
        try:
            os.killpg(0, signal.SIGKILL)
        finally:
            os._exit(1)

    threading.Thread(target=watch, daemon=True, name="warm-kernel-watchdog").start()


def _become_kernel(request, conn, listener):
    listener.close()
    os.setsid()                                  # own process group: signals reach it and its children
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = ["ipykernel_launcher", *request["argv"]]
    sys.path[0] = ""                             # as for ``python -m ipykernel_launcher``
    _watch_client(conn)
    from ipykernel.kernelapp import IPKernelApp
    code = 0
    try:
        IPKernelApp.launch_instance(argv=request["argv"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        code = 1
    os._exit(code)


def _exit_code(status):
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    return 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else 1


def serve(path):
    import select
    _preload()
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o600)
    listener.listen(64)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    parent = os.getppid()                        # the grading run; if it dies, so do we
    children = {}                                # pid -> connection to its client
    try:
        while os.getppid() == parent:
            ready, _, _ = select.select([listener], [], [], 0.05)
            if ready:
                conn, _ = listener.accept()
                try:
                    request = _recv_line(conn)
                except (OSError, ValueError):
                    request = None
                if not request:
                    conn.close()
                    continue
                pid = os.fork()
                if pid == 0:
                    _become_kernel(request, conn, listener)
                try:
                    conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
                except OSError:
                    pass
                children[pid] = conn
            while children:
                try:
                    pid, status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
                conn = children.pop(pid, None)
                if conn is not None:
                    try:
                        conn.sendall(json.dumps({"code": _exit_code(status)}).encode() + b"\n")
                    except OSError:
                        pass
                    conn.close()
    finally:
        listener.close()
        if os.path.exists(path):
            os.unlink(path)


# --------------------------------------------------------------------------- set-up helpers
#: Kernel arguments that stop the inline backend from rendering figures (they are then
#: shown as ``<Figure size ...>``): grading reads numbers, not pictures.
NO_FIGURES = ("--InlineBackend.figure_formats=set()",)


def write_kernelspec(jupyter_dir, python=sys.executable, *, warm=True, extra_argv=()):
    """Write ``<jupyter_dir>/kernels/python3/kernel.json``; return its directory.

    ``warm=True`` points the kernelspec at this module's client (forked kernels);
    ``warm=False`` at an ordinary ``ipykernel_launcher``.  ``extra_argv`` is appended
    to the kernel's arguments either way (for example :data:`NO_FIGURES`).
    """
    kdir = os.path.join(jupyter_dir, "kernels", KERNEL_NAME)
    os.makedirs(kdir, exist_ok=True)
    if warm:
        argv = [python, "-S", os.path.abspath(__file__), "client", "-f", "{connection_file}"]
    else:
        argv = [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec = {"argv": argv + list(extra_argv),
            "display_name": "Python 3 (ipykernel, for grading)",
            "language": "python", "interrupt_mode": "signal",
            "metadata": {"debugger": False}}
    with open(os.path.join(kdir, "kernel.json"), "w") as fh:
        json.dump(spec, fh, indent=1)
    return kdir


def start_server(path, python=sys.executable, log=None):
    """Start a fork server on ``path`` in the background; return the Popen once it listens."""
    import subprocess
    import time
    if os.path.exists(path):
        os.unlink(path)
    out = open(log, "ab") if log else subprocess.DEVNULL
    try:
        proc = subprocess.Popen([python, os.path.abspath(__file__), "serve", path],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True)
    finally:
        if log:
            out.close()                  # the server holds its own copy
    deadline = time.time() + 60
    while not os.path.exists(path):
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"warm kernel server did not start (exit {proc.poll()})")
        time.sleep(0.05)
    return proc


def main(argv):
    if argv[:1] == ["serve"] and len(argv) == 2:
        serve(argv[1])
    elif argv[:1] == ["client"]:
        client(argv[1:])
    else:
        sys.exit("usage: warm_kernel.py serve SOCKET | client -f CONNECTION_FILE [kernel args]")


if __name__ == "__main__":
    main(sys.argv[1:])
