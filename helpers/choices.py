"""Choice questions with no key in the student's hands: options in an order drawn per student.

A choice question has three cells (``course/authoring.md``):

1. a locked cell that shows the options, in the order drawn for this student::

       G.show_choices("ch3a_reading_emg", "reading_a1", [
           "The division by each muscle's MVC ...",     # option 0
           "...",                                        # option 1, ...
       ])

   The list is written in the *demo order*: readers, laptops without a student id and the
   web book see the options exactly as listed.  Every other student id sees its own
   permutation of them (:func:`option_order`), drawn from :func:`helpers.cohort.seed_for`;

2. a visible check that tests the form only (:func:`check_choice_form`): one of the
   letters, nothing from which the key could be derived;

3. a hidden check (:func:`check_choice`) that maps the student's letter back to the option
   it stands for *in that student's order*, judges it, and explains every option in the
   feedback.  The key (``correct=``) and the explanations exist only in the hidden cell.

A letter copied from a classmate names a different option for most classmates: for ``n``
options the correct letters of two students agree with probability ``1/n``, so a copied
letter is worth what a guess is worth and no more.

The options are identified by position in the locked cell's list (0, 1, ...);
:func:`choice_letter` turns a position into this student's letter, which is how the course's
tests write "the student chose option k" for any student id.

>>> option_order("ch3a_reading_emg", 4, student="demo")
[0, 1, 2, 3]
>>> sorted(option_order("ch3a_reading_emg", 4, student="ada"))
[0, 1, 2, 3]
>>> choice_letter("ch3a_reading_emg", 2, 4, student="demo")
'c'
"""
import re as _re

import numpy as _np

from . import cohort as _cohort
from . import grading as _G

__all__ = ["LETTERS", "option_order", "choice_letter", "chosen_option", "options_markdown", "whose_order",
           "show_choices", "check_choice_form", "check_choice"]

LETTERS = "abcdefgh"
MIN_OPTIONS = 2


def _check_n(n_options):
    if type(n_options) is not int or not MIN_OPTIONS <= n_options <= len(LETTERS):
        raise ValueError(f"n_options must be an int from {MIN_OPTIONS} to {len(LETTERS)}; got {n_options!r}.")


def _permutation(question_id, n_options, student):
    return [int(k) for k in _np.random.default_rng(_cohort.seed_for(question_id, student=student))
            .permutation(n_options)]


def option_order(question_id, n_options, student=None):
    """Which option each letter shows for ``student``: ``order[k]`` is the option behind letter ``k``.

    The demo student sees the options in the order they are written (the identity); every
    other student sees a permutation drawn from their seed, uniform over all ``n!`` orders.

    Parameters
    ----------
    question_id : str
        The answer cell's grade_id, e.g. ``"ch3a_reading_emg"``.
    n_options : int
        Number of options, 2 to 8.
    student : str, optional
        Student id; default the current one (:func:`helpers.grading.student`: the
        submission's id when graded, the hub user or ``"demo"`` in the student's kernel).

    Returns
    -------
    list of int
        A permutation of ``range(n_options)``.

    >>> option_order("q", 3, student="demo")
    [0, 1, 2]
    """
    _check_n(n_options)
    who = _G.student() if student is None else student
    # P_who o P_demo^-1: uniform for every id, the identity for the demo id
    own = _permutation(question_id, n_options, who)
    demo = _permutation(question_id, n_options, _cohort.DEMO_STUDENT)
    position_in_demo = {option: k for k, option in enumerate(demo)}
    return [position_in_demo[option] for option in own]


def choice_letter(question_id, option, n_options, student=None):
    """The letter under which ``student`` sees option number ``option`` (0-based, as listed).

    >>> choice_letter("q", 0, 3, student="demo")
    'a'
    """
    _check_n(n_options)
    if type(option) is not int or not 0 <= option < n_options:
        raise ValueError(f"option must be an int from 0 to {n_options - 1}; got {option!r}.")
    return LETTERS[option_order(question_id, n_options, student).index(option)]


def chosen_option(question_id, letter, n_options, student=None):
    """The option number (0-based, as listed) that ``letter`` stands for in ``student``'s order.

    >>> chosen_option("q", "b", 3, student="demo")
    1
    """
    _check_n(n_options)
    if type(letter) is not str or letter.strip().lower() not in LETTERS[:n_options] or not letter.strip():
        raise ValueError(f"letter must be one of {', '.join(LETTERS[:n_options])}; got {letter!r}.")
    return option_order(question_id, n_options, student)[LETTERS.index(letter.strip().lower())]


def options_markdown(question_id, variable, options, student=None):
    """The Markdown that lists ``options`` under their letters in ``student``'s order (default: the current one).

    >>> print(options_markdown("q", "reading_q", ["first", "second"], student="demo").splitlines()[2])
    - **a**: first
    """
    _check_options(variable, options)
    who = _G.student() if student is None else student
    order = option_order(question_id, len(options), who)
    if _cohort.is_demo(who):
        whose = (f"{_DEMO_ORDER}. On the course's JupyterHub, or with your student id set (`STUDENT_ID` in the "
                 "first code cell), you see your own order: when your work is graded, "
                 "your letter is read in the order of your own id")
    else:
        whose = f"in the order drawn for student `{who}`"
    lines = [f"**Options for `{variable}`** ({whose}):", ""]
    lines += [f"- **{LETTERS[k]}**: {options[option]}" for k, option in enumerate(order)]
    lines += ["", f'Answer with one letter in the answer cell below, for example `{variable} = "{LETTERS[0]}"`.']
    return "\n".join(lines)


_DEMO_ORDER = "in the public demo order"
_ORDER_LINE = _re.compile(r"\*\*Options for `[A-Za-z_]\w*`\*\* \((?:in the order drawn for student "
                          r"`([A-Za-z0-9._@+-]{1,128})`|(" + _DEMO_ORDER + r"))")


def whose_order(text):
    """The student id whose order an options list (:func:`options_markdown`) shows, ``"demo"``, or None.

    >>> whose_order(options_markdown("q", "reading_q", ["first", "second"], student="demo"))
    'demo'
    >>> whose_order(options_markdown("q", "reading_q", ["first", "second"], student="ada")), whose_order("x")
    ('ada', None)
    """
    match = _ORDER_LINE.search(text) if isinstance(text, str) else None
    if match is None:
        return None
    return match.group(1) or _cohort.DEMO_STUDENT


def _check_options(variable, options):
    if type(variable) is not str or not variable.isidentifier():
        raise ValueError(f"variable must be a Python name; got {variable!r}.")
    if type(options) not in (list, tuple) or not all(type(o) is str and o.strip() for o in options):
        raise ValueError("options must be a list of non-empty str.")
    if len(set(options)) != len(options):
        raise ValueError("options must be distinct.")
    _check_n(len(options))


def show_choices(question_id, variable, options):
    """Show the options of a choice question in this student's order (a locked cell calls it).

    Parameters
    ----------
    question_id : str
        The answer cell's grade_id (it seeds the order).
    variable : str
        The name the student sets to a letter, e.g. ``"reading_a1"``.
    options : list of str
        The options in the demo order, 2 to 8 distinct, non-empty statements.

    Displays :func:`options_markdown` (as Markdown in Jupyter, as text elsewhere); returns None,
    so the cell shows the list once.
    """
    text = options_markdown(question_id, variable, list(options) if type(options) is tuple else options)
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        print(text)
        return None
    if get_ipython() is None:
        print(text)
    else:
        display(Markdown(text))
    return None


# --- checks ----------------------------------------------------------------------------------
def _letter(variable, n_options):
    """The student's answer as a lower-case letter among the first ``n_options``; fails on anything else."""
    letters = LETTERS[:n_options]
    answer = _G.value(variable)
    if type(answer) is not str:
        raise _G.GradingFailure(f"{variable} must be a str holding one letter ({', '.join(letters)}); "
                                f"got {_G._type_word(answer)}.", "form")
    letter = answer.strip().lower()
    if len(letter) != 1 or letter not in letters:
        raise _G.GradingFailure(f"{variable} must be one of the letters {', '.join(letters)} "
                                "(a str such as \"a\").", "form")
    return letter


def check_choice_form(variable, n_options):
    """Visible check: ``variable`` holds one of the first ``n_options`` letters; nothing about the reading.

    Prints, in the student's kernel, that the reading itself is graded after submission.
    """
    _check_n(n_options)
    letter = _letter(variable, n_options)
    if not _G._STATE["backend"].judge:
        print(f'{variable} = "{letter}" is one of the letters. Your reading itself is judged after you '
              "submit, and the feedback then explains every option.")


def _order_note(backend):
    """At grading, when the submission was saved running as another id: whose order its letter is read in."""
    others = getattr(backend, "worked_as", lambda: [])() if backend.judge else []
    if not others:
        return ""
    shown = "the demo student's order" if others == [_cohort.DEMO_STUDENT] else "an order that is not yours"
    return (f"\n  Your notebook was saved showing the options in {shown}, not in yours. Your letter was read, "
            f"as every letter is, in the order drawn for your own id, {backend.student()}: the order of the list below.")


def check_choice(variable, question_id, *, correct, options):
    """Hidden check: judge the student's letter against the correct option, and explain every option.

    Parameters
    ----------
    variable : str
        The student's variable, e.g. ``"reading_a1"``.
    question_id : str
        The answer cell's grade_id, the same as in the locked ``show_choices`` cell.
    correct : str
        The key of the correct option.
    options : list of (str, str)
        ``(key, explanation)`` for every option, in the order the locked cell lists them.
        The key names the option in the instructor's item report (the hint id when it is
        chosen); the explanation says why the option is right or wrong, in words that
        name it (the feedback quotes it under this student's letter).

    One weighted part, "the reading": a wrong letter fails it with its own explanation and
    hint id, an answer that is not one letter fails it with hint id ``form``.  Either way
    the part's note lists every option's explanation under this student's letters.
    """
    if type(options) not in (list, tuple) or not all(
            type(o) in (list, tuple) and len(o) == 2 and all(type(x) is str for x in o) for o in options):
        raise ValueError("options must be a list of (key, explanation) pairs of str.")
    keys = [key for key, _ in options]
    if len(set(keys)) != len(keys) or correct not in keys:
        raise ValueError(f"option keys must be distinct and include correct={correct!r}; got {keys}.")
    n_options = len(options)
    _check_n(n_options)
    order = option_order(question_id, n_options)
    explained = "\n".join(f"    {LETTERS[k]}: {options[option][1]}" for k, option in enumerate(order))
    note = _order_note(_G._STATE["backend"]) + f"\n  Every option, under your letters:\n{explained}"
    cell = _G._STATE["cell"]
    with _G.part("the reading", weight=1):
        if cell is not None and cell.parts:
            cell.parts[-1]["note"] = note
        letter = _letter(variable, n_options)
        key, why = options[order[LETTERS.index(letter)]]
        if key != correct:
            raise _G.GradingFailure(f"you chose {letter}, which is not the best reading: {why}", key)
    if not _G._STATE["backend"].judge:
        print(f"The reading is right.{note}")
