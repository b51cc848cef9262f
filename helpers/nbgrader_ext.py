"""nbgrader extension: feedback that never shows hidden tests, not even in tracebacks.

nbgrader's ``ClearHiddenTests`` removes hidden-test *source* from feedback, but
when a hidden check fails, the error's traceback still quotes the failing line,
reference values included (jupyter/nbgrader#917, #1363).  This preprocessor
runs before it: in every test cell that contains a hidden region it replaces
each error's traceback with its last line (``GradingFailure: <message>``).
The course's checks (:mod:`helpers.grading`) word that message so it names the
quantity, the student's own value and a hint, never the reference.
"""
from nbgrader.preprocessors import NbGraderPreprocessor

HIDDEN_MARK = "BEGIN HIDDEN TESTS"


class SanitizeHiddenTracebacks(NbGraderPreprocessor):
    """Reduce tracebacks of hidden-test cells to ``ename: evalue`` before feedback is rendered."""

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and HIDDEN_MARK in cell.source:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    message = str(output.get("evalue", ""))
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {message}",
                                           "(The hidden checks of this cell are not shown.)"]
        return cell, resources
