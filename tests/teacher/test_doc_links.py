"""Every relative link in the documents a reader follows resolves: the file exists, and so does
the heading a ``#fragment`` names (GitHub's heading ids)."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

DOCUMENTS = [
    "README.md",
    "docs/developing.md",
    "course/instructor_guide.md",
    "course/authoring.md",
    "course/lms.md",
    "course/teaching_guide.md",
    "deploy/README.md",
]

# Written on another branch at the same time: linked already, may not exist yet. Once the file is
# on this branch its links are checked like any other (remove it from here then).
PENDING: set = set()

FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
INLINE_CODE = re.compile(r"`[^`\n]*`")
MD_LINK = re.compile(r"\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def slug(heading):
    """The id GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to hyphens.

    >>> slug("4. Traps we met (and what the course does about them)")
    '4-traps-we-met-and-what-the-course-does-about-them'
    >>> slug("Grade: `make grade`")
    'grade-make-grade'
    """
    text = re.sub(r"<[^>]+>", "", heading).replace("`", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(markdown):
    """Every heading id of a Markdown text (repeated headings get -1, -2, ... as on GitHub),
    and every explicit ``<a id=...>`` / ``name=``."""
    found, seen = set(), {}
    for heading in HEADING.findall(FENCE.sub("", markdown)):
        base = slug(heading)
        n = seen.get(base, 0)
        found.add(base if n == 0 else f"{base}-{n}")
        seen[base] = n + 1
    found.update(re.findall(r"""<a\s+(?:id|name)=["']([^"']+)["']""", markdown))
    return found


def links(markdown):
    """The link targets of a Markdown text, outside code blocks and inline code."""
    text = INLINE_CODE.sub("", FENCE.sub("", markdown))
    return MD_LINK.findall(text) + HTML_LINK.findall(text)


def broken_links(document, root=ROOT, pending=frozenset()):
    """Relative links of ``document`` (a path under ``root``) that do not resolve, with the reason."""
    path = root / document
    problems = []
    for target in links(path.read_text(encoding="utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):        # http:, https:, mailto:, data:
            continue
        file_part, _, fragment = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        rel = dest.relative_to(root.resolve()).as_posix() if dest.is_relative_to(root.resolve()) else str(dest)
        if not dest.exists():
            if rel not in pending:
                problems.append(f"{document}: {target} -> {rel} does not exist")
            continue
        if fragment and dest.suffix == ".md" and fragment not in anchors(dest.read_text(encoding="utf-8")):
            problems.append(f"{document}: {target} -> no heading #{fragment} in {rel}")
    return problems


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_relative_link_resolves(document):
    assert (ROOT / document).exists(), f"{document} is gone: update DOCUMENTS"
    assert broken_links(document, pending=PENDING) == []


def test_the_checker_finds_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n\n## 2. Running the tests\n")
    (tmp_path / "README.md").write_text(
        "See [a](docs/a.md), [run](docs/a.md#2-running-the-tests), [web](https://example.org/x),\n"
        "[gone](docs/gone.md), [bad](docs/a.md#3-benchmarks), [self](#nowhere),\n"
        "`[not a link](inline.md)` and\n```\n[nor this](fenced.md)\n```\n"
        '<img src="docs/missing.svg">\n')
    problems = broken_links("README.md", root=tmp_path)
    assert len(problems) == 4, problems
    assert any("docs/gone.md does not exist" in p for p in problems)
    assert any("no heading #3-benchmarks" in p for p in problems)
    assert any("no heading #nowhere" in p for p in problems)
    assert any("docs/missing.svg does not exist" in p for p in problems)


def test_a_pending_document_is_tolerated_only_while_it_is_missing(tmp_path):
    (tmp_path / "README.md").write_text("[guide](course/teaching_guide.md#schedule)\n")
    assert broken_links("README.md", root=tmp_path, pending={"course/teaching_guide.md"}) == []
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "teaching_guide.md").write_text("# Teaching guide\n")
    assert broken_links("README.md", root=tmp_path, pending={"course/teaching_guide.md"}) == [
        "README.md: course/teaching_guide.md#schedule -> no heading #schedule in course/teaching_guide.md"]
