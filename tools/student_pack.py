"""The student pack: what a student needs to work without a hub, and nothing an instructor keeps.

    python tools/student_pack.py [OUT]        (make student-pack; OUT defaults to _build/student-pack)

writes ``OUT/`` and ``OUT.zip``: the course folder every student gets (:mod:`course_folder`,
the same as ``make lab``'s workspace and a JupyterHub's home), with what installs it beside it:

    index.ipynb             the front door (its Lab edition)
    <assignment>/           the student editions, as nbgrader generated them, and the glossary
    README.md               the two set-up commands, your student id, Validate, handing in
    requirements.txt        what JupyterLab and the chapters need (and the course package itself)
    pyproject.toml          installs ``helpers`` (the simulators the chapters call)
    nbgrader_config.py      Validate's settings (skip cells that only draw)
    helpers/                the course package

Every diagram travels inside the notebook that shows it.

Everything is copied from the student editions and the package: no instructor edition, no
hidden test, no answer registry, no grader.  ``tests/pipeline/test_student_pack.py`` checks
that no solution, hidden-test or registry line is in any file of the pack.
"""
import shutil
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import course_folder  # noqa: E402
DEFAULT_OUT = ROOT / "_build" / "student-pack"
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")

README = """# Dystonia: from circuits to clinic (student pack)

An interactive course on dystonia: read, move the explorers' sliders, and solve the problems in
the chapter folders (`01_principles/`, ...). Start at the front door, `index.ipynb`: its first row is a short
Python warm-up (`00_warmup/`), and each chapter ends with a pre-class quiz (`quiz_1/` to `quiz_3/`).

## Set up (Python 3.10 or newer; two commands)

```bash
python3 -m venv .venv && .venv/bin/python -m pip install -r requirements.txt
DYSTONIA_STUDENT_ID=<your id> .venv/bin/jupyter lab index.ipynb
```

On Windows: `py -m venv .venv` then `.venv\\Scripts\\python -m pip install -r requirements.txt`;
`set DYSTONIA_STUDENT_ID=<your id>` then `.venv\\Scripts\\jupyter lab index.ipynb`.

**Your student id** is the one your instructor grades you under (ask if you are not sure).
With it you work on your own patients and see the reading options in your own order, the ones
your work is graded on. Without it (`.venv/bin/jupyter lab index.ipynb`) you get the
public demo patient and the demo order: fine for reading, not for handing in.

## Work and hand in
- Each problem says exactly what to define. Press **Validate** in the notebook toolbar: it
  lists the visible checks that fail, one line each. Hidden checks run when your instructor
  grades, on your own patient and other cases.
- Readings are judged after you hand in; written answers are graded by a person.
- Hand in the notebooks of each chapter folder (`01_principles/`, ...) as your instructor asks. Keep the cells in
  place: do not delete or duplicate answer or test cells.
"""

NBGRADER_CONFIG = """# Validate's settings for the student pack (grading happens elsewhere).
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "dystonia"
c.Execute.timeout = 60
c.Execute.skip_cells_with_tag = "display-only"   # cells that only draw: Validate takes seconds
"""


def _runtime_dependencies():
    with open(ROOT / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    return project["dependencies"], project.get("requires-python", ">=3.10")


def _pyproject(dependencies, requires):
    deps = "".join(f'    "{d}",\n' for d in dependencies)
    return ("[build-system]\nrequires = [\"setuptools>=77\", \"wheel\"]\nbuild-backend = \"setuptools.build_meta\"\n\n"
            "[project]\nname = \"dystonia-course-student\"\nversion = \"0.1.0\"\n"
            f"requires-python = \"{requires}\"\ndependencies = [\n{deps}]\n\n"
            "[tool.setuptools]\npackages = [\"helpers\", \"helpers.plots\", \"helpers.explorers\"]\n")


def build(out=DEFAULT_OUT):
    """Write the pack to ``out`` and ``out.zip``; return the list of files (relative paths)."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    course_folder.write(out, keep=False, this_kernel=False)
    shutil.copytree(ROOT / "helpers", out / "helpers", ignore=IGNORE)
    dependencies, requires = _runtime_dependencies()
    (out / "pyproject.toml").write_text(_pyproject(dependencies, requires))
    (out / "requirements.txt").write_text("# the course package (helpers) and what it needs\n-e .\n")
    (out / "nbgrader_config.py").write_text(NBGRADER_CONFIG)
    (out / "README.md").write_text(README)
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    archive = out.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in files:
            zf.write(out / rel, Path(out.name) / rel)
    return files


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]).resolve() if argv else DEFAULT_OUT
    files = build(out)
    print(f"Student pack: {out} ({len(files)} files) and {out.with_suffix('.zip')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
