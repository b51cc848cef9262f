"""The instructors' common-mistakes sheet (tools/common_mistakes.py -> course/common_mistakes.md)."""
import textwrap

import common_mistakes
import nbtools
from course_utils import ROOT, load_answers


def test_the_committed_sheet_is_current():
    committed = (ROOT / "course" / "common_mistakes.md").read_text(encoding="utf-8")
    assert committed == common_mistakes.render(), (
        "course/common_mistakes.md is stale: run `make common-mistakes` and commit it")


def test_every_registered_mistake_is_listed_with_a_message_from_its_checks():
    sheet = common_mistakes.render()
    missing, unresolved = [], []
    for _assignment, path, registry_path in common_mistakes.notebooks():
        tests = nbtools.test_cells(nbtools.read(path))
        for gid, entry in load_answers(path.stem).items():
            for row in common_mistakes.problem_rows(gid, entry, tests):
                if f"| `{row['hint']}` |" not in sheet:
                    missing.append(f"{path.stem}:{gid}:{row['label']}")
                if row["hidden_message"] is None or (row["visible"] and row["visible_message"] is None):
                    unresolved.append(f"{path.stem}:{gid}:{row['hint']}")
    assert not missing, f"wrong answers missing from the sheet: {missing}"
    # the integrity suite proves each hint fires in these cells, so its message must be readable there
    assert not unresolved, f"no message found in the checks for: {unresolved}"


def test_messages_are_read_from_every_form_a_check_uses():
    source = textwrap.dedent('''
        _MSG = {"hard_coded": "this is the visible example's answer"}
        G.check_close(x, 1.0, misconceptions={"pct": (100.0, "a percent, not a fraction"),
                                               "half": (0.5, f"half of {name}: count it twice")})
        out = {}
        out["swapped"] = (2.0, "the axes look swapped")
        G.check_true(ok, f"{label}: {_MSG['hard_coded']}", "hard_coded")
        G.check_true(ok, "window too long", hint_id="end_inclusive")
        RULES = [("session total", "session_limit", "the plan exceeds the session limit")]
    ''')
    assert common_mistakes.messages_in(source) == {
        "pct": "a percent, not a fraction",
        "half": "half of …: count it twice",
        "swapped": "the axes look swapped",
        "hard_coded": "…: this is the visible example's answer",
        "end_inclusive": "window too long",
        "session_limit": "the plan exceeds the session limit",
        # the table and the rule tuple's own strings are read too, but only hint ids are ever looked up
        "session total": "the plan exceeds the session limit",
    }
    assert common_mistakes.messages_in("def broken(:\n") == {}


def _tiny_course(root, wrong):
    """A one-problem course in ``root`` whose registry lists the wrong answers ``wrong``."""
    visible = ('"""Visible check (1 point)"""\nwith G.quiet():\n'
               '    G.check_close(G.call("double", 2.0), 4.0, rtol=1e-9, name="double(2)",\n'
               '                  misconceptions={"squared": (4.0, "this squares the input"),\n'
               '                                  "plus_two": (4.0, "this adds 2")})\nG.passed("Problem 1 visible check")')
    hidden = ('"""Hidden checks (2 points)"""\n### BEGIN HIDDEN TESTS\nwith G.quiet():\n'
              '    with G.part("new inputs", weight=1):\n'
              '        G.check_close(G.call("double", 3.0), 6.0, rtol=1e-9, name="double(3)",\n'
              '                      misconceptions={"squared": (9.0, "the input seems squared"),\n'
              '                                      "plus_two": (5.0, "2 seems added")})\n'
              '### END HIDDEN TESTS\npass')
    nb = nbtools.new_notebook([
        nbtools.markdown("# Chapter 9 · Tiny\n## Part 1 — Doubling"),
        nbtools.markdown("### Problem 1 (3 points): Double it\n\nDefine `double(x)`."),
        nbtools.solution("def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION", "t_double"),
        nbtools.tests(visible, "t_double_visible", 1),
        nbtools.tests(hidden, "t_double_hidden", 2),
    ])
    nbtools.write(nb, root / "source" / "09_tiny" / "09a_tiny.ipynb")
    registry = {"t_double": {"hidden": ["t_double_hidden"], "per_student": False,
                             "alternatives": ["def double(x):\n    return x + x"], "wrong": wrong}}
    (root / "tests" / "answers").mkdir(parents=True, exist_ok=True)
    (root / "tests" / "answers" / "09a_tiny.py").write_text(f"ANSWERS = {registry!r}\n")


def test_the_sheet_follows_a_registry_when_it_changes(tmp_path):
    squared = {"squares the input": {"code": "def double(x):\n    return x * x", "hint": "squared", "visible": True}}
    _tiny_course(tmp_path, squared)
    first = common_mistakes.render(root=tmp_path)
    assert "## `09a_tiny`: Chapter 9 · Tiny — Part 1 — Doubling" in first
    assert "### Problem 1 (3 points): Double it" in first
    assert ("| squares the input | `squared` | yes | visible: this squares the input<br>"
            "hidden: the input seems squared |") in first
    assert "plus_two" not in first
    assert "| `09a_tiny` | 1 | 1 | 1 (100 %) |" in first

    plus_two = {"adds two": {"code": "def double(x):\n    return x + 2", "hint": "plus_two", "visible": False,
                             "why": "2 + 2 = 2 * 2 on the visible example"}}
    _tiny_course(tmp_path, {**squared, **plus_two})
    second = common_mistakes.render(root=tmp_path)
    assert ("| adds two | `plus_two` | no: 2 + 2 = 2 * 2 on the visible example | hidden: 2 seems added |"
            in second)
    assert "| `09a_tiny` | 1 | 2 | 1 (50 %) |" in second


def test_check_mode_reports_a_stale_sheet(tmp_path, capsys):
    stale = tmp_path / "common_mistakes.md"
    stale.write_text("old\n")
    assert common_mistakes.main(["--check", "--out", str(stale)]) == 1
    assert "stale" in capsys.readouterr().out


def test_the_examples_in_the_docstrings_hold():
    import doctest
    result = doctest.testmod(common_mistakes)
    assert result.attempted >= 2 and result.failed == 0
