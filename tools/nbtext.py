"""A notebook as one editable text file, and back, without touching its metadata.

    python tools/nbtext.py dump source/01_principles/01a_circuits.ipynb > /tmp/01a.txt
    ... edit /tmp/01a.txt in any editor ...
    python tools/nbtext.py load /tmp/01a.txt source/01_principles/01a_circuits.ipynb

Each cell starts with a header line ``<<<cell TYPE META>>>`` where META is the cell's id and
metadata as one line of JSON (nbgrader's metadata included, exactly as it was); the cell's
source follows verbatim.  The first line holds the notebook's own metadata.  A new cell can be
added by writing a header with ``{}`` as META (it gets an id when loaded); delete a cell by
deleting its block.  Outputs are not kept (source notebooks are committed without outputs).
"""
import json
import re
import sys
import uuid
from pathlib import Path

import nbformat

HEADER = re.compile(r"^<<<cell (code|markdown|raw) (\{.*\})>>>$")
NB_HEADER = re.compile(r"^<<<notebook (\{.*\})>>>$")


def dumps(nb):
    """The text form of ``nb``."""
    lines = ["<<<notebook " + json.dumps({"metadata": nb.metadata, "nbformat": nb.nbformat,
                                          "nbformat_minor": nb.nbformat_minor}, ensure_ascii=False) + ">>>"]
    for cell in nb.cells:
        meta = {"id": cell.get("id"), "metadata": cell.metadata}
        lines.append(f"<<<cell {cell.cell_type} {json.dumps(meta, ensure_ascii=False)}>>>")
        lines.append(cell.source)
    return "\n".join(lines) + "\n"


def loads(text):
    """The notebook written in ``text`` (validated)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines = lines[:-1]
    head = NB_HEADER.match(lines[0]) if lines else None
    if not head:
        raise ValueError("the first line must be the <<<notebook {...}>>> header")
    info = json.loads(head.group(1))
    nb = nbformat.v4.new_notebook()
    nb.metadata = info["metadata"]
    nb.nbformat, nb.nbformat_minor = info["nbformat"], info["nbformat_minor"]
    cells = []
    kind, meta, body = None, None, []

    def close():
        if kind is None:
            return
        make = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell,
                "raw": nbformat.v4.new_raw_cell}[kind]
        cell = make("\n".join(body))
        cell.metadata = nbformat.from_dict(meta.get("metadata", {}))
        cell["id"] = meta.get("id") or f"c-{uuid.uuid4().hex[:12]}"
        cells.append(cell)

    for line in lines[1:]:
        match = HEADER.match(line)
        if match:
            close()
            kind, meta, body = match.group(1), json.loads(match.group(2)), []
        else:
            if kind is None:
                raise ValueError("text before the first <<<cell ...>>> header")
            body.append(line)
    close()
    nb.cells = cells
    nbformat.validate(nb)
    return nb


def main(argv):
    if len(argv) == 2 and argv[0] == "dump":
        sys.stdout.write(dumps(nbformat.read(argv[1], as_version=4)))
    elif len(argv) == 3 and argv[0] == "load":
        nb = loads(Path(argv[1]).read_text())
        nbformat.write(nb, argv[2])
    else:
        sys.exit("usage: nbtext.py dump NOTEBOOK > FILE | nbtext.py load FILE NOTEBOOK")


if __name__ == "__main__":
    main(sys.argv[1:])
