"""The course in a real browser: JupyterLab + Chromium driven by Playwright.

Starts JupyterLab with ``make lab`` (on loopback, with a token) on a temporary
copy of the course, opens the front door at the address ``make lab`` prints,
follows its link to chapter 1, runs the chapter, moves
an explorer slider and checks that the figure changes, and presses nbgrader's
Validate on a solved and on a blank notebook.  Screenshots go to
tests/artifacts/browser/.  Any JavaScript page error fails the test.

Needs Debian's ``chromium`` (``apt-get install chromium``) and the ``playwright``
package (never ``playwright install``: it would download a browser).  Without
them the test is skipped with the reason, unless REQUIRE_BROWSER=1 (CI), where
it fails instead.
"""
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import nbtools
from course_utils import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def _require_browser():
    reason = None
    if not Path(CHROMIUM).exists():
        reason = "chromium is not installed (apt-get install chromium, or run .ci/run)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed (pip install -e '.[test]')"
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser test required (REQUIRE_BROWSER=1) but {reason}")
        pytest.skip(f"browser test skipped: {reason}")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    _require_browser()
    root = tmp_path_factory.mktemp("lab")
    course = root / "course_copy"
    for name in ("course", "release", "source"):
        shutil.copytree(ROOT / name, course / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    # notebooks for Validate: chapter 1a solved, and blank
    student = nbtools.read(ROOT / "release" / "01_principles" / "01a_circuits.ipynb")
    solved = nbtools.fill_solutions(student, nbtools.instructor_answers(
        nbtools.read(ROOT / "source" / "01_principles" / "01a_circuits.ipynb")))
    (course / "validate").mkdir()
    (course / "validate" / "solved.ipynb").write_text(json.dumps(solved))
    (course / "validate" / "blank.ipynb").write_text(json.dumps(student))
    home = root / "home"
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    port, token = _free_port(), secrets.token_hex(16)
    log = open(root / "lab.log", "w")
    # `make lab` exactly as a user runs it, in the copy, with the project's environment
    # (no venv creation: BIN points at this interpreter's, STAMP is emptied) and test-only extras
    shutil.copy(ROOT / "Makefile", course / "Makefile")
    extra = (f"--no-browser --ip=127.0.0.1 --IdentityProvider.token={token} "
             "--LabApp.expose_app_in_browser=True --LabApp.news_url=None")
    proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"BIN={Path(sys.executable).parent}", "STAMP=",
                             f"PORT={port}", f"LAB_EXTRA={extra}"],
                            cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
            break
        except OSError:
            time.sleep(0.25)
    else:
        os.killpg(proc.pid, signal.SIGTERM)
        pytest.fail("JupyterLab did not start: " + (root / "lab.log").read_text()[-2000:])
    printed = re.search(r"http://127\.0\.0\.1:\d+(/\S*)\?token=", (root / "lab.log").read_text())
    yield {"base": base, "token": token, "root": root, "landing": printed.group(1) if printed else None}
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="module")
def page(lab):
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(lab["root"] / "chromium"), executable_path=CHROMIUM,
                                                   headless=True, args=FLAGS, viewport={"width": 1400, "height": 1000})
        pg = ctx.new_page()
        errors = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.errors = errors
        yield pg
        ctx.close()


def _wait_idle(page, timeout_s=90):
    page.wait_for_function("""() => {
        const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        return w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel &&
               w.sessionContext.session.kernel.status === 'idle';
    }""", timeout=timeout_s * 1000)


def _wait_notebook(page, path_end):
    page.wait_for_function("""(end) => {
        const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        return w && w.context && w.context.path.endsWith(end) && w.content && w.content.widgets.length > 0;
    }""", arg=path_end, timeout=60000)


def _open(page, lab, path):
    page.goto(f"{lab['base']}/lab/tree/{path}?token={lab['token']}")
    _wait_notebook(page, path)


def test_front_door_chapter_explorer_and_validate(lab, page):
    # 1. the front door, at the address `make lab` prints and opens
    assert lab["landing"] == "/lab/tree/course/index.ipynb", f"make lab opens {lab['landing']}"
    page.goto(f"{lab['base']}{lab['landing']}?token={lab['token']}")
    _wait_notebook(page, "course/index.ipynb")
    page.wait_for_selector(".jp-Notebook .jp-RenderedMarkdown h2:has-text('Table of contents')", timeout=30000)
    page.screenshot(path=str(ARTIFACTS / "01_front_door.png"))

    # 2. follow its link to chapter 1, part 1
    page.click(".jp-Notebook .jp-RenderedMarkdown a:has-text('Part 1 — Circuits that lose their inhibition')")
    _wait_notebook(page, "01a_circuits.ipynb")
    _wait_idle(page)

    # 3. run the chapter
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function("""() => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        const cells = nb.widgets.filter(c => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
        return cells.length > 0 && cells.every(c => c.model.executionCount !== null);
    }""", timeout=180000)
    _wait_idle(page, 180)
    page.screenshot(path=str(ARTIFACTS / "02_chapter_run.png"))

    # 4. move the first explorer slider and check the figure changes
    # the second slider of the first explorer: co-contraction drive (0 -> 0.6 must change the EMG)
    slider = page.locator(".jp-NotebookPanel:visible .jupyter-widgets.widget-slider").nth(1)
    slider.scroll_into_view_if_needed()
    explorer = slider.locator("xpath=ancestor::div[contains(@class,'jp-OutputArea')][1]")
    img = explorer.locator("img").first
    img.wait_for(timeout=30000)
    before = img.get_attribute("src")
    readout = slider.locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("0.6")
    page.keyboard.press("Enter")
    # the explorer replaces its output: poll the (new) image until its data differ
    after = before
    deadline = time.time() + 60
    while after == before and time.time() < deadline:
        page.wait_for_timeout(250)
        try:
            after = explorer.locator("img").first.get_attribute("src", timeout=1000)
        except Exception:  # noqa: BLE001 - the output is being redrawn
            continue
    _wait_idle(page)
    slider.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "03_explorer_moved.png"))
    assert after and after != before, "moving the slider did not redraw the figure"

    # 5. Validate: a solved notebook passes, the blank one fails
    verdicts = {}
    for name in ("solved", "blank"):
        _open(page, lab, f"validate/{name}.ipynb")
        _wait_idle(page)
        page.locator(".jp-NotebookPanel:visible .validate-button").first.click()
        dialog = page.locator(".jp-Dialog")
        dialog.wait_for(timeout=180000)
        page.wait_for_function("() => !document.querySelector('.jp-Dialog')?.innerText.includes('Validating')",
                               timeout=180000)
        verdicts[name] = dialog.inner_text()
        page.screenshot(path=str(ARTIFACTS / f"04_validate_{name}.png"))
        page.keyboard.press("Escape")
    assert "Success" in verdicts["solved"], verdicts["solved"][:500]
    assert "Success" not in verdicts["blank"] and ("failed" in verdicts["blank"].lower() or "error" in
                                                   verdicts["blank"].lower()), verdicts["blank"][:500]
    assert not page.errors, f"JavaScript errors in the page: {page.errors}"
