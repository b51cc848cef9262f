"""The checks of every test cell: one API that runs in the student's kernel and in the grader.

A test cell reaches the student's work only through two calls,

* ``G.call("name", *args, **kwargs)``: call the student's function ``name`` on new inputs;
* ``G.value("name")``: read the student's variable ``name``;

and both return **plain data** (numbers, strings, booleans, None, lists, tuples, dicts,
sets, numpy arrays and scalars; :mod:`helpers.wire`).  Everything else in a test cell is the
instructor's own code: inputs, reference computations and comparisons
(:func:`check_close`, :func:`check_equal`, :func:`check_true`).

Where the checks run
--------------------
* In the student's kernel (*Validate*, *Run All*), ``call``/``value`` look the name up in the
  notebook's namespace and pass the answer through the same plain-data encoding.
* During autograding the test cell never reaches the student's kernel: the grader
  (``grader/judge.py``) runs it in its own process, and ``call``/``value`` become requests
  to the sandboxed kernel, which sends back only the encoded answer.  No expected value,
  tolerance or hidden check ever exists in the student's process.

Partial credit and messages
---------------------------
``with G.part("main case", weight=2): ...`` groups checks; the grader scores a cell as the
weighted fraction of its parts that pass and reports each part's verdict.  In the kernel a
failing part stops the cell with a one-line message.  A failed check names the quantity
and a hint; ``misconceptions={"key": (wrong_value, message)}`` gives a specific message when
the answer matches what a known mistake produces.  Messages never contain the expected
value, and in hidden checks never the student's own value either (it is computed from
hidden inputs).  While the grader judges, messages carry only the grader's own words: no
value, key, length, exception type or type name that the student's code chose (a function
that notices it is being graded could spell a hidden check's inputs in any of them), only
exception types of Python and numpy (:data:`KNOWN_ERRORS`).
"""
import contextlib as _contextlib
import math as _math
import sys as _sys
import warnings as _warnings

import numpy as _np

from . import cohort as _cohort
from . import wire as _wire

__all__ = [
    "GradingFailure", "NotAnswered", "StudentError",
    "call", "value", "part", "student", "seed_for", "demo_seed",
    "as_scalar", "as_int", "as_array", "as_text", "as_bool", "as_dict",
    "check_close", "check_equal", "check_true", "check_shape", "check_keys",
    "quiet", "install_display", "passed",
    "show_choices", "check_choice_form", "check_choice", "choice_letter",
]


# --- failures ----------------------------------------------------------------------------
class GradingFailure(AssertionError):
    """A check failed; the message says what and why, never the expected value.

    Attributes
    ----------
    hint_id : str
        Which message fired (a misconception key, ``"hint"`` for the check's own hint,
        ``"type"`` for a wrong type or shape, ...); counted in the instructor's item report.
    """

    def __init__(self, message, hint_id="hint"):
        super().__init__(message)
        self.hint_id = hint_id


class NotAnswered(GradingFailure):
    """The answer cell still holds its stub (or the name was never defined)."""

    def __init__(self, message):
        super().__init__(message, "not_answered")


class StudentError(GradingFailure):
    """The student's function raised while a check called it (``hint_id``: ``raised:<type>``)."""

    def __init__(self, message, hint_id):
        super().__init__(message, hint_id)
        self.error_type = hint_id.split(":", 1)[-1]


# --- where answers come from -------------------------------------------------------------
class _LocalBackend:
    """The student's own kernel: answers are looked up in the IPython namespace."""

    judge = False

    def __init__(self, namespace=None):
        self.namespace = namespace

    def student(self):
        return _cohort.student_id()

    def request(self, req):
        text = _wire.json.dumps(req)            # the same trip the grader's requests make
        return _wire.answer(_wire.json.loads(text), self.namespace)


class _Cell:
    """What the grader records while one test cell runs."""

    def __init__(self, grade_id, hidden):
        self.grade_id = grade_id
        self.hidden = hidden
        self.parts = []            # dicts: title, weight, passed, message, hint_id
        self.calls = 0


_STATE = {"backend": _LocalBackend(), "cell": None}


def _use_backend(backend):
    """Grader use: route ``call``/``value`` to ``backend`` (``None`` restores the local one)."""
    _STATE["backend"] = backend if backend is not None else _LocalBackend()


def _begin_cell(grade_id, hidden):
    _STATE["cell"] = _Cell(grade_id, hidden)
    return _STATE["cell"]


def _end_cell():
    cell, _STATE["cell"] = _STATE["cell"], None
    return cell


def _hidden():
    cell = _STATE["cell"]
    return bool(cell and cell.hidden)


#: Exception types a message may name: Python's and numpy's own.  A student's code can raise an
#: exception of any name (one spelling the inputs a hidden check passed it, say), so while the
#: grader judges, any other type is "an exception".
KNOWN_ERRORS = frozenset({
    "ArithmeticError", "AssertionError", "AttributeError", "BufferError", "EOFError", "Exception",
    "FloatingPointError", "ImportError", "IndexError", "KeyError", "LinAlgError", "LookupError", "MemoryError",
    "ModuleNotFoundError", "NameError", "NotImplementedError", "OSError", "OverflowError", "RecursionError",
    "RuntimeError", "StopIteration", "SystemError", "TypeError", "UnboundLocalError", "UnicodeError",
    "ValueError", "ZeroDivisionError", "AxisError", "KeyboardInterrupt", "SystemExit",
})
#: What the grader itself reports about a call (its message is the grader's own words).
GRADER_ERRORS = frozenset({"Timeout", "KernelDied", "NoAnswer"})


def _judged():
    """True while the grader judges: messages then carry only the grader's words, never text or
    numbers the student's code chose (they could spell a hidden check's inputs)."""
    return bool(getattr(_STATE["backend"], "judge", False))


def _error_word(kind):
    """The name of an exception type as a message may show it: known types only.

    >>> _error_word("ValueError"), _error_word("E_overflow_onset_0_28")
    ('ValueError', 'an exception')
    """
    return kind if kind in KNOWN_ERRORS else "an exception"


def _error_hint(kind):
    """The hint id of a raised exception (``raised:<known type>`` or ``raised:other``)."""
    return f"raised:{kind if kind in KNOWN_ERRORS or kind in GRADER_ERRORS else 'other'}"


def _unpack(name, reply):
    buffers = reply.pop("_buffers", None) if isinstance(reply, dict) else None
    if "ok" in reply:
        return _wire.decode(reply["ok"], buffers)
    err = reply.get("error") or {}
    kind = str(err.get("type", "Error"))[:80]
    message = str(err.get("message", ""))[:300]
    if kind == "NotImplementedError":
        raise NotAnswered(f"Not answered yet: write {name} in its answer cell "
                          "(replace `raise NotImplementedError()`), then run that cell.")
    if kind == "NameError":
        raise NotAnswered(f"Not answered yet: {name} is not defined; write it in its answer cell and run that cell.")
    if kind in GRADER_ERRORS:
        raise StudentError(f"{name}: {message}" if message else f"{name} did not answer.", _error_hint(kind))
    word = _error_word(kind)
    if _hidden():
        raise StudentError(f"{name} raised {word} on a hidden case; test it on other inputs "
                           "(other lengths, values and edge cases).", _error_hint(kind))
    if _judged():
        raise StudentError(f"{name} raised {word} on the visible example; run the visible check "
                           "in your notebook to see its message.", _error_hint(kind))
    raise StudentError(f"{name} raised {kind}: {message}", _error_hint(kind))


def call(name, *args, **kwargs):
    """Call the student's function ``name`` with copies of ``args``; return its answer as plain data.

    >>> ns = {"double": lambda x: 2 * x}
    >>> _use_backend(_LocalBackend(ns)); call("double", _np.arange(3)).tolist()
    [0, 2, 4]
    >>> _use_backend(None)
    """
    backend = _STATE["backend"]
    if _STATE["cell"] is not None:
        _STATE["cell"].calls += 1
    buffers = [] if getattr(backend, "binary", False) else None
    req = {"op": "call", "name": name, "args": _wire.encode(list(args), buffers),
           "kwargs": _wire.encode(dict(kwargs), buffers)}
    if buffers:
        req["_buffers"] = buffers
    return _unpack(name, backend.request(req))


def value(name):
    """The student's variable ``name`` as plain data.

    >>> _use_backend(_LocalBackend({"answer": (1, 2.0)})); value("answer")
    (1, 2.0)
    >>> _use_backend(None)
    """
    return _unpack(name, _STATE["backend"].request({"op": "value", "name": name}))


def student():
    """The id whose data this notebook analyses (the submission's, at grading time)."""
    return _STATE["backend"].student()


def seed_for(problem_id):
    """Seed of ``problem_id``'s data for the current student (:func:`helpers.cohort.seed_for`)."""
    return _cohort.seed_for(problem_id, student=student())


def demo_seed(problem_id):
    """Seed of the public demo case, the one visible checks use everywhere."""
    return _cohort.seed_for(problem_id, student=_cohort.DEMO_STUDENT)


# --- parts and verdicts ------------------------------------------------------------------
@_contextlib.contextmanager
def part(title, weight=1.0):
    """Group checks that test one thing; the grader scores each part separately.

    In the student's kernel a failing part stops the cell (its message is the verdict);
    in the grader the failure is recorded and the next part runs.
    """
    cell = _STATE["cell"]
    if cell is None or not _STATE["backend"].judge:
        yield
        return
    record = {"title": str(title), "weight": float(weight), "passed": True, "message": "", "hint_id": ""}
    cell.parts.append(record)
    try:
        yield
    except GradingFailure as exc:
        record.update(passed=False, message=str(exc), hint_id=exc.hint_id)
    except Exception as exc:  # noqa: BLE001 - a check that cannot use the answer fails its part
        record.update(passed=False, hint_id=_unusable_hint(exc), message=_unusable_message(exc))


def _unusable_hint(exc):
    kind = type(exc).__name__
    return f"unusable:{kind if kind in KNOWN_ERRORS else 'other'}"


def _unusable_message(exc):
    """What a check says when using the answer raised (``exc``, raised in the checking process)."""
    kind = type(exc).__name__
    what = f" ({kind})" if kind in KNOWN_ERRORS else ""
    return f"your answer could not be used by this check{what}; check its type, keys and shape against the statement."


def passed(label="Visible check"):
    """Print the one-line success verdict of a test cell (in the kernel)."""
    print(f"{label} passed.")


# --- conversion to plain values -------------------------------------------------------------
def _label(name):
    return name if name else "your answer"


def _fail(message, hint_id="hint"):
    raise GradingFailure(message, hint_id)


def _type_word(value):
    if isinstance(value, _wire.Unsupported):
        # the type's name is the student's to choose (a class named after a check's inputs)
        return "a type that is not plain data" if _judged() else value.type_name
    return type(value).__name__


def as_scalar(value, name=None):
    """Return ``value`` as a plain float; accepts int, float, numpy numbers, one-element arrays.

    >>> as_scalar(_np.float32(2.5))
    2.5
    >>> as_scalar(True)
    Traceback (most recent call last):
    ...
    helpers.grading.GradingFailure: your answer must be a number (int or float); got bool.
    """
    kind = type(value)
    if kind is bool or kind is _np.bool_:
        _fail(f"{_label(name)} must be a number (int or float); got bool.", "type")
    if kind is int:
        return float(value)
    if kind is float:
        return value
    if isinstance(value, (_np.integer, _np.floating)) and not isinstance(value, _np.bool_):
        return float(value)
    if kind is _np.ndarray and value.size == 1 and value.dtype.kind in "iuf":
        return float(value.reshape(()))
    _fail(f"{_label(name)} must be a number (int or float); got {_type_word(value)}.", "type")


def as_int(value, name=None):
    """Return ``value`` as an int; floats must be whole numbers.

    >>> as_int(3.0)
    3
    """
    number = as_scalar(value, name)
    if not _math.isfinite(number) or number != float(int(number)):
        _fail(f"{_label(name)} must be a whole number.", "type")
    return int(number)


def as_array(value, name=None, shape=None):
    """Return ``value`` as a fresh float64 array (lists/tuples of numbers or numeric arrays).

    >>> as_array([1, 2], shape=(2,)).tolist()
    [1.0, 2.0]
    """
    if type(value) is _np.ndarray:
        if value.dtype.kind not in "iuf":
            _fail(f"{_label(name)} must hold numbers; got an array of dtype {value.dtype}.", "type")
        arr = value.astype(_np.float64)
    elif type(value) in (list, tuple):
        def ok(item):
            if type(item) in (list, tuple):
                return all(ok(i) for i in item)
            if type(item) is _np.ndarray:
                return item.dtype.kind in "iuf"
            return type(item) in (int, float) or (isinstance(item, (_np.integer, _np.floating))
                                                   and not isinstance(item, _np.bool_))
        if not all(ok(item) for item in value):
            _fail(f"{_label(name)} must contain only numbers.", "type")
        try:
            arr = _np.array(value, dtype=_np.float64)
        except (TypeError, ValueError):
            _fail(f"{_label(name)} must be a rectangular array of numbers.", "type")
    else:
        _fail(f"{_label(name)} must be a numpy array or a list of numbers; got {_type_word(value)}.", "type")
    if shape is not None:
        check_shape(arr, shape, name)
    return arr


def as_text(value, name=None):
    """Return ``value`` stripped and lower-cased; only ``str`` is accepted.

    >>> as_text("  Focal ")
    'focal'
    """
    if type(value) is not str:
        _fail(f"{_label(name)} must be a str; got {_type_word(value)}.", "type")
    return value.strip().lower()


def as_bool(value, name=None):
    """Return ``value`` as a bool; only ``bool`` and ``numpy.bool_`` are accepted.

    >>> as_bool(_np.bool_(True))
    True
    """
    if type(value) is bool:
        return value
    if type(value) is _np.bool_:
        return bool(value)
    _fail(f"{_label(name)} must be True or False; got {_type_word(value)}.", "type")


def as_dict(value, name=None, keys=None):
    """Return ``value`` (a dict) after checking it has exactly ``keys`` (if given).

    >>> sorted(as_dict({"b": 1, "a": 2}, keys=("a", "b")))
    ['a', 'b']
    """
    if type(value) is not dict:
        _fail(f"{_label(name)} must be a dict; got {_type_word(value)}.", "type")
    if keys is not None:
        check_keys(value, keys, name)
    return value


def check_keys(mapping, keys, name=None):
    """Fail unless ``mapping`` has exactly the keys ``keys`` (order ignored)."""
    got = sorted(map(repr, mapping))
    want = sorted(map(repr, keys))
    if got == want:
        return
    expected = sorted(keys, key=repr)
    if not _judged():
        _fail(f"{_label(name)} must have exactly the keys {expected}; got {sorted(mapping, key=repr)}.", "type")
    # the answer's own keys are the student's text: name only the expected ones it lacks
    missing = [k for k in expected if repr(k) not in got]
    extra = any(r not in want for r in got)
    what = [f"it lacks {missing}"] if missing else []
    what += ["it has keys it should not have"] if extra else []
    _fail(f"{_label(name)} must have exactly the keys {expected}; {' and '.join(what)}.", "type")


def check_shape(arr, shape, name=None):
    """Fail unless ``arr.shape`` matches ``shape`` (``None`` matches any length)."""
    got = tuple(arr.shape)
    want = tuple(shape)
    if len(got) != len(want) or not all(w is None or g == w for g, w in zip(got, want)):
        if not _judged():
            _fail(f"{_label(name)} must have shape {want}; got {got}.", "type")
        # lengths the student's code chose could spell numbers: only the number of dimensions
        seen = f"{len(got)} dimensions" if len(got) != len(want) else "other lengths"
        _fail(f"{_label(name)} must have shape {want}; it has {seen}.", "type")


# --- comparisons -----------------------------------------------------------------------------
def _close(got, ref, rtol, atol):
    if got.shape != ref.shape or not _np.isfinite(got).all():
        return False
    return bool(_np.all(_np.abs(got - ref) <= atol + rtol * _np.abs(ref)))


def _matching_misconception(got, misconceptions, same):
    for key, (wrong, message) in (misconceptions or {}).items():
        try:
            if same(got, wrong):
                return key, message
        except Exception:  # noqa: BLE001 - a misconception that does not apply is skipped
            continue
    return None


def _shown(got):
    if got.ndim == 0:
        return repr(float(got))
    if got.size <= 6:
        return "[" + ", ".join(f"{x:.6g}" for x in got.ravel()) + "]"
    return f"an array of shape {tuple(got.shape)}"


def check_close(actual, expected, *, rtol=0.0, atol=0.0, name=None, hint=None, misconceptions=None):
    """Fail unless ``actual`` is within ``atol + rtol*|expected|`` of ``expected`` (same shape).

    ``misconceptions`` maps a key to ``(what that mistake gives, message)``; when the answer
    matches one within the same tolerance, its message replaces the generic hint.

    >>> check_close(0.1 + 0.2, 0.3, atol=1e-12)
    >>> check_close(1.5, 1.0, rtol=0.1, name="ratio")
    Traceback (most recent call last):
    ...
    helpers.grading.GradingFailure: ratio = 1.5 is not within tolerance (rtol=0.1, atol=0.0) of the reference.
    >>> check_close(0.5, 50.0, rtol=1e-6, name="cci", misconceptions={"fraction": (0.5, "a fraction, not percent")})
    Traceback (most recent call last):
    ...
    helpers.grading.GradingFailure: cci is not correct: a fraction, not percent
    """
    ref = _np.array(expected, dtype=_np.float64)
    got = _np.array(as_scalar(actual, name)) if ref.ndim == 0 else as_array(actual, name, shape=ref.shape)
    if not _np.isfinite(got).all():
        _fail(f"{_label(name)} contains NaN or infinite values.", "nonfinite")
    if _close(got, ref, rtol, atol):
        return
    match = _matching_misconception(
        got, misconceptions, lambda g, w: _close(g, _np.array(w, dtype=_np.float64), rtol, atol))
    if match:
        _fail(f"{_label(name)} is not correct: {match[1]}", match[0])
    where = "" if _hidden() or _judged() else f" = {_shown(got)}"   # the grader never repeats the answer
    msg = f"{_label(name)}{where} is not within tolerance (rtol={rtol}, atol={atol}) of the reference."
    if hint:
        msg += f" Hint: {hint}"
    _fail(msg, "hint")


def _plain_equal(actual, expected, name):
    if type(expected) in (list, tuple):
        if type(actual) not in (list, tuple) or len(actual) != len(expected):
            _fail(f"{_label(name)} must be a list or tuple of {len(expected)} items.", "type")
        return all(_plain_equal(a, e, f"{_label(name)}[{i}]") for i, (a, e) in enumerate(zip(actual, expected)))
    if type(expected) is str:
        return as_text(actual, name) == expected.strip().lower()
    if type(expected) is bool:
        return as_bool(actual, name) is expected
    if type(expected) is int:
        return as_int(actual, name) == expected
    raise TypeError(f"check_equal does not compare {type(expected).__name__}; use check_close.")


def check_equal(actual, expected, *, name=None, hint=None, misconceptions=None):
    """Fail unless ``actual`` equals ``expected`` (str case-insensitively, bool, int, or lists of those).

    >>> check_equal("Focal", "focal")
    >>> check_equal(True, False, name="is_safe", hint="compare with the limit")
    Traceback (most recent call last):
    ...
    helpers.grading.GradingFailure: is_safe is not correct. Hint: compare with the limit
    """
    if _plain_equal(actual, expected, name):
        return
    def same(got, wrong):
        try:
            return _plain_equal(got, wrong, name)
        except GradingFailure:
            return False
    match = _matching_misconception(actual, misconceptions, same)
    if match:
        _fail(f"{_label(name)} is not correct: {match[1]}", match[0])
    msg = f"{_label(name)} is not correct."
    if hint:
        msg += f" Hint: {hint}"
    _fail(msg, "hint")


def check_true(condition, message, hint_id="hint"):
    """Fail with ``message`` unless ``condition`` is literally True (or ``numpy.True_``).

    >>> check_true(1 < 2, "order")
    """
    if not (condition is True or (type(condition) is _np.bool_ and bool(condition))):
        _fail(message, hint_id)


@_contextlib.contextmanager
def quiet():
    """Silence warnings and numpy floating-point messages (stderr in a test cell scores 0)."""
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        with _np.errstate(all="ignore"):
            yield


# --- how failures look in the notebook -------------------------------------------------------
def _short_traceback(shell, etype, value, tb, tb_offset=None):
    if issubclass(etype, NotImplementedError) and not isinstance(value, GradingFailure):
        text = "Not answered yet: replace `raise NotImplementedError()` with your answer, then run the cell."
    elif isinstance(value, NotAnswered):
        text = str(value)
    else:
        text = f"✗ {value}"
    stb = [f"\x1b[0;31m{text}\x1b[0m"]
    shell._showtraceback(etype, value, stb)
    return stb


def install_display():
    """Show check failures and unanswered stubs as one line instead of a traceback.

    Called by each notebook's set-up cell.  The cell still fails (Validate and the
    grader see the failure); only its display is shortened.  Other errors keep their
    full traceback, which helps a student debug their own code.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((GradingFailure, NotImplementedError), _short_traceback)


# --- choice questions (helpers/choices.py): options in an order drawn per student ----------------
# (thin wrappers: helpers.choices imports this module, so either may be imported first)
from . import choices as _choices  # noqa: E402


def show_choices(question_id, variable, options):
    """Show a choice question's options in this student's order (:func:`helpers.choices.show_choices`)."""
    return _choices.show_choices(question_id, variable, options)


def check_choice_form(variable, n_options):
    """Visible check of a choice: one of the letters (:func:`helpers.choices.check_choice_form`)."""
    return _choices.check_choice_form(variable, n_options)


def check_choice(variable, question_id, *, correct, options):
    """Hidden check of a choice, explaining every option (:func:`helpers.choices.check_choice`)."""
    return _choices.check_choice(variable, question_id, correct=correct, options=options)


def choice_letter(question_id, option, n_options, student=None):
    """This student's letter for option ``option`` (:func:`helpers.choices.choice_letter`)."""
    return _choices.choice_letter(question_id, option, n_options, student)
