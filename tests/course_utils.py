"""Helpers for tests that run the real nbgrader pipeline in a temporary course."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))
import answer_registry  # noqa: E402
ASSIGNMENTS = ("00_warmup", "01_principles", "02_applications", "03_hands_on", "quiz_1", "quiz_2", "quiz_3")
NBGRADER = [sys.executable, "-m", "nbgrader"]
COURSE_ID = "dystonia"


def selected_assignments():
    """The assignments the slow tests cover: all, or those in ``TEST_ASSIGNMENTS`` (comma-separated).

    ``TEST_ASSIGNMENTS=02_applications make test PYTEST_ARGS=tests/integrity`` checks one chapter
    while it is being edited; CI and ``make test`` cover them all.
    """
    wanted = [a for a in os.environ.get("TEST_ASSIGNMENTS", "").split(",") if a]
    return tuple(a for a in ASSIGNMENTS if not wanted or a in wanted)


def source_notebooks(assignment=None):
    """All instructor notebooks, optionally of one assignment, sorted."""
    names = [assignment] if assignment else selected_assignments()
    return sorted(p for a in names for p in (ROOT / "source" / a).glob("*.ipynb"))


def assignments_with_notebooks():
    return [a for a in selected_assignments() if source_notebooks(a)]


def make_course(tmp_path):
    """Copy what nbgrader needs (source/, config) into ``tmp_path`` and return it."""
    course = Path(tmp_path)
    course.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "source", course / "source",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def nbgrader(course, *args, timeout=900):
    """Run an nbgrader command in ``course``; raise with its output if it fails."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    proc = subprocess.run(NBGRADER + list(args), cwd=course, env=env, capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{_first_tracebacks(proc)}"
                           f"...\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def _first_tracebacks(proc, n=2, lines=40):
    """The first ``n`` tracebacks nbgrader logged (it goes on after an error and logs the summary last)."""
    text = (proc.stdout + "\n" + proc.stderr).splitlines()
    starts = [i for i, line in enumerate(text) if line.startswith("Traceback") or "Traceback (most recent" in line]
    return "".join("\n".join(text[max(0, i - 3):i + lines]) + "\n---\n" for i in starts[:n])


def generate(course, assignment):
    nbgrader(course, "generate_assignment", assignment, "--force")
    return course / "release" / assignment


def submit(course, student, assignment, notebooks):
    """Write ``{name: NotebookNode}`` as ``student``'s submission of ``assignment``."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    release = course / "release" / assignment
    for extra in release.iterdir():  # data files travel with the notebooks
        if extra.suffix != ".ipynb":
            if extra.is_dir():
                shutil.copytree(extra, folder / extra.name, dirs_exist_ok=True)
            else:
                shutil.copy(extra, folder / extra.name)
    for name, nb in notebooks.items():
        nbformat.write(nb, str(folder / name))
    return folder


def autograde(course, assignment):
    """``nbgrader autograde`` of every submission of ``assignment``; returns the finished process (its log)."""
    return nbgrader(course, "autograde", assignment, "--force")


def cell_scores(course, assignment, student):
    """``{(notebook, grade_id): (score, max_score)}`` from the gradebook."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course}/gradebook.db", course_id=COURSE_ID) as gb:
        sub = gb.find_submission(assignment, student)
        out = {}
        for nb in sub.notebooks:
            for grade in nb.grades:
                if grade.auto_score is None and grade.manual_score is None:
                    score = None
                else:
                    score = grade.score
                out[(nb.name, grade.name)] = (score, grade.max_score)
        return out


def code_score(course, assignment, student):
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course}/gradebook.db", course_id=COURSE_ID) as gb:
        sub = gb.find_submission(assignment, student)
        return sub.code_score, sub.max_code_score


HIDDEN_RE = re.compile(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", re.S)
SOLUTION_RE = re.compile(r"### BEGIN SOLUTION(.*?)### END SOLUTION", re.S)


def regions(source, pattern):
    return [m.group(1) for m in pattern.finditer(source)]


def distinctive_lines(block, min_len=20):
    """Lines of a hidden/solution block long and specific enough to detect a leak."""
    lines = []
    for line in block.splitlines():
        text = line.strip()
        if len(text) >= min_len and not text.startswith(("#", '"""', "with G.quiet", "return")):
            lines.append(text)
    return lines


def load_answers(notebook_stem):
    """The ``ANSWERS`` registry of ``tests/answers/<notebook_stem>.py`` (or ``{}``)."""
    return answer_registry.load(notebook_stem)


def error_outputs(nb):
    """``[(cell index, ename)]`` of error outputs and ``[(cell index, text)]`` of stderr streams."""
    errors, stderr = [], []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                errors.append((i, out.ename + ": " + out.evalue[:200]))
            elif out.output_type == "stream" and out.name == "stderr":
                stderr.append((i, out.text[:300]))
    return errors, stderr


def text_outputs(nb):
    """Every text output (streams and text/plain), cell by cell, for comparing runs.

    Consecutive chunks of one stream are joined: the kernel may flush "passed." and its
    newline as two messages in one run and as one in the next.
    """
    texts = []
    for cell in nb.cells:
        previous = None
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                if previous == out.name:
                    texts[-1] += out.text
                else:
                    texts.append(out.text)
                previous = out.name
                continue
            previous = None
            if "data" in out and "text/plain" in out["data"]:
                texts.append(out["data"]["text/plain"])
    return texts


def notebook_json(path):
    return json.loads(Path(path).read_text())


def parent_pids():
    """``{pid: parent pid}`` of every process on this machine, from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    return parents


def descendant_pids(pid):
    """Every process below ``pid`` (children, their children, ...)."""
    parents = parent_pids()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found
