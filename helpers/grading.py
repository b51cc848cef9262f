"""Comparisons for nbgrader test cells that a student cell cannot fake.

Every test cell in the course checks answers through this module, so the
defences live in one place instead of being copied into each problem:

* **Plain types first.**  Answers are converted to plain Python/numpy values
  (:func:`as_scalar`, :func:`as_array`, :func:`as_text`) before any comparison.
  An object whose ``__eq__`` claims equality with everything, a ``float``
  subclass with a rigged ``__eq__`` or an ``ndarray`` subclass is rejected or
  stripped down to its numbers.
* **Pristine operations.**  The comparisons use references to numpy's ufuncs
  and Python's builtins captured when this module is imported (the notebook's
  locked set-up cell imports it before any student code runs); they never call
  ``numpy.isclose``, ``numpy.allclose``, ``math.isclose`` or
  ``numpy.testing``.
* **Tamper check.**  Every check first verifies that those library functions,
  a set of builtins and this module's own functions are the objects they were
  at import.  If a student cell replaced one, the check fails with a message
  saying so, and the submission scores what an honest blank would.
* **No answers in messages.**  A failed check names the quantity, the student's
  own value, the tolerance and a hint at the likely misconception, never the
  reference value.

This is defence in depth, not a sandbox: code running in the same Python
process can always do more damage.  ``tools/integrity.py`` scans submissions
for tampering and ``make grade`` reports what it finds.
"""
import builtins as _builtins
import contextlib as _contextlib
import math as _math
import sys as _sys
import types as _types
import warnings as _warnings

import numpy as _np
import numpy.testing as _npt

__all__ = [
    "GradingFailure", "as_scalar", "as_int", "as_array", "as_text", "as_bool",
    "check_close", "check_equal", "check_true", "check_shape", "quiet",
    "verify_environment",
]

# --- pristine references, captured at import ---------------------------------
_abs = _np.absolute
_subtract = _np.subtract
_multiply = _np.multiply
_add = _np.add
_less_equal = _np.less_equal
_isfinite = _np.isfinite
_isnan = _np.isnan
_ndarray = _np.ndarray
_np_array = _np.array
_float64 = _np.float64
_np_integer = _np.integer
_np_floating = _np.floating
_np_bool = _np.bool_
_type = type
_isinstance = isinstance
_len = len
_tuple = tuple
_float = float
_int = int
_str = str
_bool = bool
_repr = repr
_AssertionError = AssertionError

_WATCHED = {
    "numpy.isclose": (_np, "isclose"),
    "numpy.allclose": (_np, "allclose"),
    "numpy.array_equal": (_np, "array_equal"),
    "numpy.array": (_np, "array"),
    "numpy.asarray": (_np, "asarray"),
    "numpy.abs": (_np, "abs"),
    "numpy.all": (_np, "all"),
    "numpy.testing.assert_allclose": (_npt, "assert_allclose"),
    "numpy.testing.assert_array_equal": (_npt, "assert_array_equal"),
    "numpy.testing.assert_array_almost_equal": (_npt, "assert_array_almost_equal"),
    "numpy.testing.assert_almost_equal": (_npt, "assert_almost_equal"),
    "numpy.testing.assert_equal": (_npt, "assert_equal"),
    "math.isclose": (_math, "isclose"),
    "math.isfinite": (_math, "isfinite"),
}
for _name in ("abs", "all", "any", "bool", "float", "int", "isinstance", "len",
              "max", "min", "round", "str", "sum", "type", "AssertionError",
              "__import__", "print", "repr"):
    _WATCHED[f"builtins.{_name}"] = (_builtins, _name)
_SNAPSHOT = {label: getattr(owner, attr) for label, (owner, attr) in _WATCHED.items()}
_MODULES = {"numpy": _np, "numpy.testing": _npt, "math": _math, "builtins": _builtins}


class GradingFailure(AssertionError):
    """A check in a test cell failed; the message says what and why."""


def _fail(message):
    raise GradingFailure(message)


def verify_environment():
    """Fail if a comparison helper, a builtin or this module was replaced.

    Called by every check; call it directly at the top of a test cell that
    compares values without this module.
    """
    for mod_name, mod in _MODULES.items():
        if _sys.modules.get(mod_name) is not mod:
            _fail(f"The grading environment was modified: module {mod_name!r} was replaced. "
                  "Remove code that reassigns library modules or functions.")
    for label, (owner, attr) in _WATCHED.items():
        if owner.__dict__.get(attr) is not _SNAPSHOT[label]:
            _fail(f"The grading environment was modified: {label} was replaced. "
                  "Remove code that reassigns library functions; it cannot earn points.")
    here = _sys.modules.get(__name__)
    if here is None or here.__dict__.get("_ORIGINALS") is not _ORIGINALS:
        _fail("The grading environment was modified: helpers.grading was replaced.")
    for fname, func in _ORIGINALS.items():
        if here.__dict__.get(fname) is not func:
            _fail(f"The grading environment was modified: helpers.grading.{fname} was replaced.")


# --- conversion to plain values ------------------------------------------------
def _label(name):
    return name if name else "your answer"


def as_scalar(value, name=None):
    """Return ``value`` as a plain Python float, accepting only real numbers.

    Accepts ``int``, ``float``, numpy integer/floating scalars and 0-d or
    one-element float arrays.  Rejects ``bool``, strings, ``None`` and any other
    object, including one that claims to equal everything.

    >>> as_scalar(_np.float32(2.5))
    2.5
    >>> as_scalar(True)
    Traceback (most recent call last):
    ...
    helpers.grading.GradingFailure: your answer must be a number (int or float); got bool.
    """
    verify_environment()
    kind = _type(value)
    if kind is _bool or kind is _np_bool:
        _fail(f"{_label(name)} must be a number (int or float); got bool.")
    if kind is _float or kind is _int or kind is _float64:
        return _float.__new__(_float, value) if kind is not _int else _float(_int.__index__(value))
    if _isinstance(value, (_np_integer, _np_floating)):
        return _float(_np_array(value, dtype=_float64))
    if _isinstance(value, _ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        return _float(_np_array(value, dtype=_float64, subok=False).reshape(()))
    _fail(f"{_label(name)} must be a number (int or float); got {kind.__name__}.")


def as_int(value, name=None):
    """Return ``value`` as a plain int; floats must be whole numbers.

    >>> as_int(3.0)
    3
    """
    number = as_scalar(value, name)
    if not _isfinite(number) or number != _float(_int(number)):
        _fail(f"{_label(name)} must be a whole number; got {number!r}.")
    return _int(number)


def as_array(value, name=None, shape=None):
    """Return ``value`` as a fresh float64 ``numpy.ndarray`` (never a subclass).

    Parameters
    ----------
    value : array_like of numbers
    name : str, optional
        Quantity name used in messages.
    shape : tuple of int, optional
        Required shape; ``None`` entries match any length.

    >>> as_array([1, 2], shape=(2,)).tolist()
    [1.0, 2.0]
    """
    verify_environment()
    if _isinstance(value, (_str, bytes, dict)) or value is None:
        _fail(f"{_label(name)} must be an array of numbers; got {_type(value).__name__}.")
    if _isinstance(value, _ndarray):
        if value.dtype.kind not in "iuf":
            _fail(f"{_label(name)} must hold numbers; got an array of dtype {value.dtype}.")
        arr = _np_array(value, dtype=_float64, subok=False, copy=True)
    elif _isinstance(value, (list, _tuple)):
        for item in value:
            if _isinstance(item, (list, _tuple, _ndarray)):
                continue
            if _type(item) in (_bool, _np_bool) or not (
                    _type(item) in (_int, _float) or _isinstance(item, (_np_integer, _np_floating))):
                _fail(f"{_label(name)} must contain only numbers; found {_type(item).__name__}.")
        try:
            arr = _np_array(value, dtype=_float64, subok=False, copy=True)
        except (TypeError, ValueError):
            _fail(f"{_label(name)} must be a rectangular array of numbers.")
    else:
        _fail(f"{_label(name)} must be a numpy array or a list of numbers; got {_type(value).__name__}.")
    if shape is not None:
        check_shape(arr, shape, name)
    return arr


def as_text(value, name=None):
    """Return ``value`` as a plain ``str`` (stripped, lower case); only ``str`` is accepted.

    >>> as_text("  Focal ")
    'focal'
    """
    verify_environment()
    if _type(value) is not _str:
        _fail(f"{_label(name)} must be a str; got {_type(value).__name__}.")
    return _str.lower(_str.strip(_str.__str__(value)))


def as_bool(value, name=None):
    """Return ``value`` as a plain ``bool``; only ``bool`` and ``numpy.bool_`` are accepted.

    >>> as_bool(_np.bool_(True))
    True
    """
    verify_environment()
    if _type(value) is _bool:
        return True if value is True else False
    if _type(value) is _np_bool:
        return True if _bool(value) else False
    _fail(f"{_label(name)} must be True or False; got {_type(value).__name__}.")


def check_shape(arr, shape, name=None):
    """Fail unless ``arr.shape`` matches ``shape`` (``None`` matches any length)."""
    got = _tuple(arr.shape)
    want = _tuple(shape)
    ok = _len(got) == _len(want) and all(w is None or g == w for g, w in zip(got, want))
    if not ok:
        _fail(f"{_label(name)} must have shape {want}; got {got}.")


# --- comparisons -----------------------------------------------------------------
def check_close(actual, expected, *, rtol=0.0, atol=0.0, name=None, hint=None):
    """Fail unless ``actual`` matches ``expected`` within ``atol + rtol*|expected|``.

    ``expected`` is a number or an array; ``actual`` is converted with
    :func:`as_scalar` or :func:`as_array` first (same shape required).  The
    failure message never contains ``expected``.

    >>> check_close(0.1 + 0.2, 0.3, atol=1e-12)
    >>> check_close(1.5, 1.0, rtol=0.1, name="ratio")
    Traceback (most recent call last):
    ...
    helpers.grading.GradingFailure: ratio = 1.5 is not within tolerance (rtol=0.1, atol=0.0) of the reference.
    """
    verify_environment()
    ref = _np_array(expected, dtype=_float64, subok=False)
    if ref.ndim == 0:
        got = _np_array(as_scalar(actual, name), dtype=_float64)
    else:
        got = as_array(actual, name, shape=ref.shape)
    if not _bool(_isfinite(got).all()):
        _fail(f"{_label(name)} contains NaN or infinite values.")
    err = _abs(_subtract(got, ref))
    limit = _add(atol, _multiply(rtol, _abs(ref)))
    if not _bool(_less_equal(err, limit).all()):
        shown = _repr(_float(got)) if got.ndim == 0 else f"an array of shape {_tuple(got.shape)}"
        msg = (f"{_label(name)} = {shown} is not within tolerance "
               f"(rtol={rtol}, atol={atol}) of the reference.")
        if hint:
            msg += f" Hint: {hint}"
        _fail(msg)


def check_equal(actual, expected, *, name=None, hint=None):
    """Fail unless ``actual`` equals ``expected`` after conversion to the same plain type.

    ``expected`` may be a ``str`` (compared case-insensitively after stripping),
    a ``bool``, an ``int``, or a tuple/list of those (compared element-wise).

    >>> check_equal("Focal", "focal")
    >>> check_equal(True, False, name="is_safe", hint="compare with the limit")
    Traceback (most recent call last):
    ...
    helpers.grading.GradingFailure: is_safe is not correct. Hint: compare with the limit
    """
    verify_environment()
    if _type(expected) in (list, _tuple):
        if _type(actual) not in (list, _tuple) or _len(actual) != _len(expected):
            _fail(f"{_label(name)} must be a list or tuple of {_len(expected)} items.")
        for i, (a, e) in enumerate(zip(actual, expected)):
            check_equal(a, e, name=f"{_label(name)}[{i}]", hint=hint)
        return
    if _type(expected) is _str:
        same = as_text(actual, name) == _str.lower(_str.strip(expected))
    elif _type(expected) is _bool:
        same = as_bool(actual, name) is expected
    elif _type(expected) is _int:
        same = as_int(actual, name) == expected
    else:
        raise TypeError(f"check_equal does not compare {_type(expected).__name__}; use check_close.")
    if not same:
        msg = f"{_label(name)} is not correct."
        if hint:
            msg += f" Hint: {hint}"
        _fail(msg)


def check_true(condition, message):
    """Fail with ``message`` unless ``condition`` is literally ``True`` (or ``numpy.True_``).

    >>> check_true(1 < 2, "order")
    """
    verify_environment()
    if not (condition is True or (_type(condition) is _np_bool and _bool(condition))):
        _fail(message)


@_contextlib.contextmanager
def quiet():
    """Silence warnings and numpy floating-point messages inside a test cell.

    nbgrader scores a test cell 0 if it writes anything to stderr, so test
    cells wrap their checks in ``with quiet():``.
    """
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        with _np.errstate(all="ignore"):
            yield


_ORIGINALS = {name: globals()[name] for name in __all__ if callable(globals()[name]) and name != "GradingFailure"}


class _SealedModule(_types.ModuleType):
    """Module type that refuses attribute assignment, so ``grading.check_close = ...`` fails loudly."""

    def __setattr__(self, name, value):
        raise AttributeError("helpers.grading is read-only: the grader's checks cannot be replaced.")

    def __delattr__(self, name):
        raise AttributeError("helpers.grading is read-only: the grader's checks cannot be removed.")


_sys.modules[__name__].__class__ = _SealedModule
