"""The environment `make` builds: what tools/fast_startup.py promises holds."""
import subprocess
import sys


def test_jupyter_processes_do_not_compile_the_iri_grammar_and_still_validate_notebooks():
    """``rfc3987-syntax`` is gone (about 1 s of CPU off every Jupyter process), and nbformat's
    validation, which goes through jsonschema's format checker, still accepts a good notebook
    and rejects a broken one."""
    code = """
import importlib.util, sys
import nbformat
from jupyter_server import serverapp  # noqa: F401  (imports jupyter_events and jsonschema's formats)
assert importlib.util.find_spec("rfc3987_syntax") is None, "rfc3987_syntax is installed"
assert "rfc3987_syntax" not in sys.modules
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
nbformat.validate(nb)
nb.cells[0]["cell_type"] = "not-a-cell"
try:
    nbformat.validate(nb)
except nbformat.ValidationError:
    print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]
