"""The glossary and the helpers page in the web book (tools/book.py), on a one-chapter course.

The chapter links a term the way ``tools/glossary.py apply`` writes it (``glossary.md#term``, the
copy beside it in its assignment folder); in the book the link must land on the term's section in
the one glossary page, the copy must not become a page of its own, and both reference pages
must be in the table of contents.  The front door links its chapter as the students' course
folder has it (``01_principles/demo.ipynb``), and the book points that at the chapter's page.
"""
import importlib.util
import re
import shutil

import nbformat
import pytest

from course_utils import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    pytest.importorskip("myst_nb", reason="the book extra is not installed (pip install -e '.[book]')")
    if not (ROOT / "node_modules" / "mathjax" / "es5" / "tex-chtml.js").exists():
        pytest.skip("MathJax is not installed: run `npm ci` (make book does)")
    spec = importlib.util.spec_from_file_location("course_book_tool", ROOT / "tools" / "book.py")
    book_tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(book_tool)
    root = tmp_path_factory.mktemp("course")
    (root / "course").mkdir()
    for name in ("glossary.md", "helpers_api.md"):
        shutil.copy(ROOT / "course" / name, root / "course" / name)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# Demo course\n\n[The chapter](01_principles/demo.ipynb) and [the glossary](01_principles/glossary.md)")]),
        root / "course" / "index.ipynb")
    chapter = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# Chapter 1 · Demo\n## Part 1 — Terms\n\n"
        "Much of the change is due to [GABA](glossary.md#gaba), and the index is the "
        "[co-contraction index](glossary.md#co-contraction-index).")])
    chapter.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (root / "release" / "01_principles").mkdir(parents=True)
    nbformat.write(chapter, root / "release" / "01_principles" / "demo.ipynb")
    shutil.copy(ROOT / "release" / "01_principles" / "glossary.md", root / "release" / "01_principles" / "glossary.md")
    return book_tool.build(tmp_path_factory.mktemp("book"), quiet=True, root=root)


def test_glossary_links_from_a_chapter_land_on_the_terms(small_book):
    page = (small_book / "release" / "01_principles" / "demo.html").read_text()
    glossary = (small_book / "course" / "glossary.html").read_text()
    for anchor in ("gaba", "co-contraction-index"):
        href = re.search(rf'href="([^"]*glossary\.html#{anchor})"', page)
        assert href, f"the chapter's link to #{anchor} did not become a link to the glossary page"
        assert f'id="{anchor}"' in glossary, f"the glossary page has no section #{anchor}"
    assert "<a id=" not in glossary, "the JupyterLab anchors should be left out of the book"
    assert glossary.count('<section id="') >= 100
    pages = sorted(p.relative_to(small_book).as_posix() for p in small_book.rglob("glossary*.html"))
    assert pages == ["course/glossary.html"], f"the assignment's copy of the glossary became a page: {pages}"


def test_the_front_doors_links_reach_the_chapter_and_the_glossary(small_book):
    front = (small_book / "course" / "index.html").read_text()
    assert 'href="../release/01_principles/demo.html"' in front
    assert re.search(r'href="glossary\.html"[^>]*>\s*(<span[^>]*>)?the glossary', front), "the glossary link"


def test_reference_pages_are_in_the_table_of_contents(small_book):
    front = (small_book / "course" / "index.html").read_text()
    captions = re.findall(r'<span class="caption-text">(.*?)</span>', front)
    assert captions[-1] == "Reference"
    assert 'href="glossary.html"' in front and 'href="helpers_api.html"' in front
    helpers_page = (small_book / "course" / "helpers_api.html").read_text()
    assert "Which <code" in helpers_page and "basal_ganglia.neighbour_moves" in helpers_page
