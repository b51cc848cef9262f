"""The course glossary (``course/glossary.md``): where each term is first used, and links to it.

Usage::

    python tools/glossary.py check [NOTEBOOK ...]    # per notebook: first use of each term, linked or not
    python tools/glossary.py apply NOTEBOOK ...       # link each term at its first use (edits the files)
    python tools/glossary.py sync [--check]           # the copy beside each assignment's chapters
    python tools/glossary.py terms                    # the parsed glossary: anchor, term, aliases

``course/glossary.md`` is the single truth.  A student edition is complete inside its own
assignment folder, so each assignment carries a generated copy, ``source/<assignment>/glossary.md``
(nbgrader copies it into ``release/<assignment>/``, a hub's fetch and the student pack carry it):
``sync`` writes the copies (``make release`` runs it first) and ``sync --check`` exits 1 while one
is stale (``tests/teacher/test_glossary.py`` fails then too).

``check`` reads the source notebooks (``source/*/*.ipynb``) by default and exits 0; with
``--strict`` it exits 1 while a term's first use is not linked.  ``apply`` edits only the
Markdown cells it links in (their source), nothing else: run it on ``source/`` notebooks, then
``make release``.  A link reads ``[GABA](glossary.md#gaba)``: the copy beside the notebook, which
works wherever the assignment folder goes; the web book points it at its glossary page
(``tools/book.py``).  ``--href`` changes it.

The glossary's format (``tests/teacher/test_glossary.py`` checks it)::

    ### <a id="gaba"></a>GABA
    <!-- aliases: GABA; GABA-ergic; GABA_A -->
    Gamma-aminobutyric acid, ...

The anchor is the heading's GitHub/MyST slug, so ``glossary.md#gaba`` lands on the entry in
JupyterLab (the ``<a id>``), on GitHub and in the book (the heading).  Aliases are what a notebook
may write; an alias with a capital letter matches case-sensitively (``SEM`` is not "sem"),
an all-lower-case one in any case; a trailing "s" or "es" is allowed; an alias written
``!phrase`` is a phrase never linked to the term ("!nuclear envelope" for the EMG envelope).  Matching skips headings,
code, maths, links, HTML, image text, diagram captions, students' written answers and the references.
"""
import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "course" / "glossary.md"
#: the copy beside each assignment's chapters (source/<assignment>/, then release/<assignment>/)
COPY_NAME = "glossary.md"
HREF = COPY_NAME
COPY_HEADER = ("<!-- A copy of course/glossary.md, written by `python tools/glossary.py sync` (make release runs it):\n"
               "     edit course/glossary.md, never this file. -->\n")
ENTRY = re.compile(r'^### <a id="(?P<anchor>[^"]+)"></a>(?P<term>.+?)\s*\n<!-- aliases: (?P<aliases>.*?) -->\s*\n',
                   re.M)


@dataclass
class Term:
    anchor: str
    term: str
    aliases: list = field(default_factory=list)
    #: phrases that contain an alias but mean something else ("!nuclear envelope" in the file)
    exclude: list = field(default_factory=list)

    def search(self, text):
        """The first match of the term in (masked) ``text``, outside its excluded phrases, or None."""
        for phrase in self.exclude:
            text = re.sub(re.escape(phrase), lambda m: " " * len(m.group(0)), text, flags=re.I)
        return self.pattern().search(text)

    def pattern(self):
        """A regex for any alias, longest first, as a whole word (plural allowed)."""
        parts = []
        for alias in sorted(self.aliases, key=len, reverse=True):
            body = re.escape(alias)
            flags = "" if any(c.isupper() for c in alias) else "(?i:"
            core = f"{flags}{body}{')' if flags else ''}"
            parts.append(core)
        return re.compile(r"(?<![\w/#-])(?:" + "|".join(parts) + r")(?:e?s)?(?![\w-])")


def slug(text):
    """The GitHub/MyST anchor of a heading.

    >>> slug("ED50 and Emax"), slug("Welch's method"), slug("GPi, GPe and STN")
    ('ed50-and-emax', 'welchs-method', 'gpi-gpe-and-stn')
    """
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def parse(text):
    """The glossary's terms, in order."""
    terms = []
    for m in ENTRY.finditer(text):
        items = [a.strip() for a in m.group("aliases").split(";") if a.strip()]
        terms.append(Term(m.group("anchor"), m.group("term").strip(),
                          [a for a in items if not a.startswith("!")], [a[1:] for a in items if a.startswith("!")]))
    return terms


def load(path=GLOSSARY):
    return parse(Path(path).read_text(encoding="utf-8"))


# --- where a term may be linked ------------------------------------------------------------------
_SKIP = [
    r"(?s:```.*?```)",                     # fenced code
    r"`[^`\n]+`",                          # inline code
    r"(?s:\$\$.*?\$\$)", r"(?<!\\)\$[^$\n]+\$",  # maths
    r"!\[[^\]]*\]\([^)]*\)",               # images (alt text and path)
    r"\[[^\]]*\]\([^)]*\)",                # links (text and target)
    r"<[^>]+>",                            # HTML tags and their attributes (alt text too)
    r"^#{1,6} [^\n]*$",                    # headings
    r"^\*Diagram: [^\n]*\*$",               # a diagram's caption (helpers.plots.diagrams writes it verbatim)
    r"https?://\S+",                       # bare URLs
]
SKIP = re.compile("|".join(f"(?:{s})" for s in _SKIP), re.M)


def masked(source):
    """``source`` with every region a link must not go into replaced by spaces (same length).

    Everything from a "References" heading on is masked too (a summary cell may end with them).
    """
    refs = re.search(r"^#{1,6}\s+(References|Sources|Further reading)\b", source, re.M | re.I)
    if refs:
        source = source[:refs.start()] + re.sub(r"[^\n]", " ", source[refs.start():])
    return SKIP.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)


def _is_references(cell):
    first = next((l for l in cell.source.splitlines() if l.strip()), "")
    return bool(re.match(r"#{1,6}\s+(References|Sources|Further reading)\b", first, re.I))


def _is_student_answer(cell):
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def prose_cells(nb):
    """Indices of the Markdown cells whose prose may carry glossary links."""
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "markdown" and not _is_references(c) and not _is_student_answer(c)]


def links_to(source, anchor, href_name="glossary.md"):
    """True if ``source`` holds a Markdown link to the glossary entry ``anchor``."""
    return re.search(rf"\]\([^)]*{re.escape(href_name)}#{re.escape(anchor)}\)", source) is not None


def first_uses(nb, terms):
    """``{anchor: (cell index, start, end, text)}``: each term's first use in prose (or absent)."""
    found = {}
    for i in prose_cells(nb):
        text = masked(nb.cells[i].source)
        for term in terms:
            if term.anchor in found:
                continue
            m = term.search(text)
            if m:
                found[term.anchor] = (i, m.start(), m.end(), nb.cells[i].source[m.start():m.end()])
    return found


def report(nb, terms):
    """``[(term, cell, snippet, linked)]`` for each term the notebook uses, in order of first use.

    A term is used where it is first written in prose or first linked, whichever comes first;
    it counts as linked when a glossary link to it sits in that cell or an earlier one.
    """
    uses = first_uses(nb, terms)
    rows = []
    for term in terms:
        link_cell = next((j for j, c in enumerate(nb.cells)
                          if c.cell_type == "markdown" and links_to(c.source, term.anchor)), None)
        use = uses.get(term.anchor)
        if link_cell is not None and (use is None or link_cell <= use[0]):
            source = nb.cells[link_cell].source
            m = re.search(rf"\[[^\]]*\]\([^)]*#{re.escape(term.anchor)}\)", source)
            rows.append((term.term, link_cell, " ".join(source[max(0, m.start() - 30):m.end() + 30].split()), True,
                         m.start()))
        elif use is not None:
            cell, start, end, _text = use
            source = nb.cells[cell].source
            rows.append((term.term, cell, " ".join(source[max(0, start - 30):end + 30].split()), False, start))
    rows.sort(key=lambda r: (r[1], r[4]))
    return [r[:4] for r in rows]


def link_first_uses(nb, terms, href=HREF):
    """Link each term at its first use in ``nb`` (in place); return the terms linked.

    A term already linked anywhere in the notebook is left alone, so running it twice
    changes nothing.
    """
    linked = []
    for term in terms:
        if any(links_to(c.source, term.anchor) for c in nb.cells if c.cell_type == "markdown"):
            continue
        for i in prose_cells(nb):
            source = nb.cells[i].source
            m = term.search(masked(source))
            if m:
                word = source[m.start():m.end()]
                nb.cells[i].source = f"{source[:m.start()]}[{word}]({href}#{term.anchor}){source[m.end():]}"
                linked.append(term.term)
                break
    return linked


def source_notebooks(root=ROOT):
    return sorted((root / "source").glob("*/*.ipynb"))


def copy_text(glossary=GLOSSARY):
    """What each assignment's copy of the glossary holds: a header naming the truth, then the glossary."""
    return COPY_HEADER + Path(glossary).read_text(encoding="utf-8")


def copies(root=ROOT):
    """The assignment copies ``source/<assignment>/glossary.md``, one per assignment folder."""
    folders = sorted(p for p in (Path(root) / "source").iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
    return [folder / COPY_NAME for folder in folders]


def sync(root=ROOT, check=False, glossary=None):
    """Write each assignment's copy of the glossary; return the copies that changed (or would).

    ``check=True`` writes nothing.
    """
    text = copy_text(glossary or Path(root) / "course" / "glossary.md")
    stale = [path for path in copies(root)
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if not check:
        for path in stale:
            path.write_text(text, encoding="utf-8")
    return stale


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="first use of each term per notebook, linked or not")
    check.add_argument("notebooks", nargs="*", type=Path)
    check.add_argument("--strict", action="store_true", help="exit 1 while a first use is not linked")
    check.add_argument("--unlinked", action="store_true", help="list only the first uses without a link")
    apply = sub.add_parser("apply", help="link each term at its first use (edits the notebooks)")
    apply.add_argument("notebooks", nargs="+", type=Path)
    apply.add_argument("--href", default=HREF, help=f"link target of the glossary (default {HREF})")
    sync_cmd = sub.add_parser("sync", help="write the glossary's copy beside each assignment's chapters")
    sync_cmd.add_argument("--check", action="store_true", help="change nothing; exit 1 while a copy is stale")
    sub.add_parser("terms", help="list the parsed glossary")
    parser.add_argument("--glossary", type=Path, default=GLOSSARY)
    args = parser.parse_args(argv)
    if args.command == "sync":
        stale = sync(check=args.check, glossary=args.glossary)
        for path in stale:
            print(f"{'stale' if args.check else 'wrote'}: {path.relative_to(ROOT)}")
        if args.check and stale:
            print("run `python tools/glossary.py sync` (make release does), then `make release`")
        return 1 if args.check and stale else 0
    terms = load(args.glossary)
    if args.command == "terms":
        for t in terms:
            print(f"#{t.anchor}\t{t.term}\t{', '.join(t.aliases)}")
        return 0
    if args.command == "apply":
        for path in args.notebooks:
            nb = nbformat.read(str(path), as_version=4)
            linked = link_first_uses(nb, terms, args.href)
            if linked:
                nbformat.write(nb, str(path))
            print(f"{path}: linked {len(linked)} term(s){': ' + ', '.join(linked) if linked else ''}")
        return 0
    missing = 0
    for path in args.notebooks or source_notebooks():
        rows = report(nbformat.read(str(path), as_version=4), terms)
        unlinked = [r for r in rows if not r[3]]
        missing += len(unlinked)
        print(f"\n{path.stem}: {len(rows)} glossary terms used, {len(rows) - len(unlinked)} linked at first use")
        for term, cell, snippet, linked in (unlinked if args.unlinked else rows):
            print(f"  {'linked  ' if linked else 'unlinked'}  cell {cell:3d}  {term}: …{snippet}…")
    return 1 if args.strict and missing else 0


if __name__ == "__main__":
    sys.exit(main())
