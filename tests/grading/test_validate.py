"""Validate's dialog: one summary titled by problem, not nbgrader's per-cell source and tracebacks."""
import re

import nbformat

from course_utils import ROOT
from grader.validate_ext import _message, _title, summarize, visible_checks

READING = '"""Visible check (1 point): your reading, with a message for each wrong option"""\nG.check_equal(...)'


def _nb():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell

    def check(source):
        cell = code(source)
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "points": 1, "grade_id": str(id(cell))}
        return cell
    return nbformat.v4.new_notebook(cells=[
        md("### Problem 1 (3 points): Co-contraction"), check('"""Visible check (1 point): two windows"""\nG.passed("x")'),
        md("### Problem 2 (3 points): A line"), check('"""Visible check (1 point): a line"""\nG.passed("y")'),
        md("### Reading C1 (3 points): a segment?"), check(READING.replace("...", "'c1'")),
        md("### Reading C2 (3 points): halve the energy?"), check(READING.replace("...", "'c2'")),
    ])


def test_checks_are_titled_by_their_problem_and_identical_docstrings_stay_apart():
    labels = [name for _source, name in visible_checks(_nb())]
    assert labels == ["Problem 1 · two windows", "Problem 2 · a line",
                      "Reading C1 · your reading, with a message for each wrong option",
                      "Reading C2 · your reading, with a message for each wrong option"]


def test_failures_become_one_wrapped_summary_without_nbgraders_header():
    nb = _nb()
    checks = visible_checks(nb)
    result = {"failed": [
        {"source": nb.cells[1].source, "raw_error": "\x1b[0;31mNot answered yet: write cci in its answer cell\x1b[0m"},
        {"source": nb.cells[7].source,
         "raw_error": "Traceback...\nGradingFailure: reading_c2 is not correct: energy is not the only drain <b>"},
    ]}
    out = summarize(result, checks)["failed"]
    assert len(out) == 1, "one summary entry, so nbgrader's 'The following cell failed:' appears once (and is hidden)"
    entry = out[0]
    assert entry["source"].startswith("2 of 4 visible checks pass")
    assert "<li>✗ <b>Problem 1 · two windows</b>" in entry["error"] and "<li>✓ Problem 2 · a line</li>" in entry["error"]
    assert "energy is not the only drain &lt;b&gt;" in entry["error"]
    lines = entry["raw_error"].splitlines()
    assert lines == ["✗ Problem 1 · two windows: Not answered yet: write cci in its answer cell",
                     "✓ Problem 2 · a line", "✓ Reading C1 · your reading, with a message for each wrong option",
                     "✗ Reading C2 · your reading, with a message for each wrong option: reading_c2 is not correct: "
                     "energy is not the only drain <b>"]
    assert "white-space: pre-wrap" in entry["error"] and "nth-child(-n+2)" in entry["error"]


def test_every_release_notebook_names_each_check_by_its_problem():
    for path in sorted((ROOT / "release").glob("*/*.ipynb")):
        labels = [name for _s, name in visible_checks(nbformat.read(path, as_version=4))]
        assert labels, f"{path.name}: no visible check found"
        assert all(re.match(r"(Problem|Reading|Question|Written answer) [A-Z]?\d+ · ", n) for n in labels), (
            f"{path.name}: a check without its problem: {[n for n in labels if ' · ' not in n]}")
        assert len(set(labels)) == len(labels), f"{path.name}: two checks read the same: {labels}"


def test_success_and_odd_cells_pass_through():
    assert summarize({}, [("a", "Problem 1 · a")]) == {}
    assert _title("G.passed()") == "G.passed()" and _message("") == "failed"
    odd = summarize({"failed": [{"source": "print(1)", "raw_error": "boom"}]}, [])["failed"][0]
    assert "✗ print(1): boom" in odd["raw_error"]
