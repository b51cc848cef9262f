"""A student in Chromium on the course's hub: the login form, JupyterLab, the Assignment List.

Debian's Chromium driven by the ``playwright`` package, as in ``tests/browser/`` (never
``playwright install``).  ``available()`` says whether it can run here.
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
import webtools  # noqa: E402

# Every <img> in rendered Markdown and outputs, with whether it loaded; `ready` once each has
# finished loading (or failed), so a missing diagram reads as naturalWidth 0, not as pending.
IMAGES = """() => {
    const imgs = Array.from(document.querySelectorAll('.jp-Notebook img'));
    return {ready: imgs.every(i => i.complete),
            images: imgs.map(i => ({src: i.getAttribute('src').slice(0, 120), width: i.naturalWidth,
                                    alt: (i.getAttribute('alt') || '').slice(0, 60)}))};
}"""


def available():
    """None when Chromium and playwright are here, else why not."""
    if not Path(webtools.CHROMIUM).exists():
        return "chromium is not installed"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None


class StudentBrowser:
    """One user's Chromium tab on the hub."""

    def __init__(self, playwright, hub_url, name, password, artifacts):
        self.url, self.name, self.password = hub_url.rstrip("/"), name, password
        self.artifacts = Path(artifacts)
        self.browser = playwright.chromium.launch(executable_path=webtools.CHROMIUM, headless=True,
                                                  args=webtools.FLAGS)
        self.page = self.browser.new_page(viewport={"width": 1400, "height": 1000})
        self.errors = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def close(self):
        self.browser.close()

    def shot(self, name):
        self.artifacts.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(self.artifacts / f"{name}.png"))

    def login(self):
        """The hub's login form, as a person fills it in; returns when JupyterLab has started."""
        self.page.goto(f"{self.url}/hub/login")
        self.page.fill("#username_input", self.name)
        self.page.fill("#password_input", self.password)
        self.page.click("#login_submit")
        self.page.wait_for_url(f"**/user/{self.name}/lab**", timeout=120_000)
        self.page.wait_for_selector("#jp-main-dock-panel", timeout=120_000)

    def open_notebook(self, path, timeout_s=90):
        """Open ``path`` (relative to the home folder) and wait until every image settled.

        Returns ``IMAGES``'s report: ``{"ready", "images": [{src, width, alt}]}``."""
        self.page.goto(f"{self.url}/user/{self.name}/lab/tree/{path}")
        self.page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout_s * 1000)
        self.page.wait_for_function(f"(() => {{ const r = ({IMAGES})(); return r.ready && r.images.length > 0; }})",
                                    timeout=timeout_s * 1000)
        return self.page.evaluate(IMAGES)

    def open_assignment_list(self):
        """*Nbgrader > Assignment List*, as clicked in the menu bar; returns the panel's rows."""
        self.page.goto(f"{self.url}/user/{self.name}/lab")
        self.page.wait_for_selector("#jp-main-dock-panel", timeout=120_000)
        self.page.get_by_role("menuitem", name="Nbgrader").click()
        self.page.get_by_role("menuitem", name="Assignment List").click()
        self.page.wait_for_selector(".list_item .item_course", timeout=60_000)
        return self.assignment_rows()

    def assignment_rows(self, wait_for_due=True):
        """``{assignment: {"text", "due", "late", "submissions": [text]}}`` from the open panel."""
        if wait_for_due:
            self.page.wait_for_selector(".dystonia-due", timeout=30_000)
        return self.page.evaluate("""() => {
            const out = {};
            for (const row of document.querySelectorAll('.list_item.row:not(.nested_list_item)')) {
                const top = row.querySelector(':scope > .col-md-12');
                const name = top && top.querySelector(':scope > .item_name');
                if (!name || !top.querySelector(':scope > .item_course')) continue;
                const due = name.querySelector('.dystonia-due');
                const key = (name.firstElementChild || name).textContent.trim();
                out[key] = {text: top.textContent.trim(), due: due ? due.textContent : null,
                            late: due ? due.dataset.late === 'true' : null,
                            submissions: Array.from(row.querySelectorAll('.nested_list_item .item_name'))
                                              .map(e => e.textContent.trim())};
            }
            return out;
        }""")

    def submit(self, assignment, timeout_s=60):
        """Press *Submit* in ``assignment``'s row; returns when the panel lists one more submission."""
        count = "(a) => document.querySelectorAll('.nested_list_item .item_name').length"
        before = self.page.evaluate(count, assignment)
        row = self.page.locator(".list_item.row:not(.nested_list_item)", has_text=assignment).first
        row.get_by_role("button", name="Submit").click()
        self.page.wait_for_function(f"(a) => ({count})(a) > {before}", arg=assignment, timeout=timeout_s * 1000)

    def view_feedback(self, timeout_s=60):
        """Click "(view feedback)"; returns the labels of the tabs that opened."""
        before = set(self.tab_labels())
        self.page.get_by_text("(view feedback)").first.click()
        self.page.wait_for_function("""(before) => Array.from(document.querySelectorAll('.lm-TabBar-tabLabel'))
            .some(t => t.textContent.endsWith('.html') && !before.includes(t.textContent))""",
                                    arg=sorted(before), timeout=timeout_s * 1000)
        self.page.wait_for_selector(".jp-HTMLViewer iframe", state="attached", timeout=timeout_s * 1000)
        return sorted(set(self.tab_labels()) - before)

    def tab_labels(self):
        return self.page.evaluate("() => Array.from(document.querySelectorAll('.lm-TabBar-tabLabel'))"
                                  ".map(t => t.textContent)")

    def news_toast(self):
        """True when JupyterLab's "official Jupyter news" question is on the page."""
        return self.page.get_by_text("official Jupyter news").count() > 0


def settings(user, plugin):
    """A JupyterLab plugin's effective settings on ``user``'s server (the settings REST API): the
    schema's defaults, with the environment's overrides already in them, then the user's own."""
    reply = user.server("GET", f"/lab/api/settings/{plugin}", "server:settings", expect=(200,)).json()
    effective = {k: v.get("default") for k, v in reply["schema"].get("properties", {}).items()}
    effective.update(reply.get("settings") or {})
    return effective


def set_setting(user, plugin, values):
    """Save ``values`` as ``user``'s own settings of ``plugin`` (what the Settings Editor does)."""
    user.server("PUT", f"/lab/api/settings/{plugin}", "server:settings", expect=(204,),
                json={"raw": json.dumps(values)})
