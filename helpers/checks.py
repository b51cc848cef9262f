"""Argument checks shared by every simulator.

Each check raises :class:`ValueError` naming the argument, the value it got and
what is allowed, so a student who passes a negative dose or a NaN learns what
to fix from the message alone.
"""
import math
import numbers

import numpy as np


def _describe(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_number(value, name, *, low=None, high=None, low_inclusive=True,
                 high_inclusive=True, integer=False):
    """Return ``value`` as a float (or int) after checking it is a finite number in range.

    Parameters
    ----------
    value : object
        The value to check.
    name : str
        Argument name used in the error message.
    low, high : float, optional
        Bounds; ``None`` means unbounded.
    low_inclusive, high_inclusive : bool, optional, default: True
        Whether the bounds themselves are allowed.
    integer : bool, optional, default: False
        Require an integral value and return an ``int``.

    Returns
    -------
    float or int

    Raises
    ------
    ValueError
        If ``value`` is not a real number, is NaN or infinite, or is out of range.

    Examples
    --------
    >>> check_number(3, "dose_units", low=0)
    3.0
    >>> check_number(-1, "dose_units", low=0)
    Traceback (most recent call last):
    ...
    ValueError: dose_units must be >= 0; got -1.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number; got {_describe(value)}.")
    as_float = float(value)
    if not math.isfinite(as_float):
        raise ValueError(f"{name} must be finite; got {_describe(value)}.")
    if integer:
        if as_float != int(as_float):
            raise ValueError(f"{name} must be a whole number; got {_describe(value)}.")
    if low is not None:
        if as_float < low or (not low_inclusive and as_float == low):
            op = ">=" if low_inclusive else ">"
            raise ValueError(f"{name} must be {op} {low}; got {_describe(value)}.")
    if high is not None:
        if as_float > high or (not high_inclusive and as_float == high):
            op = "<=" if high_inclusive else "<"
            raise ValueError(f"{name} must be {op} {high}; got {_describe(value)}.")
    return int(as_float) if integer else as_float


def check_positive(value, name, *, allow_zero=False):
    """Check that ``value`` is a finite number > 0 (or >= 0 with ``allow_zero``).

    >>> check_positive(0.5, "impedance_ohm")
    0.5
    """
    return check_number(value, name, low=0.0, low_inclusive=allow_zero)


def check_option(value, name, options):
    """Check that ``value`` is one of ``options`` and return it.

    >>> check_option("focal", "distribution", ("focal", "segmental"))
    'focal'
    """
    if value not in options:
        allowed = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {allowed}; got {_describe(value)}.")
    return value


def check_array(values, name, *, ndim=None, min_length=1, finite=True,
                low=None, high=None):
    """Return ``values`` as a float ndarray after checking shape and content.

    Parameters
    ----------
    values : array_like
    name : str
    ndim : int, optional
        Required number of dimensions.
    min_length : int, optional, default: 1
        Minimum number of samples along the first axis.
    finite : bool, optional, default: True
        Reject NaN and infinite entries.
    low, high : float, optional
        Inclusive bounds on every entry.

    Examples
    --------
    >>> check_array([1, 2, 3], "emg_mV").tolist()
    [1.0, 2.0, 3.0]
    >>> check_array([], "emg_mV")
    Traceback (most recent call last):
    ...
    ValueError: emg_mV must have at least 1 sample(s); got 0.
    """
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of numbers; got {_describe(values)}.") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional; got shape {arr.shape}.")
    length = arr.shape[0] if arr.ndim else 1
    if length < min_length:
        raise ValueError(f"{name} must have at least {min_length} sample(s); got {length}.")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must not contain NaN or infinite values.")
    if low is not None and np.any(arr < low):
        raise ValueError(f"{name} must be >= {low} everywhere; minimum is {arr.min()}.")
    if high is not None and np.any(arr > high):
        raise ValueError(f"{name} must be <= {high} everywhere; maximum is {arr.max()}.")
    return arr


def as_generator(seed):
    """Return a :class:`numpy.random.Generator` from ``None``, an int or a Generator.

    >>> g = as_generator(1); float(g.random()) == float(as_generator(1).random())
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be None, a non-negative int or a numpy Generator; got {_describe(seed)}.")
    return np.random.default_rng(int(seed))
