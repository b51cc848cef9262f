"""The pre-warmed kernels that grading forks (tools/warm_kernel.py) behave like ordinary kernels.

Each test runs real notebooks through the kernelspec nbgrader would find, against a
real fork server: fresh processes, the notebook's own directory and environment,
interrupts that work, no orphans when a client is killed, and a cold-kernel fallback
when the server is gone.
"""
import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

from course_utils import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import warm_kernel  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("warm")
    short = os.path.join("/tmp", f"dwk-{os.getpid()}")       # Unix socket paths must be short
    os.makedirs(short, exist_ok=True)
    sock = os.path.join(short, "k.sock")
    jupyter_dir = str(base / "jupyter")
    warm_kernel.write_kernelspec(jupyter_dir)
    proc = warm_kernel.start_server(sock, log=str(base / "server.log"))
    yield {"socket": sock, "jupyter": jupyter_dir, "proc": proc, "base": base}
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture
def warm_env(server, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", server["jupyter"])
    monkeypatch.setenv(warm_kernel.ENV_SOCKET, server["socket"])
    return server


def run(cells, cwd, timeout=30, **kwargs):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(cwd)}}, **kwargs)
    client.execute()
    return nb


def text(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_kernelspec_is_found_first_through_jupyter_path(warm_env):
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.argv[2].endswith("warm_kernel.py") and spec.argv[3] == "client"


def test_warm_kernel_runs_in_the_notebook_directory_with_its_environment(warm_env, tmp_path, monkeypatch):
    monkeypatch.setenv("DYSTONIA_TEST_MARK", "seen")
    (tmp_path / "data.txt").write_text("42")
    nb = run(["import os, sys\nprint(os.getcwd())\nprint(os.environ.get('DYSTONIA_TEST_MARK'))",
              "print(open('data.txt').read())",
              "print('numpy' in sys.modules, 'helpers.grading' in sys.modules)",   # imported before the fork
              "import helpers, numpy as np\nprint(round(float(np.sum(np.arange(4))), 1))",
              "print(os.getppid() != os.getpid(), os.getpid())"], tmp_path)
    lines = text(nb.cells[0]).split()
    assert os.path.realpath(lines[0]) == os.path.realpath(tmp_path)
    assert lines[1] == "seen"
    assert text(nb.cells[1]).strip() == "42"
    assert text(nb.cells[2]).split() == ["True", "True"]
    assert text(nb.cells[3]).strip() == "6.0"
    pid_a = text(nb.cells[4]).split()[1]
    pid_b = text(run(["import os; print(os.getpid())"], tmp_path).cells[0]).strip()
    assert pid_a != pid_b, "every notebook must get its own process"


def test_state_does_not_leak_between_kernels(warm_env, tmp_path):
    run(["import numpy as np\nnp.isclose = lambda *a, **k: True\nimport builtins\nbuiltins.LEAK = 1"], tmp_path)
    nb = run(["import numpy as np, builtins\nprint(bool(np.isclose(1.0, 2.0)), hasattr(builtins, 'LEAK'))"], tmp_path)
    assert text(nb.cells[0]).split() == ["False", "False"]


def test_timeout_interrupts_the_cell_and_the_kernel_survives(warm_env, tmp_path):
    nb = run(["while True:\n    pass", "print('alive')"], tmp_path, timeout=3, interrupt_on_timeout=True)
    errors = [o for o in nb.cells[0].outputs if o.output_type == "error"]
    assert errors and errors[0].ename == "KeyboardInterrupt"
    assert text(nb.cells[1]).strip() == "alive"


def test_killing_the_client_kills_the_kernel(warm_env, tmp_path):
    from jupyter_client import KernelManager
    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(tmp_path))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=30)
    kc.execute("import os; open('pid.txt', 'w').write(str(os.getpid()))")
    kc.get_shell_msg(timeout=30)
    kernel_pid = int((tmp_path / "pid.txt").read_text())
    kc.stop_channels()
    try:
        os.kill(km.provisioner.process.pid, signal.SIGKILL)      # what a hard kill of "the kernel" does
        km.provisioner.process.wait(timeout=10)
        deadline = time.time() + 10
        while warm_kernel._alive(kernel_pid):
            if time.time() > deadline:
                pytest.fail("the forked kernel outlived its client")
            time.sleep(0.1)
    finally:
        km.shutdown_kernel(now=True)


def test_a_kernel_that_exits_reports_a_dead_kernel(warm_env, tmp_path):
    from nbclient.exceptions import DeadKernelError
    with pytest.raises(DeadKernelError):
        run(["import os\nos._exit(3)", "print('never')"], tmp_path, timeout=10)


def test_without_a_server_the_client_falls_back_to_a_cold_kernel(server, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", server["jupyter"])
    monkeypatch.setenv(warm_kernel.ENV_SOCKET, str(tmp_path / "missing.sock"))
    nb = run(["import sys\nprint('helpers.grading' in sys.modules)", "print(1 + 1)"], tmp_path)
    assert text(nb.cells[0]).strip() == "False"                  # a fresh interpreter: nothing pre-imported
    assert text(nb.cells[1]).strip() == "2"


def test_a_kernel_that_kills_the_server_costs_speed_not_correctness(server, tmp_path, monkeypatch):
    short = os.path.join("/tmp", f"dwk2-{os.getpid()}")
    os.makedirs(short, exist_ok=True)
    sock = os.path.join(short, "k.sock")
    proc = warm_kernel.start_server(sock)
    monkeypatch.setenv("JUPYTER_PATH", server["jupyter"])
    monkeypatch.setenv(warm_kernel.ENV_SOCKET, sock)
    try:
        run(["import os, signal\nos.kill(os.getppid(), signal.SIGKILL)", "print('still here')"], tmp_path)
        proc.wait(timeout=10)
        nb = run(["print(6 * 7)"], tmp_path)
        assert text(nb.cells[0]).strip() == "42"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_cli_usage_error():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "warm_kernel.py")], capture_output=True, text=True)
    assert proc.returncode != 0 and "usage" in proc.stderr


def test_sliced_polling_keeps_messages_and_timeouts():
    """grade_worker's workaround for nbclient#312: same replies, same Empty after the timeout."""
    import asyncio
    from queue import Empty

    import grade_worker
    from jupyter_client import AsyncKernelManager

    grade_worker.poll_in_slices()
    grade_worker.poll_in_slices()            # idempotent

    async def scenario():
        km = AsyncKernelManager(kernel_name="python3")
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            msg_id = kc.kernel_info()
            reply = await kc.shell_channel.get_msg(timeout=30)
            assert reply["parent_header"]["msg_id"] == msg_id
            assert reply["msg_type"] == "kernel_info_reply"
            start = time.monotonic()
            with pytest.raises(Empty):
                await kc.shell_channel.get_msg(timeout=1.2)   # nothing was asked: must time out
            assert 1.1 <= time.monotonic() - start < 5
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    asyncio.run(scenario())


@pytest.mark.parametrize("warm", [True, False])
def test_grading_kernels_run_figures_without_rasterising_them(server, tmp_path, monkeypatch, warm):
    jupyter_dir = str(tmp_path / "jupyter")
    warm_kernel.write_kernelspec(jupyter_dir, warm=warm, extra_argv=warm_kernel.NO_FIGURES)
    monkeypatch.setenv("JUPYTER_PATH", jupyter_dir)
    monkeypatch.setenv(warm_kernel.ENV_SOCKET, server["socket"])
    nb = run(["%matplotlib inline\nimport matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([1, 2, 3])\nplt.show()",
              "from helpers.explorers import emg\nemg.make_cocontraction_explorer()",
              "print(fig.axes[0].lines[0].get_ydata().tolist())"], tmp_path)
    outputs = [o for cell in nb.cells for o in cell.outputs]
    assert not any(o.output_type == "error" for o in outputs)
    assert not any("image/png" in o.get("data", {}) for o in outputs)
    assert any("<Figure size" in o.get("data", {}).get("text/plain", "") for o in nb.cells[0].outputs)
    assert text(nb.cells[2]).strip() == "[1, 2, 3]"


def test_server_exits_when_the_grading_run_that_started_it_dies(tmp_path):
    short = os.path.join("/tmp", f"dwk3-{os.getpid()}")
    os.makedirs(short, exist_ok=True)
    sock = os.path.join(short, "k.sock")
    starter = ("import sys; sys.path.insert(0, sys.argv[1]); import warm_kernel; "
               "print(warm_kernel.start_server(sys.argv[2]).pid, flush=True)")      # then exits at once
    out = subprocess.run([sys.executable, "-c", starter, str(ROOT / "tools"), sock],
                         capture_output=True, text=True, timeout=120)
    server_pid = int(out.stdout.strip())
    deadline = time.time() + 10
    while warm_kernel._alive(server_pid):
        if time.time() > deadline:
            os.kill(server_pid, signal.SIGKILL)
            pytest.fail("the warm-kernel server outlived the process that started it")
        time.sleep(0.1)
    assert not os.path.exists(sock)
