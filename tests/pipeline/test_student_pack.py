"""make student-pack: what students get without a hub holds no solution, hidden test or answer registry.

The secret lines are found as in the release leak test (``test_pipeline.py``): every distinctive
line of a solution or hidden-test region of ``source/``, and every distinctive line of an answer
in ``tests/answers/``, that the student edition (or the ``helpers`` package) does not already show.  None may be in any file
of the pack or its zip, and the pack runs on its own: its ``helpers`` import nothing from the
instructors' side, and a chapter runs top to bottom from the pack's own folders.
"""
import os
import re
import subprocess
import sys
import zipfile

import nbformat
import pytest

import student_pack
from course_utils import (HIDDEN_RE, ROOT, SOLUTION_RE, distinctive_lines, load_answers, regions,
                          source_notebooks)

TEXT_SUFFIXES = {".py", ".ipynb", ".md", ".txt", ".toml", ".svg", ".json", ".cfg"}
INSTRUCTOR_ONLY = ("source", "tests", "grader", "tools", "deploy", "autograded", "submitted", "feedback", "reports")


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack") / "student-pack"
    files = student_pack.build(out)
    return {"dir": out, "files": files, "zip": out.with_suffix(".zip")}


def _public_text():
    """What students have anyway: the student editions, the instructor editions' text outside the regions,
    and the course package (a registry answer may repeat a line of a helpers function)."""
    texts = [p.read_text() for p in sorted((ROOT / "helpers").rglob("*.py"))]
    for src in source_notebooks():
        release = ROOT / "release" / src.parent.name / src.name
        texts.append(release.read_text())
        nb = nbformat.read(src, as_version=4)
        texts += [HIDDEN_RE.sub("", SOLUTION_RE.sub("", c.source)) for c in nb.cells]
    return "\n".join(texts)


def _secret_lines():
    public = _public_text()
    secret = set()
    for src in source_notebooks():
        for cell in nbformat.read(src, as_version=4).cells:
            for block in regions(cell.source, SOLUTION_RE) + regions(cell.source, HIDDEN_RE):
                secret |= {line for line in distinctive_lines(block) if line not in public}
    registry = set()
    for src in source_notebooks():
        for entry in load_answers(src.stem).values():
            answers = list(entry.get("alternatives", [])) + [w["code"] for w in entry.get("wrong", {}).values()]
            for code in answers:
                registry |= {line for line in distinctive_lines(code) if line not in public}
    return secret, registry


def test_the_pack_holds_what_a_student_needs(pack):
    """The course folder (front door, one folder per assignment with its glossary), the package, set-up."""
    files = {p.as_posix() for p in pack["files"]}
    for src in source_notebooks():
        rel = f"{src.parent.name}/{src.name}"
        assert rel in files
        assert (pack["dir"] / rel).read_bytes() == (ROOT / "release" / rel).read_bytes(), f"{rel} is not the release"
    for assignment in {src.parent.name for src in source_notebooks()}:
        assert f"{assignment}/glossary.md" in files, f"{assignment}/ has no glossary beside its chapters"
    assert {"README.md", "requirements.txt", "pyproject.toml", "index.ipynb", "helpers/__init__.py",
            "helpers/grading.py", "helpers/choices.py"} <= files
    assert not [f for f in files if f.startswith(("release/", "course/"))], "the old layout"
    front = nbformat.read(pack["dir"] / "index.ipynb", as_version=4)
    assert not [c for c in front.cells if "book-only" in c.metadata.get("tags", [])], "the book's cells in the pack"
    links = {m for c in front.cells for m in re.findall(r"\]\(([^)\s#]+)", c.source) if not m.startswith("http")}
    assert links and all((pack["dir"] / link).is_file() for link in links), f"dead links in the front door: {links}"
    readme = (pack["dir"] / "README.md").read_text()
    commands = readme.split("```bash", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(commands) == 2 and "pip install -r requirements.txt" in commands[0] and "jupyter lab" in commands[1]
    assert commands[1].endswith("jupyter lab index.ipynb")
    with zipfile.ZipFile(pack["zip"]) as zf:
        assert sorted(zf.namelist()) == sorted(f"student-pack/{f}" for f in files)


def test_the_pack_holds_nothing_an_instructor_keeps(pack):
    assert not [p for p in pack["dir"].iterdir() if p.name in INSTRUCTOR_ONLY]
    secret, registry = _secret_lines()
    assert secret and registry, "found no secret lines: is the leak test still meaningful?"
    markers = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN MARK SCHEME")
    with zipfile.ZipFile(pack["zip"]) as zf:
        texts = {name: zf.read(name).decode("utf-8", errors="ignore") for name in zf.namelist()
                 if os.path.splitext(name)[1] in TEXT_SUFFIXES}
    assert len(texts) >= len(pack["files"]) - 5
    for name, text in texts.items():
        for marker in markers:
            assert marker not in text, f"{name} contains {marker!r}"
        for needle in ("tests/answers", "source/", "instructor_guide.md\n"):
            assert needle not in text, f"{name} names {needle!r}"
        for line in secret:
            assert line not in text, f"{name} leaks a solution or hidden-test line: {line!r}"
        for line in registry:
            assert line not in text, f"{name} leaks an answer-registry line: {line!r}"
        assert "Model answer" not in text and "**Rubric" not in text, f"{name} holds a written answer's key"


@pytest.mark.slow
def test_a_chapter_runs_from_the_pack_alone(pack, tmp_path):
    """The pack's own helpers (not the repository's), a student edition run top to bottom as a reader would."""
    script = f"""
import json, sys
sys.path.insert(0, {str(pack['dir'])!r})
import helpers, nbformat
from nbclient import NotebookClient
assert helpers.__file__.startswith({str(pack['dir'])!r}), helpers.__file__
nb = nbformat.read({str(pack['dir'] / '03_hands_on' / '03c_dbs_optimization.ipynb')!r}, as_version=4)
NotebookClient(nb, timeout=120, kernel_name="python3",
               resources={{"metadata": {{"path": {str(pack['dir'] / '03_hands_on')!r}}}}}).execute()
shown = [o for c in nb.cells for o in c.get("outputs", []) if "Options for" in json.dumps(o)]
print("modules", sorted(m for m in sys.modules if m.startswith(("grader", "tools"))))
print("options shown", len(shown))
print("errors", sorted({{o["ename"] for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"}}))
"""
    env = dict(os.environ, PYTHONPATH=str(pack["dir"]))
    env.pop("DYSTONIA_STUDENT_ID", None)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, env=env,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert "modules []" in proc.stdout
    assert "options shown 4" in proc.stdout, "every reading of 03c shows its options (in the demo order here)"
    # unanswered problems only: stubs raise NotImplementedError, their checks say "not answered"
    assert "errors ['NotAnswered', 'NotImplementedError']" in proc.stdout, proc.stdout
