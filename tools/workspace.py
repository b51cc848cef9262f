"""Prepare the student's working copy that ``make lab`` serves.

``make lab`` never serves the tracked ``release/`` folder: students would edit
committed files (and JupyterLab's ``.ipynb_checkpoints`` would land beside them).
Instead it serves ``workspace/`` (git-ignored), the course folder every student
gets (:mod:`course_folder`: the same on a hub and in the student pack)::

    workspace/index.ipynb                   the front door's Lab edition
    workspace/<assignment>/*.ipynb          the student editions: YOUR copies
    workspace/<assignment>/glossary.md      the glossary the chapters link to (refreshed on every start)

Student notebooks are copied only when missing: a later ``make lab`` (or a
``git pull`` that brings new chapters) adds new notebooks and never overwrites
one you have worked in.  To start a chapter afresh, delete your copy.

A workspace made before this layout (``workspace/course/index.ipynb``,
``workspace/release/<assignment>/``) is moved into it on the next start
(:func:`migrate`): every file is moved, never copied over another, and the moved
notebooks' course links (the front door's table of contents, a chapter's
navigation cell) are pointed at the new places; nothing a student wrote changes.

``--settings`` also installs ``tools/lab_settings.json`` as this Python
environment's JupyterLab settings overrides
(``<sys.prefix>/share/jupyter/lab/settings/overrides.json``): widget state is saved
with each notebook, so a reopened chapter shows its explorers' last figures
instead of "Error displaying widget: model not found" (re-run the cell to move
them again), and the Jupyter news toast stays off; and it enables the course's
server extension ``grader.validate_ext``, with which *Validate* shows one short
line per check instead of test-cell source and tracebacks, and serves the course's
``custom.css`` (``LabApp.custom_css`` in ``<sys.prefix>/etc/jupyter/jupyter_lab_config.json``).

Usage: ``python tools/workspace.py [--settings] [WORKSPACE]`` (default ``workspace``).
"""
import json
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import course_folder  # noqa: E402
from chapter_frame import ALL_ASSIGNMENTS as ASSIGNMENTS, NAV_TAG  # noqa: E402

#: Links of the old layout in a moved notebook's Markdown, and what they become.
OLD_LINKS = (("](../release/", "]("), ("../../course/index.ipynb", "../index.ipynb"),
             ("../../course/glossary.md", "glossary.md"), ("workspace/release/", "workspace/"))
#: Copies the old layout refreshed on every start (never a student's work).
OLD_COPIES = ("course/figures", "course/glossary.md", "course/helpers_api.md")


def prepare(workspace):
    """Migrate an old workspace, then copy what is missing; return the course-folder paths written."""
    workspace = Path(workspace)
    migrate(workspace)
    return course_folder.write(workspace)


def _old_places(workspace):
    """``[(old path, new path)]`` for every file of the old layout in ``workspace``."""
    moves = []
    front = workspace / "course" / "index.ipynb"
    if front.is_file():
        moves.append((front, workspace / course_folder.FRONT_DOOR))
    for assignment in ASSIGNMENTS:
        old = workspace / "release" / assignment
        for path in sorted(old.rglob("*")) if old.is_dir() else []:
            if path.is_file() or path.is_symlink():
                moves.append((path, workspace / assignment / path.relative_to(old)))
    return moves


def relink(nb, current_nav=None):
    """Point a moved notebook's course links at the new layout (in place); return True if it changed.

    Only Markdown cells the course wrote change (a student's written answer never does); a
    chapter's navigation cell becomes ``current_nav`` (the release's) when it is given.
    """
    changed = False
    for cell in nb.cells:
        if cell.cell_type != "markdown" or cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            continue
        if current_nav is not None and NAV_TAG in cell.metadata.get("tags", []):
            new = current_nav
        else:
            new = cell.source
            for old, replacement in OLD_LINKS:
                new = new.replace(old, replacement)
        if new != cell.source:
            cell.source, changed = new, True
    return changed


def _release_nav(name, assignment):
    path = ROOT / "release" / assignment / name
    if not path.is_file():
        return None
    cells = [c for c in nbformat.read(path, as_version=4).cells if NAV_TAG in c.metadata.get("tags", [])]
    return cells[0].source if cells else None


def migrate(workspace):
    """Move a workspace of the old layout into the course folder layout; return ``(moved, left)``.

    ``moved``: ``[(old, new)]``; ``left``: old files kept where they are because the new place
    is taken (nothing is ever overwritten).  Empty old folders are removed, and so are the old
    layout's refreshed copies (figures, glossary, helpers page) where they equal the course's.
    """
    workspace = Path(workspace)
    moved, left = [], []
    for old, new in _old_places(workspace):
        if new.exists() or new.is_symlink():
            left.append((old, new))
            continue
        new.parent.mkdir(parents=True, exist_ok=True)
        old.rename(new)
        moved.append((old, new))
        if new.suffix == ".ipynb" and ".ipynb_checkpoints" not in new.parts and not new.is_symlink():
            try:
                nb = nbformat.read(new, as_version=4)
            except Exception:  # noqa: BLE001 - a damaged notebook is moved as it is
                continue
            nav = None if new.name == course_folder.FRONT_DOOR else _release_nav(new.name, new.parent.name)
            if relink(nb, nav):
                nbformat.write(nb, new)
    for rel in OLD_COPIES:
        old, ours = workspace / rel, ROOT / rel
        files = [old] if old.is_file() else sorted(p for p in old.rglob("*") if p.is_file()) if old.is_dir() else []
        for path in files:
            mine = ours if old.is_file() else ours / path.relative_to(old)
            if mine.is_file() and path.read_bytes() == mine.read_bytes():
                path.unlink()
    for folder in sorted((p for base in ("release", "course") if (workspace / base).is_dir()
                          for p in [workspace / base, *(workspace / base).rglob("*")] if p.is_dir()),
                         key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    if moved or left:
        print(f"Moved {len(moved)} file(s) of {workspace}/ into the course folder layout "
              f"(index.ipynb, <assignment>/)" + (f"; {len(left)} left in place, their new place is taken: "
                                                 + ", ".join(str(o.relative_to(workspace)) for o, _ in left[:5])
                                                 if left else "") + ".")
    return moved, left


def enable_validate_summary(prefix=sys.prefix):
    """Enable ``grader.validate_ext`` (Validate shows one line per check) in this environment's server config."""
    target = Path(prefix) / "etc" / "jupyter" / "jupyter_server_config.d" / "dystonia-course.json"
    wanted = {"ServerApp": {"jpserver_extensions": {"grader.validate_ext": True}}}
    if not target.exists() or json.loads(target.read_text()) != wanted:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(wanted, indent=2) + "\n")
    # JupyterLab loads custom/custom.css (served by grader.validate_ext: Validate's progress cue).
    # LabApp reads its own jupyter_lab_config.json, not a .d folder: merge into it.
    lab = Path(prefix) / "etc" / "jupyter" / "jupyter_lab_config.json"
    current = json.loads(lab.read_text()) if lab.exists() else {}
    if current.get("LabApp", {}).get("custom_css") is not True:
        current.setdefault("LabApp", {})["custom_css"] = True
        lab.parent.mkdir(parents=True, exist_ok=True)
        lab.write_text(json.dumps(current, indent=2) + "\n")
    return target


def install_settings(prefix=sys.prefix):
    """Write the course's JupyterLab settings overrides into ``prefix``; return the path."""
    enable_validate_summary(prefix)
    target = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    wanted = json.loads((ROOT / "tools" / "lab_settings.json").read_text())
    current = json.loads(target.read_text()) if target.exists() else {}
    merged = {**current, **wanted}
    if merged != current:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(merged, indent=2) + "\n")
    return target


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--settings" in argv:
        argv.remove("--settings")
        install_settings()
    workspace = Path(argv[0]) if argv else ROOT / "workspace"
    first = not workspace.exists()
    copied = prepare(workspace)
    notebooks = [rel for rel in copied if rel.endswith(".ipynb")]
    if first:
        print(f"Your working copy of the course is {workspace}/ (git-ignored): work there; "
              "release/ keeps the originals.")
    elif notebooks:
        print(f"Added to {workspace}/: " + ", ".join(notebooks) + " (your existing notebooks are untouched).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
