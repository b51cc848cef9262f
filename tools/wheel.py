"""Build the course package ``helpers`` as a wheel for readers who download a chapter.

``make book`` calls :func:`build_wheel` and offers the wheel beside every chapter
(``_static/<wheel>``), so a downloaded notebook runs outside the repository::

    python -m pip install jupyterlab dystonia_helpers-0.1.0-py3-none-any.whl

The wheel holds ``helpers`` only (the science, figures and explorers), not the
grader, and depends only on what ``helpers`` imports (numpy, scipy, matplotlib,
ipywidgets, and ipykernel to run a notebook), with the lower bounds of
``pyproject.toml``.  It is written directly with :mod:`zipfile` (the wheel
format is a zip with a ``.dist-info`` folder): no build backend or network is
needed, and the same sources give the same bytes (fixed timestamps).

Usage: ``python tools/wheel.py [OUT_DIR]`` (default ``_build/wheel``); prints the path.
"""
import base64
import hashlib
import re
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "dystonia_helpers"            # distribution "dystonia-helpers"; the import name is `helpers`
#: the packages of pyproject.toml's dependencies that helpers imports
RUNTIME = ("numpy", "scipy", "matplotlib", "ipywidgets", "neurodsp", "fooof")
#: to run a notebook at all (helpers uses IPython's display and the inline backend)
KERNEL = "ipykernel>=6.29"
SUMMARY = "Simulators, figures and explorers of the interactive dystonia course (the package its notebooks import)"
DATE = (1980, 1, 1, 0, 0, 0)


def version(root=ROOT):
    """``helpers.__version__``, read from the source (no import)."""
    text = (root / "helpers" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"', text, re.M).group(1)


def requirements(root=ROOT):
    """The wheel's ``Requires-Dist`` lines: pyproject.toml's bounds for :data:`RUNTIME`, and ipykernel."""
    deps = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    wanted = [d for d in deps if re.split(r"[<>=!~ \[]", d, maxsplit=1)[0].lower() in RUNTIME]
    found = {re.split(r"[<>=!~ \[]", d, maxsplit=1)[0].lower() for d in wanted}
    missing = set(RUNTIME) - found
    if missing:
        raise ValueError(f"pyproject.toml lists no dependency for {sorted(missing)}")
    return wanted + [KERNEL]


def wheel_name(root=ROOT):
    return f"{NAME}-{version(root)}-py3-none-any.whl"


def _files(root):
    return sorted(p for p in (root / "helpers").rglob("*.py") if "__pycache__" not in p.parts)


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"{arcname},sha256={digest},{len(data)}"


def build_wheel(out_dir, root=ROOT):
    """Write the wheel into ``out_dir``; return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ver = version(root)
    info = f"{NAME}-{ver}.dist-info"
    metadata = "\n".join(["Metadata-Version: 2.1", "Name: dystonia-helpers", f"Version: {ver}",
                          f"Summary: {SUMMARY}", "License: BSD-3-Clause", "Requires-Python: >=3.10",
                          *(f"Requires-Dist: {r}" for r in requirements(root))]) + "\n"
    wheel = "Wheel-Version: 1.0\nGenerator: dystonia-course tools/wheel.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries = [(p.relative_to(root).as_posix(), p.read_bytes()) for p in _files(root)]
    entries += [(f"{info}/METADATA", metadata.encode()), (f"{info}/WHEEL", wheel.encode()),
                (f"{info}/top_level.txt", b"helpers\n")]
    record = "\n".join([_record_line(a, d) for a, d in entries] + [f"{info}/RECORD,,"]) + "\n"
    path = out_dir / wheel_name(root)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for arcname, data in entries + [(f"{info}/RECORD", record.encode())]:
            item = zipfile.ZipInfo(arcname, date_time=DATE)
            item.compress_type = zipfile.ZIP_DEFLATED
            item.external_attr = 0o644 << 16
            zf.writestr(item, data)
    return path


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    print(build_wheel(Path(argv[0]) if argv else ROOT / "_build" / "wheel"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
