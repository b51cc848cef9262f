"""Small utilities for course notebooks: building cells with the right nbgrader
metadata, and making submissions from the student edition.

Authoring: chapters are written in JupyterLab with nbgrader's "Create
Assignment" toolbar, or programmatically with the cell builders below (they
write exactly the metadata the toolbar writes; nbgrader adds checksums itself
in ``generate_assignment``).

Submissions: :func:`fill_solutions` takes a student-edition notebook and puts
code into its answer cells, by ``grade_id``; tests and ``make grade``'s demo
class use it to make instructor, partial, wrong and hostile submissions.
"""
import copy
import json
import re
from pathlib import Path

import nbformat

SCHEMA = 3
TAG_RAISES = "raises-exception"  # lets a reader's "Run All" continue past an unsolved problem


def _meta(grade_id, *, grade, solution, locked, points=None):
    meta = {"grade": grade, "solution": solution, "locked": locked,
            "grade_id": grade_id, "schema_version": SCHEMA}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def markdown(text):
    """A plain Markdown cell."""
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(source, tags=()):
    """A plain code cell (narrative code, figures, explorers)."""
    cell = nbformat.v4.new_code_cell(source.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def readonly(source, grade_id, cell_type="code"):
    """A locked cell the autograder restores if a student edits it (set-up, data)."""
    make = nbformat.v4.new_code_cell if cell_type == "code" else nbformat.v4.new_markdown_cell
    cell = make(source.strip("\n"))
    cell.metadata.update(_meta(grade_id, grade=False, solution=False, locked=True))
    return cell


def solution(source, grade_id):
    """An autograded answer cell; the source holds ``### BEGIN SOLUTION`` ... ``### END SOLUTION``."""
    if "### BEGIN SOLUTION" not in source:
        raise ValueError(f"solution cell {grade_id!r} has no '### BEGIN SOLUTION' region")
    cell = nbformat.v4.new_code_cell(source.strip("\n"))
    cell.metadata.update(_meta(grade_id, grade=False, solution=True, locked=False))
    cell.metadata["tags"] = [TAG_RAISES]
    return cell


def tests(source, grade_id, points):
    """An autograder test cell worth ``points``; hidden parts sit in ``### BEGIN HIDDEN TESTS``."""
    cell = nbformat.v4.new_code_cell(source.strip("\n"))
    cell.metadata.update(_meta(grade_id, grade=True, solution=False, locked=True, points=points))
    cell.metadata["tags"] = [TAG_RAISES]
    return cell


def manual(text, grade_id, points):
    """A manually graded written answer (Markdown)."""
    cell = nbformat.v4.new_markdown_cell(text.strip("\n"))
    cell.metadata.update(_meta(grade_id, grade=True, solution=True, locked=False, points=points))
    return cell


def written_answer(grade_id, points, *, model_answer, rubric):
    """A written answer graded by a person (course/authoring.md): a manually graded Markdown answer cell.

    The model answer and the rubric sit in the solution region, so the student edition shows
    nbgrader's "YOUR ANSWER HERE" and neither of them; ``make grade`` lists them for graders in
    ``reports/rubrics.md``.

    Parameters
    ----------
    grade_id : str
        ``<nb>_written_<topic>``.
    points : float
        What a person can award.
    model_answer : str
        A full-marks answer, in the length the statement asks for.
    rubric : str
        Markdown: what each point is for (and any half points).
    """
    if not model_answer.strip() or not rubric.strip():
        raise ValueError(f"written answer {grade_id!r} needs a model answer and a rubric")
    text = (f"### BEGIN SOLUTION\n**Model answer.** {model_answer.strip()}\n\n"
            f"**Rubric ({points:g} points).**\n{rubric.strip()}\n### END SOLUTION")
    return manual(text, grade_id, points)


def written_cells(nb):
    """``{grade_id: cell}`` of the written answers (manually graded Markdown answer cells)."""
    return {grade_id(c): c for c in nb.cells
            if c.cell_type == "markdown" and c.get("metadata", {}).get("nbgrader", {}).get("solution")
            and c.get("metadata", {}).get("nbgrader", {}).get("grade")}


def _py_list(items, indent):
    pad = " " * indent
    return "[\n" + "".join(f"{pad}{item},\n" for item in items) + " " * (indent - 4) + "]"


def choice_question(grade_id, variable, options, *, correct, label, points=3.0, visible_points=0.5):
    """The four cells of a choice question (course/authoring.md), after its Markdown statement.

    Parameters
    ----------
    grade_id : str
        The answer cell's grade_id; it also seeds each student's order of the options.
    variable : str
        The name the student sets to a letter (``"reading_a1"``).
    options : list of (str, str, str)
        ``(key, option text, explanation)`` per option, in the demo order (what readers see).
        Keys name the options in the instructor's reports; explanations reach students only
        in feedback, after grading.
    correct : str
        The key of the correct option (it appears only in the hidden check).
    label : str
        How the statement names the question (``"Reading A1"``).
    points, visible_points : float
        Total points, and the visible form check's share (the hidden check gets the rest).

    Returns
    -------
    list of NotebookNode
        Options (locked; shows this student's order), answer, visible form check, hidden check.
    """
    keys = [key for key, _, _ in options]
    if correct not in keys or len(set(keys)) != len(keys):
        raise ValueError(f"{grade_id}: option keys must be distinct and include {correct!r}; got {keys}")
    n = len(options)
    show = readonly(f"G.show_choices({grade_id!r}, {variable!r}, "
                    + _py_list([repr(text) for _, text, _ in options], 4) + ")", f"{grade_id}_options")
    show.metadata["tags"] = ["display-only", "remove-input"]      # the book shows only the options
    show.metadata["jupyter"] = {"source_hidden": True}             # JupyterLab too (the demo order is in the source)
    answer = solution(f"### BEGIN SOLUTION\n{variable} = G.choice_letter({grade_id!r}, {keys.index(correct)}, {n})"
                      "\n### END SOLUTION", grade_id)
    visible = tests(f'"""Visible check ({visible_points:g} points): {variable} is one of the letters; '
                    'the reading itself is judged after you submit."""\n'
                    f"with G.quiet():\n    G.check_choice_form({variable!r}, {n})\n"
                    f"G.passed({label + ' form check'!r})", f"{grade_id}_visible", visible_points)
    explained = _py_list([repr((key, why)) for key, _, why in options], 8)
    hidden = tests(f'"""Hidden check ({points - visible_points:g} points): the reading, every option explained '
                   'in the feedback."""\n### BEGIN HIDDEN TESTS\nwith G.quiet():\n'
                   f"    G.check_choice({variable!r}, {grade_id!r}, correct={correct!r}, options={explained})\n"
                   "### END HIDDEN TESTS\npass  # the hidden checks run when your instructor grades",
                   f"{grade_id}_hidden", points - visible_points)
    return [show, answer, visible, hidden]


def new_notebook(cells):
    """A Python 3 notebook with ``cells``, ready for ``nbformat.write``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = list(cells)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:03d}-" + re.sub(r"[^A-Za-z0-9-]", "-", cell.metadata.get("nbgrader", {}).get("grade_id", "cell"))[:40]
    return nb


def write(nb, path):
    """Write ``nb`` without outputs (source notebooks are committed clean)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nbformat.validate(nb)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


# --- reading -------------------------------------------------------------------
def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def answer_cells(nb):
    """``{grade_id: cell}`` of the autograded answer cells."""
    return {grade_id(c): c for c in nb.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("solution") and c.cell_type == "code"}


def test_cells(nb):
    """``{grade_id: cell}`` of the autograder test cells."""
    return {grade_id(c): c for c in nb.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("grade") and c.cell_type == "code"}


def solution_code(source):
    """The instructor's complete answer-cell source with solution markers removed."""
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def fill_solutions(release_nb, answers):
    """Return a copy of ``release_nb`` whose answer cells get new source.

    Parameters
    ----------
    release_nb : NotebookNode
        The student edition.
    answers : dict
        ``grade_id -> source`` for the answer cells to fill; others stay as stubs.
    """
    nb = copy.deepcopy(release_nb)
    cells = answer_cells(nb)
    unknown = set(answers) - set(cells)
    if unknown:
        raise KeyError(f"no answer cells with grade_id {sorted(unknown)}")
    for gid, src in answers.items():
        cells[gid].source = src
    return nb


def fill_written(release_nb, answers):
    """Return a copy of ``release_nb`` whose written answers (Markdown, by ``grade_id``) get ``answers``' text."""
    nb = copy.deepcopy(release_nb)
    cells = written_cells(nb)
    unknown = set(answers) - set(cells)
    if unknown:
        raise KeyError(f"no written answers with grade_id {sorted(unknown)}")
    for gid, text in answers.items():
        cells[gid].source = text
    return nb


def model_answers(source_nb):
    """``grade_id -> the model answer`` of each written answer of an instructor (source) notebook."""
    out = {}
    for gid, cell in written_cells(source_nb).items():
        match = re.search(r"\*\*Model answer\.\*\*\s*(.*?)(?:\n\s*\n|### END SOLUTION)", cell.source, re.S)
        if match:
            out[gid] = match.group(1).strip()
    return out


def instructor_answers(source_nb):
    """``grade_id -> complete solution source`` from an instructor (source) notebook."""
    return {gid: solution_code(c.source) for gid, c in answer_cells(source_nb).items()}


def read(path):
    return nbformat.read(str(path), as_version=4)


def dumps(nb):
    return json.dumps(nb, sort_keys=True, indent=1)


def read_copy(nb):
    """A deep copy of ``nb`` (so a notebook can be executed several times)."""
    return copy.deepcopy(nb)
