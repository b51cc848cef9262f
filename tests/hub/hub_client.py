"""A scripted browser-less student (or instructor) for the course's JupyterHub.

Everything goes through the hub's public address, as a browser's requests would:
the hub's REST API to log in (``POST /hub/api/users/<name>/tokens`` with the Unix
password, checked by PAM) and to start a server; then the user's own server
through the proxy: the contents API to open and save notebooks, a kernel over a
websocket to run one, and nbgrader's Assignment List endpoints
(``/user/<name>/assignments/fetch`` ...) to fetch, submit and fetch feedback,
exactly the calls the Assignment List panel makes.  Every request is timed under
a category, for the load test's percentiles.
"""
import json
import re
import threading
import time
import uuid
from collections import defaultdict

import requests
import websocket

COURSE_ID = "dystonia"


class HubError(RuntimeError):
    pass


class Hub:
    """The hub at ``url``; ``timings[category]`` collects the seconds of every request."""

    def __init__(self, url, request_timeout_s=60.0):
        self.url = url.rstrip("/")
        self.timeout = request_timeout_s
        self.timings = defaultdict(list)
        self.statuses = defaultdict(int)
        self._lock = threading.Lock()

    def request(self, method, path, category, *, token=None, expect=None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"token {token}"
        start = time.perf_counter()
        reply = requests.request(method, self.url + path, headers=headers, timeout=self.timeout,
                                 allow_redirects=False, **kwargs)
        elapsed = time.perf_counter() - start
        with self._lock:
            self.timings[category].append(elapsed)
            self.statuses[(category, reply.status_code)] += 1
        if expect is not None and reply.status_code not in expect:
            raise HubError(f"{method} {path} -> {reply.status_code}: {reply.text[:500]}")
        return reply

    def login(self, name, password):
        """Log in with the Unix password: a token for ``name`` (the REST equivalent of the login form)."""
        reply = self.request("POST", f"/hub/api/users/{name}/tokens", "hub:login",
                             json={"auth": {"username": name, "password": password},
                                   "note": "dystonia hub test", "expires_in": 3600}, expect=(200, 201))
        return User(self, name, reply.json()["token"])


class User:
    """One logged-in user: their token, their server, their files."""

    def __init__(self, hub, name, token):
        self.hub, self.name, self.token = hub, name, token
        self.prefix = f"/user/{name}"

    # --- the hub -------------------------------------------------------------------
    def hub_api(self, method, path, category="hub:api", **kwargs):
        return self.hub.request(method, f"/hub/api{path}", category, token=self.token, **kwargs)

    def start_server(self, timeout_s=120.0):
        """Ask for a server (retrying while the hub is at its spawn limit); wait until ready.

        Returns the seconds from the first request to a ready server.
        """
        start = time.perf_counter()
        deadline = start + timeout_s
        while True:
            # a long poll (the hub answers when the server is up, or after 10 s): not a response time
            reply = self.hub_api("POST", f"/users/{self.name}/server", "spawn:request")
            if reply.status_code in (201, 202, 400):      # 400: already running
                break
            if reply.status_code == 429 and time.perf_counter() < deadline:
                time.sleep(float(reply.headers.get("Retry-After", "1")))
                continue
            raise HubError(f"spawn for {self.name} -> {reply.status_code}: {reply.text[:300]}")
        gone = 0
        while time.perf_counter() < deadline:
            model = self.hub_api("GET", f"/users/{self.name}", "hub:api", expect=(200,)).json()
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return time.perf_counter() - start
            gone = gone + 1 if not server and not model.get("pending") else 0
            if gone >= 3:                 # neither starting nor started: the hub gave the spawn up
                raise HubError(f"the hub stopped starting the server of {self.name} after "
                               f"{time.perf_counter() - start:.0f} s (see its log)")
            time.sleep(0.25)
        raise HubError(f"the server of {self.name} was not ready within {timeout_s} s")

    def stop_server(self):
        self.hub_api("DELETE", f"/users/{self.name}/server", "spawn:request", expect=(202, 204))

    # --- the user's server, through the proxy ----------------------------------------
    def server(self, method, path, category="server:api", **kwargs):
        return self.hub.request(method, self.prefix + path, category, token=self.token, **kwargs)

    def list_dir(self, path=""):
        reply = self.server("GET", f"/api/contents/{path}", "server:contents", expect=(200,))
        return sorted(item["name"] for item in reply.json()["content"])

    def get_notebook(self, path):
        reply = self.server("GET", f"/api/contents/{path}", "server:contents",
                            params={"type": "notebook", "content": "1"}, expect=(200,))
        return reply.json()["content"]

    def put_notebook(self, path, nb):
        self.server("PUT", f"/api/contents/{path}", "server:contents",
                    json={"type": "notebook", "format": "json", "content": nb}, expect=(200, 201))

    def assignments(self):
        reply = self.server("GET", "/assignments", "server:nbgrader", params={"course_id": COURSE_ID},
                            expect=(200,))
        body = reply.json()
        if not body.get("success"):
            raise HubError(f"assignment list for {self.name} failed: {body.get('value')}")
        return body["value"]

    def _action(self, action, assignment):
        reply = self.server("POST", f"/assignments/{action}", "server:nbgrader",
                            data={"course_id": COURSE_ID, "assignment_id": assignment}, expect=(200,))
        body = reply.json()
        if not body.get("success"):
            raise HubError(f"{action} {assignment} for {self.name} failed: {body.get('value')}")
        return body["value"]

    def fetch(self, assignment):
        listing = self._action("fetch", assignment)
        if not any(a["assignment_id"] == assignment and a["status"] == "fetched" for a in listing):
            raise HubError(f"{self.name} could not fetch {assignment}: {listing}")
        return listing

    def submit(self, assignment):
        return self._action("submit", assignment)

    def fetch_feedback(self, assignment):
        return self._action("fetch_feedback", assignment)

    # --- running a notebook ---------------------------------------------------------
    def run_notebook(self, path, timeout_s=180.0, keep_kernel=False, progress=None):
        """Open ``path`` in a new kernel session and run every code cell, as *Run All* does.

        Returns ``(seconds, errors, session_id, reconnects)``: ``errors`` lists the
        ``ename`` of failing cells (unsolved problems raise ``NotImplementedError`` by
        design); ``reconnects`` counts the times the kernel's websocket dropped and was
        opened again (JupyterLab does the same, see ``KernelSocket``).  ``progress``, a
        dict if given, holds the kernel's id, the cells run so far and the dropped
        connections, also when the run fails.
        """
        progress = {} if progress is None else progress
        nb = self.get_notebook(path)
        reply = self.server("POST", "/api/sessions", "server:kernel", expect=(201,),
                            json={"path": path, "type": "notebook", "name": path.rsplit("/", 1)[-1],
                                  "kernel": {"name": "python3"}})
        session = reply.json()
        start = time.perf_counter()
        deadline = start + timeout_s
        errors = []
        kernel = KernelSocket(self, session["kernel"]["id"])
        progress.update(kernel_id=kernel.kernel_id, cells_run=0, drops=kernel.drops)
        try:
            kernel.wait_ready(deadline)
            for cell in nb["cells"]:
                if cell["cell_type"] == "code" and cell["source"].strip():
                    ename = kernel.execute(cell["source"], deadline)
                    progress["cells_run"] += 1
                    if ename:
                        errors.append(ename)
        finally:
            kernel.close()
        seconds = time.perf_counter() - start
        if not keep_kernel:
            self.server("DELETE", f"/api/sessions/{session['id']}", "server:kernel", expect=(204,))
        return seconds, errors, session["id"], kernel.reconnects

    def close_session(self, session_id):
        self.server("DELETE", f"/api/sessions/{session_id}", "server:kernel", expect=(204,))


# a websocket that ended without a close handshake, or whose TCP connection was reset
_DROPPED = (websocket.WebSocketConnectionClosedException, ConnectionResetError, BrokenPipeError)


class KernelSocket:
    """A kernel's websocket held as JupyterLab holds it.

    One client session id for the whole visit (``?session_id=``, also the ``session``
    of every message header).  When the connection drops, the socket is opened again
    with the same id, up to ``max_reconnects`` times: jupyter_server buffers what the
    kernel sends while no client is connected and replays it to the same session id,
    so a reply is not lost.  A kernel is used only after it answered a
    ``kernel_info_request`` over this socket, as JupyterLab waits for it: before
    that, the server may still drop the connection while it waits for the kernel
    (jupyter_server closes a kernel websocket whose kernel has not answered within
    ``kernel_info_timeout``), and a cell sent then would never reach the kernel.
    A kernel that restarts or dies fails the run.
    """

    def __init__(self, user, kernel_id, max_reconnects=3):
        self.user, self.kernel_id = user, kernel_id
        self.session_id = uuid.uuid4().hex
        self.url = (user.hub.url.replace("http", "ws", 1)
                    + f"{user.prefix}/api/kernels/{kernel_id}/channels?session_id={self.session_id}")
        self.max_reconnects = max_reconnects
        self.reconnects = 0
        self.drops = []
        self.ws = None

    def _open(self, deadline):
        self.ws = websocket.create_connection(
            self.url, header=[f"Authorization: token {self.user.token}"],
            timeout=max(1.0, deadline - time.perf_counter()))

    def _reopen(self, exc, deadline):
        self.drops.append(f"{type(exc).__name__}: {exc}")
        while self.reconnects < self.max_reconnects and time.perf_counter() < deadline:
            time.sleep(2 ** self.reconnects)          # 1, 2, 4 s, as a browser backs off
            self.reconnects += 1
            try:
                self._open(deadline)
                return
            except (websocket.WebSocketException, OSError) as again:   # a refused handshake too
                self.drops.append(f"reconnect {self.reconnects}: {type(again).__name__}: {again}")
        raise HubError(f"the kernel websocket of {self.user.name} dropped and could not be reopened: "
                       + "; ".join(self.drops))

    def _send(self, msg_type, content, channel="shell"):
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": self.user.name,
                       "session": self.session_id, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": channel, "buffers": [], "content": content}))
        return msg_id

    def _messages(self, deadline):
        """Messages from the kernel until ``deadline``; after reopening a dropped connection, ``None``."""
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise HubError(f"a cell of {self.user.name} did not finish before the deadline"
                               + (f" (after dropped connections: {'; '.join(self.drops)})" if self.drops else ""))
            try:
                self.ws.settimeout(remaining)
                frame = self.ws.recv()
            except _DROPPED as exc:
                self._reopen(exc, deadline)
                yield None
                continue
            if isinstance(frame, bytes):          # binary frames carry widget buffers: not ours
                continue
            msg = json.loads(frame)
            if msg.get("msg_type") == "status" and msg["content"].get("execution_state") in ("restarting", "dead"):
                raise HubError(f"the kernel of {self.user.name} is {msg['content']['execution_state']}")
            yield msg

    def wait_ready(self, deadline):
        """Open the socket and wait until the kernel answers a ``kernel_info_request`` over it."""
        try:
            self._open(deadline)
        except _DROPPED as exc:
            self._reopen(exc, deadline)
        while True:
            msg_id = self._send("kernel_info_request", {})
            for msg in self._messages(deadline):
                if msg is None:                   # dropped before the reply: ask again on the new socket
                    break
                if msg.get("parent_header", {}).get("msg_id") == msg_id and msg.get("msg_type") == "kernel_info_reply":
                    return

    def execute(self, code, deadline):
        """Run ``code``; return the error name or None."""
        msg_id = self._send("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": False})
        error = None
        for msg in self._messages(deadline):
            if msg is None or msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue                          # a reopened socket: the server replays what was missed
            if msg.get("msg_type") == "error":
                error = msg["content"].get("ename", "error")
            if msg.get("channel") == "shell" and msg.get("msg_type") == "execute_reply":
                if msg["content"].get("status") == "error":
                    error = error or msg["content"].get("ename", "error")
                return error

    def close(self):
        if self.ws is not None:
            self.ws.close()


class Terminal:
    """A JupyterLab terminal (*File > New > Terminal*) of a server reached at ``prefix`` through the
    hub (``/user/<name>`` or ``/services/<service>``), typed into as a person would.

    ``run`` sends one command line followed by a marker that prints its exit status, and waits
    until the marker comes back: the shell, its start-up files and its ``PATH`` are the
    terminal's own.  A thread reads the websocket all along, as a browser does, so the
    server's pings are answered while a long command runs or the terminal sits idle (an
    unanswered ping closes it after 90 s).
    """

    def __init__(self, hub, prefix, token, timeout_s=60.0):
        self.hub, self.prefix, self.token = hub, prefix.rstrip("/"), token
        reply = hub.request("POST", f"{self.prefix}/api/terminals", "terminal:open", token=token, expect=(200,))
        self.name = reply.json()["name"]
        self.ws = websocket.create_connection(
            hub.url.replace("http", "ws", 1) + f"{self.prefix}/terminals/websocket/{self.name}",
            header=[f"Authorization: token {token}"], timeout=timeout_s, enable_multithread=True)
        self.ws.settimeout(None)
        self.ws.send(json.dumps(["set_size", 50, 200]))
        self.output = []
        self.closed = None
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        while True:
            try:
                frame = self.ws.recv()
                message = json.loads(frame) if frame else ["disconnect", "closed"]
            except (websocket.WebSocketException, OSError, ValueError) as exc:
                message = ["disconnect", f"{type(exc).__name__}: {exc}"]
            with self._changed:
                if message[0] == "stdout":
                    self.output.append(message[1])
                elif message[0] == "disconnect":
                    self.closed = str(message[1:])
                self._changed.notify_all()
            if self.closed:
                return

    def run(self, command, timeout_s=120.0):
        """Type ``command`` and Enter; return ``(exit status, what the terminal showed meanwhile)``."""
        marker = uuid.uuid4().hex[:12]
        pattern = re.compile(re.escape(marker) + r"=(\d+)=")
        with self._changed:
            start = len(self.output)
        self.ws.send(json.dumps(["stdin", f"{command}; echo \"{marker}=$?=\"\r"]))
        deadline = time.perf_counter() + timeout_s
        with self._changed:
            while True:
                text = "".join(self.output[start:])
                found = pattern.search(text)
                if found:
                    return int(found.group(1)), _plain(text[:found.start()])
                if self.closed:
                    raise HubError(f"the terminal closed ({self.closed}) while running `{command}`:\n"
                                   + _plain(text)[-3000:])
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise HubError(f"`{command}` did not finish in the terminal within {timeout_s} s:\n"
                                   + _plain(text)[-3000:])
                self._changed.wait(min(remaining, 5.0))

    def close(self):
        try:
            self.ws.close()
        finally:
            self.hub.request("DELETE", f"{self.prefix}/api/terminals/{self.name}", "terminal:close",
                             token=self.token)
            self._reader.join(5)


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


def _plain(text):
    """Terminal output without colour and cursor codes or carriage returns."""
    return _ANSI.sub("", text)


def percentiles(values, points=(50, 95)):
    """``{p: value}`` by linear interpolation between order statistics (numpy's default)."""
    import numpy as np
    if not values:
        return {p: None for p in points}
    return {p: float(np.percentile(np.asarray(values, float), p)) for p in points}
