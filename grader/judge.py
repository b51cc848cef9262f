"""The grader's side of autograding: run a notebook in a sandboxed kernel, judge its test cells here.

:class:`NotebookJudge` executes a submitted notebook cell by cell.  Ordinary cells (the
student's answers, the chapter's narrative code) run in an isolated kernel
(:mod:`grader.sandbox`).  Test cells never do: their source, taken from the gradebook (never
from the submission), runs in this process, which never runs student code.  When a check
asks for the student's answer (``G.call`` / ``G.value``, :mod:`helpers.grading`), the judge
sends the kernel a request and receives plain data (:mod:`helpers.wire`).  Expected values,
tolerances and hidden checks therefore exist only here.

The judge then writes each test cell's outputs itself (one line per part, ✓ or ✗ with its
hint; a partial score as nbgrader's numeric ``execute_result``; an error output when the cell
earns nothing), so nothing the student's code printed while a check called it reaches the
graded notebook.  A kernel that dies, times out without answering or floods its output is
restarted and the cells that had run are replayed, so a crash costs only the cell that
caused it; every such event is recorded for the instructor's report.
"""
import contextlib
import io
import json
import time
import traceback
import warnings

import nbformat

from helpers import grading as G
from helpers import wire

from . import executor

MAX_RESTARTS = 3
KERNEL_START_S = 60         # a kernel that does not answer within this is given up
SETUP_S = 20                # the answer channel's set-up in a fresh kernel (two requests, 10 s each)
DISPLAY_ONLY = "display-only"   # tag: the cell only draws (figure, explorer); graders and Validate skip it
SCIENCE_MODULES = None      # filled lazily from helpers.MODULES


_PRELUDE = {}


def prelude_namespace():
    """The names a test cell may use: numpy, scipy's common modules, ``G`` and every helpers module.

    A fresh dict each time (test cells define names in it); the imports happen once per process.
    """
    if not _PRELUDE:
        _PRELUDE.update(_build_prelude())
    return dict(_PRELUDE)


def _build_prelude():
    import importlib

    import numpy as np
    import scipy
    from scipy import integrate, optimize, signal, special, stats

    import helpers
    ns = {"__name__": "__check__", "np": np, "scipy": scipy, "signal": signal, "stats": stats,
          "optimize": optimize, "special": special, "integrate": integrate, "helpers": helpers, "G": G}
    for name in helpers.MODULES:
        if name in ("plots", "explorers"):
            continue
        ns[name] = importlib.import_module(f"helpers.{name}")
    return ns


def worst_case_seconds(notebook_timeout):
    """The longest :meth:`NotebookJudge.run` can take on one notebook, whatever the notebook does.

    Every cell, replay and check call counts against ``notebook_timeout``; past it, only the
    last cell's overrun (one second, plus the grace an interrupted cell gets before its kernel
    is killed) and a kernel start that began just before the deadline can add to it.  A
    grading worker gives each notebook this long (plus nbgrader's own work) before it is
    declared hung, so no submission that keeps to its limits is ever cut short.
    """
    return float(notebook_timeout) + 1.0 + executor.INTERRUPT_GRACE_S + KERNEL_START_S + SETUP_S


def is_test_cell(cell):
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _stream(text, name="stdout"):
    return nbformat.v4.new_output("stream", name=name, text=text)


def judge_source(source, grade_id, points, backend, namespace, on_error=None):
    """Run one test cell's source here with ``backend`` answering ``G.call``/``G.value``; return its verdict.

    The verdict is a dict: ``score`` (out of ``points``; the weighted fraction of parts that
    passed, or 0 if a check outside any part failed), ``parts`` (title, weight, passed,
    message, hint_id), ``failure`` (message and hint_id, or None), ``hidden``, ``calls``.
    """
    started = time.monotonic()
    record = G._begin_cell(grade_id, "BEGIN HIDDEN TESTS" in source)
    G._use_backend(backend)
    failure = None
    sink = io.StringIO()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(source, f"<check {grade_id}>", "exec"), namespace)
    except G.GradingFailure as exc:
        failure = {"message": str(exc), "hint_id": exc.hint_id}
    except Exception as exc:  # noqa: BLE001 - a check that cannot use the answer earns nothing
        failure = {"message": G._unusable_message(exc), "hint_id": G._unusable_hint(exc)}
        if on_error:
            on_error(grade_id, exc, traceback.format_exc())
    finally:
        G._use_backend(None)
        G._end_cell()
    parts = record.parts
    if failure:
        score = 0.0
    elif parts:
        total = sum(p["weight"] for p in parts) or 1.0
        score = round(points * sum(p["weight"] for p in parts if p["passed"]) / total, 4)
    else:
        score = points
    return {"grade_id": grade_id, "points": points, "score": score, "hidden": record.hidden, "calls": record.calls,
            "parts": parts, "failure": failure, "seconds": round(time.monotonic() - started, 3)}


def verdict_outputs(verdict):
    """The outputs the grader writes into a judged test cell (what nbgrader scores and feedback shows)."""
    points, score, parts, failure = verdict["points"], verdict["score"], verdict["parts"], verdict["failure"]
    lines = [f"{'✓' if p['passed'] else '✗'} {p['title']}" + ("" if p["passed"] else f": {p['message']}")
             + p.get("note", "") for p in parts]     # a note (a choice's explanations) shows either way
    if failure:
        lines.append(f"✗ {failure['message']}")
    if score >= points:
        return [_stream("\n".join(lines + [f"Passed ({points:g} of {points:g} points)."]) + "\n")]
    if score > 0:
        return [_stream("\n".join(lines + [f"Partly passed ({score:g} of {points:g} points)."]) + "\n"),
                nbformat.v4.new_output("execute_result", data={"text/plain": repr(score)}, execution_count=None)]
    first = failure["message"] if failure else next((p["message"] for p in parts if not p["passed"]), "failed")
    return [nbformat.v4.new_output("error", ename="CheckFailed", evalue=first, traceback=lines or [first])]


def kernel_reply(reply):
    """A kernel's answer as the checks may see it: an error keeps only its type, and only a known one.

    Everything in a reply is the student's code's to choose.  An answer (``ok``) is plain data
    that the checks compare but never quote; an error's message and an unknown type's name
    could carry anything (the inputs a hidden check passed, say), so they are dropped here, and
    a kernel cannot pose as the grader (a forged ``Timeout`` with a message of its own).

    >>> kernel_reply({"error": {"type": "E_0_28", "message": "overflow_onset(0.28)"}})
    {'error': {'type': '', 'message': ''}}
    >>> kernel_reply({"error": {"type": "ZeroDivisionError", "message": "division by zero"}})
    {'error': {'type': 'ZeroDivisionError', 'message': ''}}
    """
    if "error" not in reply:
        return reply
    kind = str(reply["error"].get("type", ""))
    return {"error": {"type": kind if kind in G.KNOWN_ERRORS else "", "message": ""}}


class _Rpc:
    """``helpers.grading``'s backend while a test cell runs here: requests go to the kernel."""

    judge = True
    binary = True           # large arrays travel as binary frames of the comm message

    def __init__(self, owner):
        self.owner = owner

    def student(self):
        return self.owner.student

    def worked_as(self):
        """Other ids the submission's saved outputs show it ran as (``"demo"`` or an id), for the feedback."""
        return list(self.owner.worked_as)

    def request(self, req):
        return self.owner.rpc(req)


class NotebookJudge:
    """Execute one submitted notebook in a sandboxed kernel and judge its test cells.

    Parameters
    ----------
    sandbox : grader.sandbox.Sandbox
    student, assignment, notebook : str
    sources : dict
        ``grade_id -> source`` of the test cells, from the gradebook (the instructor's).
    cell_timeout : float
        Seconds per cell (and per test cell, all of its calls together).
    notebook_timeout : float
        Seconds for the whole notebook; cells after it are not run.
    worked_as : list of str
        Other ids than ``student`` that the submission's saved outputs show it ran as
        (:func:`grader.submissions.worked_as`); the readings' feedback says their letters were
        read in the student's own order all the same.
    """

    def __init__(self, sandbox, *, student, assignment, notebook, sources, cell_timeout=60.0,
                 notebook_timeout=600.0, max_restarts=MAX_RESTARTS, log=None, worked_as=()):
        self.sandbox = sandbox
        self.student = student
        self.worked_as = list(worked_as)
        self.assignment = assignment
        self.notebook = notebook
        self.sources = sources
        self.cell_timeout = float(cell_timeout)
        self.notebook_timeout = float(notebook_timeout)
        self.max_restarts = max_restarts
        self.log = log
        self.kernel = None
        self.broken = ""
        self.restarts = 0
        self.events = []
        self.verdicts = []
        self.budget = executor.Budget()
        self.executed = []          # indices of kernel cells that ran (replayed after a restart)
        self.culprits = set()
        self.cells = []
        self.ns = prelude_namespace()
        self.current = None
        self.cell_deadline = None
        self.count = 0
        self.poisoned = {}          # name -> why: a function that hung or crashed the kernel is not called again
        self.oom_seen = 0           # out-of-memory kills seen in the current kernel's control group

    # -- kernel lifecycle ------------------------------------------------------------------
    def _event(self, kind, cell, detail):
        self.events.append({"kind": kind, "cell": cell, "detail": str(detail)[:300]})

    def _start(self):
        self.kernel = self.sandbox.kernel(student=self.student, assignment=self.assignment,
                                          startup_timeout=KERNEL_START_S)
        self.oom_seen = 0
        self.comm_id = None
        # Before any student cell: answers will travel over a comm with binary buffers (faster than
        # executing a request cell); if that fails, requests fall back to executing a cell.
        res = executor.run(self.kernel, "__import__('helpers.wire').wire.install_comm()", timeout=10,
                           budget=self.budget, silent=True, store_history=False)
        if res.status == "ok":
            self.comm_id = executor.open_comm(self.kernel, wire.COMM_TARGET, timeout=10, budget=self.budget)

    def _stop(self):
        if self.kernel is not None:
            self.kernel.kill()         # nothing in it is worth a polite shutdown
            self.kernel = None

    def _restart(self, cell_index):
        """Replace a dead kernel and replay the cells that ran before, skipping the culprits."""
        while True:
            if self.kernel is not None:
                self.kernel.kill()
                self.kernel = None
            if self.restarts >= self.max_restarts:
                self.broken = f"the kernel died {self.restarts + 1} times; the rest of the notebook was not run"
                self._event("gave_up", cell_index, self.broken)
                return False
            if self._time_left() <= 0:
                return self._out_of_time(cell_index)
            self.restarts += 1
            self.budget.used = 0          # the flooding cell is skipped from now on
            self._start()
            self._event("restart", cell_index, f"kernel restarted; replaying {len(self.executed)} cells")
            for j in list(self.executed):
                # replays count against the notebook's time like any cell (a replay once took a
                # 20 s notebook to 37 s)
                if self._time_left() <= 0:
                    return self._out_of_time(cell_index)
                res = executor.run(self.kernel, self.cells[j].source,
                                   timeout=min(self.cell_timeout, max(1.0, self._time_left())),
                                   budget=self.budget, keep_outputs=False)
                if res.status in ("dead", "flood") or (res.status == "timeout" and self.kernel.poll() is not None):
                    self.culprits.add(j)
                    self.executed.remove(j)
                    self._event("replay_failed", j, res.note)
                    break
            else:
                return True

    def _out_of_time(self, cell_index):
        self.broken = f"the notebook's time limit ({self.notebook_timeout:g} s) was reached"
        self._event("deadline", cell_index, self.broken)
        return False

    def _time_left(self):
        return self.notebook_deadline - time.monotonic()

    # -- requests from checks --------------------------------------------------------------
    def rpc(self, req):
        """Carry out one ``G.call``/``G.value`` request in the kernel; return the reply dict."""
        if self.broken or self.kernel is None:
            return {"error": {"type": "KernelDied", "message": self.broken or "no kernel is running"}}
        name = req.get("name")
        if name in self.poisoned:
            kind, note = self.poisoned[name]
            return {"error": {"type": kind, "message": f"{note} earlier, so it was not called again"}}
        left = min(self.cell_deadline - time.monotonic(), self._time_left())
        if left <= 0:
            return {"error": {"type": "Timeout", "message": "this check ran out of time before it could ask"}}
        buffers = req.pop("_buffers", None)
        if self.comm_id:
            res = executor.comm_request(self.kernel, self.comm_id, req, buffers, timeout=left, budget=self.budget)
            if res.status == "ok":
                reply = res.reply
                if isinstance(reply, dict) and len(reply) == 1 and ("ok" in reply or "error" in reply) \
                        and (("error" not in reply) or isinstance(reply["error"], dict)):
                    return dict(kernel_reply(reply), _buffers=res.buffers)
                self._event("no_answer", self.current, f"no answer came back for {name}")
                return {"error": {"type": "NoAnswer",
                                  "message": "no answer came back from your notebook (were its comms replaced?)"}}
            return self._rpc_failed(res, name)
        if buffers:
            req = dict(req, args=wire.encode(wire.decode(req["args"], buffers)),
                       kwargs=wire.encode(wire.decode(req["kwargs"], buffers)))
        code = f"__import__('helpers.wire').wire.serve({json.dumps(req, separators=(',', ':'))!r})"
        res = executor.run(self.kernel, code, timeout=left, budget=self.budget, store_history=False)
        if res.status in ("ok", "error"):
            for out in res.outputs:
                text = out.get("data", {}).get(wire.MIME) if out.get("output_type") == "display_data" else None
                if isinstance(text, str):
                    try:
                        reply = json.loads(text)
                    except ValueError:
                        break
                    if isinstance(reply, dict) and len(reply) == 1 and ("ok" in reply or "error" in reply) \
                            and (("error" not in reply) or isinstance(reply["error"], dict)):
                        return kernel_reply(reply)
                    break
            self._event("no_answer", self.current, f"no answer came back for {name}"
                        + (f" ({res.ename}: {res.evalue})"[:200] if res.ename else ""))
            return {"error": {"type": "NoAnswer",
                              "message": "no answer came back from your notebook (was IPython's display "
                                         "or helpers.wire replaced?)"}}
        return self._rpc_failed(res, name)

    def _rpc_failed(self, res, name):
        if res.status == "timeout" and self.kernel.poll() is None:
            self._event("timeout", self.current, f"{name}: {res.note}")
            self.poisoned[name] = ("Timeout", "it did not return in time")
            return {"error": {"type": "Timeout", "message": f"did not return in time ({res.note})"}}
        kind = {"flood": "output_limit"}.get(res.status, "kernel_died")
        if res.note == executor.MEMORY_NOTE:
            kind = "memory_limit"
        self._event(kind, self.current, f"while a check called {name}: {res.note}")
        kind = "Timeout" if res.status == "timeout" else "KernelDied"
        self.poisoned[name] = (kind, "it stopped the kernel" if kind == "KernelDied" else "it did not return in time")
        self._restart(self.current)
        return {"error": {"type": kind, "message": f"{res.note} while a check called it"}}

    # -- cells -----------------------------------------------------------------------------
    def _run_kernel_cell(self, index, cell):
        if self.broken:
            cell.outputs = [_stream(f"[grader] not run: {self.broken}\n", "stdout")]
            return
        if self._time_left() <= 0:
            self._out_of_time(index)
            cell.outputs = [_stream(f"[grader] not run: {self.broken}\n")]
            return
        res = executor.run(self.kernel, cell.source, timeout=min(self.cell_timeout, max(1.0, self._time_left())),
                           budget=self.budget)
        self.count += 1
        cell.execution_count = self.count
        cell.outputs = res.outputs
        if res.dropped_bytes:
            cell.outputs.append(_stream(f"[grader] {res.dropped_bytes} bytes of output were not kept\n"))
            self._event("output_truncated", index, f"{res.dropped_bytes} bytes")
        self._check_memory(index, res)
        if res.status in ("ok", "error"):
            self.executed.append(index)
            return
        if res.status == "timeout" and self.kernel.poll() is None:
            self.executed.append(index)
            self._event("timeout", index, res.note)
            cell.outputs.append(_stream(f"[grader] {res.note}\n"))
            return
        self.culprits.add(index)
        kind = {"flood": "output_limit", "timeout": "timeout_killed"}.get(res.status, "kernel_died")
        if res.note == executor.MEMORY_NOTE:
            kind = "memory_limit"
        self._event(kind, index, res.note)
        cell.outputs.append(_stream(f"[grader] {res.note}; the kernel was restarted without this cell\n"))
        self._restart(index)

    def _check_memory(self, index, res):
        """Record a cell that ran into the memory limit without killing the kernel (a refused
        allocation, or one of its processes stopped by the cgroup's out-of-memory killer)."""
        kills = self.kernel.oom_kills() if self.kernel is not None and res.status != "dead" else self.oom_seen
        if kills > self.oom_seen:
            self.oom_seen = kills
            self._event("memory_limit", index,
                        "a process it started went over the kernel's memory limit and was stopped")
        elif res.ename == "MemoryError" or (res.ename == "OSError" and res.evalue.startswith("[Errno 12]")):
            self._event("memory_limit", index, "an allocation over the kernel's memory limit was refused")

    def _judge_cell(self, index, cell):
        meta = cell.metadata.nbgrader
        gid = meta.get("grade_id")
        points = float(meta.get("points") or 0)
        self.current = index
        self.cell_deadline = time.monotonic() + self.cell_timeout
        source = self.sources.get(gid)
        if source is None:
            verdict = {"grade_id": gid, "points": points, "score": 0.0, "hidden": False, "calls": 0, "parts": [],
                       "failure": {"message": "this test cell is unknown to the gradebook", "hint_id": "unknown_cell"},
                       "seconds": 0.0}
        else:
            verdict = judge_source(source, gid, points, _Rpc(self), self.ns, on_error=self._check_error(index))
        cell.outputs = verdict_outputs(verdict)
        self.count += 1
        cell.execution_count = self.count
        verdict["cell"] = index
        self.verdicts.append(verdict)

    def _check_error(self, index):
        def report(gid, exc, text):
            self._event("check_error", index, "".join(traceback.format_exception_only(type(exc), exc)).strip())
            if self.log:
                self.log(f"check {gid} raised:\n{text}")
        return report

    # -- the notebook ----------------------------------------------------------------------
    def run(self, nb):
        """Execute ``nb`` (in place) and return the judge's report (verdicts and events)."""
        started = time.monotonic()
        self.notebook_deadline = started + self.notebook_timeout
        self.cells = nb.cells
        try:
            self._start()
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                if is_test_cell(cell):
                    self._judge_cell(index, cell)
                elif DISPLAY_ONLY in cell.metadata.get("tags", []):
                    cell.outputs = []          # draws a figure or an explorer: grading needs no pictures
                elif cell.source.strip():
                    self._run_kernel_cell(index, cell)
                else:
                    cell.outputs = []
        finally:
            self._stop()
        return {"student": self.student, "assignment": self.assignment, "notebook": self.notebook,
                "verdicts": self.verdicts, "events": self.events, "restarts": self.restarts,
                "seconds": round(time.monotonic() - started, 3)}
