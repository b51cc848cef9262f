"""One long-lived grading worker: nbgrader's autograde, in-process, one submission per request.

``tools/grade.py`` (through :mod:`grader.classroom`) starts one of these per worker course copy
(``.grading/worker_<k>/``) and talks to it over stdin/stdout, one JSON object per line:

    ready     {"ready": true, "notebook_seconds": 701.0}   (the longest one notebook can take)
    request   {"assignment": "01_principles", "student": "ada"}
              (optional "next_student", "next_assignment": the submission that follows, whose
              first kernel is forked while this one's last notebook is graded)
              {"generate": "01_principles"}      (generate_assignment: fills the gradebook)
    reply     {"success": true, "error": "", "log": "...", "seconds": 6.1}

Starting ``nbgrader autograde`` costs about 2.5 s of CPU per call (importing nbgrader,
nbconvert, SQLAlchemy and jsonschema), more than grading a short notebook.  A worker
pays it once and then calls nbgrader's own Python API (``NbGraderAPI.autograde``, the
call formgrader uses) for each submission, so every student is graded alone, with
nothing to amortise and nothing to batch.

Usage: ``python -m grader.grade_worker WORKER_DIR [--cell-timeout SECONDS]`` (with the repository
on ``PYTHONPATH``).
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLL_SLICE_S = 0.5


def poll_in_slices():
    """Work around a missed-wakeup stall in kernel message polling (jupyter/nbclient#312).

    Now and then, right after a cell that displays widgets, a reply that has already
    arrived is not noticed until the whole wait expires: the notebook stalls for the
    full cell timeout (60 s) and then carries on as if nothing happened.  Polling in
    slices of ``POLL_SLICE_S`` re-checks the socket on every slice, so a missed wakeup
    costs at most half a second.  The overall timeout, and every result, are unchanged.
    """
    import time
    from queue import Empty
    from jupyter_client.channels import AsyncZMQSocketChannel
    if getattr(AsyncZMQSocketChannel.get_msg, "_sliced", False):
        return
    original = AsyncZMQSocketChannel.get_msg

    async def get_msg(self, timeout=None):
        if timeout is not None and timeout <= 0:
            return await original(self, timeout)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = POLL_SLICE_S if deadline is None else min(POLL_SLICE_S, deadline - time.monotonic())
            if await self.socket.poll(max(1, int(left * 1000))):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty

    get_msg._sliced = True
    AsyncZMQSocketChannel.get_msg = get_msg


def fast_gradebook():
    """Give this worker's SQLite gradebook a write-ahead log instead of a synced rollback journal.

    nbgrader commits after every score and comment it saves (74 commits for a two-notebook
    submission), and SQLite's default journal syncs the disk at each commit: 26 ms per commit on
    the course's shared 2-core machine while it was busy, about a second per notebook.  In WAL
    mode with ``synchronous=NORMAL`` a commit is a write to the log (0.03 ms), still safe if the
    process dies (only a power cut may lose the last commits of a worker's scratch gradebook,
    which grading rebuilds anyway).
    """
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    @event.listens_for(Engine, "connect")
    def _wal(dbapi_connection, _record):
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()


def stop_with_parent(cleanup, fd=0):
    """End this worker, its sandbox and every kernel in it as soon as its parent lets go of ``fd``.

    The parent (``make grade``) holds the other end of this worker's stdin.  However the parent
    ends (Ctrl-C, SIGTERM, SIGKILL) that end closes, the pipe reports a hang-up, and a watchdog
    thread stops the sandbox (its fork server and every kernel with it) and exits at once, even
    in the middle of a notebook: a killed ``grade.py`` once left its workers grading on.  SIGTERM
    does the same.  (A parent-death signal would fire when the parent's *thread* that started
    the worker ends, and grading starts workers from a thread pool.)
    """
    import select
    import signal
    import threading

    def stop(*_):
        try:
            cleanup()
        finally:
            os._exit(3)

    def watch():
        poller = select.poll()
        poller.register(fd, select.POLLHUP | select.POLLERR)
        while True:
            for _, events in poller.poll():
                if events & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    stop()

    signal.signal(signal.SIGTERM, stop)
    threading.Thread(target=watch, name="stop-with-parent", daemon=True).start()


def make_api(worker_dir, cell_timeout=None):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader
    config = PyFileConfigLoader("nbgrader_config.py", path=str(worker_dir)).load_config()
    config.CourseDirectory.root = str(worker_dir)
    if cell_timeout:
        config.Execute.timeout = int(cell_timeout)
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def serve(worker_dir, cell_timeout=None, stdin=sys.stdin, stdout=sys.stdout):
    os.chdir(worker_dir)
    sys.path.insert(0, str(ROOT))
    poll_in_slices()
    fast_gradebook()
    api = make_api(worker_dir, cell_timeout)
    # the sandbox's fork server starts now and warms up while the worker waits for its first
    # request (the first autograde waits for it instead of starting its own)
    from grader.judge import worst_case_seconds
    from grader.nbgrader_ext import JudgeExecute, close_sandboxes, set_next_submission, warm
    warm(Path(worker_dir), api.config)
    stop_with_parent(close_sandboxes)
    limit = JudgeExecute(config=api.config).notebook_seconds()
    stdout.write(json.dumps({"ready": True, "notebook_seconds": worst_case_seconds(limit)}) + "\n")
    stdout.flush()
    for line in stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        start = time.perf_counter()
        try:
            if "generate" in request:
                result = api.generate_assignment(request["generate"], force=True, create=True)
            else:
                set_next_submission(request.get("next_student"), request.get("next_assignment"))
                result = api.autograde(request["assignment"], request["student"], force=True, create=True)
        except Exception as exc:  # noqa: BLE001 - reported to the parent, never fatal here
            result = {"success": False, "error": f"{type(exc).__name__}: {exc}", "log": ""}
        reply = {"success": bool(result.get("success")), "error": str(result.get("error") or "")[-2000:],
                 "log": str(result.get("log") or "")[-2000:], "seconds": time.perf_counter() - start}
        stdout.write(json.dumps(reply) + "\n")
        stdout.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("worker_dir")
    parser.add_argument("--cell-timeout", type=int, default=None)
    args = parser.parse_args(argv)
    # the protocol owns stdout; nbgrader's and the kernels' chatter goes to stderr
    protocol = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    serve(os.path.abspath(args.worker_dir), args.cell_timeout, stdin=sys.stdin, stdout=protocol)


if __name__ == "__main__":
    main()
