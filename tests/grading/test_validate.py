"""Validate's dialog: one summary titled by problem, not nbgrader's per-cell source and tracebacks;
and, when the notebook ran as the demo patient, a plain word of it and how to set the student id."""
import re

import nbformat

from course_utils import ROOT
from grader.validate_ext import DEMO_NOTICE, _message, _title, ran_as_demo, summarize, visible_checks

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
        pattern = r"(Problem|Reading|Question|Written answer) (?:[A-Z]\d*|\d+)[a-z]? · "
        assert all(re.match(pattern, n) for n in labels), (
            f"{path.name}: a check without its problem: {[n for n in labels if not re.match(pattern, n)]}")
        assert len(set(labels)) == len(labels), f"{path.name}: two checks read the same: {labels}"


def test_success_and_odd_cells_pass_through():
    assert summarize({}, [("a", "Problem 1 · a")]) == {}
    assert _title("G.passed()") == "G.passed()" and _message("") == "failed"
    odd = summarize({"failed": [{"source": "print(1)", "raw_error": "boom"}]}, [])["failed"][0]
    assert "✗ print(1): boom" in odd["raw_error"]


# --- the demo patient: Validate says so, and how to set the id -----------------------------------
def _first_cell_output(text):
    cell = nbformat.v4.new_code_cell("helpers.cohort.use(STUDENT_ID)")
    cell.metadata["tags"] = ["course-start"]
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": text}, execution_count=1)]
    return cell


def test_a_run_as_the_demo_patient_is_told_even_when_every_check_passes():
    checks = visible_checks(_nb())
    out = summarize({}, checks, demo=True)["failed"]
    assert len(out) == 1 and out[0]["source"].startswith("Success: all 4 visible checks pass")
    for text in (out[0]["error"], out[0]["raw_error"]):
        assert "demo patient" in text and "STUDENT_ID = " in text and "own order" in text
    assert out[0]["raw_error"].splitlines()[0] == f"⚠ {DEMO_NOTICE}"
    failing = summarize({"failed": [{"source": _nb().cells[1].source, "raw_error": "NotAnswered: write cci"}]},
                        checks, demo=True)["failed"][0]
    assert failing["source"].startswith("3 of 4 visible checks pass") and "demo patient" in failing["error"]
    assert summarize({}, checks, demo=False) == {}, "a run under the student's own id passes silently"
    assert summarize({"changed": [{"source": "x"}]}, checks, demo=True) == {"changed": [{"source": "x"}]}


def test_the_first_cells_saved_line_tells_whose_patient_it_ran_as():
    from helpers import cohort
    nb = _nb()
    assert not ran_as_demo(nb), "no first-cell output: nothing to say"
    nb.cells.insert(0, _first_cell_output(cohort.DEMO_NOTE))
    assert ran_as_demo(nb)
    nb.cells[0] = _first_cell_output("Your patient: ada (from DYSTONIA_STUDENT_ID).")
    assert not ran_as_demo(nb) and not ran_as_demo(None)


def test_validate_in_the_server_says_demo_only_without_an_id(tmp_path, monkeypatch):
    """nbgrader's Validator with the course's extension loaded, on a tiny framed notebook, in a real kernel."""
    import json
    import logging
    import sys
    from types import SimpleNamespace

    from nbgrader.validator import Validator

    import grader.validate_ext as ext
    sys.path.insert(0, str(ROOT / "tools"))
    import chapter_frame
    monkeypatch.setattr(Validator, "validate", Validator.validate)       # restored after the test
    server = SimpleNamespace(web_app=SimpleNamespace(settings={}), log=logging.getLogger("test"))
    ext._load_jupyter_server_extension(server)
    check = nbformat.v4.new_code_cell('"""Visible check (1 point): a number"""\nfrom helpers import grading as G\n'
                                      'assert x == 2\nG.passed("Problem 1 visible check")')
    check.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 1,
                                  "grade_id": "t_visible", "schema_version": 3}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("### Problem 1 (1 point): x"),
                                         chapter_frame.first_cell(), nbformat.v4.new_code_cell("x = 2"), check])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "tiny.ipynb"
    nbformat.write(nb, str(path))
    for var in ("DYSTONIA_STUDENT_ID", "JUPYTERHUB_USER"):
        monkeypatch.delenv(var, raising=False)
    demo = Validator().validate(str(path))
    assert demo["failed"][0]["source"].startswith("Success: all 1 visible checks pass"), json.dumps(demo)[:500]
    assert "demo patient" in demo["failed"][0]["raw_error"]
    monkeypatch.setenv("DYSTONIA_STUDENT_ID", "ada")
    assert Validator().validate(str(path)) == {}, "with an id, a passing notebook is a plain success"


def test_an_unwritten_written_answer_is_listed_apart_and_never_counted_as_a_check():
    """nbgrader's Validator reports a written answer still reading "YOUR ANSWER HERE" as failed; the
    summary names it by its heading as not written yet and counts only the visible checks."""
    from nbgrader.validator import Validator

    from grader.validate_ext import written_answers
    path = ROOT / "release" / "01_principles" / "01a_circuits.ipynb"
    nb = nbformat.read(path, as_version=4)
    written = written_answers(nb)
    assert [name for _s, name in written] == ["Written answer A", "Written answer B"], written
    unwritten = [{"source": source, "raw_error": ""} for source, _name in written]
    entry = summarize({"failed": unwritten}, visible_checks(nb), written=written)["failed"][0]
    n = len(visible_checks(nb))
    assert entry["source"].startswith(f"Success: all {n} visible checks pass"), entry["source"]
    assert "✎ Written answer A: not written yet" in entry["raw_error"]
    assert "YOUR ANSWER HERE" not in entry["raw_error"]
    # and what nbgrader itself reports for the untouched student edition: no written answer among the ✗
    result = Validator().validate(str(path))
    out = summarize(result, visible_checks(nb), written=written)["failed"][0]
    assert f"of {n} visible checks pass" in out["source"], out["source"]
    assert not any(line.startswith("✗ Written") or "YOUR ANSWER HERE" in line for line in out["raw_error"].splitlines())
