"""Write ``course/helpers_api.md``: per graded problem, the ``helpers`` functions a student may call.

Usage::

    python tools/helpers_api.py            # (re)write course/helpers_api.md
    python tools/helpers_api.py --check    # exit 1 if the committed page is stale
    python tools/helpers_api.py --unruled  # list the problems that name functions without a rule

Everything comes from the student editions (``release/``) and the ``helpers`` package:

* the **statement** of each graded item (the markdown from its ``### Problem …`` or
  ``### Reading …`` heading down to its answer cell): every ``helpers`` name it writes in code
  (``basal_ganglia.neighbour_moves``, ``helpers.emg``, ``dbs.DEVICE_OVERHEAD_UW``), and the rule
  its sentence gives: *may call* ("you may call / use", "you can use"), *may not call* ("do not
  call", "without calling"), or no explicit rule (the name is part of the task);
* the problem's **data cell** (the locked ``student-data`` cell that draws the student's case
  with ``G.seed_for("<answer id>")``): the ``helpers`` functions it calls;
* the **docstrings**: each name's signature and first docstring line (for a constant, its
  ``#:`` comment).

``tests/teacher/test_helpers_api.py`` fails while the committed page differs from what this
tool writes, so a changed statement or docstring shows up as a stale page.
"""
import argparse
import importlib
import inspect
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
import nbtools  # noqa: E402
from common_mistakes import PROBLEM_HEADING, notebook_title  # noqa: E402

OUT = ROOT / "course" / "helpers_api.md"
#: The science modules of ``helpers`` a statement may name (not the checks' API, plots or explorers).
MODULES = ("emg", "hypertonia", "movement", "basal_ganglia", "plasticity", "tms", "sensorimotor", "oscillations",
           "homeostasis", "genetics", "genes", "classification", "ratings", "botulinum", "dbs", "programming",
           "treatment", "warmup", "cohort")
_MODS = "|".join(MODULES)
#: ``helpers.emg`` or ``helpers.emg.envelope`` or ``emg.envelope`` (a bare ``emg`` may be a plain word or string).
NAME = re.compile(rf"(?<![\w.])(?:helpers\.({_MODS})\b(?:\.([A-Za-z_]\w*))?|({_MODS})\.([A-Za-z_]\w*))")
FORBID = re.compile(r"\b(do not|don't|never|must not|without)\b[^.;]*?\b(call|use|calling|using)\b"
                    r"|\bnot (call|use)\b|\bis not allowed\b", re.I)
ALLOW = re.compile(r"\byou (may|can) (call|use)\b|\bmay (call|use) it\b|\bis allowed\b|\bfeel free to (call|use)\b",
                   re.I)
RULES = ("may not call", "may call", "named in the statement (no explicit rule)")


# --- reading the notebooks --------------------------------------------------------------------
def graded_items(nb):
    """``[(answer grade_id, heading, statement markdown, data-cell sources)]`` in notebook order."""
    answers = nbtools.answer_cells(nb)
    data = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and "student-data" in cell.metadata.get("tags", []):
            for gid in re.findall(r"seed_for\(\s*[\"'](\w+)[\"']\s*\)", cell.source):
                data.setdefault(gid, []).append(cell.source)
    items, heading, statement = [], None, []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = list(PROBLEM_HEADING.finditer(cell.source))
            if found:
                heading = found[-1].group(1).strip()
                statement = [cell.source[found[-1].start():]]
            elif heading:
                statement.append(cell.source)
        gid = nbtools.grade_id(cell)
        if gid in answers:
            items.append((gid, heading or gid, "\n\n".join(statement), data.get(gid, [])))
            heading, statement = None, []
    return items


def _code_spans(markdown):
    """``[(code, sentence)]``: every inline code span and fenced block, with the sentence it sits in."""
    out = []
    for block in re.findall(r"```[^\n]*\n(.*?)```", markdown, re.S):
        out.append((block, ""))
    prose = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z(*`])|\n\s*[-*]\s+|\n{2,}", prose):
        for span in re.findall(r"`([^`\n]+)`", sentence):
            out.append((span, sentence))
    return out


def rule_of(sentence):
    """The rule a sentence gives the names in it: one of :data:`RULES`.

    >>> rule_of("Write the index yourself with numpy (do not call `helpers.emg`).")
    'may not call'
    >>> rule_of("(`ratings.icc` computes it; you may use it.)")
    'may call'
    >>> rule_of("(`classification.body_distribution` applies the rules)")
    'named in the statement (no explicit rule)'
    """
    if FORBID.search(sentence):
        return RULES[0]
    if ALLOW.search(sentence):
        return RULES[1]
    return RULES[2]


def names_in(code):
    """``[(module, attribute or None)]`` of the ``helpers`` names written in a piece of code."""
    return [(m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4)) for m in NAME.finditer(code)]


def statement_names(markdown):
    """``{(module, attribute or None): rule}``; a name given two rules keeps the strictest."""
    rules = {}
    for code, sentence in _code_spans(markdown):
        for name in names_in(code):
            rule = rule_of(sentence) if sentence else RULES[2]
            if name not in rules or RULES.index(rule) < RULES.index(rules[name]):
                rules[name] = rule
    return rules


def data_cell_names(sources):
    """The ``helpers`` functions a data cell calls (``module.function(``), in order of first use."""
    out = []
    for source in sources:
        for m in re.finditer(r"(?<![\w.])(" + "|".join(MODULES) + r")\.([A-Za-z_]\w*)\s*\(", source):
            if (m.group(1), m.group(2)) not in out:
                out.append((m.group(1), m.group(2)))
    return out


# --- describing a name from the package ---------------------------------------------------------
def _constant_comment(module, attr):
    """The ``#:`` comment above ``attr = ...`` in ``module``'s source, joined to one line."""
    try:
        lines = inspect.getsource(module).splitlines()
    except (OSError, TypeError):
        return ""
    for i, line in enumerate(lines):
        if re.match(rf"{re.escape(attr)}\s*(:[^=]+)?=", line):
            comment = []
            j = i - 1
            while j >= 0 and lines[j].startswith("#:"):
                comment.insert(0, lines[j][2:].strip())
                j -= 1
            text = " ".join(c for c in comment if c)
            first = re.split(r"(?<=[a-z)])\.\s|:\s", text, maxsplit=1)[0].rstrip(".:")
            return f"{first}." if first else ""
    return ""


def describe(module_name, attr):
    """``(written name, one-line description)`` of a helpers module, function or constant."""
    module = importlib.import_module(f"helpers.{module_name}")
    if attr is None:
        doc = (inspect.getdoc(module) or "").strip().splitlines()
        return f"helpers.{module_name}", "the whole module" + (f": {doc[0]}" if doc else "")
    obj = getattr(module, attr, None)
    if obj is None:
        return f"{module_name}.{attr}", "**not found in helpers**: the statement names something the package lacks"
    if callable(obj):
        try:
            signature = str(inspect.signature(obj))
        except (TypeError, ValueError):
            signature = "(...)"
        doc = (inspect.getdoc(obj) or "").strip().splitlines()
        return f"{module_name}.{attr}{signature}", doc[0] if doc else ""
    comment = _constant_comment(module, attr)
    shown = f"{obj:.6g}" if isinstance(obj, float) else repr(obj)
    value = shown if len(shown) <= 60 else f"a {type(obj).__name__}"
    return f"{module_name}.{attr}", f"constant, {value}" + (f". {comment}" if comment else "")


# --- the page --------------------------------------------------------------------------------------
def _markdown(text):
    """Docstring reST as Markdown: ``:func:`x``` and ````x```` become ```x```.

    >>> _markdown("as :func:`treatment_pathway` does, for ``n_patients`` patients")
    'as `treatment_pathway` does, for `n_patients` patients'
    """
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", text)
    return re.sub(r"``([^`]+)``", r"`\1`", " ".join(text.split()))


def _line(name):
    written, text = describe(*name)
    text = _markdown(text).replace("|", "\\|")
    return f"- `{written}`: {text}" if text else f"- `{written}`"


def render_item(heading, statement, data_sources):
    named = statement_names(statement)
    lines = [f"### {heading}", ""]
    for rule in RULES:
        names = [n for n, r in named.items() if r == rule]
        if names:
            lines += [f"**{rule[0].upper() + rule[1:]}:**", ""] + [_line(n) for n in names] + [""]
    if not named:
        lines += ["The statement names no `helpers` function.", ""]
    used = [n for n in data_cell_names(data_sources) if n not in named]
    if used:
        lines += ["**Your data cell draws your case with:**", ""] + [_line(n) for n in used] + [""]
    return "\n".join(lines).rstrip() + "\n"


def notebooks(root=ROOT):
    return sorted((root / "release").glob("*/*.ipynb"))


def render(root=ROOT):
    parts = ["# Which `helpers` functions may I call?", "",
             "*Generated by `tools/helpers_api.py` from the problem statements in `release/` and the docstrings of "
             "the `helpers` package (`make helpers-api`); do not edit by hand.*", "",
             "Every problem says what to define. Some also name functions of the course's `helpers` package: "
             "the model a problem asks about (call it as often as you like), a function that would do the work "
             "for you (then the statement says not to call it), or a constant to use. This page lists them per "
             "problem, with each function's signature and what it does, and the functions the locked data cell "
             "uses to draw your own case.", "",
             "- **May call**: the statement says you may use it.",
             "- **May not call**: the statement asks you to write this yourself; an answer that calls it does "
             "not show the skill the problem grades.",
             "- **Named in the statement**: the statement uses this name as part of the task (a model to "
             "evaluate, a constant, a function whose result you report). Where your instructor has a rule "
             "beyond the statement, it is in the course's policies.", "",
             "Open a function's full documentation in JupyterLab with `help(botulinum.time_course)` or "
             "`botulinum.time_course?`.", ""]
    for path in notebooks(root):
        nb = nbtools.read(path)
        items = graded_items(nb)
        if not items:
            continue
        parts += [f"## `{path.stem}`: {notebook_title(nb, path.stem)}", ""]
        for _gid, heading, statement, data_sources in items:
            parts.append(render_item(heading, statement, data_sources))
    return "\n".join(parts).rstrip() + "\n"


def unruled(root=ROOT):
    """``[(notebook, heading, [names])]`` of items that name helpers without an explicit rule."""
    out = []
    for path in notebooks(root):
        for _gid, heading, statement, _data in graded_items(nbtools.read(path)):
            names = [f"{m}.{a}" if a else f"helpers.{m}" for (m, a), r in statement_names(statement).items()
                     if r == RULES[2]]
            if names:
                out.append((path.stem, heading, names))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed page is not current")
    parser.add_argument("--unruled", action="store_true", help="list problems that name helpers without a rule")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if args.unruled:
        for stem, heading, names in unruled():
            print(f"{stem}: {heading}: {', '.join(names)}")
        return 0
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run `make helpers-api` (python tools/helpers_api.py)")
            return 1
        print(f"{args.out} is current")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
