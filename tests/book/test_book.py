"""The static web book (``make book``): built from the student editions, with nothing secret in it.

One module-scoped build (``tools/book.py`` into a temporary folder, about a
minute) serves every test.  Without a browser the structure and leak tests
still run; the reader test (every page in Chromium: images, scrubbable
explorers, MathJax, search, axe-core) is skipped with the reason, or fails
under REQUIRE_BROWSER=1.

A downloaded chapter travels: opened alone in a fresh folder in JupyterLab,
every image loads; installed with nothing but the book's wheel in a fresh
virtual environment, it runs top to bottom.
"""
import html as html_lib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from course_utils import HIDDEN_RE, ROOT, SOLUTION_RE, distinctive_lines, regions, source_notebooks

sys.path.insert(0, str(ROOT / "tests" / "browser"))
from webtools import AXE, CHROMIUM, FLAGS, free_port, require_browser, run_axe, serve  # noqa: E402

pytestmark = pytest.mark.slow

TEXT_SUFFIXES = {".html", ".js", ".txt", ".ipynb", ".json", ".css", ".inv", ".md"}
ARTIFACTS = ROOT / "tests" / "artifacts" / "book"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    pytest.importorskip("sphinx", reason="the book extra is not installed (pip install -e '.[book]')")
    pytest.importorskip("myst_nb", reason="the book extra is not installed (pip install -e '.[book]')")
    if not (ROOT / "node_modules" / "mathjax" / "es5" / "tex-chtml.js").exists():
        pytest.skip("MathJax is not installed: run `npm ci` (make book does)")
    import importlib.util
    spec = importlib.util.spec_from_file_location("course_book_tool", ROOT / "tools" / "book.py")
    book_tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(book_tool)
    out = tmp_path_factory.mktemp("book")
    before = dict(os.environ)
    html = book_tool.build(out, quiet=True)
    # the build's settings go to its kernels only: a leaked COURSE_STATIC_EXPLORERS=1 once
    # turned every explorer of the browser test (same pytest worker) into static frames
    assert dict(os.environ) == before, "tools/book.py changed this process's environment"
    return html


def _pages(html):
    """Every page of the site except the root redirect (index.html -> course/index.html)."""
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts
                  and p != html / "index.html")


def test_every_student_edition_has_a_page_and_the_front_door_is_home(book):
    for path in sorted((ROOT / "release").glob("*/*.ipynb")):
        page = book / "release" / path.parent.name / (path.stem + ".html")
        assert page.exists(), f"no page for {path.relative_to(ROOT)}"
    assert (book / "course" / "index.html").exists()
    assert "course/index.html" in (book / "index.html").read_text()


def test_table_of_contents_lists_chapters_in_order_with_prev_next(book):
    front = (book / "course" / "index.html").read_text()
    captions = re.findall(r'<p aria-level="2" class="caption" role="heading"><span class="caption-text">(.*?)</span>',
                          front)
    assert [c.split(" ·")[0] for c in captions] == ["Before you start", "Chapter 1", "Chapter 2", "Chapter 3",
                                                     "Reference"], captions
    page = (book / "release" / "01_principles" / "01b_inhibition_and_prediction.html").read_text()
    assert 'class="left-prev"' in page and 'class="right-next"' in page
    assert "01a_circuits.html" in page.split('class="left-prev"')[1][:400]


def test_links_from_the_front_door_reach_the_pages(book):
    front = (book / "course" / "index.html").read_text()
    for path in sorted((ROOT / "release").glob("*/*.ipynb")):
        assert f"../release/{path.parent.name}/{path.stem}.html" in front, f"front door does not link {path.name}"


def test_each_chapter_says_how_to_run_it_and_offers_the_wheel(book):
    wheels = sorted((book / "_static").glob("dystonia_helpers-*-py3-none-any.whl"))
    assert len(wheels) == 1, f"the book offers {wheels}"
    for path in sorted((ROOT / "release").glob("*/*.ipynb")):
        page = (book / "release" / path.parent.name / (path.stem + ".html")).read_text()
        assert f'href="../../_static/{wheels[0].name}"' in page, f"{path.stem}: no wheel beside the notebook"
        assert f"pip install jupyterlab {wheels[0].name}" in html_lib.unescape(re.sub(r"<[^>]+>", "", page))
        assert "tag_course-nav" not in page and "opens once you have it beside this folder" not in page, (
            "Lab's navigation cell reached the book")


def test_front_door_speaks_to_readers(book):
    front = (book / "course" / "index.html").read_text()
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", front))
    assert "You are reading the web book" in text and "Run a chapter on your own computer" in text
    assert "workspace/release" not in text and "No Python at hand" not in text
    assert 'href="#../' not in front and "_build/book/html/index.html" not in front, "a dead link to the book"


def test_downloads_are_the_untouched_student_editions(book):
    for path in sorted((ROOT / "release").glob("*/*.ipynb")):
        served = book / "_sources" / "release" / path.parent.name / path.name
        assert served.read_bytes() == path.read_bytes(), f"{served} is not the student edition"
        page = (book / "release" / path.parent.name / (path.stem + ".html")).read_text()
        assert f"_sources/release/{path.parent.name}/{path.name}" in page, "no download link to the notebook"


def test_readings_show_their_options_in_the_demo_order_not_the_call(book):
    """A reading's locked options cell (tag remove-input) shows the list a reader answers from, not its source."""
    page = (book / "release" / "03_hands_on" / "03a_measurement.html").read_text()
    assert page.count("Options for") >= 3 and "public demo order" in page
    assert "show_choices" not in page and "choice_letter" not in page


def test_nothing_is_fetched_from_the_internet(book):
    """Offline: no script, stylesheet, font or image from another host (MathJax is bundled)."""
    offenders = set()
    for path in book.rglob("*"):
        if path.suffix in (".html", ".css"):
            text = path.read_text(errors="ignore")
            offenders |= {(path.name, m) for m in re.findall(r'(?:src|href)="(https?://[^"]+)"', text)
                          if path.suffix == ".css" or not m.startswith("https://")}
            offenders |= {(path.name, m) for m in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"',
                                                            text)}
            offenders |= {(path.name, m) for m in re.findall(r"url\((['\"]?https?://[^)]+)\)", text)}
    assert not offenders, f"assets from the internet: {sorted(offenders)[:10]}"
    assert (book / "_static" / "mathjax" / "tex-chtml.js").exists()
    page = (book / "release" / "01_principles" / "01b_inhibition_and_prediction.html").read_text()
    assert "_static/mathjax/tex-chtml.js" in page


def test_explorers_are_static_frames_and_unsolved_problems_are_one_line(book):
    page = (book / "release" / "01_principles" / "01a_circuits.html").read_text()
    assert page.count('class="course-static-explorer"') >= 4, "explorers should be pre-rendered frames"
    assert "application/vnd.jupyter.widget" not in page and "Error displaying widget" not in page
    for path in sorted((ROOT / "release").glob("*/*.ipynb")):
        text = (book / "release" / path.parent.name / (path.stem + ".html")).read_text()
        problems = len(re.findall(r"<h[2-4][^>]*>\s*(?:Problem|Reading|Question) ", text))
        lines = text.count('class="course-unanswered"')
        assert problems and lines == problems, f"{path.stem}: {lines} 'solve it' lines for {problems} problems"
        assert "Solve it in the notebook: download it above" in text
        # (the answer cells' stubs still show `raise NotImplementedError()` as code, as in the notebook)
        assert not re.search(r"\((?:NotImplementedError|NotAnswered)\)|Not answered in this edition|"
                             r'class="output (?:error|traceback)', text), f"{path.stem}: the reader sees an error box"
    assert not re.search(r"Traceback \(most recent call last\)", page), "a traceback reached the book"
    for tag in re.findall(r"<img\b[^>]*>", page):
        assert re.search(r'\balt="[^"]+"', tag), f"image without alt text: {tag[:120]}"


def test_no_solution_or_hidden_test_line_reaches_the_site(book):
    """Every distinctive line of a solution or hidden-test region of source/ is absent from every built file.

    Lines the instructor edition also shows publicly (outside those regions) are
    public anyway and are not counted (as in the leak test of release/).
    """
    secret = set()
    for src in source_notebooks():
        nb = nbformat.read(src, as_version=4)
        public = "\n".join(HIDDEN_RE.sub("", SOLUTION_RE.sub("", c.source)) for c in nb.cells)
        for cell in nb.cells:
            for block in regions(cell.source, SOLUTION_RE) + regions(cell.source, HIDDEN_RE):
                secret |= {line for line in distinctive_lines(block) if line not in public}
    assert secret, "found no solution or hidden-test lines in source/: is the leak test still meaningful?"
    markers = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
    for path in book.rglob("*"):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        text = path.read_text(errors="ignore")
        plain = html_lib.unescape(text)
        for marker in markers:
            assert marker not in plain, f"{path.relative_to(book)} contains {marker!r}"
        for line in secret:
            escaped = html_lib.escape(line, quote=True)
            assert line not in plain and escaped not in text, f"{path.relative_to(book)} leaks {line!r}"


# --- as a reader sees it ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(book, tmp_path_factory):
    require_browser(axe=True)
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve(book) as base, sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("chromium")), executable_path=CHROMIUM,
                                                   headless=True, args=FLAGS, viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        errors, requests = [], []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("request", lambda req: requests.append(req.url))
        yield {"base": base, "page": page, "errors": errors, "requests": requests, "context": ctx}
        ctx.close()


@pytest.mark.browser
def test_every_page_loads_its_images_renders_maths_and_passes_axe(book, site):
    page, base = site["page"], site["base"]
    report = {}
    for path in _pages(book):
        rel = path.relative_to(book).as_posix()
        page.goto(f"{base}/{rel}")
        page.wait_for_load_state("load")
        broken = page.evaluate("""async () => {
            const imgs = [...document.images];
            await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
            return imgs.filter(i => !(i.naturalWidth > 0)).map(i => i.getAttribute('src').slice(0, 80));
        }""")
        assert not broken, f"{rel}: images that did not load: {broken}"
        if "\\(" in path.read_text() or "\\[" in path.read_text():
            page.wait_for_selector("mjx-container", timeout=20000)
            page.wait_for_function("() => !document.querySelector('main').innerText.includes('\\\\(')",
                                   timeout=20000)
        problems = run_axe(page)          # the whole page: the theme's header and Search buttons too
        report[rel] = problems
        assert not problems, f"{rel}: axe-core serious/critical violations: {problems}"
    (ARTIFACTS / "axe.json").write_text(json.dumps(report, indent=2))
    outside = [u for u in site["requests"] if not u.startswith(base) and not u.startswith("data:")]
    assert not outside, f"the book asked the internet for {outside[:5]}"
    assert not site["errors"], f"JavaScript errors: {site['errors']}"


@pytest.mark.browser
def test_search_finds_a_term(book, site):
    page, base = site["page"], site["base"]
    page.goto(f"{base}/search.html?q=reciprocal")
    page.wait_for_selector("#search-results ul.search li", timeout=30000)
    hits = page.locator("#search-results ul.search li a").all_inner_texts()
    assert any("Circuits" in h for h in hits), f"search for 'reciprocal' found {hits}"
    page.screenshot(path=str(ARTIFACTS / "search.png"))


@pytest.mark.browser
def test_static_explorer_scrubs_without_a_kernel(book, site):
    page, base = site["page"], site["base"]
    page.goto(f"{base}/release/01_principles/01a_circuits.html")
    explorer = page.locator(".course-static-explorer").first
    explorer.scroll_into_view_if_needed()
    visible = explorer.locator(".course-frame:not([hidden])")
    assert visible.count() == 1
    before = visible.get_attribute("data-frame")
    slider = explorer.locator("input[type=range]")
    slider.focus()
    page.keyboard.press("ArrowRight")
    after = explorer.locator(".course-frame:not([hidden])").get_attribute("data-frame")
    assert after != before, "the range input did not change the frame"
    assert explorer.locator("output").inner_text().strip()
    page.screenshot(path=str(ARTIFACTS / "static_explorer.png"))


# --- the ways a chapter shows a diagram or a figure, end to end ---------------------------------
@pytest.fixture(scope="module")
def demo_book(tmp_path_factory):
    """A one-page course using each display the chapter editors are asked to paste."""
    pytest.importorskip("myst_nb", reason="the book extra is not installed (pip install -e '.[book]')")
    if not (ROOT / "node_modules" / "mathjax" / "es5" / "tex-chtml.js").exists():
        pytest.skip("MathJax is not installed: run `npm ci` (make book does)")
    import importlib.util
    import shutil
    from helpers.plots import diagrams
    spec = importlib.util.spec_from_file_location("course_book_tool", ROOT / "tools" / "book.py")
    book_tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(book_tool)
    root = tmp_path_factory.mktemp("demo_course")
    shutil.copytree(ROOT / "course" / "figures", root / "course" / "figures")
    front = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# Demo course\n\n[The chapter](../release/01_principles/demo.ipynb)")])
    nbformat.write(front, root / "course" / "index.ipynb")
    chapter = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Chapter 1 · Demo\n## Part 1 — Displays\n\n" + diagrams.markdown("dbs_lead")),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport helpers\nfrom helpers.plots import show, new_axes\n"
                                  "fig, ax = new_axes()\nax.plot([0, 1], [0, 1])\nax.set_xlabel('x (s)')\n"
                                  "ax.set_ylabel('y (mV)')\nshow(fig, 'A rising line.', alt='One line rising from 0 to 1.')"),
        nbformat.v4.new_code_cell("helpers.plots.diagrams.show('pedigrees')"),
        nbformat.v4.new_code_cell("from helpers.explorers import clinical\nclinical.make_family_explorer()"),
    ])
    chapter.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (root / "release" / "01_principles").mkdir(parents=True)
    nbformat.write(chapter, root / "release" / "01_principles" / "demo.ipynb")
    return book_tool.build(tmp_path_factory.mktemp("demo_book"), quiet=True, root=root)


def test_markdown_diagram_show_and_explorer_reach_the_book(demo_book):
    from helpers.plots import diagrams
    page = (demo_book / "release" / "01_principles" / "demo.html").read_text()
    img = re.search(r'<img[^>]*class="course-diagram"[^>]*>', page)
    assert img, "the Markdown <img> of the diagram is not in the page"
    assert f'src="{diagrams.data_uri("dbs_lead")}"' in img.group(0), "the embedded drawing did not reach the page"
    assert 'alt="A vertical DBS lead' in img.group(0)
    assert "<b>Figure 1.</b> A rising line." in page and 'alt="One line rising from 0 to 1."' in page
    assert "<b>Diagram.</b>" in page and "data:image/svg+xml;base64," in page
    assert 'class="course-static-explorer"' in page


@pytest.mark.browser
def test_demo_page_images_load_in_chromium(demo_book, site):
    """(One Playwright session per process: this test borrows the site fixture's browser.)"""
    with serve(demo_book) as base:
        page = site["context"].new_page()
        page.goto(f"{base}/release/01_principles/demo.html")
        page.wait_for_load_state("load")
        sizes = page.evaluate("""async () => {
            await Promise.all([...document.images].map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
            return [...document.images].map(i => [i.getAttribute('src').slice(0, 40), i.naturalWidth]);
        }""")
        page.close()
    assert any(src.startswith("data:image/svg+xml") and w > 0 for src, w in sizes), sizes
    assert all(w > 0 for _src, w in sizes), f"images that did not load: {sizes}"


@pytest.mark.browser
def test_figures_open_full_size_and_search_shows_the_match(book, site):
    """A phone-width reader taps a figure to see it at full size; a search excerpt shows the words
    found (not the theme's menu) and its link goes to the section."""
    page, base = site["page"], site["base"]
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        page.goto(f"{base}/release/01_principles/01a_circuits.html")
        page.wait_for_load_state("load")
        img = page.locator("article img.course-diagram").first
        img.scroll_into_view_if_needed()
        shown = img.evaluate("i => [i.clientWidth, i.naturalWidth]")
        assert shown[0] < shown[1], f"at 390 px the diagram should be shrunk: {shown}"
        img.click()
        dialog = page.locator("dialog.course-lightbox")
        dialog.wait_for(state="visible", timeout=5000)
        full = dialog.locator("img").evaluate("i => [i.clientWidth, i.naturalWidth]")
        assert full[0] >= full[1] - 1, f"the opened figure is not at full size: {full}"
        page.screenshot(path=str(ARTIFACTS / "figure_full_size_390px.png"))
        page.keyboard.press("Escape")
        assert not dialog.is_visible()
        figure = page.locator("article figure.course-figure img").first
        figure.focus()
        page.keyboard.press("Enter")
        dialog.wait_for(state="visible", timeout=5000)
        page.keyboard.press("Escape")
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/search.html?q=reciprocal+inhibition")
    page.wait_for_selector("#search-results ul.search li p.context", timeout=30000)
    first = page.locator("#search-results ul.search li").first
    excerpt = first.locator("p.context").inner_text()
    assert "reciprocal" in excerpt.lower(), f"the excerpt does not show the match: {excerpt!r}"
    assert "Light" not in excerpt and "Dark" not in excerpt and "Contents" not in excerpt[:40], excerpt
    href = first.locator("a").first.get_attribute("href")
    assert "#" in href, f"the result links to the top of the page, not the section: {href}"
    page.goto(f"{base}/{href.lstrip('./')}" if not href.startswith("http") else href)
    anchor = href.split("#", 1)[1]
    section_text = page.locator(f"[id='{anchor}']").inner_text().lower()
    assert "reciprocal" in section_text or "inhibition" in section_text


# --- a downloaded chapter, outside the course ----------------------------------------------------
def _downloaded(book, tmp_path, rel="release/01_principles/01a_circuits.ipynb"):
    """The notebook behind a page's download button, alone in a fresh folder (nothing beside it)."""
    folder = tmp_path / "Downloads"
    folder.mkdir()
    shutil.copy(book / "_sources" / rel, folder / Path(rel).name)
    return folder / Path(rel).name


@pytest.mark.browser
def test_a_downloaded_notebook_shows_every_image_in_a_fresh_folder(book, site, tmp_path):
    """JupyterLab on a folder holding only the downloaded notebook: every diagram loads (nothing is
    fetched from ../../course/figures or anywhere else)."""
    nb_path = _downloaded(book, tmp_path)
    home = tmp_path / "home"
    # every cell in the DOM (JupyterLab renders only cells near the viewport by default)
    tracker = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"))
    log = open(tmp_path / "lab.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
                             f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
                             f"--ServerApp.root_dir={nb_path.parent}", "--LabApp.news_url=None"],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("JupyterLab did not start: " + (tmp_path / "lab.log").read_text()[-2000:])
        page = site["context"].new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/lab/tree/{nb_path.name}?token={token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-RenderedMarkdown img", timeout=60000)
        page.wait_for_timeout(1000)
        images = page.evaluate("""async () => {
            const imgs = [...document.querySelectorAll('.jp-NotebookPanel .jp-RenderedMarkdown img')];
            await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
            return imgs.map(i => [i.getAttribute('alt').slice(0, 40), i.naturalWidth]); }""")
        page.screenshot(path=str(ARTIFACTS / "downloaded_notebook_in_lab.png"))
        page.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
    assert len(images) >= 2 and all(w > 0 for _alt, w in images), f"images that did not load: {images}"
    assert not [u for u in requests if "course/figures" in u or u.endswith(".svg")], "an image came from a file"


_RUN = """
import json, sys
import nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3").execute()   # raises-exception cells may fail
errors = [(k, o.get("ename")) for k, c in enumerate(nb.cells) if c.cell_type == "code"
          for o in c.get("outputs", []) if o.output_type == "error"
          and "raises-exception" not in c.metadata.get("tags", [])]
first = next(c for c in nb.cells if "course-start" in c.metadata.get("tags", []))
import helpers
print(json.dumps({"errors": errors, "first": [o.get("data", {}).get("text/plain") for o in first.outputs],
                  "helpers": helpers.__file__, "figures": sum("course-figure" in json.dumps(c.get("outputs", []))
                                                             for c in nb.cells)}))
"""


def test_a_downloaded_chapter_runs_in_a_fresh_venv_with_the_books_wheel(book, tmp_path):
    """A reader's computer: a new virtual environment, ``pip install`` of the book's wheel (its
    dependencies from the package index), and the downloaded chapter, alone in a folder, run top to
    bottom.  (nbclient is installed only to run it headless here.)"""
    nb_path = _downloaded(book, tmp_path)
    wheel = next((book / "_static").glob("dystonia_helpers-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "DYSTONIA_STUDENT_ID",
                                                              "JUPYTERHUB_USER", "COURSE_STATIC_EXPLORERS")}
    env["PATH"] = str(venv / "bin") + os.pathsep + env.get("PATH", "")
    env["HOME"] = str(tmp_path / "home")
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              str(wheel), "nbclient"], capture_output=True, text=True, timeout=900, env=env)
    if install.returncode and "Could not find a version" in install.stderr + install.stdout:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"no package index reachable: {install.stderr[-500:]}")
        pytest.skip("no package index reachable for the wheel's dependencies")
    assert install.returncode == 0, install.stdout[-2000:] + install.stderr[-2000:]
    (tmp_path / "run.py").write_text(_RUN)
    run = subprocess.run([str(python), str(tmp_path / "run.py"), nb_path.name], cwd=nb_path.parent, env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["helpers"].startswith(str(venv)), f"helpers came from {report['helpers']}, not the wheel"
    assert not report["errors"], f"cells that failed outside the problems: {report['errors']}"
    assert report["first"] and report["first"][0].startswith("The demo patient"), report["first"]
    assert report["figures"] >= 5, f"only {report['figures']} figures drawn"
