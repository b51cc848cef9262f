"""Every choice question of the course: no key in the student edition, options that do not give it away.

A choice question (``course/authoring.md``) is a locked options cell (``G.show_choices``), an
answer cell, a visible form check (``G.check_choice_form``) and a hidden check
(``G.check_choice(..., correct=..., options=[(key, explanation), ...])``).  These tests read
them from ``source/`` and ``release/`` with the AST, so they hold for any new question.
"""
import ast
import json
import re
from collections import Counter

import pytest

import nbtools
from course_utils import ROOT, load_answers, source_notebooks


def _call(source, name):
    """The first call of ``G.<name>(...)`` in ``source``: (positional args, keyword args) as Python values."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == name:
            return ([ast.literal_eval(a) for a in node.args],
                    {k.arg: ast.literal_eval(k.value) for k in node.keywords})
    return None


def _questions():
    out = []
    for src in source_notebooks():
        nb = nbtools.read(src)
        cells = {nbtools.grade_id(c): c for c in nb.cells if nbtools.grade_id(c)}
        for gid, cell in cells.items():
            if cell.cell_type != "code" or "check_choice(" not in cell.source:
                continue
            hidden = _call(cell.source, "check_choice")
            if hidden is None:
                continue
            question = gid[: -len("_hidden")]
            out.append({"notebook": src, "gid": question, "cells": cells, "hidden": hidden,
                        "shown": _call(cells[f"{question}_options"].source, "show_choices"),
                        "visible": _call(cells[f"{question}_visible"].source, "check_choice_form"),
                        "solution": _call(cells[question].source, "choice_letter")})
    return out


QUESTIONS = _questions()
IDS = [q["gid"] for q in QUESTIONS]


def _texts(q):
    return q["shown"][0][2]


def _keys(q):
    return [key for key, _ in q["hidden"][1]["options"]]


def _correct(q):
    return _keys(q).index(q["hidden"][1]["correct"])


def test_the_course_has_choice_questions():
    assert len(QUESTIONS) >= 10, f"found {len(QUESTIONS)} choice questions: {IDS}"


@pytest.mark.parametrize("q", QUESTIONS, ids=IDS)
def test_the_cells_of_a_question_agree(q):
    gid = q["gid"]
    (question_id, variable, texts), _ = q["shown"]
    assert question_id == gid, "the options cell must seed the order with the answer cell's grade_id"
    n = len(texts)
    assert q["hidden"][0] == [variable, gid], "the hidden check must read the same variable and question"
    assert len(q["hidden"][1]["options"]) == n, "one explanation per option"
    assert q["visible"][0] == [variable, n]
    assert q["solution"][0] == [gid, _correct(q), n], "the instructor's answer must name the correct option"
    entry = load_answers(q["notebook"].stem)[gid]
    assert entry["choice"] == {"variable": variable, "options": n, "correct": _correct(q)}
    assert {w["hint"] for w in entry["wrong"].values()} >= set(_keys(q)) - {q["hidden"][1]["correct"]}, (
        "the registry must choose every wrong option")


@pytest.mark.parametrize("q", QUESTIONS, ids=IDS)
def test_the_correct_option_is_not_told_by_its_length(q):
    """Neither the longest nor the shortest, unless tied with another option; and no option twice another's length."""
    lengths = [len(t) for t in _texts(q)]
    right = lengths.pop(_correct(q))
    assert min(lengths) <= right <= max(lengths), (
        f"the correct option has {right} characters, the others {sorted(lengths)}: reword so it is in their range")
    assert max(lengths + [right]) <= 1.5 * min(lengths + [right]), "options of very different lengths"


def test_the_correct_options_position_in_the_list_varies():
    """The demo order is the written order, so authors must not always put the key in one place."""
    positions = Counter(_correct(q) for q in QUESTIONS)
    assert len(positions) >= 3 and max(positions.values()) <= len(QUESTIONS) / 2, positions


@pytest.mark.parametrize("q", QUESTIONS, ids=IDS)
def test_the_student_edition_holds_no_key(q):
    gid, src = q["gid"], q["notebook"]
    release = json.loads((ROOT / "release" / src.parent.name / src.name).read_text())
    cells = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in release["cells"]}
    text = "\n".join("".join(c["source"]) for c in release["cells"])
    assert _call(cells[f"{gid}_options"], "show_choices") == q["shown"], "the student sees the same options"
    assert "correct" not in cells[f"{gid}_visible"] and "check_choice(" not in text.replace("check_choice_form(", "")
    assert not re.search(r"=\s*['\"][a-h]['\"]", cells[gid]), "the answer stub holds a letter"
    assert "choice_letter" not in text, "the instructor's answer reached the student edition"
    for key, why in q["hidden"][1]["options"]:
        assert why not in text, f"the explanation of {key!r} reached the student edition"
        assert f"'{key}'" not in text and f'"{key}"' not in text, f"the option key {key!r} reached the student edition"
    statement = next("".join(c["source"]) for i, c in enumerate(release["cells"])
                     if c["metadata"].get("nbgrader", {}).get("grade_id") == f"{gid}_options"
                     for c in [release["cells"][i - 1]])
    assert not re.search(r"^- \*\*[a-h]\*\*", statement, re.M), "the statement lists options in a fixed order"
    assert "judged after you submit" in statement
