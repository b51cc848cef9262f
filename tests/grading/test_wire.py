"""What crosses from a student's kernel to the grader: plain data only, strictly decoded."""
import json
import math

import numpy as np
import pytest

from helpers import wire


@pytest.mark.parametrize("value", [
    None, True, False, 0, -3, 2 ** 62, 1.5, -0.0, "Focal", "", [1, 2.5, "x"], (1, (2, 3)), {"a": 1, 2.5: [None]},
    {frozenset(): 1} if False else {"nested": {"k": (1.0, "v")}}, {1, 2, 3},
])
def test_plain_values_round_trip_with_their_types(value):
    back = wire.roundtrip(value)
    assert back == value and type(back) is type(value)


def test_non_finite_floats_and_numpy_values_keep_type_and_value():
    back = wire.roundtrip([float("nan"), float("inf"), -float("inf")])
    assert math.isnan(back[0]) and back[1] == float("inf") and back[2] == -float("inf")
    for scalar in (np.float32(1.25), np.int16(-7), np.bool_(True), np.float64(2.0), np.uint8(255)):
        out = wire.roundtrip(scalar)
        assert type(out) is type(scalar) and out == scalar
    arr = np.arange(12, dtype=np.float32).reshape(3, 4)
    out = wire.roundtrip(arr)
    assert out.dtype == np.float32 and out.shape == (3, 4) and np.array_equal(out, arr) and out is not arr
    assert np.array_equal(wire.roundtrip(np.array([[1, 2]], dtype=">i4")), [[1, 2]])


class _Anything(float):
    def __eq__(self, other):
        return True


class _Array(np.ndarray):
    pass


@pytest.mark.parametrize("value,name", [
    (_Anything(1.0), "_Anything"), (object(), "object"), (lambda x: x, "function"),
    (np.zeros(2).view(_Array), "ndarray subclass"), (np.array(["a"]), "dtype <U1"),
    (np.array([1j]), "dtype complex128"), (np.array([object()]), "dtype object"), (b"bytes", "bytes"),
])
def test_anything_else_arrives_as_unsupported_and_equals_nothing(value, name):
    out = wire.roundtrip(value)
    assert isinstance(out, wire.Unsupported) and name.split()[-1] in out.type_name
    assert not (out == 1.0) and out != out
    with pytest.raises(TypeError):
        bool(out)


def test_huge_answers_are_refused_not_sent():
    assert isinstance(wire.roundtrip(2 ** 5000), wire.Unsupported)
    assert isinstance(wire.roundtrip("x" * (wire.MAX_STRING + 1)), wire.Unsupported)
    deep = []
    node = deep
    for _ in range(40):
        node.append([])
        node = node[0]
    assert "nesting" in json.dumps(wire.encode(deep))


@pytest.mark.parametrize("payload", [
    '{"$float": "1e400"}', '{"$nd": {"dtype": "float64", "shape": [3], "data": "AAAA"}}',
    '{"$nd": {"dtype": "object", "shape": [1], "data": ""}}', '{"$code": "import os"}',
    '{"a": 1, "b": 2}', "NaN", '{"$np": {"dtype": "float64", "value": "x"}}', '{"$set": [[1]]}',
    '{"$dict": [[[1], 2]]}', "[" * 100 + "]" * 100,
])
def test_forged_payloads_are_rejected(payload):
    with pytest.raises(wire.WireError):
        wire.loads(payload)


def test_requests_are_answered_from_the_namespace_and_errors_reported():
    ns = {"f": lambda x, scale=1: x * scale, "v": {"k": np.arange(3)}, "boom": lambda: 1 / 0,
          "stub": lambda: (_ for _ in ()).throw(NotImplementedError())}
    reply = wire.answer({"op": "call", "name": "f", "args": wire.encode([np.ones(2)]),
                         "kwargs": wire.encode({"scale": 3})}, ns)
    assert np.array_equal(wire.decode(reply["ok"]), [3.0, 3.0])
    assert np.array_equal(wire.decode(wire.answer({"op": "value", "name": "v"}, ns)["ok"])["k"], [0, 1, 2])
    assert wire.answer({"op": "call", "name": "boom"}, ns)["error"]["type"] == "ZeroDivisionError"
    assert wire.answer({"op": "value", "name": "missing"}, ns)["error"]["type"] == "NameError"
    assert wire.answer({"op": "value", "name": "__import__('os')"}, ns)["error"]["type"] == "RequestError"
