"""The glossary and the helpers page in the web book (tools/book.py), on a one-chapter course.

The chapter links a term the way ``tools/glossary.py apply`` writes it; the link must land on
the term's section in the built glossary page, and both reference pages must be in the table
of contents.
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
        "# Demo course\n\n[The chapter](../release/01_principles/demo.ipynb)")]), root / "course" / "index.ipynb")
    chapter = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# Chapter 1 · Demo\n## Part 1 — Terms\n\n"
        "Much of the change is due to [GABA](../../course/glossary.md#gaba), and the index is the "
        "[co-contraction index](../../course/glossary.md#co-contraction-index).")])
    chapter.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (root / "release" / "01_principles").mkdir(parents=True)
    nbformat.write(chapter, root / "release" / "01_principles" / "demo.ipynb")
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


def test_reference_pages_are_in_the_table_of_contents(small_book):
    front = (small_book / "course" / "index.html").read_text()
    captions = re.findall(r'<span class="caption-text">(.*?)</span>', front)
    assert captions[-1] == "Reference"
    assert 'href="glossary.html"' in front and 'href="helpers_api.html"' in front
    helpers_page = (small_book / "course" / "helpers_api.html").read_text()
    assert "Which <code" in helpers_page and "basal_ganglia.neighbour_moves" in helpers_page
