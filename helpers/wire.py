"""Answers as plain data: the only thing that leaves a student's kernel while it is graded.

During autograding the student's kernel runs the student's code and nothing else; the
checks run in a separate grader process (``grader/``).  When a check needs the student's
answer (a variable, or a function called on new inputs) the grader sends a request to the
kernel and receives the answer as JSON built only from numbers, strings, booleans, None,
lists, tuples, dicts, sets and numpy arrays or scalars of numeric dtype.  Nothing is pickled,
so no object the student made (one that "equals everything", a float subclass, a lazy
proxy) can cross: it arrives as an :class:`Unsupported` marker naming its type, which
every check rejects.

The same encoding is used in the student's own kernel (Validate, Run All), so a check sees
exactly the same Python types in both places.

Encoding
--------
JSON ``null``, booleans, strings, integers and finite floats stand for themselves.  Every
JSON object is a tag with exactly one key:

``{"$float": "nan" | "inf" | "-inf"}``      a non-finite float
``{"$tuple": [...]}``, ``{"$set": [...]}``   tuple, set/frozenset
``{"$dict": [[key, value], ...]}``           dict (keys encoded like values)
``{"$nd": {"dtype", "shape", "data"}}``      numpy array, little-endian bytes in base64
``{"$np": {"dtype", "value"}}``              numpy scalar
``{"$unsupported": "type name"}``            anything else (or something too large)

>>> decode(encode({"isi_ms": 2.5, "ratio": (0.4, float("nan"))}))
{'isi_ms': 2.5, 'ratio': (0.4, nan)}
"""
import base64
import json
import math

import numpy as np

#: numpy dtypes that may cross (booleans, integers, floats); anything else is Unsupported.
DTYPES = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64")
MAX_ELEMENTS = 20_000_000     # numbers in one answer (about 160 MB of float64)
MAX_STRING = 1_000_000        # characters in one string
MAX_DEPTH = 32
MIME = "application/vnd.dystonia.answer+json"
COMM_TARGET = "dystonia.answers"
BUFFER_MIN_BYTES = 4096        # smaller arrays travel inside the JSON


class Unsupported:
    """Stands for an answer that is not plain data; compares unequal to everything.

    >>> Unsupported("_Anything") == 1.0
    False
    """

    __slots__ = ("type_name",)

    def __init__(self, type_name):
        self.type_name = str(type_name)[:80]

    def __eq__(self, other):
        return False

    def __ne__(self, other):
        return True

    __hash__ = object.__hash__

    def __bool__(self):
        raise TypeError(f"an answer of type {self.type_name} cannot be used as a truth value")

    def __repr__(self):
        return f"<unsupported answer of type {self.type_name}>"


class WireError(ValueError):
    """The payload is not a valid encoding (it never is, unless someone forged it)."""


# --- encoding (runs in the student's kernel) ---------------------------------------------
def _type_name(value):
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}" if kind.__module__ not in ("builtins",) else kind.__qualname__


def _encode(value, depth, budget, buffers=None):
    if depth > MAX_DEPTH:
        return {"$unsupported": "nesting deeper than 32 levels"}
    kind = type(value)
    if value is None or kind is bool or kind is str:
        if kind is str and len(value) > MAX_STRING:
            return {"$unsupported": "a string longer than 1,000,000 characters"}
        return value
    if kind is int:
        if value.bit_length() > 4000:
            return {"$unsupported": "an integer with more than 4000 bits"}
        return value
    if kind is float:
        if math.isfinite(value):
            return value
        return {"$float": "nan" if value != value else ("inf" if value > 0 else "-inf")}
    if isinstance(value, np.ndarray):
        if kind is not np.ndarray:
            return {"$unsupported": f"{_type_name(value)} (an ndarray subclass)"}
        dtype = value.dtype.name
        if dtype not in DTYPES:
            return {"$unsupported": f"ndarray of dtype {value.dtype}"}
        budget[0] -= value.size
        if budget[0] < 0:
            return {"$unsupported": "an answer with more than 20 million numbers"}
        data = np.ascontiguousarray(value).astype(value.dtype.newbyteorder("<"), copy=False).tobytes()
        if buffers is not None and len(data) >= BUFFER_MIN_BYTES:
            buffers.append(data)
            return {"$nd": {"dtype": dtype, "shape": list(value.shape), "buffer": len(buffers) - 1}}
        return {"$nd": {"dtype": dtype, "shape": list(value.shape), "data": base64.b64encode(data).decode()}}
    if isinstance(value, np.generic):
        dtype = np.dtype(kind).name
        if dtype not in DTYPES or kind is not np.dtype(dtype).type:
            return {"$unsupported": f"numpy scalar of type {dtype}"}
        return {"$np": {"dtype": dtype, "value": _encode(value.item(), depth + 1, budget, buffers)}}
    if kind in (list, tuple, set, frozenset):
        budget[0] -= len(value)
        if budget[0] < 0:
            return {"$unsupported": "an answer with more than 20 million items"}
        items = [_encode(v, depth + 1, budget, buffers) for v in value]
        if kind is list:
            return items
        return {"$tuple": items} if kind is tuple else {"$set": items}
    if kind is dict:
        budget[0] -= len(value)
        if budget[0] < 0:
            return {"$unsupported": "an answer with more than 20 million items"}
        return {"$dict": [[_encode(k, depth + 1, budget, buffers), _encode(v, depth + 1, budget, buffers)]
                          for k, v in value.items()]}
    return {"$unsupported": _type_name(value)}


def encode(value, buffers=None):
    """Return the plain-data (JSON-compatible) form of ``value``.

    With ``buffers`` (a list), the bytes of large arrays are appended to it (sent as binary
    frames beside the JSON) and referenced by index instead of being written in base64.

    >>> encode((1, 2.5))
    {'$tuple': [1, 2.5]}
    >>> encode(object())
    {'$unsupported': 'object'}
    """
    return _encode(value, 0, [MAX_ELEMENTS], buffers)


def dumps(value):
    """``encode`` then JSON text (compact)."""
    return json.dumps(encode(value), separators=(",", ":"), allow_nan=False)


# --- decoding (runs in the grader) -------------------------------------------------------
def _decode(node, depth, budget, buffers=None):
    if depth > MAX_DEPTH + 2:
        raise WireError("nesting too deep")
    kind = type(node)
    if node is None or kind in (bool, str, float):
        if kind is str and len(node) > MAX_STRING:
            raise WireError("string too long")
        if kind is float and not math.isfinite(node):
            raise WireError("non-finite float outside a $float tag")
        return node
    if kind is int:
        if node.bit_length() > 4000:
            raise WireError("integer too large")
        return node
    if kind is list:
        budget[0] -= len(node)
        if budget[0] < 0:
            raise WireError("too many items")
        return [_decode(v, depth + 1, budget, buffers) for v in node]
    if kind is not dict or len(node) != 1:
        raise WireError(f"unexpected JSON value of type {kind.__name__}")
    (tag, body), = node.items()
    if tag == "$float":
        if body not in ("nan", "inf", "-inf"):
            raise WireError("bad $float")
        return float(body)
    if tag in ("$tuple", "$set"):
        if type(body) is not list:
            raise WireError(f"bad {tag}")
        items = _decode(body, depth, budget, buffers)
        if tag == "$tuple":
            return tuple(items)
        try:
            return set(items)
        except TypeError:
            raise WireError("unhashable set member") from None
    if tag == "$dict":
        if type(body) is not list:
            raise WireError("bad $dict")
        out = {}
        budget[0] -= len(body)
        if budget[0] < 0:
            raise WireError("too many items")
        for pair in body:
            if type(pair) is not list or len(pair) != 2:
                raise WireError("bad $dict pair")
            key = _decode(pair[0], depth + 1, budget, buffers)
            try:
                out[key] = _decode(pair[1], depth + 1, budget, buffers)
            except TypeError:
                raise WireError("unhashable dict key") from None
        return out
    if tag == "$nd":
        if type(body) is not dict or set(body) not in ({"dtype", "shape", "data"}, {"dtype", "shape", "buffer"}):
            raise WireError("bad $nd")
        dtype, shape = body["dtype"], body["shape"]
        if dtype not in DTYPES or type(shape) is not list \
                or not all(type(s) is int and 0 <= s for s in shape) or len(shape) > 32:
            raise WireError("bad $nd header")
        count = math.prod(shape)
        budget[0] -= count
        if budget[0] < 0:
            raise WireError("array too large")
        if "buffer" in body:
            index = body["buffer"]
            if type(index) is not int or buffers is None or not 0 <= index < len(buffers):
                raise WireError("bad $nd buffer")
            raw = bytes(buffers[index])
        else:
            if type(body["data"]) is not str:
                raise WireError("bad $nd data")
            raw = base64.b64decode(body["data"].encode("ascii"), validate=True)
        want = np.dtype(dtype).newbyteorder("<")
        if len(raw) != count * want.itemsize:
            raise WireError("$nd data does not match its shape")
        return np.frombuffer(raw, dtype=want).astype(np.dtype(dtype)).reshape(shape).copy()
    if tag == "$np":
        if type(body) is not dict or set(body) != {"dtype", "value"} or body["dtype"] not in DTYPES:
            raise WireError("bad $np")
        value = _decode(body["value"], depth + 1, budget, buffers)
        if type(value) not in (bool, int, float):
            raise WireError("bad $np value")
        return np.dtype(body["dtype"]).type(value)
    if tag == "$unsupported":
        if type(body) is not str:
            raise WireError("bad $unsupported")
        return Unsupported(body)
    raise WireError(f"unknown tag {tag[:20]!r}")


def decode(node, buffers=None):
    """Rebuild plain Python/numpy values from :func:`encode`'s output (strictly validated)."""
    return _decode(node, 0, [MAX_ELEMENTS], buffers)


def loads(text, max_bytes=200_000_000):
    """Parse JSON text produced by :func:`dumps` and :func:`decode` it."""
    if len(text) > max_bytes:
        raise WireError("payload too large")
    try:
        node = json.loads(text, parse_constant=lambda name: (_ for _ in ()).throw(WireError(name)))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise WireError(f"invalid JSON: {str(exc)[:80]}") from None
    return decode(node)


def roundtrip(value):
    """``decode(encode(value))``: what a check sees of ``value``, in the kernel or in the grader.

    >>> roundtrip(np.float32(1.5)).dtype.name
    'float32'
    """
    return decode(json.loads(dumps(value)))


# --- serving requests (runs in the student's kernel at grading time) ---------------------
def _namespace():
    from IPython import get_ipython
    shell = get_ipython()
    if shell is None:
        raise RuntimeError("no IPython kernel")
    return shell.user_ns


def answer(request, namespace=None, buffers=None, out_buffers=None):
    """Carry out one request on the student's namespace and return the reply as a dict.

    ``request`` is ``{"op": "value", "name": ...}`` or ``{"op": "call", "name": ...,
    "args": [...], "kwargs": {...}}`` in the encoded form.  The reply is
    ``{"ok": <encoded answer>}`` or ``{"error": {"type": ..., "message": ...}}``.
    """
    ns = _namespace() if namespace is None else namespace
    name = request.get("name")
    if type(name) is not str or not name.isidentifier():
        return {"error": {"type": "RequestError", "message": "bad name"}}
    if name not in ns:
        return {"error": {"type": "NameError", "message": f"name {name!r} is not defined"}}
    target = ns[name]
    try:
        if request.get("op") == "value":
            result = target
        else:
            args = decode(request.get("args", []), buffers)
            kwargs = decode(request.get("kwargs", {"$dict": []}), buffers)
            result = target(*args, **kwargs)
        return {"ok": encode(result, out_buffers)}
    except BaseException as exc:  # noqa: BLE001 - everything the student's code raises is reported
        message = str(exc)
        return {"error": {"type": type(exc).__name__[:80], "message": message[:500]}}


def install_comm():
    """Let the grader ask for answers over a Jupyter comm (binary buffers, no cell execution).

    The grader runs this once in a fresh kernel, before any student cell, then opens a comm
    with target :data:`COMM_TARGET`; each message is one request, answered like :func:`serve`.
    """
    from comm import get_comm_manager

    def opened(comm, _msg):
        def on_msg(msg):
            out = []
            try:
                reply = answer(msg["content"]["data"], buffers=msg.get("buffers") or [], out_buffers=out)
            except BaseException as exc:  # noqa: BLE001 - reported to the grader
                reply, out = {"error": {"type": type(exc).__name__[:80], "message": str(exc)[:500]}}, []
            comm.send(reply, buffers=out)
        comm.on_msg(on_msg)

    get_comm_manager().register_target(COMM_TARGET, opened)


def serve(request_text):
    """Entry point the grader executes in the kernel: answer and display the reply."""
    from IPython.display import display
    reply = answer(json.loads(request_text))
    display({MIME: json.dumps(reply, separators=(",", ":"), allow_nan=False)}, raw=True)
