"""Stopping ``make grade`` is safe: nothing keeps running, what was graded is reported, the next run resumes.

A real grading run (``tools/grade.py``, two workers, sandboxed kernels) is stopped while two
slow submissions are being graded: by Ctrl-C (SIGINT), by SIGKILL, and by killing the process
that started it (``make``, here a stand-in parent).  Every process the run had started (workers,
bubblewrap, fork servers, kernels) must be gone within seconds; after Ctrl-C, ``reports/`` holds
the submissions graded before the stop; the next run grades only the rest and reports everyone.
Once, a killed ``grade.py`` left its workers grading on, and a run stopped after 75 graded
submissions wrote no report at all.
"""
import csv
import json
import shutil
import signal
import subprocess
import sys
import time

import pytest

import demo_class
from conftest import require_sandbox
from course_utils import ROOT, descendant_pids

pytestmark = pytest.mark.slow
ASSIGNMENT = "02_applications"
FAST = ("instructor", "blank")
SLOW = ("slow_a", "slow_b", "slow_c")
SLEEP_S = 8


@pytest.fixture
def course(tmp_path):
    require_sandbox()
    course = demo_class.build(tmp_path / "course", (ASSIGNMENT,))
    for student in (course / "submitted").iterdir():
        if student.name not in FAST:
            shutil.rmtree(student)
    source = course / "submitted" / "instructor" / ASSIGNMENT
    for name in SLOW:
        target = course / "submitted" / name / ASSIGNMENT
        shutil.copytree(source, target)
        path = sorted(target.glob("*.ipynb"))[0]
        nb = json.loads(path.read_text())
        cell = next(c for c in nb["cells"] if c["cell_type"] == "code"
                    and c.get("metadata", {}).get("nbgrader", {}).get("solution"))
        cell["source"] = f"import time\ntime.sleep({SLEEP_S})\n" + "".join(cell["source"])
        path.write_text(json.dumps(nb))
    return course


def _command(course, *extra):
    return [sys.executable, str(ROOT / "tools" / "grade.py"), "--course", str(course), "--jobs", "2", *extra]


def _start(course, log, *extra):
    with open(log, "w") as fh:
        return subprocess.Popen(_command(course, *extra), stdout=fh, stderr=subprocess.STDOUT)


def _wait_for(log, text, proc, timeout=240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text():
            return
        assert proc.poll() is None, f"grading ended early:\n{log.read_text()[-2000:]}"
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared:\n{log.read_text()[-2000:]}")


def _gone(pids, timeout=20):
    """The processes of ``pids`` still alive after ``timeout`` seconds (their command lines)."""
    deadline = time.monotonic() + timeout
    left = pids
    while left and time.monotonic() < deadline:
        left = {p for p in left if _alive(p)}
        time.sleep(0.2)
    return {p: _cmdline(p) for p in left}


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode(errors="replace")[:120]
    except OSError:
        return "?"


def _summary(course):
    with open(course / "reports" / "summary.csv") as fh:
        return {row["student"]: row for row in csv.DictReader(fh)}


def _running(proc, log):
    """Wait until both fast submissions are graded (both workers are then on slow ones)."""
    _wait_for(log, "[2/5]", proc)
    time.sleep(1.0)
    pids = descendant_pids(proc.pid)
    assert len(pids) >= 6, f"expected workers, sandboxes and kernels below grade.py, found {len(pids)}"
    return pids


def test_ctrl_c_stops_everything_reports_what_was_graded_and_the_next_run_resumes(course, tmp_path):
    log = tmp_path / "first.log"
    proc = _start(course, log)
    pids = _running(proc, log)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130, log.read_text()[-2000:]
    assert not _gone(pids), f"left running after Ctrl-C: {_gone(pids)}"
    first = _summary(course)
    assert set(FAST) <= set(first) and len(first) < len(FAST) + len(SLOW), first
    assert "Stopped:" in log.read_text()
    again = subprocess.run(_command(course), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
    assert f"Resuming a stopped run: {len(first)} of 5 submissions" in again.stdout
    graded_now = [line for line in again.stdout.splitlines() if line.startswith("[")]
    assert len(graded_now) == 5 - len(first), again.stdout
    final = _summary(course)
    assert set(final) == set(FAST) | set(SLOW)
    assert {s: float(r["raw_score"]) for s, r in final.items() if s != "blank"} == \
        {s: float(final["instructor"]["raw_score"]) for s in final if s != "blank"}
    assert float(final["blank"]["raw_score"]) == 0.0


def test_a_killed_run_leaves_nothing_running(course, tmp_path):
    log = tmp_path / "killed.log"
    proc = _start(course, log)
    pids = _running(proc, log)
    proc.kill()
    proc.wait()
    assert not _gone(pids), f"left running after SIGKILL: {_gone(pids)}"


def test_killing_the_parent_stops_grading(course, tmp_path):
    """``make grade`` passes --die-with-parent: killing make (SIGKILL) stops grade.py and everything below."""
    log = tmp_path / "orphan.log"
    parent = subprocess.Popen([sys.executable, "-c", "import subprocess, sys\n"
                               f"p = subprocess.Popen({_command(course, '--die-with-parent')!r}, "
                               f"stdout=open({str(log)!r}, 'w'), stderr=subprocess.STDOUT)\np.wait()"])
    _wait_for(log, "[2/5]", parent)
    pids = descendant_pids(parent.pid)
    parent.kill()
    parent.wait()
    assert not _gone(pids, timeout=30), f"left running after its parent was killed: {_gone(pids)}"
    assert "Stopped:" in log.read_text(), log.read_text()[-2000:]


def test_the_journal_resumes_only_an_unfinished_run_of_the_same_course(tmp_path):
    """What a stopped run graded is taken again only if the run was not finished, the course
    (source, configuration, settings) is the same and the submission did not change."""
    from grader.classroom import Journal
    result = {"job": ("ada", ASSIGNMENT, tmp_path / "ada"), "rows": [], "error": None, "problems": [], "notes": [],
              "flags": [("ada", ASSIGNMENT, "nb", 3, "-", "a finding", "tampering")], "seconds": 1.0,
              "timing": {}, "seconds_late": 0.0, "reports": {"big": "not kept"}}
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "grades.csv").write_text("student,assignment,notebook,problem,score,max_score,hints\n")
    journal = Journal(tmp_path)
    journal.open("run-1", tmp_path / "reports", resume=False)
    journal.add(result, "digest-ada")
    journal.close()
    with open(journal.path, "a") as fh:
        fh.write('{"digest": "digest-bob", "result": {"job": ["bob"')        # cut short by SIGKILL
    done = Journal(tmp_path).resumable("run-1")
    assert list(done) == [("ada", ASSIGNMENT)]
    digest, again = done[("ada", ASSIGNMENT)]
    assert digest == "digest-ada" and again["flags"] == result["flags"] and "reports" not in again
    assert (journal.baseline / "grades.csv").exists(), "the reports the run started from are kept"
    assert Journal(tmp_path).resumable("run-2") == {}, "another course or settings: nothing is resumed"
    journal = Journal(tmp_path)
    journal.open("run-1", tmp_path / "reports", resume=True)
    journal.finish()
    assert Journal(tmp_path).resumable("run-1") == {}, "a finished run is not resumed"
