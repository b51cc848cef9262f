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
    def run_notebook(self, path, timeout_s=180.0, keep_kernel=False):
        """Open ``path`` in a new kernel session and run every code cell, as *Run All* does.

        Returns ``(seconds, errors, session_id)``: ``errors`` lists the ``ename`` of
        failing cells (unsolved problems raise ``NotImplementedError`` by design).
        """
        nb = self.get_notebook(path)
        reply = self.server("POST", "/api/sessions", "server:kernel", expect=(201,),
                            json={"path": path, "type": "notebook", "name": path.rsplit("/", 1)[-1],
                                  "kernel": {"name": "python3"}})
        session = reply.json()
        kernel_id = session["kernel"]["id"]
        ws_url = self.hub.url.replace("http", "ws", 1) + f"{self.prefix}/api/kernels/{kernel_id}/channels"
        start = time.perf_counter()
        errors = []
        ws = websocket.create_connection(ws_url, header=[f"Authorization: token {self.token}"],
                                         timeout=timeout_s)
        try:
            for cell in nb["cells"]:
                if cell["cell_type"] == "code" and cell["source"].strip():
                    ename = _execute(ws, cell["source"], start + timeout_s)
                    if ename:
                        errors.append(ename)
        finally:
            ws.close()
        seconds = time.perf_counter() - start
        if not keep_kernel:
            self.server("DELETE", f"/api/sessions/{session['id']}", "server:kernel", expect=(204,))
        return seconds, errors, session["id"]

    def close_session(self, session_id):
        self.server("DELETE", f"/api/sessions/{session_id}", "server:kernel", expect=(204,))


def _execute(ws, code, deadline):
    """Send one execute_request on an open kernel websocket; return the error name or None."""
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                   "session": uuid.uuid4().hex, "date": "", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": False},
    }))
    error = None
    while time.perf_counter() < deadline:
        frame = ws.recv()
        if isinstance(frame, bytes):          # binary frames carry widget buffers: not ours
            continue
        msg = json.loads(frame)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if msg.get("msg_type") == "error":
            error = msg["content"].get("ename", "error")
        if msg.get("channel") == "shell" and msg.get("msg_type") == "execute_reply":
            if msg["content"].get("status") == "error":
                error = error or msg["content"].get("ename", "error")
            return error
    raise HubError("a cell did not finish before the deadline")


def percentiles(values, points=(50, 95)):
    """``{p: value}`` by linear interpolation between order statistics (numpy's default)."""
    import numpy as np
    if not values:
        return {p: None for p in points}
    return {p: float(np.percentile(np.asarray(values, float), p)) for p in points}
