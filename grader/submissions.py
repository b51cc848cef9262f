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
import re
from collections import defaultdict
from pathlib import Path

import nbformat

MAX_NOTEBOOK_BYTES = 20_000_000
GRADE_ID = re.compile(r"^[a-zA-Z0-9_\-]+$")
#: the chapter's first code cell (tools/chapter_frame.py), whose output says whose patient it ran as
FIRST_CELL_TAG = "course-start"


def _output_texts(cell):
    """The plain and Markdown text of a cell's saved outputs (whatever shape a submitted file gives them)."""
    texts = []
    outputs = cell.get("outputs") if isinstance(cell, dict) else None
    for out in outputs if isinstance(outputs, list) else []:
        if not isinstance(out, dict):
            continue
        pieces = [out.get("text")] + [out.get("data", {}).get(m) for m in ("text/plain", "text/markdown")
                                      if isinstance(out.get("data"), dict)]
        for piece in pieces:
            if isinstance(piece, list):
                piece = "".join(p for p in piece if isinstance(p, str))
            if isinstance(piece, str):
                texts.append(piece[:20_000])
    return texts


def worked_as(nb):
    """The student ids a notebook's saved outputs show it ran as: ``"demo"`` or an id; sorted, maybe empty.

    Read from the first code cell's line (``helpers.cohort.use``: "Your patient: ada (...)" or
    "The demo patient: ...") and from the locked options cells of the readings
    (``helpers.choices``: "in the public demo order" or "in the order drawn for student `ada`"),
    as the student last saved them.  An output the student never produced, or cleared, says nothing.  Grading always uses
    the submission's own id; this only tells the instructor (``integrity.csv``) and the student
    (the readings' feedback) that the notebook showed another patient or order.
    """
    from helpers import choices, cohort
    found = set()
    cells = nb.get("cells") if isinstance(nb, dict) else None
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        tags = meta.get("tags") if isinstance(meta.get("tags"), list) else []
        locked = isinstance(meta.get("nbgrader"), dict) and meta["nbgrader"].get("locked") is True
        for text in _output_texts(cell):
            if FIRST_CELL_TAG in tags:
                found.add(cohort.whose_patient(text.splitlines()[0] if text.strip() else ""))
            elif locked:                       # a reading's options cell (a student's own cell says nothing)
                found.add(choices.whose_order(text))
    return sorted(found - {None})


def other_ids(nb, student):
    """The ids of :func:`worked_as` that are not ``student`` (the submission's own id)."""
    return [who for who in worked_as(nb) if who != student]


def saved_other_ids(path, student):
    """:func:`other_ids` of the notebook file ``path`` as handed in; ``[]`` for anything unreadable.

    The grader's judge reads it beside nbgrader (which clears outputs before it runs the
    notebook): a regular UTF-8 JSON file of at most :data:`MAX_NOTEBOOK_BYTES`, nothing else.
    """
    path = Path(path)
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return []
        return other_ids(json.loads(path.read_text(encoding="utf-8")), student)
    except (OSError, ValueError):
        return []


def worked_as_finding(nb, student):
    """"worked as the demo student" / "worked as <id>" when the saved outputs show another id than ``student``."""
    others = other_ids(nb, student)
    if not others:
        return None
    from helpers.cohort import DEMO_STUDENT
    names = ["the demo student" if who == DEMO_STUDENT else who for who in others]
    return "worked as " + " and as ".join(names)


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
            if isinstance(points, bool) or not isinstance(points, (int, float)) or points != points or points < 0:
                return f"cell {i} has non-numeric points ({str(points)[:20]!r}): its metadata was edited"
            # what nbgrader's CheckCellMetadata enforces, checked here once (it is not run again)
            gid = nbg.get("grade_id")
            if gid is not None and (not isinstance(gid, str) or not GRADE_ID.match(gid)):
                return f"cell {i} has an invalid grade_id {str(gid)[:30]!r}: its metadata was edited"
            for key in ("grade", "solution", "locked", "task"):
                if key in nbg and not isinstance(nbg[key], bool):
                    return f"cell {i} has a non-boolean {key!r} in its nbgrader metadata: its metadata was edited"
            if "schema_version" in nbg and (isinstance(nbg["schema_version"], bool)
                                            or not isinstance(nbg["schema_version"], int)):
                return f"cell {i} has an invalid nbgrader schema_version"
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


def _restore_answer_cells(nb, release_nb):
    """Put back, as unanswered stubs, answer cells whose nbgrader metadata is gone (deleted or stripped).

    nbgrader restores deleted *test* cells itself but fails on a notebook whose answer cells are
    missing; with the stubs back, the rest of the notebook is graded as usual.
    """
    present = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb.cells}
    restored = []
    order = [c for c in release_nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")]
    for k, ref in enumerate(order):
        meta = ref.metadata.nbgrader
        if not meta.get("solution") or meta["grade_id"] in present:
            continue
        previous = next((o.metadata.nbgrader["grade_id"] for o in reversed(order[:k])
                         if o.metadata.nbgrader["grade_id"] in present), None)
        index = 0
        if previous is not None:
            index = 1 + max(i for i, c in enumerate(nb.cells)
                            if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == previous)
        stub = nbformat.from_dict(json.loads(json.dumps(ref)))
        stub["id"] = f"restored-{meta['grade_id']}"[:64]
        nb.cells.insert(index, stub)
        present.add(meta["grade_id"])
        restored.append(meta["grade_id"])
    return restored


def _role(meta):
    if meta.get("grade") and not meta.get("solution"):
        return "test cell"
    if meta.get("solution"):
        return "answer cell"
    return "locked cell" if meta.get("locked") else "cell"


def _described(cell, meta, ref):
    if cell.cell_type != ref.cell_type:
        return f"a {cell.cell_type} cell"
    return {"test cell": "a test cell", "answer cell": "an answer cell", "locked cell": "a locked cell",
            "cell": "an ordinary cell"}[_role(meta)]


def _restore_roles(nb, release_nb):
    """Give graded and locked cells back the role and type the release gives them.

    A test cell re-marked as an answer cell (or any cell whose ``grade``, ``solution`` or
    ``locked`` flag or type was changed) made nbgrader stop the whole submission ("Inconsistent
    checksums for cell ..."); with its release metadata back, nbgrader restores its source
    from the gradebook and the rest of the notebook is graded.  Returns ``[(index, what)]``.
    """
    release = {c.metadata.nbgrader["grade_id"]: c for c in release_nb.cells
               if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")}
    restored = []
    for i, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        ref = release.get(meta.get("grade_id"))
        if ref is None:
            continue
        want = ref.metadata.nbgrader
        same = all(bool(meta.get(k)) == bool(want.get(k)) for k in ("grade", "solution", "locked"))
        if same and cell.cell_type == ref.cell_type:
            continue
        what = f"{_role(want)} {want['grade_id']} was re-typed as {_described(cell, meta, ref)}"
        fresh = nbformat.from_dict(json.loads(json.dumps(ref)))
        fresh["id"] = cell.get("id", fresh.get("id"))
        if not want.get("solution"):
            fresh.source = ref.source          # nbgrader restores a test or locked cell's source anyway
        else:
            fresh.source = cell.source         # an answer cell keeps the student's answer
        nb.cells[i] = fresh
        restored.append((i, what))
    return restored


def inspect(folder, expected, known_ids, release_dir=None):
    """Check one submission folder.

    Parameters
    ----------
    folder : path
        ``submitted/<student>/<assignment>/``.
    expected : list of str
        Notebook file names of the assignment (``01a_circuits.ipynb``, ...).
    known_ids : dict
        ``notebook name -> set of grade_ids`` in the instructor's edition.
    release_dir : path, optional
        The student edition (``release/<assignment>/``): answer cells that lost their metadata
        are restored from it as unanswered stubs.

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
        release = Path(release_dir) / name if release_dir else None
        if release is not None and release.exists():
            release_nb = nbformat.read(str(release), as_version=4)
            for i, what in _restore_roles(nb, release_nb):
                out["notes"].append(f"{name}: {what}; its role was restored")
                out["flags"].append((name, i, what))
            restored = _restore_answer_cells(nb, release_nb)
            if restored:
                out["notes"].append(f"{name}: answer cells {', '.join(restored)} were missing; restored as unanswered")
                out["flags"].append((name, "-", f"answer cells lost their nbgrader metadata: {', '.join(restored)}"))
        out["notebooks"][name] = nb
    stamp = present.get("timestamp.txt")
    if stamp is not None and stamp.is_file() and not stamp.is_symlink() and stamp.stat().st_size < 100:
        text = stamp.read_text(errors="replace").strip()
        try:
            from nbgrader.utils import parse_utc
            parse_utc(text)
            out["timestamp"] = text
        except Exception:  # noqa: BLE001 - an unreadable timestamp is ignored and reported
            out["notes"].append("ignored an unreadable timestamp.txt")
    # files the student edition itself ships (the glossary beside the chapters) come back with every
    # submission: ignored without a note
    shipped = {p.name for p in Path(release_dir).iterdir() if p.suffix != ".ipynb"} \
        if release_dir and Path(release_dir).is_dir() else set()
    ignored = [p.name for p in entries if p.name not in expected and p.name != "timestamp.txt"
               and not (p.name in shipped and p.is_file() and not p.is_symlink())]
    links = [p.name for p in entries if p.is_symlink()]
    if links:
        out["notes"].append(f"ignored symbolic links: {', '.join(links)[:120]}")
        out["flags"].append(("-", "-", f"symbolic links in the submission (not followed): {', '.join(links)[:80]}"))
    code = [p.name for p in entries if not p.is_symlink() and (p.suffix in (".py", ".pth", ".so")
                                                               or (p.is_dir() and any(p.rglob("*.py"))))]
    if code:
        out["flags"].append(("-", "-", f"ships Python code beside the notebooks (ignored): {', '.join(code)[:80]}"))
    others = [n for n in ignored if n not in links and n not in unexpected]
    if others:
        out["notes"].append(f"ignored {len(others)} other file(s): {', '.join(others)[:120]}")
    return out
