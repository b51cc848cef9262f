"""A glossary link in a chapter opens the glossary at its term in JupyterLab (what `make lab` serves).

The chapter sits in its assignment folder of the course folder (``workspace/01_principles/``, as on
a hub and in the student pack) and links ``glossary.md#term``, the copy beside it.

JupyterLab's sanitizer turns an ``id`` into ``data-jupyter-id`` and gives a heading the id of its
own text ("Co-contraction-index", case kept), so ``glossary.md#co-contraction-index`` lands on
the term only through the entry's explicit ``<a id>``.  This test clicks such links in Chromium.
Without Chromium or playwright it is skipped with the reason (REQUIRE_BROWSER=1: a failure).
"""
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

import glossary
import workspace
from course_utils import ROOT

sys.path.insert(0, str(ROOT / "tests" / "browser"))
from webtools import CHROMIUM, FLAGS, free_port, require_browser  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TERMS = {"co-contraction-index": "Co-contraction index", "gpi-gpe-and-stn": "GPi, GPe and STN", "twstrs": "TWSTRS"}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_browser()
    root = tmp_path_factory.mktemp("glossary_lab")
    served = root / "workspace"
    workspace.prepare(served)                       # the same copy `make lab` makes
    links = " ".join(f"[{word}]({glossary.HREF}#{anchor})" for anchor, word in TERMS.items())
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# Links\n\n{links}")])
    nbformat.write(nb, str(served / "01_principles" / "links.ipynb"))
    home = root / "home"
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"))
    port, token = free_port(), "glossary-test"
    log = open(root / "lab.log", "w")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1",
                             f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
                             f"--ServerApp.root_dir={served}", "--LabApp.news_url=None", "--allow-root"],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(160):
            if proc.poll() is not None:
                pytest.fail("JupyterLab exited: " + (root / "lab.log").read_text()[-2000:])
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("JupyterLab did not start: " + (root / "lab.log").read_text()[-2000:])
        yield {"base": base, "token": token, "root": root}
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_a_chapter_link_opens_the_glossary_at_the_term(lab):
    from playwright.sync_api import sync_playwright
    landed = {}
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(str(lab["root"] / "chromium"), executable_path=CHROMIUM,
                                                   headless=True, args=FLAGS, viewport={"width": 1280, "height": 800})
        page = ctx.new_page()
        page.goto(f"{lab['base']}/lab/tree/01_principles/links.ipynb?token={lab['token']}")
        for anchor, word in TERMS.items():
            link = page.locator(".jp-RenderedMarkdown a", has_text=word).first
            link.wait_for(timeout=60000)
            for _ in range(20):                      # the kernel dialog may come and go while the page settles
                if page.locator(".jp-Dialog").count():
                    page.keyboard.press("Escape")
                page.wait_for_timeout(250)
                if not page.locator(".jp-Dialog").count():
                    break
            link.click()
            page.wait_for_selector(".jp-MarkdownViewer", timeout=30000)
            page.wait_for_timeout(1500)
            opened = page.locator(".lm-TabBar-tab.jp-mod-current").first.get_attribute("title") or ""
            assert "01_principles/glossary.md" in opened, f"the link opened {opened!r}, not the copy beside the chapter"
            landed[anchor] = page.evaluate("""(anchor) => {
                const viewer = [...document.querySelectorAll('.jp-MarkdownViewer')].find(v => v.offsetParent);
                const target = viewer.querySelector(`[data-jupyter-id="${anchor}"]`);
                return target ? target.getBoundingClientRect().top - viewer.getBoundingClientRect().top : null;
            }""", anchor)
            page.locator(".lm-TabBar-tab", has_text="links.ipynb").first.click()
        ctx.close()
    for anchor, offset in landed.items():
        assert offset is not None, f"the glossary shown in JupyterLab has no anchor {anchor!r}"
        assert -5 <= offset <= 60, f"#{anchor}: the term is {offset:.0f} px from the top, not scrolled to"
