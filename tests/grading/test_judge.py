"""The grader's judge: parts and partial credit, messages, and notebooks whose kernel misbehaves."""
import numpy as np
import pytest

import nbtools
from conftest import require_sandbox
from course_utils import ROOT
from grader.judge import NotebookJudge, judge_source, prelude_namespace, verdict_outputs
from helpers import grading as G


class _Answers(G._LocalBackend):
    judge = True


CHECK = '''"""Hidden checks (3 points)."""
### BEGIN HIDDEN TESTS
with G.part("contract: returns a float", weight=1):
    G.as_scalar(G.call("double", 2.0), "double(2.0)")
with G.part("the values", weight=2):
    _ref = 2 * 3.5
    G.check_close(G.call("double", 3.5), _ref, rtol=1e-9, name="double(3.5)",
                  misconceptions={"halved": (3.5 / 2, "it looks like you divided by two")})
### END HIDDEN TESTS
'''


def _judge(ns, source=CHECK):
    return judge_source(source, "p_hidden", 3.0, _Answers(ns), prelude_namespace())


def test_a_correct_answer_earns_every_part():
    verdict = _judge({"double": lambda x: 2 * x})
    assert verdict["score"] == 3.0 and all(p["passed"] for p in verdict["parts"]) and verdict["calls"] == 2


def test_a_misconception_earns_its_parts_and_names_itself_without_the_value():
    verdict = _judge({"double": lambda x: x / 2})
    assert verdict["score"] == pytest.approx(1.0)
    failed = [p for p in verdict["parts"] if not p["passed"]]
    assert [p["hint_id"] for p in failed] == ["halved"] and "divided by two" in failed[0]["message"]
    assert "7" not in failed[0]["message"]


def test_hidden_messages_never_show_the_students_value():
    verdict = _judge({"double": lambda x: 1234.5678 + x})
    message = " ".join(p["message"] for p in verdict["parts"])
    assert "1234" not in message and "1237" not in message and verdict["score"] == pytest.approx(1.0)


def test_objects_that_equal_everything_and_crashes_earn_nothing():
    class Anything(float):
        def __eq__(self, other):
            return True
    assert _judge({"double": lambda x: Anything(0.0)})["score"] == 0.0
    crashed = _judge({"double": lambda x: 1 / 0})
    assert crashed["score"] == 0.0 and all(p["hint_id"] == "raised:ZeroDivisionError" for p in crashed["parts"])
    assert "ZeroDivisionError" in crashed["parts"][0]["message"] and "hidden case" in crashed["parts"][0]["message"]
    blank = _judge({"double": lambda x: (_ for _ in ()).throw(NotImplementedError())})
    assert {p["hint_id"] for p in blank["parts"]} == {"not_answered"}
    missing = _judge({})
    assert {p["hint_id"] for p in missing["parts"]} == {"not_answered"}


def test_outputs_follow_nbgrader_scoring():
    full, partial, none = (_judge({"double": f}) for f in (lambda x: 2 * x, lambda x: x / 2, lambda x: "no"))
    assert [o.output_type for o in verdict_outputs(full)] == ["stream"]
    assert [o.output_type for o in verdict_outputs(partial)] == ["stream", "execute_result"]
    assert verdict_outputs(partial)[1]["data"]["text/plain"] == "1.0"
    assert [o.output_type for o in verdict_outputs(none)] == ["error"]


def _notebook(cells):
    return nbtools.new_notebook(cells)


def test_a_notebook_whose_kernel_dies_is_scored_on_what_ran():
    """A cell that kills the kernel costs that cell: the kernel restarts, earlier cells replay, later ones run."""
    require_sandbox()
    from grader.nbgrader_ext import close_sandboxes, shared_sandbox
    nb = _notebook([
        nbtools.readonly("import numpy as np\nfrom helpers import grading as G", "t_setup"),
        nbtools.solution("### BEGIN SOLUTION\ndef double(x):\n    return 2 * x\n### END SOLUTION", "t_double"),
        nbtools.tests(CHECK.replace("p_hidden", "t_double_hidden"), "t_double_hidden", 3),
        nbtools.solution("### BEGIN SOLUTION\nimport os\nos._exit(3)\n### END SOLUTION", "t_crash"),
        nbtools.tests('G.check_close(G.call("double", 1.0), 2.0, name="double(1.0)")', "t_after", 1),
        nbtools.solution("### BEGIN SOLUTION\nimport time\nwhile True:\n    time.sleep(0.05)\n### END SOLUTION",
                         "t_hang"),
        nbtools.tests('G.check_close(G.call("double", 4.0), 8.0, name="double(4.0)")', "t_last", 1),
    ])
    sources = {nbtools.grade_id(c): c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
    for cell in nb.cells:
        cell.source = nbtools.solution_code(cell.source)
    box = shared_sandbox(ROOT, unsafe=False, figures=False, limits={"memory_bytes": 1 << 30, "cpu_seconds": 60})
    try:
        report = NotebookJudge(box, student="ada", assignment="x", notebook="t", sources=sources,
                               cell_timeout=3, notebook_timeout=120).run(nb)
    finally:
        close_sandboxes()
    scores = {v["grade_id"]: v["score"] for v in report["verdicts"]}
    assert scores == {"t_double_hidden": 3.0, "t_after": 1.0, "t_last": 1.0}, report["events"]
    kinds = [e["kind"] for e in report["events"]]
    assert "kernel_died" in kinds and "restart" in kinds and "timeout" in kinds
    assert report["restarts"] == 1, report["events"]
    assert np.all([o.output_type != "error" for o in nb.cells[4].outputs])


def test_replays_after_a_crash_count_against_the_notebooks_deadline():
    """A crash restarts the kernel and replays the cells that ran; the replays once ignored the
    notebook's deadline (37 s against a 20 s limit).  Here three 3 s cells, then a crash at about
    9 s of a 10 s limit: replayed in full they would end near 19 s; counted, the notebook stops
    at its limit (plus one short replay and a kernel start)."""
    require_sandbox()
    import time

    from grader.nbgrader_ext import close_sandboxes, shared_sandbox
    slow = "### BEGIN SOLUTION\nimport time\ntime.sleep(3)\n### END SOLUTION"
    nb = _notebook([
        nbtools.readonly("import numpy as np\nfrom helpers import grading as G", "t_setup"),
        nbtools.solution(slow, "t_slow1"), nbtools.solution(slow, "t_slow2"), nbtools.solution(slow, "t_slow3"),
        nbtools.solution("### BEGIN SOLUTION\nimport os\nos._exit(3)\n### END SOLUTION", "t_crash"),
        nbtools.solution("### BEGIN SOLUTION\nx = 1\n### END SOLUTION", "t_after"),
    ])
    for cell in nb.cells:
        cell.source = nbtools.solution_code(cell.source)
    box = shared_sandbox(ROOT, unsafe=False, figures=False, limits={"memory_bytes": 1 << 30, "cpu_seconds": 60})
    try:
        box.ensure()
        started = time.monotonic()
        report = NotebookJudge(box, student="ada", assignment="x", notebook="t", sources={},
                               cell_timeout=10, notebook_timeout=10).run(nb)
        seconds = time.monotonic() - started
    finally:
        close_sandboxes()
    kinds = [e["kind"] for e in report["events"]]
    assert "kernel_died" in kinds and "deadline" in kinds, report["events"]
    assert seconds < 16, f"{seconds:.1f} s against a 10 s limit (replays are not counted?)"


def test_a_workers_timeout_covers_every_notebook_it_grades():
    """No submission that keeps to its limits is cut short: a 3-notebook submission of 600 s
    notebooks once met a fixed 1800 s worker timeout, was killed, retried, and scored 0."""
    from grader.classroom import Worker
    from grader.judge import worst_case_seconds
    worker = Worker(ROOT / ".grading" / "nowhere")
    worker.notebook_seconds = worst_case_seconds(600)
    assert worker.timeout_for(3) >= 3 * worst_case_seconds(600)
    assert worker.timeout_for(3) > 1800 and worker.timeout_for(1) > worst_case_seconds(600)
