"""Static scan of submissions for code that tampers with grading.

Flags, per notebook and line: monkeypatching (assigning to, setattr-ing or
deleting attributes of imported modules such as numpy, math, helpers or
helpers.grading), replacing builtins, touching ``sys.modules``, objects whose
``__eq__`` always answers True, reading grading files (gradebook, source/,
release/, autograded/, hidden files) and killing the kernel (os._exit, os.kill,
sys.exit, signal).  Only cells a student can edit are scanned: answer cells and
cells they added; locked cells are restored by nbgrader anyway.  Test cells deleted
or edited relative to the student edition are reported too (:func:`compare_tests`).

Using ``np.isclose`` in an answer is fine: only *replacing* it is flagged.
"""
import ast
import json
import sys
from pathlib import Path

KILL_CALLS = {("os", "_exit"), ("os", "kill"), ("os", "abort"), ("sys", "exit"), ("os", "killpg"),
              ("signal", "signal"), ("signal", "raise_signal"), ("signal", "pthread_kill")}
GRADING_WORDS = ("gradebook", "nbgrader", "/source", "source/", "release/", "autograded", "submitted/", ".db")


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
            if name in ("exit", "quit"):
                flag(node, f"kills the kernel: {name}()")
            if name in ("open",) or (isinstance(fn, ast.Attribute) and fn.attr in ("read_text", "read_bytes", "connect")):
                text = ast.unparse(node).lower()
                if any(word in text for word in GRADING_WORDS) or "/." in text:
                    flag(node, f"reads grading files: {ast.unparse(node)[:80]}")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sys" \
                and node.attr == "modules":
            flag(node, "touches sys.modules")
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
    """``[(cell index, line, reason)]`` for the editable cells of a submitted notebook."""
    nb = json.loads(Path(path).read_text())
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
    """``[(cell index, line, reason)]`` for test cells deleted or edited relative to the release.

    nbgrader restores both (``add_missing_cells``, locked cells from the gradebook), so the
    score is unaffected; the finding tells the instructor someone tried.
    """
    released = {}
    for cell in json.loads(Path(release_path).read_text())["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution") and meta.get("grade_id"):
            released[meta["grade_id"]] = _source(cell)
    seen = {}
    for i, cell in enumerate(json.loads(Path(submitted_path).read_text())["cells"]):
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
