"""Feedback pages: a partly passed check shows its verdict lines (wrapped), never a stray ``Out[n]`` score box."""
import nbformat

from grader.judge import verdict_outputs
from grader.nbgrader_ext import VerdictsOnly


def _test_cell(outputs):
    cell = nbformat.v4.new_code_cell('"""Problem 1 hidden checks"""\npass')
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 3, "grade_id": "p1_hidden"}
    cell.outputs = outputs
    return cell


def test_partly_passed_check_keeps_its_lines_and_loses_the_score_box():
    verdict = {"points": 3, "score": 1.5, "failure": None,
               "parts": [{"title": "contract", "passed": True, "message": ""},
                         {"title": "your patient", "passed": False, "message": "x " * 200 + "is not correct"}]}
    outputs = verdict_outputs(verdict)
    assert [o.output_type for o in outputs] == ["stream", "execute_result"], "nbgrader reads the partial score here"
    cell, _ = VerdictsOnly().preprocess_cell(_test_cell(outputs), {}, 0)
    assert [o.output_type for o in cell.outputs] == ["display_data"]
    html = cell.outputs[0].data["text/html"]
    assert "white-space:pre-wrap" in html and "Partly passed (1.5 of 3 points)." in html
    assert cell.outputs[0].data["text/plain"] == outputs[0].text


def test_student_cells_lose_everything_their_kernel_printed():
    cell = nbformat.v4.new_code_cell("print('secret')")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="secret\n")]
    cell.execution_count = 3
    cell, _ = VerdictsOnly().preprocess_cell(cell, {}, 0)
    assert cell.outputs == [] and cell.execution_count is None
