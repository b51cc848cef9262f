"""Shared test set-up: headless matplotlib, tools/ importable, course paths."""
import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT / "tools", ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

# nbgrader shells out to alembic, jupyter, ...: the venv's bin must be on PATH.
_bin = str(Path(sys.executable).parent)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")

# Grading sandboxes every kernel with bubblewrap.  Where this machine cannot (no bwrap, no user
# namespaces), the pipeline tests still run, unsandboxed, and the sandbox's own tests skip with
# the reason; CI sets REQUIRE_SANDBOX=1 (.ci/run), which makes a missing sandbox a failure.
sys.path.insert(0, str(ROOT))
from grader.sandbox import check_platform  # noqa: E402

SANDBOX_OK, SANDBOX_REASON = check_platform()
if not SANDBOX_OK and os.environ.get("REQUIRE_SANDBOX") != "1":
    os.environ["DYSTONIA_UNSAFE"] = "1"


def require_sandbox():
    """Skip (or, with REQUIRE_SANDBOX=1, fail) a test that needs the bubblewrap sandbox."""
    import pytest
    if not SANDBOX_OK:
        if os.environ.get("REQUIRE_SANDBOX") == "1":
            pytest.fail(f"the sandbox is required (REQUIRE_SANDBOX=1) but {SANDBOX_REASON}")
        pytest.skip(f"grading sandbox unavailable here: {SANDBOX_REASON}")


import pytest  # noqa: E402


@pytest.fixture(scope="module")
def machine_to_itself(tmp_path_factory):
    """Hold a lock shared by both pytest workers while a heavy, timed module runs.

    The browser test (Run All in Chromium, latency per explorer) and the hub's load test
    (30 students running a chapter at once) each fill the two cores; run side by side on the
    two xdist workers, a chapter's Run All took over 4 minutes and the latency test timed out.
    The grading runs that compare two gradings under short cell timeouts (the cheat suite, the
    Dask run) hold it too: beside the load test, a slow honest answer once hit its 15 s timeout
    on one side only.  Under `make test` these modules already run one after another on one
    worker (``CourseScheduling`` below); the lock keeps that true however else the suite
    is run.
    """
    import fcntl
    lock = tmp_path_factory.getbasetemp().parent / "machine_to_itself.lock"
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --- how the two xdist workers share the suite (`make test`: -n 2 --dist loadfile) ------------
# Every module is one unit of work, as with --dist loadfile, with two exceptions:
# * the modules that need the machine to themselves (MACHINE_MODULES: the browser test, the hub
#   tests, which share one hub lock, and the grading comparisons) form one unit, so they run one
#   after another on one worker instead of one worker sitting idle waiting for the other's lock;
# * the per-student test, the longest module, is one unit per chapter.
# Heavier units go first (the machine unit, then the slow modules), so the light ones fill the
# end of the run on whichever worker is free.  xdist's own --dist loadgroup would do the grouping
# with marks, but with pytest 9.2 it silently stops grouping (pytest-dev/pytest-xdist#1386), so
# the course gives xdist its own scheduler instead (below).
MACHINE_UNIT = "machine"
MACHINE_MODULES = (
    "tests/browser/test_browser.py",
    "tests/hub/test_exchange_attacks.py",
    "tests/hub/test_hub_end_to_end.py",
    "tests/hub/test_hub_load.py",
    "tests/hub/test_semester.py",
    "tests/integrity/test_cheats.py",
    "tests/integrity/test_distributed.py",
)


def work_unit(nodeid):
    """The unit of work a test belongs to, from its node id alone (what xdist's controller sees)."""
    path = nodeid.split("::")[0]
    if path in MACHINE_MODULES:
        return MACHINE_UNIT
    if path.endswith("test_per_student.py") and "[" in nodeid:
        return f"{path}:chapter{nodeid.split('[', 1)[1][:2]}"
    return path


def pytest_collection_modifyitems(config, items):
    """Heavy units first; every module's tests stay together and in order (a stable sort).

    Also the guard that keeps MACHINE_MODULES true: a module that holds the machine lock must
    be listed there, or it would wait for the lock on the other worker."""
    locked = sorted({item.nodeid.split("::")[0] for item in items
                     if "machine_to_itself" in getattr(item, "fixturenames", ())} - set(MACHINE_MODULES))
    if locked:
        raise pytest.UsageError(f"add {locked} to MACHINE_MODULES in tests/conftest.py")

    def rank(item):
        return 0 if work_unit(item.nodeid) == MACHINE_UNIT else 1 if item.get_closest_marker("slow") else 2

    items.sort(key=rank)


try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:          # pragma: no cover - xdist comes with the test extra
    LoadScopeScheduling = None

if LoadScopeScheduling is not None:
    class CourseScheduling(LoadScopeScheduling):
        """--dist loadfile, with the units of :func:`work_unit`."""

        def _split_scope(self, nodeid):
            return work_unit(nodeid)

    def pytest_xdist_make_scheduler(config, log):
        if config.getvalue("dist") == "loadfile":
            return CourseScheduling(config, log)
        return None
