"""Read what a student handed in without trusting it: one clear reason for anything unusable.

:func:`inspect` looks at one ``submitted/<student>/<assignment>/`` folder and returns the
notebooks fit to grade, already repaired where repair is safe (duplicated answer cells,
nbgrader metadata on cells the assignment does not have), and one line per problem:
an unreadable or binary file, invalid or truncated JSON, a JSON list, nbformat 3, a cell
without source, non-numeric points, a notebook under the wrong name, an empty folder,
symbolic links.  A notebook that cannot be used scores 0 and its reason goes into the
report; the rest of the class is graded as usual.
"""
import json
from collections import defaultdict
from pathlib import Path

import nbformat

MAX_NOTEBOOK_BYTES = 20_000_000


def _fix_duplicates(nb):
    """Keep the grade_id on the last copy of a duplicated answer cell (and the first of a test cell)."""
    seen = defaultdict(list)
    for i, cell in enumerate(nb["cells"]):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid:
            seen[gid].append(i)
    fixed = []
    for gid, idx in seen.items():
        if len(idx) < 2:
            continue
        meta = nb["cells"][idx[0]]["metadata"]["nbgrader"]
        keep = idx[-1] if meta.get("solution") else idx[0]
        for i in idx:
            if i != keep:
                nb["cells"][i]["metadata"].pop("nbgrader", None)
        fixed.append(gid)
    return fixed


def _problem_in_cells(nb):
    for i, cell in enumerate(nb.get("cells", [])):
        if not isinstance(cell, dict):
            return f"cell {i} is not a JSON object"
        if "source" not in cell:
            return f"cell {i} has no source"
        if cell.get("cell_type") not in ("code", "markdown", "raw"):
            return f"cell {i} has an unknown type {str(cell.get('cell_type'))[:20]!r}"
        meta = cell.get("metadata", {})
        if not isinstance(meta, dict):
            return f"cell {i} has invalid metadata"
        nbg = meta.get("nbgrader")
        if nbg is not None:
            if not isinstance(nbg, dict):
                return f"cell {i} has invalid nbgrader metadata"
            points = nbg.get("points", 0)
            if isinstance(points, bool) or not isinstance(points, (int, float)):
                return f"cell {i} has non-numeric points ({str(points)[:20]!r}): its metadata was edited"
    return None


def read_notebook(path):
    """``(notebook, None)`` or ``(None, reason)`` for one submitted file."""
    path = Path(path)
    if path.is_symlink():
        return None, f"{path.name} is a symbolic link (not followed)"
    if not path.is_file():
        return None, f"{path.name} is not a regular file"
    size = path.stat().st_size
    if size == 0:
        return None, f"{path.name} is empty"
    if size > MAX_NOTEBOOK_BYTES:
        return None, f"{path.name} is larger than {MAX_NOTEBOOK_BYTES // 1_000_000} MB"
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, f"{path.name} is not a text file (binary or not UTF-8)"
    try:
        data = json.loads(text)
    except ValueError as exc:
        return None, f"{path.name} is not valid JSON (truncated or damaged: {str(exc)[:60]})"
    if not isinstance(data, dict):
        return None, f"{path.name} is JSON but not a notebook (a {type(data).__name__})"
    major = data.get("nbformat")
    if major != 4:
        return None, f"{path.name} is in notebook format {major!r}; save it with JupyterLab (format 4)"
    if not isinstance(data.get("cells"), list):
        return None, f"{path.name} has no list of cells"
    problem = _problem_in_cells(data)
    if problem:
        return None, f"{path.name}: {problem}"
    try:
        nb = nbformat.from_dict(data)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - any schema problem is the student's file
        return None, f"{path.name} is not a valid notebook ({str(exc).splitlines()[0][:80]})"
    return nb, None


def inspect(folder, expected, known_ids):
    """Check one submission folder.

    Parameters
    ----------
    folder : path
        ``submitted/<student>/<assignment>/``.
    expected : list of str
        Notebook file names of the assignment (``01a_circuits.ipynb``, ...).
    known_ids : dict
        ``notebook name -> set of grade_ids`` in the instructor's edition.

    Returns
    -------
    dict
        ``notebooks``: ``{name: NotebookNode}`` ready to grade; ``problems``: reasons a
        notebook scores 0; ``notes``: repairs and ignored files; ``flags``: integrity findings.
    """
    folder = Path(folder)
    out = {"notebooks": {}, "problems": [], "notes": [], "flags": []}
    entries = sorted(folder.iterdir()) if folder.is_dir() else []
    if not entries:
        out["problems"].append("empty submission folder")
        return out
    present = {p.name: p for p in entries}
    unexpected = [p.name for p in entries if p.suffix == ".ipynb" and p.name not in expected]
    for name in expected:
        path = present.get(name)
        if path is None:
            hint = f" (found {', '.join(unexpected)}: rename it to {name})" if unexpected else ""
            out["problems"].append(f"{name} is missing{hint}")
            continue
        nb, reason = read_notebook(path)
        if reason:
            out["problems"].append(reason)
            continue
        ids = known_ids.get(name, set())
        for i, cell in enumerate(nb.cells):
            gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if gid is not None and gid not in ids:
                cell.metadata.pop("nbgrader", None)
                out["flags"].append((name, i, f"cell claims an unknown grade_id {str(gid)[:40]!r}"))
        fixed = _fix_duplicates(nb)
        out["notes"] += [f"repaired duplicate {g}" for g in fixed]
        out["notebooks"][name] = nb
    ignored = [p.name for p in entries if p.name not in expected]
    links = [p.name for p in entries if p.is_symlink()]
    if links:
        out["notes"].append(f"ignored symbolic links: {', '.join(links)[:120]}")
    others = [n for n in ignored if n not in links and n not in unexpected]
    if others:
        out["notes"].append(f"ignored {len(others)} other file(s): {', '.join(others)[:120]}")
    return out
