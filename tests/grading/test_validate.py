"""Validate's dialog: one short line per check, not test-cell source and tracebacks."""
from grader.validate_ext import _message, _title, summarize


def test_failures_become_titled_one_liners_with_a_summary_of_every_check():
    result = {"failed": [
        {"source": '"""Problem 1 visible check (1 point): two windows"""\nG.check_close(...)',
         "raw_error": "\x1b[0;31mNot answered yet: write cci in its answer cell\x1b[0m"},
        {"source": '"""Problem 3 visible check (1 point): a boundary case"""\n...',
         "raw_error": "Traceback...\nGradingFailure: x = 0.5 is not within tolerance. Hint: percent, not a fraction"},
    ]}
    titles = ["Problem 1 visible check (1 point): two windows", "Problem 2 visible check (1 point): a line",
              "Problem 3 visible check (1 point): a boundary case"]
    out = summarize(result, titles)["failed"]
    assert [e["source"] for e in out] == [titles[0], titles[2]]
    assert out[0]["error"].startswith("✗ Problem 1") and "✓ Problem 2" in out[0]["error"]
    assert out[0]["raw_error"] == "Not answered yet: write cci in its answer cell"
    assert out[1]["raw_error"].startswith("x = 0.5 is not within tolerance") and "<" not in out[1]["error"]


def test_success_and_odd_cells_pass_through():
    assert summarize({}, ["a"]) == {}
    assert _title("G.passed()") == "G.passed()" and _message("") == "failed"
