"""The sandbox a submission's kernel runs in, attacked from inside a real kernel.

Each test starts kernels from one shared :class:`grader.sandbox.Sandbox` and runs code in them
through :func:`grader.executor.run`, exactly as grading does, then checks from outside what the
code could and could not reach.  Skipped (with the reason) where this machine cannot sandbox;
mandatory in CI (REQUIRE_SANDBOX=1).
"""
import ast
import os
import socket
import time
from pathlib import Path

import pytest

from conftest import require_sandbox
from course_utils import ROOT, descendant_pids
from grader import executor
from grader.sandbox import Sandbox

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def box():
    require_sandbox()
    sandbox = Sandbox(ROOT, limits={"memory_bytes": 1 << 30, "cpu_seconds": 60}).start()
    yield sandbox
    sandbox.close()


def _run(kernel, code, timeout=30):
    res = executor.run(kernel, code, timeout=timeout, budget=executor.Budget())
    text = "".join(o.get("text", "") for o in res.outputs if o.output_type == "stream")
    return res, text


@pytest.fixture
def kernel(box):
    k = box.kernel(student="ada", assignment="01_principles")
    yield k
    k.shutdown()


def test_the_kernel_is_unprivileged_and_sees_only_its_own_processes(kernel):
    res, out = _run(kernel, "import os\nprint(open('/proc/self/status').read().split('CapEff:')[1].split()[0])\n"
                            "print(open('/proc/self/uid_map').read().split())\nprint(os.getpid(), sorted(os.listdir('/proc'))[:3])\n"
                            "print(os.environ.get('DYSTONIA_STUDENT_ID'), os.getcwd())")
    lines = out.splitlines()
    assert res.status == "ok" and lines[0] == "0000000000000000"
    outer_uid = lines[1].split()[1].strip("',")
    assert outer_uid == (str(65534) if os.geteuid() == 0 else str(os.getuid()))
    assert lines[2].startswith("1 ")                     # PID 1 of its own namespace
    assert lines[3] == "ada /home/student/work"


def test_the_course_and_the_grader_are_out_of_reach(kernel, box):
    probes = [ROOT / "source", ROOT / "release", ROOT / "helpers" / "grading.py", ROOT / "tests",
              ROOT / "gradebook.db", ROOT / "tools", box.root / "sandbox" / "server.sock", "/sandbox/server.sock",
              box.root / "config.json", Path(os.path.expanduser("~")) / ".ipython", "/etc/shadow"]
    code = "import os\n" + "".join(f"print(os.path.exists({str(p)!r}))\n" for p in probes)
    res, out = _run(kernel, code)
    assert res.status == "ok"
    visible = [str(p) for p, seen in zip(probes, out.split()) if seen == "True"]
    assert not visible, f"visible inside the sandbox: {visible}"
    res, out = _run(kernel, "import helpers, os\nprint(helpers.__file__)\n"
                            "open(helpers.__file__, 'a')")
    assert out.startswith("/opt/dystonia/pylib/helpers/") and res.status == "error"
    assert res.ename in ("OSError", "PermissionError")


def test_nothing_written_survives_into_the_next_kernel(box):
    first = box.kernel(student="ada", assignment="01_principles")
    _run(first, "import pathlib\nfor p in ('/tmp/left', '/home/student/left', '/home/student/work/left', "
                "'/dev/shm/left', '/home/student/.ipython/profile_default/startup/00.py'):\n"
                "    q = pathlib.Path(p); q.parent.mkdir(parents=True, exist_ok=True); q.write_text('import os; os._exit(5)')")
    first.shutdown()
    second = box.kernel(student="grace", assignment="01_principles")
    try:
        res, out = _run(second, "import glob\nprint(sorted(glob.glob('/tmp/*') + glob.glob('/home/student/**/left', "
                                "recursive=True) + glob.glob('/dev/shm/*') + glob.glob('/home/student/.ipython/**/*.py', "
                                "recursive=True)))")
        assert res.status == "ok", out
        # the Python environment's own folders, when it lives under /tmp (a clone in /tmp/x), are
        # mounted again read-only in every kernel's fresh /tmp: they are not the first kernel's files
        kept = {str(parent) for p in box.config["keep_under_tmp"] for parent in [Path(p), *Path(p).parents]}
        left = [p for p in ast.literal_eval(out.strip()) if p not in kept]
        assert left == [], left
    finally:
        second.shutdown()


def test_there_is_no_network(kernel):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    try:
        res, out = _run(kernel, f"import socket\ns = socket.socket(); s.settimeout(2)\n"
                                f"try:\n    s.connect(('127.0.0.1', {port})); print('connected')\n"
                                f"except OSError as e:\n    print('refused', type(e).__name__)\n"
                                f"try:\n    socket.getaddrinfo('pypi.org', 443); print('resolved')\n"
                                f"except OSError:\n    print('no dns')")
        assert "connected" not in out and "resolved" not in out and "refused" in out
    finally:
        listener.close()


def test_processes_it_starts_end_with_it(box):
    marker = f"sandbox-daemon-{os.getpid()}-{time.time_ns()}"
    k = box.kernel(student="ada", assignment="01_principles")
    _run(k, f"import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)', "
            f"'{marker}'], start_new_session=True)\nimport time; time.sleep(0.5)")

    def alive():
        for pid in os.listdir("/proc"):
            try:
                if pid.isdigit() and marker in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="ignore"):
                    return True
            except OSError:
                continue
        return False
    assert alive(), "the daemon never started (the test would prove nothing)"
    k.shutdown()
    deadline = time.time() + 10
    while alive() and time.time() < deadline:
        time.sleep(0.2)
    assert not alive(), "a process started by the kernel outlived it"


def test_limits_memory_and_it_cannot_signal_its_supervisor(box):
    k = box.kernel(student="ada", assignment="01_principles")
    try:
        res, _ = _run(k, "x = bytearray(3 * 1024 ** 3)")
        assert res.status == "error" and res.ename == "MemoryError"
        res, out = _run(k, "import os, signal\nfor pid in (os.getppid(), 0, -1):\n    try:\n"
                           "        os.kill(pid, signal.SIGTERM)\n    except OSError as e:\n        print(type(e).__name__)")
        time.sleep(0.5)
    finally:
        k.shutdown()
    assert box.alive(), "the kernel server died"
    again = box.kernel(student="ada", assignment="01_principles")
    try:
        res, out = _run(again, "print(6 * 7)")
        assert out.strip() == "42"
    finally:
        again.shutdown()


def test_hung_and_flooding_cells_are_stopped(box):
    k = box.kernel(student="ada", assignment="01_principles")
    try:
        started = time.monotonic()
        res = executor.run(k, "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
                           timeout=2, budget=executor.Budget())
        assert res.status == "timeout" and time.monotonic() - started < 2 + executor.INTERRUPT_GRACE_S + 3
        assert k.poll() is not None, "a kernel ignoring the interrupt must be stopped"
    finally:
        k.shutdown()
    k = box.kernel(student="ada", assignment="01_principles")
    try:
        res = executor.run(k, "for _ in range(100):\n    print('x' * 1_000_000)", timeout=60,
                           budget=executor.Budget(limit=20_000_000))
        assert res.status == "flood" and sum(len(o.get("text", "")) for o in res.outputs) <= executor.CELL_OUTPUT_BYTES
    finally:
        k.shutdown()


def test_two_kernels_at_once_cannot_see_each_other(box):
    a = box.kernel(student="ada", assignment="01_principles")
    b = box.kernel(student="grace", assignment="01_principles")
    try:
        _run(a, "open('/home/student/work/secret.txt', 'w').write('ada')")
        res, out = _run(b, "import glob, os\nprint(glob.glob('/home/student/work/*'), os.listdir('/run/kernel'), "
                           "len([p for p in os.listdir('/proc') if p.isdigit()]))")
        assert "secret" not in out and res.status == "ok"
    finally:
        a.shutdown()
        b.shutdown()


def test_a_server_spawned_by_a_finished_thread_or_killed_is_replaced():
    """``spawn`` then ``ensure`` from elsewhere works; a killed server (its socket left behind) is replaced.

    bubblewrap's --die-with-parent ends the server when the *thread* that spawned it exits:
    grading workers therefore spawn in their main thread, and ``ensure`` must recover anyway.
    """
    import signal
    import threading
    require_sandbox()
    sandbox = Sandbox(ROOT, limits={"memory_bytes": 1 << 30, "cpu_seconds": 60})
    try:
        sandbox.spawn()
        sandbox.ensure()                          # waits for the spawned server, does not start another
        first = sandbox.proc.pid
        k = sandbox.kernel(student="ada", assignment="01_principles")
        assert _run(k, "print(6 * 7)")[1].strip() == "42"
        k.shutdown()
        assert sandbox.proc.pid == first
        os.killpg(sandbox.proc.pid, signal.SIGKILL)
        sandbox.proc.wait()
        assert (sandbox.sandbox_dir / "server.sock").exists()      # what a killed server leaves
        worker = threading.Thread(target=sandbox.spawn)
        worker.start()
        worker.join()                             # the spawning thread is gone
        k = sandbox.kernel(student="grace", assignment="01_principles")
        try:
            assert _run(k, "print(6 * 7)")[1].strip() == "42"
        finally:
            k.shutdown()
    finally:
        sandbox.close()


def test_the_server_ends_when_its_grader_is_gone():
    """The fork server ends when the grader's end of its pipe closes, as when the grader dies
    (bubblewrap's --die-with-parent misses a parent that dies before bwrap has armed it).
    Seen once: a server left running after the whole suite had ended."""
    require_sandbox()
    sandbox = Sandbox(ROOT, limits={"memory_bytes": 1 << 30, "cpu_seconds": 60})
    try:
        sandbox.start()
        server = sandbox.proc
        assert server.poll() is None
        server.stdout.close()                   # what the grader's death does to the pipe
        assert server.wait(timeout=10) == 0, "the server outlived its grader"
    finally:
        sandbox.close()


def test_a_kernel_whose_heartbeat_is_late_still_starts(box):
    """A starting kernel is judged alive by its supervisor, not by heartbeats.

    On a loaded machine (the hub's load test beside a grading run) a kernel still starting
    missed jupyter_client's 1 s heartbeat deadline, was declared dead ("Kernel died before
    replying to kernel_info") and killed.  Here its heartbeat never answers (the client is
    pointed at an address nobody listens on) and the kernel is frozen for 3 s as it starts,
    as a starved process is: it must still start and run."""
    import json as _json
    import signal
    import threading
    box.ensure()
    before = descendant_pids(box.proc.pid)
    kernel = box._launch("ada", "01_principles")
    info = _json.loads(Path(kernel.connection_file).read_text())
    info["hb_port"] = info["hb_port"] + 1000            # nothing answers there
    Path(kernel.connection_file).write_text(_json.dumps(info))
    deadline = time.monotonic() + 10
    pids = []
    while len(pids) < 2 and time.monotonic() < deadline:   # the kernel and its supervisor, forked by the server
        pids = sorted(descendant_pids(box.proc.pid) - before)
        time.sleep(0.05)
    assert pids, "the kernel's process was not found"

    def freeze():
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        time.sleep(3.0)
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
    thread = threading.Thread(target=freeze)
    thread.start()
    try:
        kernel.connect(timeout=60)
        assert _run(kernel, "print(6 * 7)")[1].strip() == "42"
    finally:
        thread.join()
        kernel.shutdown()


def test_a_kernel_writing_to_its_descriptors_costs_only_itself(tmp_path):
    """A kernel shares no descriptor with the grader: not the fork server's pipe, not the log.

    Every kernel once inherited the server's stdout, a pipe the grader read once: IPython's
    start-up banner filled it after about 165 kernels, or one cell's ``os.write(1, 64 KiB)`` at
    once, and every later kernel blocked on its first write.  Its stderr was the worker's
    ``sandbox.log``, which a kernel could forge."""
    require_sandbox()
    log = tmp_path / "sandbox.log"
    sandbox = Sandbox(ROOT, limits={"memory_bytes": 1 << 30, "cpu_seconds": 60}, log=str(log)).start()
    try:
        k = sandbox.kernel(student="ada", assignment="01_principles")
        res, out = _run(k, "import os\nblock = b'FORGED-LOG-LINE ' * 65536\n"
                           "print(os.write(1, block) + os.write(2, block))\n"
                           "hit = 0\nfor fd in range(3, 1024):\n    try:\n        os.fstat(fd)\n    except OSError:\n"
                           "        continue\n    name = os.readlink(f'/proc/self/fd/{fd}')\n"
                           "    if name.startswith('/') and not name.startswith(('/dev/', '/home/', '/run/kernel')):\n"
                           "        print('open', fd, name)\n", timeout=60)
        assert res.status == "ok", res
        assert "open" not in out, f"the kernel holds files of the grader's: {out}"
        k.shutdown()
        started = time.monotonic()
        again = sandbox.kernel(student="grace", assignment="01_principles", startup_timeout=20)
        try:
            assert _run(again, "print(6 * 7)")[1].strip() == "42"
        finally:
            again.shutdown()
        assert time.monotonic() - started < 15, "the next kernel was held up"
        assert b"FORGED" not in log.read_bytes(), "a kernel wrote into the grader's log"
    finally:
        sandbox.close()


def test_more_kernels_than_a_pipe_holds_banners():
    """210 kernels in a row from one server (the pipe used to fill after about 165)."""
    require_sandbox()
    sandbox = Sandbox(ROOT, limits={"memory_bytes": 1 << 30, "cpu_seconds": 60}).start()
    try:
        started = time.monotonic()
        for i in range(210):
            k = sandbox._launch("ada", "01_principles").connect(timeout=20)
            k.kill()
        seconds = time.monotonic() - started
        last = sandbox.kernel(student="ada", assignment="01_principles", startup_timeout=20)
        try:
            assert _run(last, "print(6 * 7)")[1].strip() == "42"
        finally:
            last.shutdown()
        print(f"210 kernel starts in {seconds:.1f} s")
    finally:
        sandbox.close()


MMAP_ATTACK = ("import mmap\nm = mmap.mmap(-1, 3 << 30)\nfor i in range(0, 3 << 30, 4096):\n    m[i] = 1\n"
               "print('held 3 GiB')")


def test_shared_memory_cannot_pass_the_memory_limit():
    """``mmap.mmap(-1, 3 << 30)`` passed a 2 GiB RLIMIT_DATA (shared mappings do not count);
    the address-space limit refuses it even without a cgroup."""
    require_sandbox()
    sandbox = Sandbox(ROOT, limits={"memory_bytes": 1 << 30, "cpu_seconds": 60}, cgroups=False).start()
    try:
        k = sandbox.kernel(student="ada", assignment="01_principles")
        try:
            res, out = _run(k, MMAP_ATTACK, timeout=60)
            assert "held" not in out and res.status == "error" and res.evalue.startswith("[Errno 12]"), res
        finally:
            k.shutdown()
    finally:
        sandbox.close()


def test_a_kernel_and_its_children_share_one_memory_limit():
    """Processes each under the address-space limit, together over the kernel's memory: the
    kernel's cgroup stops them, counts it, and the kernel itself goes on."""
    require_sandbox()
    sandbox = Sandbox(ROOT, limits={"memory_bytes": 768 << 20, "cpu_seconds": 60}).start()
    try:
        if sandbox.cgroups is None:
            pytest.skip(f"no memory cgroup here: {sandbox.cgroups_note}")
        k = sandbox.kernel(student="ada", assignment="01_principles")
        try:
            res, out = _run(k, "import mmap, os, time\nkids = []\nfor _ in range(3):\n    pid = os.fork()\n"
                               "    if pid == 0:\n        m = mmap.mmap(-1, 400 << 20)\n"
                               "        for i in range(0, 400 << 20, 4096):\n            m[i] = 1\n"
                               "        time.sleep(60)\n        os._exit(0)\n    kids.append(pid)\n"
                               "deadline = time.time() + 40\nstatus = {}\n"
                               "while len(status) < 1 and time.time() < deadline:\n"
                               "    for pid in kids:\n        done, code = os.waitpid(pid, os.WNOHANG)\n"
                               "        if done:\n            status[pid] = code\n    time.sleep(0.2)\n"
                               "print(sorted(code & 0x7f for code in status.values()))", timeout=60)
            killed = ast.literal_eval(out.strip()) if res.status == "ok" else None
            assert killed and set(killed) == {9}, (res, out)          # SIGKILL, from the cgroup's OOM killer
            assert k.oom_kills() >= 1
            assert k.poll() is None, "the kernel itself should survive its child's end"
            groups = [folder for _, folder in k.group.folders.values()]
        finally:
            k.shutdown()
        assert not [g for g in groups if g.exists()], "a kernel's control group outlived it"
        mine = [folder for _, folder in sandbox.cgroups.folders.values()]
    finally:
        sandbox.close()
    assert not [g for g in mine if g.exists()], "the sandbox's control groups outlived it"


def test_a_kernel_cannot_make_user_namespaces(kernel):
    res, out = _run(kernel, "import ctypes, os\npid = os.fork()\nif pid == 0:\n"
                            "    libc = ctypes.CDLL(None, use_errno=True)\n"
                            "    os._exit(0 if libc.unshare(0x10000000) == 0 else ctypes.get_errno())\n"
                            "print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))")
    assert res.status == "ok" and out.strip() not in ("", "0"), out
