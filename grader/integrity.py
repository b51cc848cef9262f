"""Static scan of submissions for code that tries to tamper with grading.

Since grading runs student code in a sandbox and decides every verdict outside it
(``grader/``), none of these tricks can earn points or touch anything beyond the
student's own kernel.  The scan exists so the instructor learns that someone tried:
a flagged submission is held at 0 for review.

Flags, per notebook and line: monkeypatching (assigning to, setattr-ing or deleting
attributes of imported modules such as numpy, math, helpers or helpers.grading),
replacing builtins, touching ``sys.modules``, objects whose ``__eq__`` always answers
True, rewriting a function's ``__code__``, creating classes at run time (``type(name, bases,
dict)``: an exception or type named after a check's inputs); reading the caller's frames or
stack (``inspect.stack``, ``sys._getframe``, ``traceback.extract_stack``: how a function tells
the grader's calls from the student's), walking the
garbage collector, reading IPython's history; IPython hooks (input and AST
transformers, custom exception handlers, events), trace and profile hooks, import
hooks, ``ctypes``; detecting the grader (``NBGRADER_EXECUTION``); starting processes,
opening sockets or databases, writing or deleting files, reading grading files
(gradebook, source/, release/, autograded/, hidden files); killing the kernel
(os._exit, os.kill, sys.exit, signal), writing to raw file descriptors (``os.write``,
``os.dup2``: a flood or a forged log line aimed at the grader, which kernels no longer share
with it).  Only cells a student can edit are scanned: answer cells and cells they added;
locked cells are restored by nbgrader anyway.
:func:`compare_tests` reports test cells deleted, edited, re-typed or reordered,
changed points and a changed kernel.

Using ``np.isclose`` in an answer is fine: only *replacing* it is flagged.
"""
import ast
import json
import sys
from pathlib import Path

RAW_FD_CALLS = {("os", "write"), ("os", "dup2"), ("os", "dup"), ("os", "fdopen"), ("os", "openpty"),
                ("os", "writev"), ("os", "pwrite")}
KILL_CALLS = {("os", "_exit"), ("os", "kill"), ("os", "abort"), ("sys", "exit"), ("os", "killpg"),
              ("signal", "signal"), ("signal", "raise_signal"), ("signal", "pthread_kill")}
GRADING_WORDS = ("gradebook", "nbgrader", "/source", "source/", "release/", "autograded", "submitted/", ".db")
SUSPECT_ATTRS = {
    "currentframe": "inspects the caller's frames", "_getframe": "inspects the caller's frames",
    "f_back": "inspects the caller's frames", "f_globals": "inspects the caller's frames",
    "f_locals": "inspects the caller's frames", "tb_frame": "inspects the caller's frames",
    "extract_stack": "inspects the caller's frames", "walk_stack": "inspects the caller's frames",
    "format_stack": "inspects the caller's frames", "print_stack": "inspects the caller's frames",
    "getouterframes": "inspects the caller's frames", "getframeinfo": "inspects the caller's frames",
    "_current_frames": "inspects the caller's frames",
    "get_objects": "walks the garbage collector's objects", "get_referrers": "walks the garbage collector's objects",
    "get_referents": "walks the garbage collector's objects",
    "input_transformers_cleanup": "installs an IPython input transformer",
    "input_transformers_post": "installs an IPython input transformer",
    "ast_transformers": "installs an IPython AST transformer", "set_custom_exc": "replaces IPython's error display",
    "showtraceback": "replaces IPython's error display", "history_manager": "reads IPython's history",
    "settrace": "installs a trace hook", "setprofile": "installs a profile hook", "addaudithook": "installs an audit hook",
    "meta_path": "installs an import hook", "path_hooks": "installs an import hook",
    "__code__": "rewrites a function's code", "__globals__": "reaches into a function's globals",
    "fork": "starts processes", "forkpty": "starts processes", "setsid": "starts processes",
    "system": "runs shell commands", "popen": "runs shell commands", "spawnv": "starts processes",
    "symlink": "creates symbolic links", "rmtree": "deletes files", "unlink": "deletes files", "remove": "deletes files",
    "write_text": "writes files", "write_bytes": "writes files", "chmod": "changes file permissions",
}
STACK_NAMES = {"stack", "trace", "currentframe", "_getframe", "extract_stack", "walk_stack", "getouterframes",
               "getframeinfo", "format_stack", "print_stack", "_current_frames"}
SUSPECT_MODULES = {"ctypes": "uses ctypes (raw memory access)", "glob": "lists files", "pathlib": "works with files", "subprocess": "starts processes",
                   "multiprocessing": "starts processes", "socket": "opens network connections",
                   "sqlite3": "opens a database", "gc": "walks the garbage collector's objects",
                   "inspect": "inspects the caller's frames", "shutil": "copies or deletes files",
                   "pty": "starts processes", "asyncio.subprocess": "starts processes"}
SUSPECT_NAMES = {"_ih": "reads IPython's history", "_oh": "reads IPython's history", "In": "reads IPython's history",
                 "Out": "reads IPython's history", "_i": "reads IPython's history", "_ii": "reads IPython's history",
                 "__import__": "imports modules by name", "exec": "executes code from strings",
                 "eval": "executes code from strings", "compile": "compiles code from strings",
                 "globals": "reads the notebook's global namespace", "vars": "reads a module's namespace"}


def _imported_names(tree, known):
    names = set(known)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                names.add(alias.asname or alias.name)
    return names


def _base_name(node):
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _always_true(func):
    body = [s for s in func.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    return len(body) == 1 and isinstance(body[0], ast.Return) and isinstance(body[0].value, ast.Constant) \
        and body[0].value.value is True


def scan_source(source, modules=frozenset()):
    """Return ``[(line, reason)]`` for tampering patterns in one cell's Python source."""
    lines = "\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(lines)
    except SyntaxError:
        return []
    mods = _imported_names(tree, modules) | {"builtins", "__builtins__", "sys", "os"}
    found = []

    def flag(node, reason):
        found.append((getattr(node, "lineno", 0), reason))

    for node in ast.walk(tree):
        targets = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        for target in targets:
            if isinstance(target, (ast.Attribute, ast.Subscript)) and _base_name(target) in mods:
                flag(node, f"monkeypatching: assigns to {ast.unparse(target)}")
            if isinstance(target, ast.Attribute) and target.attr in ("__eq__", "__ne__", "__class__"):
                flag(node, f"replaces {target.attr}")
        if isinstance(node, ast.Call):
            fn = node.func
            name = fn.id if isinstance(fn, ast.Name) else None
            if name in ("setattr", "delattr") and node.args and _base_name(node.args[0]) in mods:
                flag(node, f"monkeypatching: {name}({ast.unparse(node.args[0])}, ...)")
            if isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name) and (fn.value.id, fn.attr) in KILL_CALLS:
                flag(node, f"kills or signals the kernel: {fn.value.id}.{fn.attr}()")
            if isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name) \
                    and (fn.value.id, fn.attr) in RAW_FD_CALLS:
                flag(node, f"writes to raw file descriptors: {fn.value.id}.{fn.attr}()")
            if name in ("exit", "quit"):
                flag(node, f"kills the kernel: {name}()")
            if name in ("open",) or (isinstance(fn, ast.Attribute) and fn.attr in ("read_text", "read_bytes", "connect")):
                text = ast.unparse(node).lower()
                if any(word in text for word in GRADING_WORDS) or "/." in text:
                    flag(node, f"reads grading files: {ast.unparse(node)[:80]}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "type" \
                and len(node.args) == 3:
            flag(node, f"creates a class at run time (type() with 3 arguments): {ast.unparse(node)[:60]}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "new_class":
            flag(node, f"creates a class at run time: {ast.unparse(node)[:60]}")
        if isinstance(node, ast.Attribute) and node.attr in ("stack", "trace") and isinstance(node.value, ast.Name) \
                and node.value.id in ("inspect", "traceback"):
            flag(node, f"inspects the caller's frames: {ast.unparse(node)[:60]}")
        if isinstance(node, ast.ImportFrom) and node.module in ("inspect", "traceback", "sys") and any(
                a.name in STACK_NAMES for a in node.names):
            flag(node, f"inspects the caller's frames: from {node.module} import "
                       f"{', '.join(a.name for a in node.names if a.name in STACK_NAMES)}")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sys" \
                and node.attr == "modules":
            flag(node, "touches sys.modules")
        if isinstance(node, ast.Attribute) and node.attr in SUSPECT_ATTRS:
            flag(node, f"{SUSPECT_ATTRS[node.attr]}: {ast.unparse(node)[:60]}")
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for mod in names:
                if mod in SUSPECT_MODULES or mod.split(".")[0] in SUSPECT_MODULES:
                    flag(node, f"{SUSPECT_MODULES.get(mod, SUSPECT_MODULES.get(mod.split('.')[0]))}: import {mod}")
        if isinstance(node, ast.Name) and node.id in SUSPECT_NAMES and not isinstance(node.ctx, ast.Store):
            flag(node, f"{SUSPECT_NAMES[node.id]}: {node.id}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
                "NBGRADER" in node.value or "DYSTONIA_" in node.value):
            flag(node, f"detects the grader: {node.value[:40]!r}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and 2 < len(node.value) < 300 and (
                any(word in node.value for word in GRADING_WORDS) or node.value.startswith(("/", "../", "~/"))
                or "/../" in node.value) and "\n" not in node.value:
            flag(node, f"names files outside the notebook: {node.value[:60]!r}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
            mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
            if isinstance(mode, ast.Constant) and isinstance(mode.value, str) and set(mode.value) & set("wax+"):
                flag(node, f"writes files: {ast.unparse(node)[:80]}")
        if isinstance(node, ast.Name) and node.id == "__builtins__":
            flag(node, "touches __builtins__")
        if isinstance(node, (ast.FunctionDef, ast.Lambda)):
            fname = getattr(node, "name", None)
            if fname in ("__eq__", "__ne__", "__bool__") and isinstance(node, ast.FunctionDef) and _always_true(node):
                flag(node, f"defines {fname} that always returns True (an object equal to everything)")
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in ("__eq__", "__ne__"):
                    body = node.value.body
                    if isinstance(body, ast.Constant) and body.value is True:
                        flag(node, f"defines {target.id} that always returns True")
    return sorted(set(found))


def _setup_modules(nb):
    names = set()
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("locked") and not meta.get("grade"):
            try:
                names |= _imported_names(ast.parse("\n".join(
                    l for l in "".join(cell["source"]).splitlines() if not l.lstrip().startswith("%"))), set())
            except SyntaxError:
                pass
    return names


def scan_notebook(path):
    """``[(cell index, line, reason)]`` for the editable cells of a submitted notebook file."""
    return scan_nb(json.loads(Path(path).read_text()))


def scan_nb(nb):
    """``[(cell index, line, reason)]`` for the editable cells of a notebook (dict or NotebookNode)."""
    modules = _setup_modules(nb)
    findings = []
    for i, cell in enumerate(nb["cells"]):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] != "code" or (meta.get("locked") and not meta.get("solution")):
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for line, reason in scan_source(source, modules):
            findings.append((i, line, reason))
    return findings


def _source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def compare_tests(submitted_path, release_path):
    """:func:`compare_tests_nb` on two notebook files."""
    return compare_tests_nb(json.loads(Path(submitted_path).read_text()), json.loads(Path(release_path).read_text()))


PYTHON_KERNELS = ("python3", "python", "python3.11", "python3.12")


def compare_tests_nb(submitted, release):
    """``[(cell index, line, reason)]``: test cells deleted, edited, re-typed or reordered, points or kernel changed.

    nbgrader restores all of it (``add_missing_cells``, locked cells and points from the
    gradebook) and the grader never runs a submitted test cell, so the score is unaffected;
    the finding tells the instructor someone tried.
    """
    findings = []
    meta_points = {}
    order_release = []
    for cell in release["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id"):
            order_release.append(meta["grade_id"])
            meta_points[meta["grade_id"]] = (meta.get("points"), cell.get("cell_type"))
    order_sub = []
    for i, cell in enumerate(submitted["cells"]):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        gid = meta.get("grade_id")
        if gid in meta_points:
            order_sub.append(gid)
            points, kind = meta_points[gid]
            if meta.get("grade") and points is not None and meta.get("points") != points:
                findings.append((i, "-", f"changes the points of {gid} ({points} -> {meta.get('points')})"))
            if cell.get("cell_type") != kind:
                findings.append((i, "-", f"changes the type of cell {gid} ({kind} -> {cell.get('cell_type')})"))
    present = [g for g in order_release if g in order_sub]
    if [g for g in dict.fromkeys(order_sub) if g in present] != present:
        findings.append(("-", "-", "reorders graded cells"))
    spec = submitted.get("metadata", {}).get("kernelspec", {}) or {}
    name = str(spec.get("name", "python3"))
    if spec and (str(spec.get("language", "python")).lower() != "python"
                 or not (name in PYTHON_KERNELS or "python" in name.lower() or "dystonia" in name.lower())):
        findings.append(("-", "-", f"changes the notebook's kernel to {name[:40]!r}"))
    return findings + _compare_sources(submitted, release)


def _compare_sources(submitted, release):
    released = {}
    for cell in release["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution") and meta.get("grade_id"):
            released[meta["grade_id"]] = _source(cell)
    seen = {}
    for i, cell in enumerate(submitted["cells"]):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in released and gid not in seen:
            seen[gid] = (i, _source(cell))
    deleted = [gid for gid in released if gid not in seen]
    edited = [gid for gid, text in released.items() if gid in seen and seen[gid][1].strip() != text.strip()]
    findings = []
    if deleted:
        findings.append(("-", "-", f"deletes test cell{'s' if len(deleted) > 1 else ''} {', '.join(deleted)}"))
    if edited:
        findings.append((seen[edited[0]][0], "-",
                         f"edits test cell{'s' if len(edited) > 1 else ''} {', '.join(edited)}"))
    return findings


def main(argv=None):
    paths = argv if argv is not None else sys.argv[1:]
    for p in paths:
        for cell, line, reason in scan_notebook(p):
            print(f"{p}: cell {cell}, line {line}: {reason}")


if __name__ == "__main__":
    main()
