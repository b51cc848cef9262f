"""nbgrader preprocessors: sandboxed execution with verdicts decided outside, and safe feedback.

``nbgrader_config.py`` puts :class:`JudgeExecute` in place of nbgrader's ``Execute`` in
``Autograde.autograde_preprocessors``, so every autograde path (``make grade``, ``nbgrader
autograde``, Formgrader's button) runs student code in a sandbox and judges test cells in
the grader (:mod:`grader.judge`).  nbgrader's ``SaveAutoGrades`` then reads the judge's
outputs as usual: an error output scores 0, a numeric result is a partial score, anything
else full marks.

:class:`VerdictsOnly` runs before ``ClearHiddenTests`` when feedback is generated: it keeps
the judge's outputs of test cells and removes every output the student's kernel produced
(which could otherwise carry what a student's code saw while a hidden check called it).
"""
import atexit
import json
import os
import threading
from pathlib import Path

from nbformat import NotebookNode
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor, OverwriteCells
from traitlets import Bool, Integer, Unicode

from . import submissions
from .judge import NotebookJudge, is_test_cell
from .sandbox import Sandbox, SandboxUnavailable, check_platform

_SANDBOXES = {}
_SANDBOXES_LOCK = threading.Lock()
_NEXT = {}


def set_next_submission(student=None, assignment=None):
    """Name the submission this process grades after the current one (``make grade``'s workers).

    While the current submission's last notebook is graded, the first kernel of the next one
    is forked and initialises (a kernel holds nothing of a submission but its student id).
    """
    _NEXT.clear()
    if student and assignment:
        _NEXT.update(student=student, assignment=assignment)


def shared_sandbox(course_root, *, unsafe, figures, limits, log=None, start=False):
    """One sandbox (one warm fork server) per process and configuration, closed at exit.

    ``start=True`` also starts its fork server's process now, without waiting for it to
    listen (see :func:`warm`); the first kernel then waits for it instead of starting another.
    """
    key = (str(course_root), unsafe, figures, tuple(sorted(limits.items())))
    with _SANDBOXES_LOCK:
        box = _SANDBOXES.get(key)
        if box is None:
            if not unsafe:
                ok, reason = check_platform()
                if not ok:
                    raise SandboxUnavailable(f"cannot sandbox student code here: {reason}. "
                                             "Grading refuses to run unsandboxed unless --unsafe is given.")
            box = Sandbox(course_root, limits=limits, unsafe=unsafe, figures=figures, log=log)
            _SANDBOXES[key] = box
            atexit.register(box.close)
        if start and not box.alive():
            box.spawn()
        return box


def warm(course_root, config):
    """Start the fork server ``JudgeExecute`` will use in ``course_root``, before any submission.

    A grading worker calls this as it starts (in its main thread: the server lives as long
    as the thread that created it), so the server's start (importing numpy, scipy,
    matplotlib and helpers inside the sandbox: several seconds) overlaps with nbgrader's
    ``generate_assignment`` and with preparing the other workers instead of delaying the
    first student.  Any failure is left for the first real grading to report.
    """
    try:
        execute = JudgeExecute(config=config)
        shared_sandbox(Path(course_root), start=True, **execute.sandbox_settings(Path(course_root)))
    except Exception:  # noqa: BLE001 - the first autograde raises the same error with its context
        pass


def close_sandboxes():
    for box in _SANDBOXES.values():
        box.close()
    _SANDBOXES.clear()


def test_sources(db_url, notebook, assignment):
    """``grade_id -> source`` of the code test cells of ``notebook``, from the gradebook."""
    with Gradebook(db_url) as gb:
        nb = gb.find_notebook(notebook, assignment)
        solutions = {c.name for c in nb.solution_cells}
        graded = {c.name for c in nb.grade_cells}
        return {c.name: c.source for c in nb.source_cells
                if c.name in graded and c.name not in solutions and c.cell_type == "code"}


class JudgeExecute(NbGraderPreprocessor):
    """Execute a submission in a sandboxed kernel; run its test cells in the grader."""

    cell_timeout = Integer(60, help="Seconds per cell (a test cell's calls together)").tag(config=True)
    notebook_timeout = Integer(600, help="Seconds per notebook").tag(config=True)
    memory_mb = Integer(2048, help="Memory limit of a kernel and all it starts (MiB; a cgroup, "
                                   "else RLIMIT_AS per process)").tag(config=True)
    cpu_seconds = Integer(300, help="CPU-time limit of a kernel (s)").tag(config=True)
    figures = Bool(False, help="Render figures in graded kernels").tag(config=True)
    unsafe = Bool(False, help="Run kernels without a sandbox (only where the platform cannot)").tag(config=True)
    verdict_dir = Unicode("", help="Folder for the judge's verdicts (default .grading/verdicts)").tag(config=True)

    @staticmethod
    def _has_next_notebook(db_url, assignment, notebook):
        """True when nbgrader will grade another notebook of this assignment after this one."""
        try:
            with Gradebook(db_url) as gb:
                names = sorted(nb.name for nb in gb.find_assignment(assignment).notebooks)
        except Exception:  # noqa: BLE001
            return False
        return notebook in names and names.index(notebook) < len(names) - 1

    def notebook_seconds(self):
        """The time limit of one notebook (``DYSTONIA_NOTEBOOK_TIMEOUT`` overrides the configuration)."""
        return int(os.environ.get("DYSTONIA_NOTEBOOK_TIMEOUT") or self.notebook_timeout)

    def _limits(self):
        return {"memory_bytes": int(self.memory_mb) << 20, "cpu_seconds": int(self.cpu_seconds)}

    def sandbox_settings(self, course_root):
        """The keyword arguments of :func:`shared_sandbox` for grading in ``course_root``."""
        log_file = Path(course_root) / ".grading" / "sandbox.log"
        log_file.parent.mkdir(exist_ok=True)
        return {"unsafe": self.unsafe or os.environ.get("DYSTONIA_UNSAFE") == "1",
                "figures": self.figures or os.environ.get("DYSTONIA_FIGURES") == "1",
                "limits": self._limits(), "log": str(log_file)}

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        student, assignment, notebook = info["student"], info["assignment"], info["notebook"]
        course_root = Path(os.getcwd())
        settings = self.sandbox_settings(course_root)
        unsafe = settings["unsafe"]
        box = shared_sandbox(course_root, **settings)
        if self._has_next_notebook(info["db_url"], assignment, notebook):
            box.prefetch(student=student, assignment=assignment)
        elif _NEXT:
            box.prefetch(**_NEXT)
        # the outputs the student saved (nbgrader clears them before this runs): did the notebook show
        # another id's patient or reading order?  The readings' feedback then says whose order counts.
        submitted = course_root / (self.config.CourseDirectory.get("submitted_directory") or "submitted")
        others = submissions.saved_other_ids(submitted / student / assignment / f"{notebook}.ipynb", student)
        judge = NotebookJudge(box, student=student, assignment=assignment, notebook=notebook, worked_as=others,
                              sources=test_sources(info["db_url"], notebook, assignment),
                              cell_timeout=int(os.environ.get("DYSTONIA_CELL_TIMEOUT") or self.cell_timeout),
                              notebook_timeout=self.notebook_seconds(), log=self.log.warning)
        report = judge.run(nb)
        report["unsafe"] = unsafe
        out_dir = Path(self.verdict_dir or os.environ.get("DYSTONIA_VERDICT_DIR") or course_root / ".grading" / "verdicts")
        target = out_dir / student / assignment
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{notebook}.json").write_text(json.dumps(report, indent=1))
        resources.setdefault("dystonia", {})["report"] = report
        return nb, resources


class RestoreCells(OverwriteCells):
    """nbgrader's ``OverwriteCells``, without a false alarm for every untouched hidden-test cell.

    A test cell's checksum in the gradebook is taken from the instructor's edition, hidden
    tests included; the student's copy never had them, so nbgrader warns "Attribute
    'checksum' for cell ... has changed!" for every hidden-test cell of every student, a blank
    submission included (jupyter/nbgrader#1961), and the warning reads like tampering.  This
    class stays silent when the cell is exactly the release's (the gradebook's source with the
    hidden region removed); a cell the student did edit still gets nbgrader's warning, and in
    every case the cell's source is restored from the gradebook as before.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        self._current = cell
        return super().preprocess_cell(cell, resources, cell_index)

    def _as_released(self, grade_id):
        try:
            source = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id).source
        except MissingEntry:
            return None
        released = NotebookNode(source=source, cell_type="code", metadata={})
        if not ClearHiddenTests()._remove_hidden_test_region(released):
            return None
        return released.source

    def report_change(self, name, attr, old, new):
        if attr == "checksum":
            current = getattr(self, "_current", None)
            released = self._as_released(name)
            if current is not None and released is not None and current.source.strip() == released.strip():
                self.log.debug("Restored the hidden tests of cell %s (the cell itself is untouched)", name)
                return
        super().report_change(name, attr, old, new)


class VerdictsOnly(NbGraderPreprocessor):
    """Feedback shows the judge's verdicts and nothing the student's kernel printed.

    In a judged test cell, the numeric ``execute_result`` that carries a partial score to
    nbgrader (``GetGrades`` has read it by now; the page shows the cell's score) would show as
    a stray ``Out[n]: 1.5`` box, so it goes; the verdict lines become HTML that wraps at the
    page's width instead of running off its right edge.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and not is_test_cell(cell):
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "code":
            cell.outputs = [_wrapped(out) for out in cell.outputs if out.get("output_type") != "execute_result"]
        return cell, resources


def _wrapped(out):
    """A verdict's stream output as the same text in a <pre> that wraps (other outputs unchanged)."""
    if out.get("output_type") != "stream":
        return out
    import html
    import nbformat
    text = out.get("text", "")
    return nbformat.v4.new_output("display_data", data={
        "text/plain": text,
        "text/html": f'<pre class="course-verdict" style="white-space:pre-wrap;overflow-wrap:anywhere;margin:0">'
                     f"{html.escape(text)}</pre>"})
