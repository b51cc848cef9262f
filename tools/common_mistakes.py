"""Write the instructors' common-mistakes sheet, ``course/common_mistakes.md``, from the answer registries.

Usage::

    python tools/common_mistakes.py            # (re)write course/common_mistakes.md
    python tools/common_mistakes.py --check    # exit 1 if the committed sheet is stale

For every notebook with a registry in ``tests/answers/<notebook>.py`` and every graded problem
in it, the sheet lists each named wrong answer (the misconception), its hint id (the key the
instructor's ``reports/items.csv`` counts), whether the visible check catches it (and, if not,
why), and the message a student reads.  The messages are taken from the checks themselves:
the test cells of ``source/<assignment>/<notebook>.ipynb`` are parsed (never run) and every
``misconceptions={"hint id": (value, "message")}`` entry, every ``G.check_true(..., "message",
"hint id")`` and every ``{"hint id": "message"}`` table is read.  A message the check composes
at run time from other names is shown with ``…`` in place of what is computed.

Nothing here is hand-written per problem: add, rename or drop a wrong answer in a registry (or
a message in a check) and run this tool; ``tests/teacher/test_common_mistakes.py`` fails while
the committed sheet differs from what the tool writes.

The sheet is for instructors only: it never goes into ``release/``, the book or feedback.  It
holds the checks' messages (which a student also sees, in feedback), never a hidden test's
code or an expected value.
"""
import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import answer_registry  # noqa: E402
import nbtools  # noqa: E402

OUT = ROOT / "course" / "common_mistakes.md"
HARD_CODED = "hard-coded visible answer"
UNKNOWN = "(the check composes this message at run time; see the test cell)"
#: Hint ids that ``helpers.grading`` raises by itself, with what the student reads.
BUILTIN_HINTS = {
    "type": "a type or shape message from `helpers.grading` (\"… must be a number (int or float); got list.\", "
            "\"… must have exactly the keys …\", \"… must have shape …\")",
    "nonfinite": "\"… contains NaN or infinite values.\"",
    "hint": "the check's own hint (\"… is not within tolerance … of the reference. Hint: …\")",
    "form": "\"… must be one of the letters a, b, c, d (a str such as \\\"a\\\").\" (a choice question's form)",
}


# --- reading the registries and the notebooks ------------------------------------------------
def load_registry(path):
    """The ``ANSWERS`` dict of one registry file (``{}`` if it defines none)."""
    return answer_registry.load_file(path)


def notebooks(root=ROOT):
    """``[(assignment, notebook path, registry path)]`` for every source notebook with a registry, in order."""
    out = []
    for path in sorted((root / "source").glob("*/*.ipynb")):
        registry = root / "tests" / "answers" / f"{path.stem}.py"
        if registry.exists():
            out.append((path.parent.name, path, registry))
    return out


def notebook_title(nb, fallback):
    """"Chapter 1 · Principles and Mechanisms — Part 1 — Circuits …" from the first heading lines."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        heads = [line.lstrip("#").strip() for line in cell.source.splitlines() if re.match(r"#{1,2} ", line)]
        if heads:
            return " — ".join(heads[:2])
    return fallback


#: The heading of a graded item: "### Problem 3 (4 points): ..." or "### Reading B1 (3 points): ...".
PROBLEM_HEADING = re.compile(r"^#{2,4}\s+(\w+ \w+ \(\d+ points?\).*)$", re.M)


def problem_titles(nb):
    """``{answer grade_id: "Problem N (k points): title"}`` from the last graded heading above each answer cell."""
    titles, last = {}, None
    answers = nbtools.answer_cells(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = PROBLEM_HEADING.findall(cell.source)
            if found:
                last = found[-1].strip()
        gid = nbtools.grade_id(cell)
        if gid in answers and last:
            titles.setdefault(gid, last)
    return titles


# --- messages from the checks ------------------------------------------------------------------
def _string(node, tables):
    """The text of a string-valued expression; ``…`` for the parts computed at run time (None if not text)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                inner = _string(value.value, tables) if isinstance(value, ast.FormattedValue) else None
                parts.append(inner if inner is not None else "…")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string(node.left, tables), _string(node.right, tables)
        if left is not None or right is not None:
            return (left if left is not None else "…") + (right if right is not None else "…")
        return None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in tables:
        key = node.slice
        if isinstance(key, ast.Constant) and key.value in tables[node.value.id]:
            return tables[node.value.id][key.value]
    return None


def _string_tables(tree):
    """``{name: {key: text}}`` for every ``NAME = {"key": "text", ...}`` in the cell."""
    tables = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            table = {}
            for k, v in zip(node.value.keys, node.value.values):
                if isinstance(k, ast.Constant) and isinstance(k.value, str):
                    text = _string(v, {})
                    if text is not None:
                        table[k.value] = text
            for target in node.targets:
                if isinstance(target, ast.Name) and table:
                    tables[target.id] = table
    return tables


def _hint_of_check_true(call, tables):
    """``(hint id, message)`` of a ``check_true(condition, message, hint_id)`` call, else None."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if name != "check_true":
        return None
    hint = call.args[2] if len(call.args) >= 3 else next((k.value for k in call.keywords if k.arg == "hint_id"), None)
    message = call.args[1] if len(call.args) >= 2 else next((k.value for k in call.keywords if k.arg == "message"), None)
    if isinstance(hint, ast.Constant) and isinstance(hint.value, str) and message is not None:
        return hint.value, _string(message, tables)
    return None


def _choice_explanations(call, tables):
    """``(option key, explanation)`` pairs of a ``check_choice(..., options=[(key, text), ...])`` call."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name != "check_choice":
        return []
    options = next((k.value for k in call.keywords if k.arg == "options"), None)
    pairs = []
    for item in getattr(options, "elts", []):
        if isinstance(item, ast.Tuple) and len(item.elts) == 2 and isinstance(item.elts[0], ast.Constant):
            text = _string(item.elts[1], tables)
            if isinstance(item.elts[0].value, str) and text is not None:
                pairs.append((item.elts[0].value, text))
    return pairs


def messages_in(source):
    """``{hint id: message}`` that one test cell can report, read from its source (never run).

    These forms are read, in this order of preference for a hint id found more than once:
    a misconception entry ``"id": (value, "message")`` (in a dict literal, or assigned as
    ``table["id"] = (value, "message")``), a ``check_true(cond, "message", "id")``, a message
    table ``"id": "message"``, and a rule tuple ``(..., "id", ..., "message")`` whose last item
    is the message.

    >>> messages_in('G.check_close(x, 1.0, misconceptions={"pct": (100.0, "a percent, not a fraction")})')
    {'pct': 'a percent, not a fraction'}
    >>> messages_in('G.check_true(ok, f"window {i}: too long", "end_inclusive")')
    {'end_inclusive': 'window …: too long'}
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    tables = _string_tables(tree)
    found = {0: {}, 1: {}, 2: {}, 3: {}}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple) and len(node.value.elts) >= 2:
            for target in node.targets:
                if (isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant)
                        and isinstance(target.slice.value, str)):
                    text = _string(node.value.elts[-1], tables)
                    if text is not None:
                        found[0].setdefault(target.slice.value, text)
        if isinstance(node, ast.Tuple) and len(node.elts) >= 3:
            text = _string(node.elts[-1], tables)
            if text is not None:
                for item in node.elts[:-1]:
                    if isinstance(item, ast.Constant) and isinstance(item.value, str):
                        found[3].setdefault(item.value, text)
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    continue
                if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
                    text = _string(value.elts[-1], tables)
                    if text is not None:
                        found[0].setdefault(key.value, text)
                else:
                    text = _string(value, tables)
                    if text is not None:
                        found[2].setdefault(key.value, text)
        elif isinstance(node, ast.Call):
            for key, text in _choice_explanations(node, tables):
                found[0].setdefault(key, f"you chose …, which is not the best reading: {text}")
            pair = _hint_of_check_true(node, tables)
            if pair and pair[1] is not None:
                found[1].setdefault(*pair)
    merged = {}
    for rank in (3, 2, 1, 0):       # lower rank wins: written last
        merged.update(found[rank])
    return merged


def message_for(hint, cells):
    """The first message for ``hint`` in ``cells`` (test-cell sources), a built-in one, or None.

    An answer that raises is reported by ``helpers.grading`` under ``raised:<exception type>``:

    >>> "raised ValueError on a hidden case" in message_for("raised:ValueError", [])
    True
    """
    for source in cells:
        text = messages_in(source).get(hint)
        if text is not None:
            return text
    if hint.startswith("raised:"):
        return (f"helpers.grading's own message (\"… raised {hint.split(':', 1)[1]} on a hidden case; test it on "
                "other inputs …\"; in the visible check, the exception and its text)")
    return BUILTIN_HINTS.get(hint)


# --- the sheet ---------------------------------------------------------------------------------
def problem_rows(gid, entry, tests):
    """One dict per wrong answer of a problem: label, hint, visible, why, visible and hidden message."""
    visible_src = [tests[f"{gid}_visible"].source] if f"{gid}_visible" in tests else []
    hidden_src = [tests[c].source for c in entry.get("hidden", []) if c in tests]
    rows = []
    for label, wrong in entry.get("wrong", {}).items():
        hint = wrong.get("hint", "")
        rows.append({
            "label": label, "hint": hint, "visible": bool(wrong.get("visible")), "why": wrong.get("why", ""),
            "visible_message": message_for(hint, visible_src) if wrong.get("visible") else None,
            "hidden_message": message_for(hint, hidden_src),
        })
    return rows


def _cell(text):
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def render_problem(gid, title, entry, tests):
    rows = problem_rows(gid, entry, tests)
    lines = [f"### {title or gid}", "",
             f"Answer cell `{gid}`; hidden checks {', '.join(f'`{h}`' for h in entry.get('hidden', [])) or '(none)'}"
             f"{'; per-student data' if entry.get('per_student') else ''}.", "",
             "| misconception | hint id | caught by the visible check? | what the student reads |",
             "|---|---|---|---|"]
    for r in rows:
        if r["label"] == HARD_CODED:
            caught = "no (by design: it copies the visible example)"
        elif r["visible"]:
            caught = "yes"
        else:
            caught = f"no: {r['why']}" if r["why"] else "no"
        said = []
        if r["visible"]:
            said.append(f"visible: {r['visible_message'] or UNKNOWN}")
        said.append(f"hidden: {r['hidden_message'] or UNKNOWN}")
        lines.append(f"| {_cell(r['label'])} | `{r['hint']}` | {_cell(caught)} | {_cell('<br>'.join(said))} |")
    return "\n".join(lines)


def render(root=ROOT):
    """The whole sheet as Markdown text."""
    parts = ["# Common mistakes: what students get wrong, and what the checks tell them", "",
             "*For instructors. Generated by `tools/common_mistakes.py` from the answer registries "
             "(`tests/answers/*.py`) and the checks in `source/`; do not edit by hand: change a registry or a "
             "check, then run `make common-mistakes`.*", "",
             "Every graded problem lists the plausible wrong answers the course tests its checks against. "
             "For each one you see its **hint id** (the key `reports/items.csv` counts after `make grade`, so "
             "you can tell how many of your students made that mistake), whether the **visible check** "
             "(the one *Validate* runs on the demo case) already catches it, and the **message** the student "
             "reads. The hidden checks judge the student's own data and new cases; their messages reach the "
             "student only in the returned feedback. Use the list to prepare a session: the mistakes that "
             "the visible check does not catch are the ones worth discussing before the deadline.", ""]
    summary = ["| notebook | problems | listed mistakes | caught by the visible check |", "|---|---|---|---|"]
    body = []
    for assignment, path, registry_path in notebooks(root):
        nb = nbtools.read(path)
        registry = load_registry(registry_path)
        tests = nbtools.test_cells(nb)
        titles = problem_titles(nb)
        order = list(nbtools.answer_cells(nb))
        gids = [g for g in order if g in registry] + [g for g in registry if g not in order]
        mistakes = [w for g in gids for label, w in registry[g].get("wrong", {}).items() if label != HARD_CODED]
        caught = sum(bool(w.get("visible")) for w in mistakes)
        share = f"{caught} ({100 * caught / len(mistakes):.0f} %)" if mistakes else "0"
        summary.append(f"| `{path.stem}` | {len(gids)} | {len(mistakes)} | {share} |")
        body += ["", f"## `{path.stem}`: {notebook_title(nb, path.stem)}", "",
                 f"`{assignment}/{path.name}`; registry `tests/answers/{registry_path.name}`.", ""]
        for gid in gids:
            body += [render_problem(gid, titles.get(gid), registry[gid], tests), ""]
    parts += summary + body
    return "\n".join(parts).rstrip() + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed sheet is not current")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run `make common-mistakes` (python tools/common_mistakes.py)")
            return 1
        print(f"{args.out} is current")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
