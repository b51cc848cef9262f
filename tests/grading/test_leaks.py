"""Hidden checks never tell a student their inputs, whatever the student's code answers.

A function can notice that the grader calls it (from its own stack) and then answer with the
inputs it was given, spelled in whatever the grader might repeat: an exception class named
after its arguments and a message holding them, dicts keyed by them, objects whose type name
carries them, the arguments handed straight back, arrays whose length spells a number.  Tried
on the hub, the feedback of such a student listed every hidden case's inputs.  Here every test
cell of every chapter is judged (by :func:`grader.judge.judge_source`, the grader's own code,
with the kernel's replies passed through :func:`grader.judge.kernel_reply` as in grading)
against such answers, and the judge's verdicts, the text feedback shows, must hold none of it.
The instructor's own messages are held to the same rule: a hidden check names a case by what
it tests ("a new recording"), never by its arguments.
"""
import ast
import json
import re
import textwrap

import numpy as np
import pytest

import demo_class
import nbtools
from course_utils import HIDDEN_RE, source_notebooks
from grader.judge import judge_source, kernel_reply, prelude_namespace, verdict_outputs
from helpers import grading as G
from helpers import wire

MARK = "LEAKMARK"
LENGTH = 777                  # the length of the arrays some answers return: no message may repeat it


def _numbers(value, out):
    """Every non-integer float in ``value`` (plain data as the kernel receives it)."""
    if isinstance(value, (float, np.floating)) and np.isfinite(value) and float(value) != int(value):
        out.add(float(value))
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            _numbers(item, out)
    elif isinstance(value, dict):
        for item in list(value.keys()) + list(value.values()):
            _numbers(item, out)
    elif isinstance(value, np.ndarray) and value.size <= 8 and value.dtype.kind == "f":
        for item in value.ravel():
            _numbers(item, out)


def _spell(args):
    """The arguments as characters a class name can hold."""
    return re.sub(r"\W", "_", repr(args))[:120]


class _Leaky:
    """A student namespace whose every answer tries to carry its inputs into the grader's words."""

    def __init__(self, names, mode):
        self.mode = mode
        self.calls = 0
        self.inputs = set()
        self.ns = {}
        for kind, name in names:
            self.ns[name] = self._function(name) if kind == "def" else self._value(name)

    def _answer(self, args):
        self.calls += 1
        how = (self.calls + self.mode) % 6
        if how == 0:
            raise type(f"{MARK}_{_spell(args)}", (ValueError,), {})(f"{MARK} {args!r}")
        if how == 1:
            return {f"{MARK} {args!r}": 1.0, MARK + "2": args}
        if how == 2:
            return type(f"{MARK}_{_spell(args)}", (), {})()
        if how == 3:
            return args[0] if len(args) == 1 else list(args)        # the inputs, handed back
        if how == 4:
            return np.zeros(LENGTH)
        return [type(f"{MARK}_{_spell(args)}", (float,), {})(0.5)]

    def _function(self, name):
        def answer(*args, **kwargs):
            return self._answer(args + tuple(kwargs.values()))
        answer.__name__ = name
        return answer

    def _value(self, name):
        return type(f"{MARK}_{name}", (), {})()


class _JudgeBackend:
    """The grader's backend, with the kernel replaced by the namespace: replies pass kernel_reply."""

    judge = True
    binary = False

    def __init__(self, leaky, hidden):
        self.leaky = leaky
        self.hidden = hidden

    def student(self):
        return "ada"

    def request(self, req):
        req = json.loads(json.dumps(req))
        if self.hidden and req.get("op") == "call":
            _numbers(wire.decode(req["args"]), self.leaky.inputs)
        return kernel_reply(wire.answer(req, self.leaky.ns))


def _cells():
    for path in source_notebooks():
        nb = nbtools.read(path)
        names = sorted({pair for code in nbtools.instructor_answers(nb).values()
                        for pair in demo_class._defined_names(code) if not pair[1].startswith("_")})
        for gid, cell in nbtools.test_cells(nb).items():
            yield pytest.param(path.stem, gid, cell.source, names, id=gid)


def _shown(number):
    return {repr(number), str(number), f"{number:g}", f"{number:.2f}".rstrip("0")}


@pytest.mark.parametrize("stem, grade_id, source, names", list(_cells()))
def test_nothing_the_answer_chose_reaches_the_verdict(stem, grade_id, source, names):
    hidden = "BEGIN HIDDEN TESTS" in source
    namespace = prelude_namespace()
    for mode in range(6):
        leaky = _Leaky(names, mode)
        verdict = judge_source(source, grade_id, 2.0, _JudgeBackend(leaky, hidden), namespace)
        outputs = verdict_outputs(verdict)
        text = json.dumps([dict(o) for o in outputs], ensure_ascii=False) + " ".join(
            f"{p['title']} {p['message']} {p['hint_id']}" for p in verdict["parts"]) + json.dumps(verdict["failure"])
        assert MARK not in text, f"{grade_id}: the answer's own text reached the verdict: {text[:600]}"
        assert str(LENGTH) not in text, f"{grade_id}: an array's length chosen by the answer reached the verdict"
        assert verdict["score"] == 0.0, f"{grade_id}: a leaking answer earned {verdict['score']}"
        words = set(re.findall(r"\d+\.\d+|\.\d+", text))
        leaked = sorted(n for n in leaky.inputs if _shown(n) & words)
        assert not leaked, f"{grade_id}: hidden inputs {leaked} appear in the verdict: {text[:600]}"


def _strings(tree):
    """The text of every string and f-string in ``tree`` (f-string fields as written)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield ast.unparse(node)[2:-1]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


@pytest.mark.parametrize("path", source_notebooks(), ids=lambda p: p.stem)
def test_hidden_checks_name_cases_by_what_they_test(path):
    """No text of a hidden check spells a call of the student's function with its arguments
    (``overflow_onset(0.28)``, ``f"weeks_above({_thr}, ...)"``, ``f"battery_months{_args}"``);
    ``name(...)`` is allowed."""
    nb = nbtools.read(path)
    functions = sorted({name for code in nbtools.instructor_answers(nb).values()
                        for kind, name in demo_class._defined_names(code) if kind == "def"})
    spelled = re.compile(r"\b(" + "|".join(map(re.escape, functions)) + r")(\((?!\.\.\.\))|\{)")
    found = []
    for gid, cell in nbtools.test_cells(nb).items():
        for block in HIDDEN_RE.findall(cell.source):
            for text in _strings(ast.parse(textwrap.dedent(block))):
                if functions and spelled.search(text):
                    found.append(f"{gid}: {text}")
    assert not found, "hidden checks that show their arguments:\n" + "\n".join(found)
