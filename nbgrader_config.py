"""nbgrader configuration for the dystonia course.

The repository root is the course directory.  No absolute root is set, so a
copy of the course (a test's temporary directory, a fresh clone) grades
itself rather than pointing back here.
"""
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

from helpers.nbgrader_ext import SanitizeHiddenTracebacks

c = get_config()  # noqa: F821  (provided by nbgrader)

c.CourseDirectory.course_id = "dystonia"
c.CourseDirectory.assignment_id = ""
# Files that must never reach students or the autograder's copy.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".authoring"]

# A chapter runs in seconds; one minute per cell leaves room for a slow
# machine while an infinite loop costs only that cell's points.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.Execute.raise_on_iopub_timeout = False

# A student who deletes a graded cell gets it back (scored on their answer,
# with the original tests), instead of a cell needing manual grading.
c.OverwriteCells.add_missing_cells = True

# Feedback never shows hidden tests (jupyter/nbgrader#917, #1363): their source is
# cleared and the tracebacks of failing hidden checks are cut to the message.
c.GenerateFeedback.preprocessors = [GetGrades, SanitizeHiddenTracebacks, ClearHiddenTests,
                                    CSSHTMLHeaderPreprocessor]
