"""Build a demo class: realistic submissions for every assignment, honest and hostile.

The class is generated (never committed) from the student edition in
``release/``, the instructor solutions in ``source/`` and the answer registries
in ``tests/answers/``, so it always matches the current chapters.  It lives in
its own course directory (``demo_class/`` by default), never in a real course's
``submitted/``.

Students
--------
instructor          every answer is the instructor's solution
blank               the untouched student edition
partial             the first half of each notebook's problems solved
alternative         each problem's first alternative correct answer
mistakes            each problem's first plausible wrong answer
duplicated_cell     full solutions, plus a stale duplicate of the first answer cell (nbgrader#1083)
deleted_tests       blank answers, every test cell deleted
edited_tests        blank answers, every test cell's checks replaced by ``pass``
monkeypatch         blank answers; numpy/math/testing comparisons replaced; answers equal to anything
grader_patch        blank answers; helpers.grading's checks replaced through the module dict
infinite_loop       full solutions except a first answer that never returns
kernel_kill         full solutions except a first answer cell that kills the kernel
"""
import copy
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
import nbtools  # noqa: E402

ASSIGNMENTS = ("01_principles", "02_applications", "03_hands_on")

ALWAYS_EQUAL = '''class _Anything(float):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __le__(self, other):
        return True
    def __ge__(self, other):
        return True
    def __lt__(self, other):
        return True
    def __getitem__(self, key):
        return self
    def __iter__(self):
        return iter((self, self))
    def __len__(self):
        return 2
'''

MONKEYPATCH = '''import math
import numpy.testing as npt
np.isclose = lambda *a, **k: np.array(True)
np.allclose = lambda *a, **k: True
math.isclose = lambda *a, **k: True
npt.assert_allclose = lambda *a, **k: None
npt.assert_array_equal = lambda *a, **k: None
''' + ALWAYS_EQUAL

GRADER_PATCH = '''G.__dict__["check_close"] = lambda *a, **k: None
G.__dict__["check_equal"] = lambda *a, **k: None
G.__dict__["check_true"] = lambda *a, **k: None
G.__dict__["as_array"] = lambda x, *a, **k: np.asarray(x, float)
G.__dict__["as_scalar"] = lambda x, *a, **k: float(x)
G.__dict__["as_text"] = lambda x, *a, **k: str(x)
'''


def _registry(stem):
    path = ROOT / "tests" / "answers" / f"{stem}.py"
    ns = {}
    if path.exists():
        exec(compile(path.read_text(), str(path), "exec"), ns)
    return ns.get("ANSWERS", {})


def _code(wrong):
    """A registry wrong answer is ``{"code": ..., "hint": ..., "visible": ...}`` (or, in old registries, the code)."""
    return wrong["code"] if isinstance(wrong, dict) else wrong


def _defined_names(code):
    import ast
    names = []
    for node in ast.parse(code).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(("def", node.name))
        elif isinstance(node, ast.Assign):
            names += [("var", t.id) for t in node.targets if isinstance(t, ast.Name)]
    return names


def _fake_answers(instructor, prefix):
    """Answers that define every name the instructor defines, returning objects equal to anything."""
    out = {}
    for i, (gid, code) in enumerate(instructor.items()):
        lines = [prefix] if i == 0 else []
        for kind, name in _defined_names(code):
            if name.startswith("_"):
                continue
            lines.append(f"def {name}(*args, **kwargs):\n    return _Anything(0.0)" if kind == "def"
                         else f"{name} = _Anything(0.0)")
        out[gid] = "\n".join(lines)
    return out


def _strip_tests(nb, mode):
    nb = copy.deepcopy(nb)
    keep = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and cell.cell_type == "code":
            if mode == "delete":
                continue
            cell.source = "pass  # checks removed by the student"
        keep.append(cell)
    nb.cells = keep
    return nb


def submissions(release_nb, source_nb, stem):
    """``{student: notebook}`` for one notebook."""
    instructor = nbtools.instructor_answers(source_nb)
    registry = _registry(stem)
    gids = list(instructor)
    fill = nbtools.fill_solutions
    subs = {
        "instructor": fill(release_nb, instructor),
        "blank": copy.deepcopy(release_nb),
        "partial": fill(release_nb, {g: instructor[g] for g in gids[: max(1, len(gids) // 2)]}),
        "alternative": fill(release_nb, {g: e["alternatives"][0] for g, e in registry.items() if e.get("alternatives")}),
        "mistakes": fill(release_nb, {g: _code(list(e["wrong"].values())[0]) for g, e in registry.items()
                                      if e.get("wrong")}),
        "deleted_tests": _strip_tests(release_nb, "delete"),
        "edited_tests": _strip_tests(release_nb, "edit"),
        "monkeypatch": fill(release_nb, _fake_answers(instructor, MONKEYPATCH)),
        "grader_patch": fill(release_nb, _fake_answers(instructor, GRADER_PATCH + ALWAYS_EQUAL)),
        "infinite_loop": fill(release_nb, {**instructor, gids[0]: "while True:\n    pass"}),
        "kernel_kill": fill(release_nb, {**instructor, gids[0]: "import os\nos._exit(1)"}),
    }
    dup = fill(release_nb, instructor)
    first = next(i for i, c in enumerate(dup.cells) if nbtools.grade_id(c) == gids[0])
    stale = copy.deepcopy(release_nb.cells[first])  # an old, unsolved copy of the answer cell, placed first
    stale["id"] = stale.get("id", "x") + "-copy"
    dup.cells.insert(first, stale)
    subs["duplicated_cell"] = dup
    return subs


def build(course, assignments=ASSIGNMENTS):
    """(Re)create ``course`` with source/, the config and submitted/<student>/<assignment>/."""
    course = Path(course)
    if course.exists():
        shutil.rmtree(course)
    course.mkdir(parents=True)
    shutil.copytree(ROOT / "source", course / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    for assignment in assignments:
        release = ROOT / "release" / assignment
        for src in sorted((ROOT / "source" / assignment).glob("*.ipynb")):
            subs = submissions(nbtools.read(release / src.name), nbtools.read(src), src.stem)
            for student, nb in subs.items():
                folder = course / "submitted" / student / assignment
                folder.mkdir(parents=True, exist_ok=True)
                for extra in release.iterdir():
                    if extra.suffix != ".ipynb" and extra.is_file():
                        shutil.copy(extra, folder / extra.name)
                Path(folder / src.name).write_text(json.dumps(nb, indent=1))
    return course


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "demo_class"))
