"""nbgrader configuration for the dystonia course.

The repository root is the course directory.  No absolute root is set, so a
copy of the course (a test's temporary directory, a fresh clone) grades
itself rather than pointing back here.
"""
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, ClearHiddenTests, ClearOutput, DeduplicateIds, GetGrades,
                                    IgnorePattern, LimitOutput, OverwriteKernelspec, SaveAutoGrades)

from grader.nbgrader_ext import JudgeExecute, RestoreCells, VerdictsOnly

c = get_config()  # noqa: F821  (provided by nbgrader)

c.CourseDirectory.course_id = "dystonia"
c.CourseDirectory.assignment_id = ""
# Files that must never reach students or the autograder's copy.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".authoring"]

# A chapter runs in seconds; one minute per cell leaves room for a slow
# machine while an infinite loop costs only that cell's points.  (Execute is what
# Validate uses in the student's own kernel.)
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
c.Execute.raise_on_iopub_timeout = False
# Cells that only draw (a figure or an explorer) are tagged "display-only"; Validate and the
# grader skip them, which keeps Validate within seconds.
c.Execute.skip_cells_with_tag = "display-only"

# Autograding: student code runs in a sandboxed kernel that only computes answers; test
# cells run in the grader (grader/judge.py), never in the student's kernel.  Limits per
# submission's kernel: 60 s per cell, 10 min per notebook (replays included), 2 GiB for the
# kernel and everything it starts (a cgroup where the machine has one), 5 min of CPU, one core
# at a time.
# (nbgrader's CheckCellMetadata, a JSON-schema validation of every cell that costs about 0.1 s
# per notebook and pass, is not repeated here: make grade checks the same fields once when it
# reads a submission, grader/submissions.py.)
# RestoreCells is nbgrader's OverwriteCells without its false "checksum ... has changed!" warning for
# untouched hidden-test cells (jupyter/nbgrader#1961); an edited cell is still reported and restored.
c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, RestoreCells]
c.Autograde.autograde_preprocessors = [JudgeExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                       SaveAutoGrades, AssignLatePenalties]
# nbconvert validates the whole notebook after every preprocessor; once, after the last, is enough
# (about 0.1 s of every notebook graded).
c.Exporter.optimistic_validation = True
c.JudgeExecute.cell_timeout = 60
c.JudgeExecute.notebook_timeout = 600
c.JudgeExecute.memory_mb = 2048
c.JudgeExecute.cpu_seconds = 300

# A student who deletes a graded cell gets it back (scored on their answer,
# with the original tests), instead of a cell needing manual grading.
c.OverwriteCells.add_missing_cells = True

# Autograded notebooks stay writable by their owner (nbgrader's default is read-only, 444):
# make grade copies each worker's autograded/ into the course's more than once (as each
# submission is graded, then all at the end, and again on the next run), and a grader that
# is not root, the hub's grader account, cannot copy over its own read-only files
# (PermissionError, no reports).  The course directory itself is private (0750).
c.Autograde.permissions = 644

# Feedback never shows hidden tests (jupyter/nbgrader#917, #1363): their source is
# cleared, and only the grader's verdicts are kept as outputs (nothing the student's
# kernel printed while a hidden check called it).
c.GenerateFeedback.preprocessors = [GetGrades, VerdictsOnly, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
