"""Remove ``rfc3987-syntax`` from this environment: every Jupyter process starts about 1 s sooner.

``jsonschema[format-nongpl]`` (required by jupyter-events and nbformat) installs
``rfc3987-syntax``, and ``jsonschema._format`` imports it eagerly; on import it compiles
Lark Earley parsers for the IRI grammar, about 1 s of CPU in every process that imports
nbformat or jupyter_server (jupyter_server#1559).  No Jupyter or nbgrader schema uses the
``iri``/``iri-reference`` formats it checks, and jsonschema treats the backend as optional
(it simply stops checking those two formats).  Measured here on 2 cores: a student's
single-user server (JupyterLab, nbgrader's assignment list) starts in 1.6 s of CPU instead
of 3.0 s, which is what 30 students arriving at once on a small hub wait for.

Run by ``make`` after installing the course into ``.venv`` and by ``deploy/hubctl.py`` after
installing the hub users' environment.  ``pip check`` stays clean (extras are not checked).
"""
import importlib.util
import subprocess
import sys


def main():
    if importlib.util.find_spec("rfc3987_syntax") is None:
        return 0
    return subprocess.run([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", "rfc3987-syntax"]).returncode


if __name__ == "__main__":
    sys.exit(main())
