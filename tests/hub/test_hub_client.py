"""The load test's scripted student holds a kernel's websocket as JupyterLab does.

Checked against a real Jupyter server on loopback (no hub, no root): a connection that
drops in the middle of a cell is reopened with the same session id and the cell's
reply, which the server buffered meanwhile, still arrives; a kernel that dies fails
the run instead of being waited for; a server that is gone fails it with the drops
named.  Without these, the load test either failed a whole class run on one dropped
connection (as CI saw once) or could hide a kernel that restarted under load.
"""
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

from hub_client import Hub, HubError, KernelSocket, User
from hub_site import hubctl


def _start_server(tmp_path, *extra_args, runtime=None):
    """A Jupyter server on a free loopback port with token auth, a user for it, its process.

    Kernel specs under ``tmp_path/share/kernels`` are found; the server's log is
    ``tmp_path/server.log`` (pytest keeps it for a failure).
    """
    port = hubctl.free_port()
    token = secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime or tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "HOME": str(tmp_path),
           "JUPYTER_PATH": str(tmp_path / "share")}
    with open(tmp_path / "server.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "server", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
             "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
             f"--ServerApp.root_dir={tmp_path}", "--allow-root", *extra_args],
            env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/api/status", headers={"Authorization": f"token {token}"},
                            timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if proc.poll() is not None:
            pytest.fail(f"jupyter server exited with {proc.returncode}")
        time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("jupyter server did not answer within 60 s")
    user = User(Hub(url), "ada", token)
    user.prefix = ""                      # a plain server: no /user/<name> prefix
    return user, proc


def _stop_server(user, proc):
    if proc.poll() is None:               # stop its kernels first: a server stops faster without them
        for kernel in user.server("GET", "/api/kernels", "server:kernel").json():
            user.server("DELETE", f"/api/kernels/{kernel['id']}", "server:kernel")
    proc.terminate()
    try:
        proc.wait(timeout=5)              # longer only while it restarts a kernel that died
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def server(tmp_path):
    user, proc = _start_server(tmp_path)
    try:
        yield user, proc
    finally:
        _stop_server(user, proc)


def _kernel(user, name="python3"):
    reply = user.server("POST", "/api/kernels", "server:kernel", json={"name": name}, expect=(201,))
    return reply.json()["id"]


def _drop_after(kernel, seconds):
    """Cut the socket's TCP connection under it, as a proxy or a ping timeout does."""
    def cut():
        time.sleep(seconds)
        kernel.ws.sock.shutdown(socket.SHUT_RDWR)
    thread = threading.Thread(target=cut, daemon=True)
    thread.start()
    return thread


def test_a_dropped_connection_is_reopened_and_the_reply_is_not_lost(server):
    user, _ = server
    kernel = KernelSocket(user, _kernel(user))
    deadline = time.perf_counter() + 60
    kernel.wait_ready(deadline)
    first_socket = kernel.ws
    cut = _drop_after(kernel, 1.0)
    error = kernel.execute("import time\ntime.sleep(3)\nraise KeyError('after the drop')", deadline)
    cut.join()
    assert kernel.reconnects == 1 and kernel.ws is not first_socket
    assert error == "KeyError"            # the reply was sent while no client was connected: replayed
    assert kernel.execute("x = 6 * 7", deadline) is None
    assert kernel.execute("assert x == 42", deadline) is None, "the reopened socket reached another kernel"
    kernel.close()


def test_a_kernel_that_dies_fails_the_run(server):
    user, _ = server
    kernel = KernelSocket(user, _kernel(user))
    deadline = time.perf_counter() + 60
    kernel.wait_ready(deadline)
    with pytest.raises(HubError, match="restarting|dead"):
        kernel.execute("import os\nos._exit(1)", deadline)
    kernel.close()


def test_a_server_that_is_gone_fails_the_run_with_the_drops_named(server):
    user, proc = server
    kernel = KernelSocket(user, _kernel(user), max_reconnects=1)
    deadline = time.perf_counter() + 60
    kernel.wait_ready(deadline)
    proc.kill()
    proc.wait()
    start = time.perf_counter()
    with pytest.raises(HubError, match="could not be reopened") as caught:
        kernel.execute("1", deadline)
    assert "reconnect 1" in str(caught.value)
    assert time.perf_counter() - start < 30, "it waited for the deadline instead of giving up"


# --- a kernel's TCP port taken by another process (what CI saw under load) ---------------
# This kernel spec, at its first start, has another process take its shell port and keep it
# (as another user's kernel or connection that picked the same free port meanwhile would),
# then starts ipykernel.  Only over TCP is there a port to take.
_PORT_TAKEN = """
import json, subprocess, sys
from pathlib import Path
from ipykernel import kernelapp
connection = json.load(open(sys.argv[sys.argv.index("-f") + 1]))
holder = Path(__file__).with_name("holder.pid")
if connection["transport"] == "tcp" and not holder.exists():
    hold = ("import socket, sys, time; s = socket.socket(); s.bind((sys.argv[1], int(sys.argv[2]))); "
            "s.listen(); print('held', flush=True); time.sleep(300)")
    other = subprocess.Popen([sys.executable, "-c", hold, connection["ip"], str(connection["shell_port"])],
                             stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert other.stdout.readline().strip() == "held"
    holder.write_text(str(other.pid))
kernelapp.launch_new_instance()
"""


def _port_taken_kernelspec(tmp_path):
    spec = tmp_path / "share" / "kernels" / "port-taken"
    spec.mkdir(parents=True)
    (tmp_path / "port_taken.py").write_text(_PORT_TAKEN)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, str(tmp_path / "port_taken.py"), "-f", "{connection_file}"],
        "display_name": "port taken", "language": "python"}))
    return "port-taken"


def _stop_holder(tmp_path):
    holder = tmp_path / "holder.pid"
    if holder.exists():
        try:
            os.kill(int(holder.read_text()), signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_over_tcp_a_kernel_whose_port_is_taken_is_lost_for_good(tmp_path):
    """The failure CI saw: every restart reuses the port that was taken, so the kernel never returns.

    (jupyter_client logs "new random ports" but its port cache hands back the same ones.)
    """
    name = _port_taken_kernelspec(tmp_path)
    user, proc = _start_server(tmp_path, "--KernelManager.transport=tcp", "--KernelRestarter.restart_limit=2")
    try:
        kernel_id = _kernel(user, name)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if user.server("GET", f"/api/kernels/{kernel_id}", "server:kernel",
                           expect=(200, 404)).status_code == 404:
                break
            time.sleep(0.5)
        else:
            pytest.fail("the kernel was neither lost nor removed within 90 s")
        log = (tmp_path / "server.log").read_text()
        taken = re.findall(r"Address already in use \(addr='([^']+)'\)", log)
        assert len(taken) >= 3 and len(set(taken)) == 1, taken      # the start and both restarts
        assert "restart failed" in log
    finally:
        _stop_server(user, proc)
        _stop_holder(tmp_path)


def test_under_the_hub_settings_kernels_use_unix_sockets_and_no_port_can_be_taken(tmp_path):
    name = _port_taken_kernelspec(tmp_path)
    runtime = Path(tempfile.mkdtemp(prefix="rt", dir="/tmp"))    # short, as a home folder's is
    assert hubctl.kernel_server_args(runtime) == ["--KernelManager.transport=ipc"]
    user, proc = _start_server(tmp_path, *hubctl.kernel_server_args(runtime), runtime=runtime)
    try:
        kernel_id = _kernel(user, name)
        kernel = KernelSocket(user, kernel_id)
        deadline = time.perf_counter() + 60
        kernel.wait_ready(deadline)
        assert kernel.execute("x = 6 * 7\nassert x == 42", deadline) is None
        kernel.close()
        connection = json.loads((runtime / f"kernel-{kernel_id}.json").read_text())
        assert connection["transport"] == "ipc"
        sockets = sorted(p.name for p in runtime.glob(f"kernel-{kernel_id}-ipc-*"))
        assert len(sockets) == 5 and all(stat.S_ISSOCK((runtime / s).stat().st_mode) for s in sockets)
    finally:
        _stop_server(user, proc)
        _stop_holder(tmp_path)
        shutil.rmtree(runtime, ignore_errors=True)


def test_kernel_transport_falls_back_to_tcp_where_a_socket_path_would_not_fit():
    """The limit is the operating system's: a path of UNIX_SOCKET_PATH_MAX bytes binds, one more does not."""
    limit = hubctl.UNIX_SOCKET_PATH_MAX
    base = tempfile.mkdtemp(prefix="k", dir="/tmp")
    try:
        for length, binds in ((limit, True), (limit + 1, False)):
            path = base + "/" + "s" * (length - len(base) - 1)
            with socket.socket(socket.AF_UNIX) as unix:
                if binds:
                    unix.bind(path)
                else:
                    with pytest.raises(OSError):
                        unix.bind(path)
        longest_suffix = len(f"/kernel-{'0' * 36}-ipc-99")
        fits = base + "/" + "r" * (limit - longest_suffix - len(base) - 1)
        assert hubctl.kernel_transport(fits) == "ipc"
        assert hubctl.kernel_transport(fits + "r") == "tcp"
        assert hubctl.kernel_server_args(fits + "r") == ["--KernelManager.transport=tcp"]
        assert hubctl.kernel_transport(hubctl.runtime_dir("/home/dh3847s13")) == "ipc"
        # deploy/README.md: a home folder of up to 27 characters (/home/ and 21) gets ipc
        assert hubctl.kernel_transport(hubctl.runtime_dir("/home/" + "u" * 21)) == "ipc"
        assert hubctl.kernel_transport(hubctl.runtime_dir("/home/" + "u" * 22)) == "tcp"
    finally:
        shutil.rmtree(base)


def test_free_port_is_free_below_the_ephemeral_range_and_not_excluded():
    low, _ = hubctl.ephemeral_ports()
    first = hubctl.free_port(rng=random.Random(7))
    assert 10000 <= first < low
    with socket.socket() as s:
        s.bind(("127.0.0.1", first))       # it was free
        assert hubctl.free_port(rng=random.Random(7)) != first, "a port in use was handed out"
    assert hubctl.free_port(exclude={first}, rng=random.Random(7)) != first
    assert hubctl.free_port(rng=random.Random(7)) == first      # free again, same draw


def test_free_port_without_room_below_the_range_lets_the_system_choose_outside_exclude(monkeypatch):
    """The system may return a port it just handed out (let go, not yet bound): it is drawn again."""
    offered = iter([41001, 41002, 41001, 41003])

    class Socket:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def bind(self, address):
            assert address == ("127.0.0.1", 0), address
            self.port = next(offered)

        def getsockname(self):
            return ("127.0.0.1", self.port)

    monkeypatch.setattr(hubctl, "ephemeral_ports", lambda: (10500, 60999))
    monkeypatch.setattr(hubctl.socket, "socket", Socket)
    assert hubctl.free_port(exclude={41001, 41002}) == 41003
    offered = iter([41001] * 1000)
    with pytest.raises(RuntimeError, match="no free loopback port"):
        hubctl.free_port(exclude={41001})


def test_with_port_retries_0_a_jupyter_server_fails_on_a_taken_port(tmp_path):
    """Jupyter moves to the next port when its own is taken (port_retries): the tests' servers and
    the browser test's JupyterLab set it to 0, so a taken port fails loudly instead."""
    user, proc = _start_server(tmp_path)
    try:
        port = int(user.hub.url.rsplit(":", 1)[1])
        second = subprocess.run(
            [sys.executable, "-m", "jupyter", "server", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
             "--ServerApp.port_retries=0", f"--ServerApp.root_dir={tmp_path}", "--allow-root"],
            env={**os.environ, "HOME": str(tmp_path), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime2")},
            capture_output=True, text=True, timeout=60)
        assert second.returncode != 0 and "already in use" in second.stderr
    finally:
        _stop_server(user, proc)
