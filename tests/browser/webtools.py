"""Shared pieces of the browser tests: Chromium, axe-core, a loopback web server.

Chromium is Debian's (``apt-get install chromium``), driven by the ``playwright``
package (never ``playwright install``).  axe-core comes from the project's own
package-lock.json (``npm ci``).  Without them a browser test is skipped with the
reason, unless REQUIRE_BROWSER=1 (CI), where it fails instead.
"""
import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))
import hubctl  # noqa: E402  (the project's one port picker)
ARTIFACTS_NAME = "browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
#: axe-core rule sets checked (WCAG 2.x A and AA); serious or critical findings fail.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")


def skip_or_fail(reason):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test required (REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(f"browser test skipped: {reason}")


def require_browser(axe=False):
    """Skip (or fail under REQUIRE_BROWSER=1) without Chromium, playwright or, if asked, axe-core."""
    if not Path(CHROMIUM).exists():
        skip_or_fail("chromium is not installed (apt-get install chromium, or run .ci/run)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail("the playwright package is not installed (pip install -e '.[test]')")
    if axe and not AXE.exists():
        skip_or_fail(f"axe-core is not installed ({AXE} missing: run `npm ci`)")


def free_port():
    """A port for a server that binds it later: deploy/hubctl.py's, below the ephemeral range."""
    return hubctl.free_port()


@contextlib.contextmanager
def serve(folder):
    """Serve ``folder`` on a loopback port for the duration of the block; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)    # bound at once: port 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def run_axe(page, include=None, exclude=None, *, impacts=FAILING_IMPACTS):
    """Run axe-core on ``page`` (optionally only inside ``include``, minus ``exclude``: CSS selectors).

    Returns the violations of the given ``impacts`` as ``[(rule id, impact, help, [targets])]``.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async ([include, exclude, tags]) => {
        const context = include ? {include: [include], exclude: exclude ? [exclude] : []} : document;
        const r = await axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return r.violations.map(v => [v.id, v.impact, v.help, v.nodes.slice(0, 5).map(n => n.target.join(' '))]);
    }""", [include, exclude, AXE_TAGS])
    return [tuple(v) for v in result if v[1] in impacts]
