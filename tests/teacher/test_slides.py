"""The lecture slides (make slides: tools/slides.py, course/slides/*.md -> one reveal.js deck per chapter).

One module-scoped build into a temporary folder (a few seconds) serves every test.  The
browser test opens a deck in Debian's Chromium through Playwright, steps through every slide,
checks that each slide's images loaded, that axe-core finds no serious or critical WCAG AA
violation on it, and that no request left the machine; without Chromium
or playwright it is skipped with the reason (REQUIRE_BROWSER=1 makes that a failure).
"""
import re
import sys
from pathlib import Path

import pytest

import slides
from course_utils import ROOT

sys.path.insert(0, str(ROOT / "tests" / "browser"))
from webtools import CHROMIUM, FLAGS, require_browser, run_axe, serve  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts" / "slides"


@pytest.fixture(scope="module")
def deck_dir(tmp_path_factory):
    if not (slides.REVEAL / "dist" / "reveal.js").exists():
        pytest.skip("reveal.js is not installed: run `npm ci` (make slides does)")
    out = tmp_path_factory.mktemp("slides")
    slides.build(out, quiet=True)
    return out


def _sections(page):
    return re.findall(r"<section[^>]*>(.*?)</section>", page, re.S)


def test_one_deck_per_chapter_with_an_outline_and_notes_on_every_slide(deck_dir):
    sources = slides.deck_sources()
    assert [p.stem for p in sources] == ["chapter1", "chapter2", "chapter3"]
    index = (deck_dir / "index.html").read_text()
    for source in sources:
        page = (deck_dir / f"{source.stem}.html").read_text()
        sections = _sections(page)
        assert len(sections) >= 12, f"{source.stem}: only {len(sections)} slides"
        assert "Lecture outline" in sections[1] or "Lab outline" in sections[1], f"{source.stem}: no outline slide"
        for k, section in enumerate(sections, start=1):
            notes = re.search(r'<aside class="notes">(.*?)</aside>', section, re.S)
            assert notes and len(re.sub(r"<[^>]+>", "", notes.group(1)).split()) >= 15, \
                f"{source.stem} slide {k}: speaker notes missing or too short"
        assert f'href="{source.stem}.html"' in index
        deck = slides.parse_deck(source.read_text(), source.stem)
        for k, slide in enumerate(deck.slides[1:], start=1):
            assert f'href="{source.stem}.html#/{k}">{slide.title}</a>' in index.replace("&#x27;", "'")


def test_figures_are_the_course_diagrams_and_plots_with_alt_text(deck_dir):
    diagrams_used, plots_used = set(), 0
    for page in deck_dir.glob("chapter*.html"):
        text = page.read_text()
        for tag in re.findall(r"<img\b[^>]*>", text):
            src = re.search(r'src="([^"]+)"', tag).group(1)
            alt = re.search(r'alt="([^"]*)"', tag).group(1)
            assert (deck_dir / src).is_file(), f"{page.name}: {src} is missing"
            assert len(alt.split()) >= 8, f"{page.name}: {src} has no real alt text"
            if src.endswith(".svg"):
                diagrams_used.add(Path(src).name)
                assert (deck_dir / src).read_bytes() == (ROOT / "course" / "figures" / Path(src).name).read_bytes()
            else:
                plots_used += 1
                assert (deck_dir / src).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert text.count("<figcaption>") == text.count("<img ")
    assert len(diagrams_used) >= 8, f"only {sorted(diagrams_used)} of the course's diagrams are used"
    assert plots_used >= 12


def test_the_folder_is_self_contained_and_offline(deck_dir):
    for path in deck_dir.rglob("*"):
        if path.suffix in (".html", ".css"):
            text = path.read_text(errors="ignore")
            assert not re.findall(r'(?:src|href)="(?:https?:)?//', text), f"{path.name} loads from the internet"
            assert not re.findall(r"@import\s+(?:url\()?['\"]?(?:https?:)?//", text), f"{path.name} imports a remote file"
            for ref in re.findall(r'(?:src|href)="([^"#?:]+)', text):
                assert (path.parent / ref).exists(), f"{path.name} refers to {ref}, which is not in the folder"
    assert (deck_dir / "reveal" / "LICENSE").exists(), "reveal.js's MIT licence must travel with it"


def test_a_deck_source_without_notes_or_with_a_broken_figure_stops_the_build(tmp_path):
    with pytest.raises(slides.SlideError, match="slide 2 .*no speaker notes"):
        slides.parse_deck("# Deck\n\nNote: fine\n\n---\n\n## Bare slide\n\n- no notes", "bad")
    deck = slides.parse_deck("# Deck\n\nNote: n\n\n---\n\n## Code\n\n```python\nx = 1\n---\n```\n\nNote: m", "ok")
    assert [s.title for s in deck.slides] == ["Deck", "Code"] and "---" in deck.slides[1].body
    broken = tmp_path / "broken.md"
    broken.write_text("# Deck\n\nNote: n\n\n---\n\n## Plot\n\n```{plot}\n:caption: c\n:alt: a\n"
                      "fig = plots.emg.no_such_plot()\n```\n\nNote: m\n")
    with pytest.raises(slides.SlideError, match=r"broken.md, slide 2 \(Plot\): the plot block failed: AttributeError"):
        slides.build(tmp_path / "out", [broken], quiet=True)
    missing = tmp_path / "missing.md"
    missing.write_text("# Deck\n\n{diagram} no_such_diagram\n\nNote: n\n")
    with pytest.raises(slides.SlideError, match="no diagram 'no_such_diagram'"):
        slides.build(tmp_path / "out2", [missing], quiet=True)


@pytest.mark.browser
def test_a_deck_steps_through_every_slide_offline_in_chromium(deck_dir):
    require_browser(axe=True)
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve(deck_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/chapter1.html")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        total = page.evaluate("() => Reveal.getTotalSlides()")
        seen, violations = [], []
        while True:
            state = page.evaluate("""async () => {
                const slide = Reveal.getCurrentSlide();
                const imgs = [...slide.querySelectorAll('img')];
                await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
                return {index: Reveal.getIndices().h, title: slide.querySelector('h1,h2,h3').textContent,
                        images: imgs.map(i => [i.getAttribute('src'), i.naturalWidth]),
                        notes: (slide.querySelector('aside.notes') || {}).textContent || '',
                        last: Reveal.isLastSlide()};
            }""")
            seen.append(state)
            assert all(w > 0 for _src, w in state["images"]), f"slide {state['index']}: images not loaded {state['images']}"
            assert state["notes"].strip(), f"slide {state['index']} ({state['title']}) has no speaker notes"
            if state["index"] == 4:
                page.screenshot(path=str(ARTIFACTS / "chapter1_slide5.png"))
            violations += [(state["index"], *v) for v in run_axe(page, include=".reveal")]
            if state["last"]:
                break
            page.keyboard.press("ArrowRight")
            page.wait_for_function("k => Reveal.getIndices().h === k", arg=state["index"] + 1)
        browser.close()
    assert [s["index"] for s in seen] == list(range(total)), "the deck did not step through every slide in order"
    assert sum(len(s["images"]) for s in seen) >= 12
    assert any(u.endswith("/reveal/reveal.js") for u in requests) and any(u.endswith(".png") for u in requests)
    outside = [u for u in requests if not u.startswith(base) and not u.startswith("data:")]
    assert not outside, f"requests that left the machine: {outside}"
    assert not errors, f"JavaScript errors: {errors}"
    assert not violations, f"axe-core (slide index, rule, impact, help, targets): {violations}"
