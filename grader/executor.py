"""Run code in a sandboxed kernel with deadlines and output limits, whatever the code does.

:func:`run` sends one ``execute_request`` and collects the reply and the outputs of that
request only.  It never waits longer than the cell's deadline: on timeout it interrupts the
kernel (``interrupt_request`` on the control channel) and, if the kernel does not come
back within a few seconds (a loop that ignores interrupts), kills it.  Outputs are capped
per cell; a kernel that floods its output channel past the notebook's budget is killed.
The caller (``grader/judge.py``) restarts a dead kernel and replays the cells that ran.
"""
import json
import time
from dataclasses import dataclass, field

import nbformat
import zmq

INTERRUPT_GRACE_S = 5.0
CELL_OUTPUT_BYTES = 1_000_000       # kept per cell; the rest is dropped with a note
NOTEBOOK_OUTPUT_BYTES = 50_000_000  # received per notebook before the kernel is stopped


@dataclass
class Result:
    """What one execution produced."""

    status: str                     # "ok", "error", "timeout", "dead", "flood"
    outputs: list = field(default_factory=list)
    ename: str = ""
    evalue: str = ""
    seconds: float = 0.0
    dropped_bytes: int = 0
    exit_code: int = None
    note: str = ""
    reply: dict = None              # comm_request: the kernel's answer message
    buffers: list = None            # comm_request: its binary frames


def _size(content):
    try:
        return len(json.dumps(content))
    except (TypeError, ValueError):
        return 0


class Budget:
    """Output bytes received so far for one notebook."""

    def __init__(self, limit=NOTEBOOK_OUTPUT_BYTES):
        self.limit = limit
        self.used = 0


def run(kernel, code, *, timeout, budget, silent=False, store_history=True, keep_outputs=True):
    """Execute ``code`` on ``kernel`` (a :class:`grader.sandbox.SandboxKernel`); return a :class:`Result`."""
    kc = kernel.client
    start = time.monotonic()
    if kernel.poll() is not None:
        return Result("dead", exit_code=kernel.exit_code, note="the kernel had already stopped")
    msg_id = kc.execute(code, silent=silent, store_history=store_history, allow_stdin=False, stop_on_error=False)
    outputs, kept = [], [0]
    dropped = 0
    clear_pending = False
    reply = None
    idle = False
    deadline = start + timeout
    interrupted_at = None
    poller = zmq.Poller()
    poller.register(kc.iopub_channel.socket, zmq.POLLIN)
    poller.register(kc.shell_channel.socket, zmq.POLLIN)
    poller.register(kernel.fileno(), zmq.POLLIN)

    def add(out, nbytes):
        nonlocal dropped, clear_pending
        if clear_pending:
            outputs.clear()
            kept[0] = 0
            clear_pending = False
        if not keep_outputs:
            return
        if kept[0] + nbytes > CELL_OUTPUT_BYTES:
            dropped += nbytes
            return
        kept[0] += nbytes
        if out.output_type == "stream" and outputs and outputs[-1].output_type == "stream" \
                and outputs[-1].name == out.name:
            outputs[-1].text += out.text
        else:
            outputs.append(out)

    while not (idle and reply is not None):
        now = time.monotonic()
        if interrupted_at is None and now > deadline:
            kernel.interrupt()
            interrupted_at = now
        if interrupted_at is not None and now > interrupted_at + INTERRUPT_GRACE_S:
            kernel.kill()
            return Result("timeout", outputs, seconds=now - start, dropped_bytes=dropped,
                          exit_code=kernel.exit_code,
                          note=f"did not finish within {timeout:g} s and ignored the interrupt; the kernel was stopped")
        events = dict(poller.poll(100))
        if kernel.fileno() in events and kernel.poll() is not None:
            return Result("dead", outputs, seconds=time.monotonic() - start, dropped_bytes=dropped,
                          exit_code=kernel.exit_code, note=_death_note(kernel.exit_code, _oom_kills(kernel)))
        while kc.iopub_channel.msg_ready():
            msg = kc.iopub_channel.get_msg(timeout=0)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status":
                idle = idle or content.get("execution_state") == "idle"
                continue
            nbytes = _size(content)
            budget.used += nbytes
            if budget.used > budget.limit:
                kernel.kill()
                return Result("flood", outputs, seconds=time.monotonic() - start, dropped_bytes=dropped + nbytes,
                              exit_code=kernel.exit_code,
                              note=f"printed more than {budget.limit // 1_000_000} MB; the kernel was stopped")
            if kind == "clear_output":
                if content.get("wait"):
                    clear_pending = True
                else:
                    outputs.clear()
                    kept[0] = 0
                continue
            if kind in ("stream", "display_data", "execute_result", "error"):
                try:
                    add(nbformat.v4.output_from_msg(msg), nbytes)
                except (ValueError, KeyError):
                    continue
        while kc.shell_channel.msg_ready():
            msg = kc.shell_channel.get_msg(timeout=0)
            if msg["parent_header"].get("msg_id") == msg_id:
                reply = msg["content"]
    seconds = time.monotonic() - start
    if interrupted_at is not None:
        return Result("timeout", outputs, "CellTimeoutError", f"did not finish within {timeout:g} s",
                      seconds, dropped, note=f"did not finish within {timeout:g} s and was interrupted")
    status = "error" if reply.get("status") == "error" else "ok"
    return Result(status, outputs, str(reply.get("ename", "")), str(reply.get("evalue", "")), seconds, dropped)


MEMORY_NOTE = "the kernel went over its memory limit and was stopped"


def _oom_kills(kernel):
    counter = getattr(kernel, "oom_kills", None)
    return counter() if counter is not None else 0


def _death_note(code, oom_kills=0):
    if code == 128 + 9 and oom_kills:
        return MEMORY_NOTE
    if code == 128 + 24:
        return "the kernel reached its CPU-time limit and was stopped"
    if code == 128 + 9:
        return "the kernel was killed (out of memory, or stopped by the grader)"
    if code == 128 + 11:
        return "the kernel crashed (segmentation fault)"
    if code is not None and code >= 0:
        return f"the kernel exited (status {code})"
    return "the kernel died"


def comm_request(kernel, comm_id, data, buffers, *, timeout, budget):
    """Send one ``comm_msg`` to the kernel's answer comm and wait for its reply (see helpers.wire.install_comm).

    Like :func:`run`, never waits past ``timeout`` (interrupt, then kill); whatever the
    student's code prints meanwhile is counted against the output budget and discarded.
    """
    kc = kernel.client
    start = time.monotonic()
    if kernel.poll() is not None:
        return Result("dead", exit_code=kernel.exit_code, note="the kernel had already stopped")
    sent = kc.session.send(kc.shell_channel.socket, "comm_msg", {"comm_id": comm_id, "data": data},
                           buffers=buffers or None)
    msg_id = sent["header"]["msg_id"]
    reply = reply_buffers = None
    idle = False
    deadline = start + timeout
    interrupted_at = None
    poller = zmq.Poller()
    poller.register(kc.iopub_channel.socket, zmq.POLLIN)
    poller.register(kernel.fileno(), zmq.POLLIN)
    while not idle:
        now = time.monotonic()
        if interrupted_at is None and now > deadline:
            kernel.interrupt()
            interrupted_at = now
        if interrupted_at is not None and now > interrupted_at + INTERRUPT_GRACE_S:
            kernel.kill()
            return Result("timeout", seconds=now - start, exit_code=kernel.exit_code,
                          note=f"did not finish within {timeout:g} s and ignored the interrupt; the kernel was stopped")
        events = dict(poller.poll(100))
        if kernel.fileno() in events and kernel.poll() is not None:
            return Result("dead", seconds=time.monotonic() - start, exit_code=kernel.exit_code,
                          note=_death_note(kernel.exit_code, _oom_kills(kernel)))
        while kc.iopub_channel.msg_ready():
            msg = kc.iopub_channel.get_msg(timeout=0)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status":
                idle = idle or content.get("execution_state") == "idle"
                continue
            nbytes = _size(content) + sum(len(b) for b in msg.get("buffers") or [])
            budget.used += nbytes
            if budget.used > budget.limit:
                kernel.kill()
                return Result("flood", seconds=time.monotonic() - start, exit_code=kernel.exit_code,
                              note=f"printed more than {budget.limit // 1_000_000} MB; the kernel was stopped")
            if kind == "comm_msg" and content.get("comm_id") == comm_id and reply is None:
                reply, reply_buffers = content.get("data"), list(msg.get("buffers") or [])
    seconds = time.monotonic() - start
    if interrupted_at is not None:
        return Result("timeout", seconds=seconds, note=f"did not finish within {timeout:g} s and was interrupted")
    return Result("ok", seconds=seconds, reply=reply, buffers=reply_buffers)


def open_comm(kernel, target, *, timeout, budget):
    """Open a comm with ``target`` in the kernel; return its id, or None if the kernel did not take it."""
    import uuid
    kc = kernel.client
    comm_id = uuid.uuid4().hex
    sent = kc.session.send(kc.shell_channel.socket, "comm_open",
                           {"comm_id": comm_id, "target_name": target, "data": {}})
    msg_id = sent["header"]["msg_id"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if kernel.poll() is not None:
            return None
        try:
            msg = kc.iopub_channel.get_msg(timeout=0.1)
        except Exception:  # noqa: BLE001 - queue.Empty
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "comm_close":
            return None
        if msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle":
            return comm_id
    return None
