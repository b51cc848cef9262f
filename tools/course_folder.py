"""One course folder for students, the same everywhere.

A student edition is complete inside its own assignment folder, and the folders sit side by
side under one course folder, with the front door on top::

    <folder>/index.ipynb                 the front door's Lab edition (course/index.ipynb
                                         without its book-only cells)
    <folder>/<assignment>/*.ipynb        the student editions (release/<assignment>/)
    <folder>/<assignment>/glossary.md    the glossary beside each chapter (nbgrader copies
                                         source/<assignment>/glossary.md into release/)

It is what ``make lab`` serves (``workspace/``, :mod:`workspace`), what the student pack holds
(:mod:`student_pack`) and what a JupyterHub gives: nbgrader fetches an assignment into
``~/<assignment>/``, so the front door belongs at ``~/index.ipynb`` (:func:`write_front_door`).
Every link a student follows is relative to it: the front door links
``<assignment>/<notebook>.ipynb``, a chapter's navigation cell ``../index.ipynb`` and
``../<other assignment>/<notebook>.ipynb``, a glossary link ``glossary.md#<term>``.

Usage: ``python tools/course_folder.py OUT`` fills the folder ``OUT`` (a notebook already there
is the student's and stays as it is; a stale glossary copy is refreshed);
``python tools/course_folder.py --front-door OUT`` writes only ``OUT/index.ipynb`` when it is
missing (what a hub puts in each student's home).
"""
import argparse
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from chapter_frame import ALL_ASSIGNMENTS as ASSIGNMENTS, BOOK_ONLY, edition  # noqa: E402

FRONT_DOOR = "index.ipynb"
IGNORE = (".ipynb_checkpoints", "__pycache__")


def layout(root=ROOT):
    """``{path in the course folder (posix str): file of the repository it comes from}``.

    Everything ``release/<assignment>/`` holds (notebooks, the glossary, any data file) goes
    to ``<assignment>/``; the front door to :data:`FRONT_DOOR`.
    """
    root = Path(root)
    files = {FRONT_DOOR: root / "course" / "index.ipynb"}
    for assignment in ASSIGNMENTS:
        folder = root / "release" / assignment
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and not set(IGNORE) & set(path.relative_to(folder).parts):
                files[f"{assignment}/{path.relative_to(folder).as_posix()}"] = path
    return files


def language_info():
    """The ``language_info`` this environment's Python kernel reports (as ipykernel builds it)."""
    return {"name": "python", "version": sys.version.split()[0], "mimetype": "text/x-python",
            "codemirror_mode": {"name": "ipython", "version": sys.version_info[0]},
            "pygments_lexer": f"ipython{sys.version_info[0]}", "nbconvert_exporter": "python",
            "file_extension": ".py"}


def front_door(root=ROOT):
    """The front door as students open it: without its ``book-only`` cells."""
    return edition(nbformat.read(Path(root) / "course" / "index.ipynb", as_version=4), BOOK_ONLY)


def write_copy(rel, path, target, root=ROOT, this_kernel=True):
    """Write the file ``path`` (course-folder path ``rel``) to ``target``; the front door as its Lab edition.

    ``this_kernel``: a notebook gets this environment's ``language_info``, as its kernel will
    report it, so JupyterLab does not mark an untouched notebook as changed when the kernel
    starts (``make lab``); otherwise chapters are copied byte for byte (a pack for other machines).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix != ".ipynb" or (rel != FRONT_DOOR and not this_kernel):
        shutil.copy2(path, target)
        return
    nb = front_door(root) if rel == FRONT_DOOR else nbformat.read(path, as_version=4)
    if this_kernel:
        nb.metadata["language_info"] = language_info()
    nbformat.write(nb, target)


def write(out, root=ROOT, keep=True, this_kernel=True):
    """Write the course folder into ``out``; return the course-folder paths written.

    ``keep=True``: a notebook already there is the student's and is left alone; any other
    file (the glossary) is refreshed when it differs.  ``keep=False`` writes everything.
    ``this_kernel``: see :func:`write_copy`.
    """
    out = Path(out)
    written = []
    for rel, path in layout(root).items():
        target = out / rel
        if target.exists() and keep:
            if path.suffix == ".ipynb" or target.read_bytes() == path.read_bytes():
                continue
        write_copy(rel, path, target, root, this_kernel)
        written.append(rel)
    return written


def write_front_door(out, root=ROOT):
    """Write only ``out/index.ipynb`` (the front door beside fetched assignments), if it is missing."""
    target = Path(out) / FRONT_DOOR
    if not target.exists():
        write_copy(FRONT_DOOR, Path(root) / "course" / "index.ipynb", target, root)
        return [FRONT_DOOR]
    return []


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the course folder to fill (students' notebooks are kept)")
    parser.add_argument("--front-door", action="store_true", help="write only OUT/index.ipynb")
    args = parser.parse_args(argv)
    written = write_front_door(args.out) if args.front_door else write(args.out)
    print(f"{args.out}: wrote {len(written)} file(s)" + (": " + ", ".join(written) if written else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
