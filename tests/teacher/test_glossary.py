"""The course glossary (course/glossary.md) and its link tool (tools/glossary.py)."""
import copy
import doctest
import re

import nbformat
import pytest

import glossary
import nbtools
from course_utils import ROOT

TEXT = (ROOT / "course" / "glossary.md").read_text(encoding="utf-8")
TERMS = glossary.parse(TEXT)
#: Terms the course must define (issue 24 and the teacher's review), as words a notebook writes.
REQUIRED = ["GABA", "MVC", "ED50", "Emax", "chronaxie", "rheobase", "Welch's method", "Hilbert", "bootstrap",
            "order parameter", "SEM", "MDC", "MCIC", "ICC", "Axis I", "Axis II", "monopolar review", "TEED",
            "charge density", "SICI", "ICF", "LICI", "PAS", "surround inhibition", "reciprocal inhibition",
            "penetrance", "co-contraction index", "beta burst", "aperiodic", "1/f", "Col-Cap", "BFMDRS", "TWSTRS",
            "dystonia", "EMG", "MEP", "TMS", "LFP", "DBS", "VTA", "GPi", "STN", "TOR1A", "torsinA"]


def _defines(word):
    return [t.term for t in TERMS if t.search(word)]


def test_every_entry_has_its_slug_as_anchor_a_definition_and_aliases():
    headings = re.findall(r"^### (.+)$", TEXT, re.M)
    assert len(TERMS) == len(headings) >= 100, "every ### heading must be an entry: anchor, aliases comment"
    anchors = [t.anchor for t in TERMS]
    assert len(set(anchors)) == len(anchors), "two entries share an anchor"
    for t in TERMS:
        assert t.anchor == glossary.slug(t.term), f"{t.term}: anchor #{t.anchor} is not its heading's slug"
        assert t.aliases, f"{t.term} has no aliases"
        body = TEXT.split(f'<a id="{t.anchor}"></a>', 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        definition = body.split("-->", 1)[1].strip()
        assert len(definition.split()) >= 12, f"{t.term}: the definition is too short"
    assert [t.term.lower() for t in TERMS] == sorted(t.term.lower() for t in TERMS), "entries must be alphabetical"


def test_links_inside_the_glossary_reach_an_anchor():
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', TEXT))
    targets = set(re.findall(r"\]\(#([^)]+)\)", TEXT))
    assert targets and targets <= anchors, f"links to missing anchors: {sorted(targets - anchors)}"


def test_numbers_come_with_a_source_listed_in_the_references():
    references = TEXT.split("## References", 1)[1]
    cited = set(re.findall(r"([A-Z][\w'’-]+)(?: et al\.| & [A-Z][\w-]+|, [A-Z][\w-]+ & [A-Z][\w-]+)?,? \(?(\d{4})\)?",
                           TEXT.split("## References", 1)[0]))
    assert len(cited) >= 40
    missing = [f"{a} {y}" for a, y in cited if not re.search(rf"^- .*\b{re.escape(a)}\b.*\({y}\)", references, re.M)]
    assert not missing, f"cited but not in the reference list: {missing}"


@pytest.mark.parametrize("word", REQUIRED)
def test_required_terms_are_defined(word):
    assert _defines(word), f"no glossary entry matches {word!r}"


def test_the_front_doors_glossary_is_covered():
    front = nbtools.read(ROOT / "course" / "index.ipynb")
    table = next(c.source for c in front.cells if c.cell_type == "markdown" and "## Glossary" in c.source)
    terms = re.findall(r"^\| \*\*(.+?)\*\* \|", table, re.M)
    assert len(terms) >= 20
    groups = [g.strip() for t in terms for g in re.split(r",|\(|\)", t) if g.strip()]
    # "agonist / antagonist": one entry for the pair is enough
    missing = [g for g in groups if not any(_defines(p.strip()) for p in g.split("/"))]
    assert not missing, f"front-door glossary terms without an entry here: {missing}"


def test_aliases_match_whole_words_with_case_for_acronyms():
    sem = next(t for t in TERMS if t.anchor == "sem")
    assert sem.search("the SEM of the scale")
    assert not sem.search("a seminar on semantics")
    assert not sem.search("sem")                                   # acronyms keep their case
    pen = next(t for t in TERMS if t.anchor == "penetrance")
    assert pen.search("Reduced Penetrance is common")              # words match in any case
    assert next(t for t in TERMS if t.anchor == "mep").search("five MEPs")   # plural
    env = next(t for t in TERMS if t.anchor == "envelope")
    assert not env.search("torsinA sits in the nuclear envelope")  # an excluded phrase
    assert env.search("the EMG envelope")


def _notebook():
    cells = [
        nbtools.markdown("# Chapter 9 · Tiny\n## Part 1 — GABA everywhere\n\nGABA is the brain's main inhibitory "
                         "transmitter; `GABA` in code, $GABA$ in maths and [GABA](https://example.org) in a link "
                         "are left alone.\n\n<img src=\"x.svg\" alt=\"penetrance diagram\">"),
        nbtools.markdown("A second GABA mention and the penetrance of a variant."),
        nbtools.manual("Students write about penetrance here.", "t_written", 2),
        nbtools.markdown("## References\n- Someone (2001) On SICI. *J*."),
    ]
    nb = nbtools.new_notebook(cells)
    nb.cells[1].metadata["tags"] = ["keep-me"]
    return nb


def test_apply_links_the_first_prose_use_only_and_changes_nothing_else():
    nb = _notebook()
    before = copy.deepcopy(nb)
    linked = glossary.link_first_uses(nb, TERMS)
    assert sorted(linked) == ["GABA", "Penetrance"]
    first = nb.cells[0].source
    assert first.startswith("# Chapter 9 · Tiny\n## Part 1 — GABA everywhere\n\n"
                            "[GABA](glossary.md#gaba) is the brain's")
    assert "`GABA` in code, $GABA$ in maths and [GABA](https://example.org)" in first
    assert 'alt="penetrance diagram"' in first
    assert nb.cells[1].source == ("A second GABA mention and the "
                                  "[penetrance](glossary.md#penetrance) of a variant.")
    assert nb.cells[2].source == before.cells[2].source            # a student's written answer
    assert nb.cells[3].source == before.cells[3].source            # the references
    assert [c.metadata for c in nb.cells] == [c.metadata for c in before.cells]
    assert glossary.link_first_uses(nb, TERMS) == []               # a second run changes nothing
    rows = glossary.report(nb, TERMS)
    assert [(r[0], r[1], r[3]) for r in rows] == [("GABA", 0, True), ("Penetrance", 1, True)]


def test_check_reports_unlinked_first_uses_and_strict_fails(tmp_path, capsys):
    path = tmp_path / "09a_tiny.ipynb"
    nbformat.write(_notebook(), str(path))
    assert glossary.main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "09a_tiny: 2 glossary terms used, 0 linked at first use" in out
    assert "unlinked  cell   0  GABA: …" in out and "unlinked  cell   1  Penetrance: …" in out
    assert glossary.main(["check", "--strict", str(path)]) == 1
    capsys.readouterr()
    assert glossary.main(["apply", str(path), "--href", "../glossary.md"]) == 0
    assert "[GABA](../glossary.md#gaba)" in nbformat.read(str(path), as_version=4).cells[0].source
    capsys.readouterr()
    assert glossary.main(["check", "--strict", str(path)]) == 0


def test_the_course_notebooks_can_be_checked_and_linked(tmp_path):
    """On copies of the real chapters: apply links every term it finds, and check then finds none unlinked."""
    for src in glossary.source_notebooks():
        nb = nbformat.read(str(src), as_version=4)
        before = [(c.cell_type, c.metadata) for c in nb.cells]
        glossary.link_first_uses(nb, TERMS)
        assert [(c.cell_type, c.metadata) for c in nb.cells] == before
        rows = glossary.report(nb, TERMS)
        assert len(rows) >= 10, f"{src.stem}: only {len(rows)} glossary terms found"
        assert all(r[3] for r in rows), f"{src.stem}: still unlinked after apply: {[r[0] for r in rows if not r[3]]}"
        nbformat.validate(nb)


def test_the_examples_in_the_docstrings_hold():
    result = doctest.testmod(glossary)
    assert result.attempted >= 1 and result.failed == 0


def test_each_assignment_carries_a_current_copy_and_release_has_it():
    """source/<assignment>/glossary.md is course/glossary.md behind a header; nbgrader copies it into release/."""
    assert glossary.sync(check=True) == [], "stale glossary copies: run `python tools/glossary.py sync`, then make release"
    copies = glossary.copies()
    assert sorted(p.parent.name for p in copies) == sorted(p.name for p in (ROOT / "source").iterdir()
                                                           if any(p.glob("*.ipynb")))
    for path in copies:
        text = path.read_text(encoding="utf-8")
        assert text == glossary.COPY_HEADER + TEXT
        assert glossary.parse(text) == TERMS
        released = ROOT / "release" / path.parent.name / glossary.COPY_NAME
        assert released.read_text(encoding="utf-8") == text, f"{released}: run make release"


def test_sync_rewrites_a_stale_or_missing_copy_and_check_says_so(tmp_path, capsys):
    for a in ("01_x", "02_y"):
        (tmp_path / "source" / a).mkdir(parents=True)
        nbformat.write(nbtools.new_notebook([nbtools.markdown("# x")]), str(tmp_path / "source" / a / "x.ipynb"))
    (tmp_path / "source" / "empty").mkdir()                       # no notebooks: no copy
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "glossary.md").write_text(TEXT, encoding="utf-8")
    (tmp_path / "source" / "01_x" / "glossary.md").write_text("edited by hand", encoding="utf-8")
    stale = glossary.sync(tmp_path, check=True)
    assert [p.relative_to(tmp_path).as_posix() for p in stale] == ["source/01_x/glossary.md", "source/02_y/glossary.md"]
    assert (tmp_path / "source" / "01_x" / "glossary.md").read_text() == "edited by hand", "check wrote a file"
    assert glossary.sync(tmp_path) == stale and glossary.sync(tmp_path, check=True) == []
    assert (tmp_path / "source" / "02_y" / "glossary.md").read_text(encoding="utf-8") == glossary.COPY_HEADER + TEXT
    assert not (tmp_path / "source" / "empty" / "glossary.md").exists()
    assert glossary.main(["sync", "--check"]) == 0


def test_make_lab_workspace_holds_the_glossary_where_chapter_links_point(tmp_path):
    """A chapter in workspace/<assignment>/ links glossary.md: the copy beside it (as on a hub and in the pack)."""
    import workspace
    workspace.prepare(tmp_path)
    for a in ("01_principles", "02_applications", "03_hands_on"):
        chapter_dir = tmp_path / a
        assert any(chapter_dir.glob("*.ipynb"))
        target = chapter_dir / glossary.HREF
        assert target.read_text(encoding="utf-8") == glossary.COPY_HEADER + TEXT


def test_a_diagram_caption_is_never_linked():
    """helpers.plots.diagrams writes the caption verbatim and tests/pipeline/test_travel.py compares it."""
    nb = nbtools.new_notebook([nbtools.markdown("*Diagram: GABA at a synapse (after a review).*\n\n"
                                                "Below the diagram, GABA is named in prose.")])
    assert glossary.link_first_uses(nb, TERMS) == ["GABA"]
    caption, prose = nb.cells[0].source.split("\n\n")
    assert caption == "*Diagram: GABA at a synapse (after a review).*"
    assert prose == "Below the diagram, [GABA](glossary.md#gaba) is named in prose."


def test_a_diagram_caption_is_masked():
    """The travel test compares each diagram's caption with its drawing's: a link inside would change it."""
    caption = "*Diagram: the GABA synapse and the penetrance of a variant (Someone et al. 2000).*"
    assert glossary.masked(caption).strip() == ""
    assert glossary.masked("Prose about GABA.\n\n" + caption).startswith("Prose about GABA.")


def test_a_term_first_met_in_a_caption_is_linked_at_its_next_use():
    """tools/embed_diagrams.py writes each caption verbatim (tests/pipeline/test_travel.py checks it): a term
    first met in a caption is linked at its next use instead."""
    nb = nbtools.new_notebook([
        nbtools.markdown("<img class=\"course-diagram\" data-diagram=\"x\" src=\"x.svg\" alt=\"a\">\n\n"
                         "*Diagram: how the penetrance of a variant is drawn.*\n\nThe penetrance is 30 %.")])
    glossary.link_first_uses(nb, TERMS)
    assert "*Diagram: how the penetrance of a variant is drawn.*" in nb.cells[0].source
    assert "The [penetrance](glossary.md#penetrance) is 30 %." in nb.cells[0].source
