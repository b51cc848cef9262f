"""Prepare the student's working copy that ``make lab`` serves.

``make lab`` never serves the tracked ``release/`` folder: students would edit
committed files (and JupyterLab's ``.ipynb_checkpoints`` would land beside them).
Instead it serves ``workspace/`` (git-ignored), laid out like the repository so
that every relative link keeps working::

    workspace/course/index.ipynb            the front door's Lab edition (without the cells
                                            tagged book-only; its links go to ../release/...)
    workspace/course/figures/*.svg          the diagrams (refreshed on every start; the
                                            notebooks carry their own copies inside)
    workspace/course/glossary.md            the glossary and the helpers page the chapters link to
    workspace/course/helpers_api.md         (refreshed on every start)
    workspace/release/<assignment>/*.ipynb  the student editions: YOUR copies

Student notebooks are copied only when missing: a later ``make lab`` (or a
``git pull`` that brings new chapters) adds new notebooks and never overwrites
one you have worked in.  To start a chapter afresh, delete your copy.

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
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Folders copied into the workspace: (source, keep the student's copy?).
COPIES = (("release", True), ("course/index.ipynb", True), ("course/figures", False),
          ("course/glossary.md", False), ("course/helpers_api.md", False))


def prepare(workspace):
    """Copy what is missing into ``workspace``; return the list of files copied."""
    workspace = Path(workspace)
    copied = []
    for rel, keep in COPIES:
        src = ROOT / rel
        if not src.exists():
            continue
        files = [src] if src.is_file() else [p for p in sorted(src.rglob("*")) if p.is_file()
                                              and ".ipynb_checkpoints" not in p.parts]
        for path in files:
            target = workspace / path.relative_to(ROOT)
            if keep and target.exists():
                continue
            if not keep and target.exists() and target.read_bytes() == path.read_bytes():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".ipynb":
                write_working_copy(path, target)
            else:
                shutil.copy2(path, target)
            copied.append(target)
    return copied


def language_info():
    """The ``language_info`` this environment's Python kernel reports (as ipykernel builds it)."""
    return {"name": "python", "version": sys.version.split()[0], "mimetype": "text/x-python",
            "codemirror_mode": {"name": "ipython", "version": sys.version_info[0]},
            "pygments_lexer": f"ipython{sys.version_info[0]}", "nbconvert_exporter": "python",
            "file_extension": ".py"}


def write_working_copy(path, target):
    """Copy notebook ``path`` to ``target`` as a student opens it: the front door's Lab edition
    (without its ``book-only`` cells), and the kernel's own ``language_info`` already in place, so
    JupyterLab does not mark an untouched notebook as changed when its kernel starts."""
    import nbformat
    sys.path.insert(0, str(ROOT / "tools"))
    from chapter_frame import BOOK_ONLY, edition
    nb = nbformat.read(path, as_version=4)
    if path == ROOT / "course" / "index.ipynb":
        nb = edition(nb, BOOK_ONLY)
    nb.metadata["language_info"] = language_info()
    nbformat.write(nb, target)


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
    notebooks = [p for p in copied if p.suffix == ".ipynb"]
    if first:
        print(f"Your working copy of the course is {workspace}/ (git-ignored): work there; "
              "release/ keeps the originals.")
    elif notebooks:
        print(f"Added to {workspace}/: " + ", ".join(str(p.relative_to(workspace)) for p in notebooks)
              + " (your existing notebooks are untouched).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
