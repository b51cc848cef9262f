"""Copies found: how close each submission's answers are to the instructor's solution and to classmates'.

Per-student data stop copied *numbers*; they do not stop copied *code*: the instructor's
solution, or a classmate's, computes every student's answers.  This module compares code.

Method: winnowing over normalised Python tokens (Schleimer, Wilkerson & Aiken, 2003, the method
behind MOSS).  Each answer cell is tokenised; comments and layout are dropped, every name the
cell binds (functions, arguments, variables, loop and comprehension variables, imports) becomes
``V`` and every string ``S``, so renaming variables, rewording comments or reformatting changes
nothing; library calls, attributes, operators, numbers and the order of statements stay.  Each
run of ``K_TOKENS`` tokens is hashed, and from every window of ``WINDOW`` consecutive hashes the
smallest is kept: any shared run of at least ``K_TOKENS + WINDOW - 1`` tokens leaves a shared
fingerprint.  What the student edition already holds (the stub's signature and docstring) is
removed, so only what a student wrote is compared.

For each submission (per assignment) the report gives

* ``solution``: the share of its fingerprints found in the instructor's solution of the same
  cells (containment: renamed copies of the solution score near 1);
* each classmate: the shared fingerprints over the smaller of the two submissions (so copying
  half of someone's work still shows), leaving out fingerprints that more than
  ``COMMON_SHARE`` of the class share (common idioms are not evidence between two students).

A pair is **flagged for review** when its closeness reaches ``THRESHOLD`` and it shares at
least ``MIN_SHARED`` fingerprints (a few lines in common are not a copy), or when one answer
cell of at least ``CELL_MIN`` fingerprints is shared to ``CELL_THRESHOLD`` (one long function
copied whole in an otherwise own submission).  A flag changes no grade: it asks a person to
look at two notebooks side by side.  Choice questions are left out (a letter is not code, and a
copied letter is worth a guess anyway, ``helpers/choices.py``).

Reference: S. Schleimer, D. S. Wilkerson and A. Aiken, "Winnowing: local algorithms for
document fingerprinting", Proc. ACM SIGMOD 2003, 76-85.
"""
import ast
import builtins
import hashlib
import io
import keyword
import tokenize
from collections import defaultdict
from itertools import combinations

K_TOKENS = 12
WINDOW = 6
THRESHOLD = 0.7
MIN_SHARED = 12
CELL_MIN = 25
CELL_THRESHOLD = 0.85
LISTING_FLOOR = 0.3          # classmates at least this close are listed even when not flagged
COMMON_SHARE = 0.5
COMMON_MIN_CLASS = 8         # below this class size no fingerprint is treated as common
SOLUTION = "(instructor solution)"
FIELDS = ["assignment", "student", "other", "closeness", "shared", "fingerprints", "cells", "flag"]
_BUILTINS = frozenset(dir(builtins))
_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER, tokenize.TYPE_COMMENT}


# --- fingerprints ---------------------------------------------------------------------------------
def bound_names(code):
    """Names the code binds itself: definitions, arguments, assignment, loop, with and import targets.

    >>> sorted(bound_names("def f(x, *a, k=1):\\n    y = [z for z in x]\\n    return np.mean(y)"))
    ['a', 'f', 'k', 'x', 'y', 'z']
    """
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def tokens(code):
    """Normalised tokens of ``code``: bound names become ``V``, strings ``S``; comments and layout are dropped.

    >>> tokens("total = sum(xs)  # add up") == tokens("s = sum(values)")
    False
    >>> tokens("def f(a):\\n    return a + 1") == tokens("def g(b):\\n    # one more\\n    return b + 1")
    True
    """
    bound = bound_names(code)
    out = []
    previous = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type in _SKIP:
                continue
            if tok.type == tokenize.NAME:
                if keyword.iskeyword(tok.string) or previous == "." or tok.string not in bound:
                    text = tok.string
                else:
                    text = "V"
            elif tok.type == tokenize.STRING or tok.type == getattr(tokenize, "FSTRING_START", -1):
                text = "S"
            elif tok.type in (getattr(tokenize, "FSTRING_MIDDLE", -1), getattr(tokenize, "FSTRING_END", -1)):
                continue
            elif tok.type == tokenize.NEWLINE:
                text = ";"
            elif tok.type == tokenize.INDENT:
                text = "{"
            elif tok.type == tokenize.DEDENT:
                text = "}"
            else:
                text = tok.string
            out.append(text)
            previous = tok.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass                    # what tokenised before the error still counts
    return out


def _hash(gram):
    return int.from_bytes(hashlib.blake2b("\x1f".join(gram).encode(), digest_size=8).digest(), "big")


def fingerprints(code, k=K_TOKENS, window=WINDOW):
    """The winnowed fingerprints (a set of ints) of ``code``; empty when it has fewer than ``k`` tokens.

    >>> a = fingerprints("def f(x):\\n    s = 0\\n    for v in x:\\n        s += v * v\\n    return s ** 0.5")
    >>> a == fingerprints("def norm(values):\\n    acc = 0\\n    for item in values:\\n        acc += item * item\\n"
    ...                   "    return acc ** 0.5")
    True
    >>> len(fingerprints("x = 1"))
    0
    """
    toks = tokens(code)
    hashes = [_hash(toks[i:i + k]) for i in range(len(toks) - k + 1)]
    if not hashes:
        return set()
    if len(hashes) <= window:
        return {min(hashes)}
    chosen, last = set(), None
    for start in range(len(hashes) - window + 1):
        win = hashes[start:start + window]
        low = min(win)
        where = start + max(i for i, h in enumerate(win) if h == low)     # the rightmost minimum
        if where != last:
            chosen.add(hashes[where])
            last = where
    return chosen


# --- notebooks ------------------------------------------------------------------------------------
def _answer_sources(nb):
    """``{grade_id: source}`` of a notebook's code answer cells (dict or NotebookNode), choice questions left out."""
    out = {}
    cells = nb.get("cells", [])
    choices = {(c.get("metadata", {}).get("nbgrader", {}) or {}).get("grade_id", "")[: -len("_options")]
               for c in cells if str((c.get("metadata", {}).get("nbgrader", {}) or {}).get("grade_id", ""))
               .endswith("_options")}
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if cell.get("cell_type") == "code" and meta.get("solution") and meta.get("grade_id") \
                and meta["grade_id"] not in choices:
            source = cell.get("source", "")
            out[meta["grade_id"]] = "".join(source) if isinstance(source, list) else str(source)
    return out


def submission_fingerprints(notebooks, stubs):
    """``{(notebook, grade_id): fingerprints}`` of what a student wrote (the student edition's stub removed).

    ``notebooks`` maps a notebook file name to the submitted notebook; ``stubs`` maps
    ``(notebook, grade_id)`` to the fingerprints of the student edition's cell.
    """
    out = {}
    for name, nb in notebooks.items():
        stem = name[:-6] if name.endswith(".ipynb") else name
        for gid, source in _answer_sources(nb).items():
            prints = fingerprints(source) - stubs.get((stem, gid), set())
            if prints:
                out[(stem, gid)] = prints
    return out


def _total(prints):
    return sum(len(v) for v in prints.values())


# --- comparisons ----------------------------------------------------------------------------------
def compare_class(submissions, solution, *, threshold=THRESHOLD, min_shared=MIN_SHARED, floor=LISTING_FLOOR,
                  common_share=COMMON_SHARE):
    """Rows of the similarity report for one assignment.

    Parameters
    ----------
    submissions : dict
        ``{student: {(notebook, grade_id): fingerprints}}``.
    solution : dict
        ``{(notebook, grade_id): fingerprints}`` of the instructor's solution.

    Returns
    -------
    list of dict
        One row per student against the solution, and one per classmate at least ``floor``
        close (and each student's closest classmate); ``flag`` is ``"review"`` when the pair
        reaches ``threshold`` with at least ``min_shared`` shared fingerprints.
    """
    rows = []
    students = sorted(submissions)
    for student in students:
        mine = submissions[student]
        total = _total(mine)
        shared = {cell: len(prints & solution.get(cell, set())) for cell, prints in mine.items()}
        n_shared = sum(shared.values())
        closeness = n_shared / total if total else 0.0
        cells = {cell: (n / len(mine[cell]), len(mine[cell])) for cell, n in shared.items() if n}
        rows.append(_row(student, SOLUTION, closeness, n_shared, total, cells, threshold, min_shared))
    # classmates: an inverted index from fingerprint to the students that have it, per cell
    holders = defaultdict(set)
    for student in students:
        for cell, prints in submissions[student].items():
            for h in prints:
                holders[(cell, h)].add(student)
    common = set()
    if len(students) >= COMMON_MIN_CLASS:
        common = {key for key, who in holders.items() if len(who) > common_share * len(students)}
    usable = {s: {cell: {h for h in prints if (cell, h) not in common} for cell, prints in submissions[s].items()}
              for s in students}
    totals = {s: _total(usable[s]) for s in students}
    pair_shared = defaultdict(lambda: defaultdict(int))
    for (cell, h), who in holders.items():
        if (cell, h) in common or len(who) < 2:
            continue
        for a, b in combinations(sorted(who), 2):
            pair_shared[(a, b)][cell] += 1
    best = {}
    listed = []
    for (a, b), counts in pair_shared.items():
        n_shared = sum(counts.values())
        smaller = min(totals[a], totals[b])
        closeness = n_shared / smaller if smaller else 0.0
        # per cell: the shared share of the smaller of the two answers (the same from either side)
        cells = {cell: (n / size, size) for cell, n in counts.items()
                 for size in [min(len(usable[a].get(cell, ())), len(usable[b].get(cell, ())))] if size}
        for me, other in ((a, b), (b, a)):
            if closeness > best.get(me, (0.0, None))[0]:
                best[me] = (closeness, other, n_shared, dict(cells))
        if closeness >= floor or any(size >= CELL_MIN and share >= CELL_THRESHOLD for share, size in cells.values()):
            listed.append((a, b, closeness, n_shared, dict(cells)))
    seen = set()
    for a, b, closeness, n_shared, cells in listed:
        for me, other in ((a, b), (b, a)):
            rows.append(_row(me, other, closeness, n_shared, totals[me], cells, threshold, min_shared))
            seen.add((me, other))
    for me, (closeness, other, n_shared, cells) in best.items():
        if (me, other) not in seen and other is not None:
            rows.append(_row(me, other, closeness, n_shared, totals[me], cells, threshold, min_shared))
    rows.sort(key=lambda r: (r["student"], r["other"] != SOLUTION, -r["closeness"], r["other"]))
    return rows


def _row(student, other, closeness, n_shared, total, cells, threshold, min_shared):
    """One report row; ``cells`` maps a cell to (its shared share, the fingerprints that share is of)."""
    whole_cell = any(size >= CELL_MIN and share >= CELL_THRESHOLD for share, size in cells.values())
    flagged = (closeness >= threshold and n_shared >= min_shared) or whole_cell
    cells = sorted(((cell, share) for cell, (share, _) in cells.items()), key=lambda x: -x[1])
    return {"student": student, "other": other, "closeness": round(closeness, 3), "shared": n_shared,
            "fingerprints": total, "cells": "; ".join(f"{gid}:{share:.2f}" for (_, gid), share in cells[:6]),
            "flag": "review" if flagged else ""}


def assignment_rows(assignment, notebooks_by_student, release_notebooks, source_notebooks, **kwargs):
    """Similarity rows for one assignment from notebooks (file name -> notebook dicts or NotebookNodes).

    ``release_notebooks`` are the student editions (their stubs are removed from every answer);
    ``source_notebooks`` the instructor editions (their solutions are the reference).
    """
    stubs = {}
    for name, nb in release_notebooks.items():
        stem = name[:-6] if name.endswith(".ipynb") else name
        for gid, source in _answer_sources(nb).items():
            stubs[(stem, gid)] = fingerprints(source)
    solution_nbs = {}
    for name, nb in source_notebooks.items():
        solved = {"cells": []}
        for cell in nb.get("cells", []):
            text = "".join(cell.get("source", "")) if isinstance(cell.get("source"), list) else cell.get("source", "")
            text = "\n".join(line for line in text.splitlines()
                             if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
            solved["cells"].append(dict(cell, source=text))
        solution_nbs[name] = solved
    solution = submission_fingerprints(solution_nbs, stubs)
    submissions = {student: submission_fingerprints(nbs, stubs) for student, nbs in notebooks_by_student.items()}
    rows = compare_class(submissions, solution, **kwargs)
    for r in rows:
        r["assignment"] = assignment
    return rows


def flagged(rows):
    return [r for r in rows if r["flag"]]


def write_report(course, notebooks, release_dir, report_dir):
    """Write ``reports/similarity.csv`` for a class; return the flagged rows.

    ``notebooks`` maps ``(student, assignment)`` to ``{file name: notebook}`` (as read without
    trust by ``grader/submissions.py``); ``release_dir`` holds the student editions
    (``<assignment>/<name>.ipynb``); the instructor's solutions come from ``course/source``.
    """
    import csv
    import json
    from pathlib import Path
    course, release_dir, report_dir = Path(course), Path(release_dir), Path(report_dir)
    by_assignment = defaultdict(dict)
    for (student, assignment), nbs in notebooks.items():
        by_assignment[assignment][student] = nbs
    rows = []
    for assignment, students in sorted(by_assignment.items()):
        release = {p.name: json.loads(p.read_text()) for p in sorted((release_dir / assignment).glob("*.ipynb"))}
        source = {p.name: json.loads(p.read_text()) for p in sorted((course / "source" / assignment).glob("*.ipynb"))}
        rows += assignment_rows(assignment, students, release, source)
    report_dir.mkdir(parents=True, exist_ok=True)
    with open(report_dir / "similarity.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return flagged(rows)
