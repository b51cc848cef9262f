"""Validate that reads as feedback: one short line per problem instead of test-cell source and tracebacks.

nbgrader's *Validate* button shows, for every failing test cell, the cell's whole source and
its error.  This Jupyter server extension (enabled by ``make lab`` and by the hub's single-user
servers) rewrites that result before it reaches the dialog: one entry per failing check, titled
by the first line of the check's docstring ("Problem 3 visible check (1 point): ..."), with the
one-line message the course's checks produce (not answered yet / which check failed, its hint
and the student's own value), and a summary line listing every problem: passed or not.
The verdicts themselves are nbgrader's; only their presentation changes.
"""
import html
import re

_DOC = re.compile(r'^\s*(?:[rub]*)("""|\'\'\')(.*?)(\1|$)', re.S)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _title(source):
    """First line of the test cell's docstring, else its first line."""
    match = _DOC.match(source or "")
    text = (match.group(2) if match else (source or "").strip()).strip().splitlines()
    return (text[0] if text else "a check")[:120]


def _message(raw_error):
    lines = [line.strip() for line in _ANSI.sub("", raw_error or "").splitlines() if line.strip()]
    if not lines:
        return "failed"
    last = lines[-1]
    if last.startswith(("GradingFailure:", "NotAnswered:", "StudentError:")):
        last = last.split(":", 1)[1].strip()
    return last[:400]


def summarize(result, notebook_titles):
    """Rewrite a Validator result: short titles, one-line messages, a summary of every check."""
    failed = result.get("failed")
    if not failed:
        return result
    rows = []
    failing = {_title(f.get("source", "")) for f in failed}
    for title in notebook_titles:
        rows.append(f"{'✗' if title in failing else '✓'} {title}")
    entries = []
    for k, item in enumerate(failed):
        message = _message(item.get("raw_error", ""))
        body = html.escape(message)
        if k == 0 and rows:
            body = html.escape("\n".join(rows)) + "\n\n" + body
        entries.append({"source": _title(item.get("source", "")), "error": body, "raw_error": message})
    return dict(result, failed=entries)


def _test_titles(path):
    import nbformat
    nb = nbformat.read(path, as_version=4)
    titles = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        # hidden checks are not in the student edition (their cell is a docstring and `pass`)
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution") and "G." in cell.source:
            titles.append(_title(cell.source))
    return titles


def _load_jupyter_server_extension(serverapp):
    from nbgrader.validator import Validator
    original = Validator.validate
    if getattr(original, "_dystonia", False):
        return

    def validate(self, filename):
        result = original(self, filename)
        try:
            return summarize(result, _test_titles(filename))
        except Exception:  # noqa: BLE001 - never hide a verdict because its presentation failed
            return result

    validate._dystonia = True
    Validator.validate = validate
    serverapp.log.info("dystonia course: Validate shows one line per check")


def _jupyter_server_extension_points():
    return [{"module": "grader.validate_ext"}]
