"""The load test's scripted student holds a kernel's websocket as JupyterLab does.

Checked against a real Jupyter server on loopback (no hub, no root): a connection that
drops in the middle of a cell is reopened with the same session id and the cell's
reply, which the server buffered meanwhile, still arrives; a kernel that dies fails
the run instead of being waited for; a server that is gone fails it with the drops
named.  Without these, the load test either failed a whole class run on one dropped
connection (as CI saw once) or could hide a kernel that restarted under load.
"""
import os
import secrets
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests

from hub_client import Hub, HubError, KernelSocket, User
from hub_site import hubctl


@pytest.fixture
def server(tmp_path):
    """A Jupyter server on a free loopback port with token auth, and a user for it."""
    port = hubctl.free_port()
    token = secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "HOME": str(tmp_path)}
    with open(tmp_path / "server.log", "wb") as log:    # kept by pytest's tmp_path for a failure
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "server", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path}", "--allow-root"],
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
    try:
        yield user, proc
    finally:
        if proc.poll() is None:           # stop its kernels first: a server stops faster without them
            for kernel in user.server("GET", "/api/kernels", "server:kernel").json():
                user.server("DELETE", f"/api/kernels/{kernel['id']}", "server:kernel")
        proc.terminate()
        try:
            proc.wait(timeout=5)          # longer only while it restarts a kernel that died
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _kernel(user):
    reply = user.server("POST", "/api/kernels", "server:kernel", json={"name": "python3"}, expect=(201,))
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
