"""Choice questions (helpers/choices.py): per-student orders, form-only visible checks, explained verdicts."""
from collections import Counter

import pytest

from grader.judge import judge_source, prelude_namespace, verdict_outputs
from helpers import choices
from helpers import grading as G

OPTIONS = [("drift", "Drift? No: the filter removed it."), ("gain", "Gain: yes, the MVC removes it."),
           ("range", "A 0-1 range? No: any positive values work."), ("percent", "Percent? No: the factor 100 does.")]
HIDDEN = f'''"""Hidden check."""
### BEGIN HIDDEN TESTS
with G.quiet():
    G.check_choice("reading_x", "qx", correct="gain", options={OPTIONS!r})
### END HIDDEN TESTS
'''


class _Backend(G._LocalBackend):
    judge = True

    def __init__(self, namespace, student):
        super().__init__(namespace)
        self._student = student

    def student(self):
        return self._student


def _judge(answer, student, source=HIDDEN, points=2.5):
    return judge_source(source, "qx_hidden", points, _Backend({"reading_x": answer}, student), prelude_namespace())


def test_the_demo_order_is_the_written_order_and_others_are_permutations():
    assert choices.option_order("qx", 4, student="demo") == [0, 1, 2, 3]
    orders = {tuple(choices.option_order("qx", 4, student=f"s{k}")) for k in range(200)}
    assert all(sorted(o) == [0, 1, 2, 3] for o in orders)
    assert len(orders) >= 20, f"only {len(orders)} of the 24 orders occur among 200 students"


def test_the_correct_letter_is_uniform_over_students():
    letters = Counter(choices.choice_letter("qx", 1, 4, student=f"s{k}") for k in range(2000))
    assert set(letters) == set("abcd")
    assert all(abs(n / 2000 - 0.25) < 0.04 for n in letters.values()), letters


def test_letters_and_options_are_inverse():
    for student in ("demo", "ada", "grace"):
        for option in range(5):
            letter = choices.choice_letter("qy", option, 5, student=student)
            assert choices.chosen_option("qy", f" {letter.upper()} ", 5, student=student) == option


@pytest.mark.parametrize("call,match", [
    (lambda: choices.option_order("qx", 1, student="demo"), "n_options"),
    (lambda: choices.option_order("qx", 9, student="demo"), "n_options"),
    (lambda: choices.choice_letter("qx", 4, 4, student="demo"), "option must be"),
    (lambda: choices.chosen_option("qx", "e", 4, student="demo"), "letter must be"),
    (lambda: choices.show_choices("qx", "reading x", ["a", "b"]), "variable"),
    (lambda: choices.show_choices("qx", "reading_x", ["a", "a"]), "distinct"),
    (lambda: choices.show_choices("qx", "reading_x", ["a", ""]), "non-empty"),
])
def test_bad_arguments_say_what_is_allowed(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_options_are_shown_in_the_students_order(monkeypatch, capsys):
    texts = ["first statement", "second statement", "third statement"]
    monkeypatch.setenv("DYSTONIA_STUDENT_ID", "ada")
    assert choices.show_choices("qz", "reading_z", texts) is None, "the cell must show the list once, not echo it"
    shown = capsys.readouterr().out
    order = choices.option_order("qz", 3, student="ada")
    assert [line.split(": ", 1)[1] for line in shown.splitlines() if line.startswith("- **")] == \
        [texts[k] for k in order]
    assert "student `ada`" in shown
    demo = choices.options_markdown("qz", "reading_z", texts, student="demo")
    assert [line.split(": ", 1)[1] for line in demo.splitlines() if line.startswith("- **")] == texts
    assert "public demo order" in demo


def test_the_form_check_accepts_any_letter_and_rejects_the_rest(capsys):
    G._use_backend(G._LocalBackend({"reading_x": " C "}))
    try:
        G.check_choice_form("reading_x", 4)
        assert "judged after you submit" in capsys.readouterr().out
        for letter in "abcd":
            G._use_backend(G._LocalBackend({"reading_x": letter}))
            G.check_choice_form("reading_x", 4)
        for bad in ("e", "ab", 2, "", "option c"):
            G._use_backend(G._LocalBackend({"reading_x": bad}))
            with pytest.raises(G.GradingFailure) as info:
                G.check_choice_form("reading_x", 4)
            assert info.value.hint_id == "form"
            assert "a, b, c, d" in str(info.value), str(info.value)
    finally:
        G._use_backend(None)


def test_the_hidden_check_reads_the_letter_in_the_students_own_order():
    for student in ("ada", "grace", "s017x"):
        right = choices.choice_letter("qx", 1, 4, student=student)
        verdict = _judge(right, student)
        assert verdict["score"] == 2.5, verdict
        wrong = choices.choice_letter("qx", 2, 4, student=student)
        verdict = _judge(wrong, student)
        assert verdict["score"] == 0 and verdict["parts"][0]["hint_id"] == "range"
        assert "A 0-1 range? No" in verdict["parts"][0]["message"]


def test_a_classmates_letter_is_read_in_your_order():
    pairs = [(f"s{k}", f"s{k + 1}") for k in range(0, 400, 2)]
    agree = sum(choices.choice_letter("qx", 1, 4, student=a) == choices.choice_letter("qx", 1, 4, student=b)
                for a, b in pairs)
    passed = sum(_judge(choices.choice_letter("qx", 1, 4, student=a), b)["score"] == 2.5 for a, b in pairs)
    assert passed == agree, "a copied letter passes exactly when the two students' correct letters agree"
    assert passed < 0.4 * len(pairs)


def test_every_option_is_explained_under_the_students_letters_pass_or_fail():
    order = choices.option_order("qx", 4, student="ada")
    for letter in ("a", "b"):
        lines = "".join(o.get("text", "") + "".join(o.get("traceback", []))
                        for o in verdict_outputs(_judge(letter, "ada")))
        for k, option in enumerate(order):
            assert f"{'abcd'[k]}: {OPTIONS[option][1]}" in lines


def test_not_a_letter_fails_the_hidden_check_with_its_own_hint():
    verdict = _judge(3.0, "ada")
    assert verdict["score"] == 0 and verdict["parts"][0]["hint_id"] == "form"


def test_a_key_that_is_not_an_option_is_the_authors_error():
    with pytest.raises(ValueError, match="include correct"):
        G._use_backend(G._LocalBackend({"reading_x": "a"}))
        try:
            G.check_choice("reading_x", "qx", correct="nope", options=OPTIONS)
        finally:
            G._use_backend(None)


# --- whose order a saved notebook showed, and what a student's kernel can learn -----------------
def _saved(cells):
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_the_saved_outputs_tell_whose_patient_and_order_a_notebook_showed():
    from grader.submissions import other_ids, worked_as, worked_as_finding
    from helpers import cohort
    first = {"cell_type": "code", "metadata": {"tags": ["course-start"]}, "source": "", "outputs": [
        {"output_type": "execute_result", "data": {"text/plain": [cohort.DEMO_NOTE]}}]}
    options = {"cell_type": "code", "metadata": {"tags": ["display-only"], "nbgrader": {"locked": True}},
               "source": "", "outputs": [
        {"output_type": "display_data", "data": {"text/markdown": choices.options_markdown("qx", "reading_x",
                                                                                           ["a1", "b1"], "ada")}}]}
    assert worked_as(_saved([first])) == ["demo"] and worked_as(_saved([options])) == ["ada"]
    assert worked_as(_saved([first, options])) == ["ada", "demo"]
    assert other_ids(_saved([first, options]), "ada") == ["demo"]
    assert worked_as_finding(_saved([first]), "ada") == "worked as the demo student"
    assert worked_as_finding(_saved([options]), "bob") == "worked as ada"
    assert worked_as_finding(_saved([options]), "ada") is None
    # a line printed by the student's own cell is neither the first cell's nor an options cell's
    assert worked_as(_saved([dict(first, metadata={}), dict(options, metadata={})])) == []
    # whatever shape a handed-in file gives its outputs: nothing, never an error
    junk = [{"cell_type": "code", "metadata": {"tags": "course-start"}, "outputs": "x"},
            {"cell_type": "code", "metadata": [], "outputs": [1, {"data": 3}, {"text": ["a", 2]}]},
            {"cell_type": "code", "metadata": {"tags": ["course-start"]}, "outputs": [{"data": {"text/plain": 5}}]},
            "not a cell"]
    assert worked_as(_saved(junk)) == [] and worked_as([]) == [] and worked_as({"cells": "x"}) == []


def test_a_reading_is_judged_with_a_note_when_the_notebook_showed_another_order():
    class Shown(_Backend):
        def __init__(self, namespace, student, shown):
            super().__init__(namespace, student)
            self.shown = shown

        def worked_as(self):
            return self.shown
    right = choices.choice_letter("qx", 1, 4, student="ada")
    for shown, words in ((["demo"], "the demo student's order"), (["bob"], "an order that is not yours")):
        verdict = judge_source(HIDDEN, "qx_hidden", 2.5, Shown({"reading_x": right}, "ada", shown), prelude_namespace())
        text = "".join(o.get("text", "") for o in verdict_outputs(verdict))
        assert verdict["score"] == 2.5 and f"saved showing the options in {words}" in text
        assert "the order drawn for your own id, ada" in text and "bob" not in text
    plain = "".join(o.get("text", "") for o in verdict_outputs(_judge(right, "ada")))
    assert "saved showing" not in plain, "no note when the notebook showed the student's own order"


def test_nothing_a_students_kernel_runs_knows_the_key():
    """The key is an argument of the hidden check only, which runs in the grader; everything a student edition
    calls (the options cell, the form check, ``G.choice_letter``) maps letters to options from the id alone.

    So ``G.choice_letter(gid, k, n)`` tells which letter option ``k`` has, which the options list already
    shows, and nothing about which option is right.  Anyone can compute a classmate's order from the
    classmate's id; with the classmate's letter that gives the option the classmate chose, exactly what
    the classmate could say in words, no more.
    """
    import inspect
    from helpers import grading
    student_side = [choices.option_order, choices.choice_letter, choices.chosen_option, choices.options_markdown,
                    choices.show_choices, choices.check_choice_form, grading.choice_letter, grading.show_choices,
                    grading.check_choice_form]
    for fn in student_side:
        assert "correct" not in inspect.signature(fn).parameters, f"{fn.__name__} takes the key"
    assert "correct" in inspect.signature(choices.check_choice).parameters
    for student in ("ada", "demo"):
        letters = [grading.choice_letter("qx", k, 4, student=student) for k in range(4)]
        assert sorted(letters) == list("abcd"), "a bijection: every option has a letter, no letter stands out"
    bob_letter = choices.choice_letter("qx", 1, 4, student="bob")
    option = choices.chosen_option("qx", bob_letter, 4, student="bob")
    assert option == 1 and choices.choice_letter("qx", option, 4, student="ada") == \
        choices.choice_letter("qx", 1, 4, student="ada")
