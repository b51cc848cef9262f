"""A semester's cycle on the course's JupyterHub, end to end, on loopback.

One module-scoped scenario (``semester``) runs the whole cycle once, with real Unix accounts
and ``deploy/jupyterhub_config.py``; the tests then check what it left.

1. An instructor opens the formgrader's terminal (*File > New > Terminal* in the service's
   JupyterLab, through the hub) and types the guide's commands there: generate, set the due
   date (two hours ahead), release ``01_principles``.
2. Three students log in through the hub's REST API with their Unix passwords and start their
   servers.  Through nbgrader's Assignment List endpoints on their own servers they fetch, work
   (the test writes their notebooks through the contents API) and submit: ``s1`` submits the
   blank edition, then the full solution; ``s2`` a partial solution; ``s3`` the blank edition,
   after the deadline.  ``s2`` also tries, in their own terminal, to submit in ``s1``'s name
   (refused by nbgrader) and then writes such a folder into ``inbound/`` by hand.
3. ``s3`` works in Chromium: logs in through the hub's form, opens the fetched chapter (every
   image must load), sees the due date in the Assignment List; after the instructor moves the
   deadline to now and releases again, sees it has passed and submits there (marked late).
4. In the formgrader's terminal: collect, ``make grade`` (which also records the class in the
   course root's gradebook, for the formgrader), generate and release feedback.
5. Each student fetches their own feedback; ``s3`` presses *Fetch Feedback* and
   "(view feedback)" in Chromium, which opens the pages.

Fetch and submit go through each student's own server, not ``nbgrader`` run with ``runuser``:
that is the path a student's click takes (hub, proxy, the server running as the student,
nbgrader's server extension), so it also tests the spawner's environment and the course's
site-wide configuration.  The grader's steps are typed into a real terminal of the formgrader
service, so its login shell and ``PATH`` are what an instructor gets.
"""
import csv
import datetime
import os
import pwd
import re
import time
from pathlib import Path

import nbformat
import pytest

import hub_browser
from hub_client import Terminal
from hub_site import ARTIFACTS, ROOT, HubSite, require_hub, write_artifact

import nbtools
from grader import manual

pytestmark = [pytest.mark.slow, pytest.mark.hub]

ASSIGNMENT = "01_principles"
CHAPTER = "01a_circuits.ipynb"


@pytest.fixture(scope="module")
def semester():
    require_hub()
    site = HubSite(n_students=3, label="e2e")
    t_start = time.perf_counter()
    try:
        site.open()
        yield run_semester(site)
    finally:
        site.close()
        site.timings["total_s"] = time.perf_counter() - t_start
        write_artifact("e2e.json", site.timings)


def _phase(site, name, start):
    site.timings[f"{name}_s"] = round(time.perf_counter() - start, 2)
    return time.perf_counter()


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _set_due_date(out, when):
    """The instructor sets the due date in the formgrader (its REST call, through the hub)."""
    reply = out["instructor"].hub.request(
        "PUT", f"/services/dystonia/formgrader/api/assignment/{ASSIGNMENT}", "service:formgrader",
        token=out["instructor"].token,
        json={"duedate_notimezone": when.isoformat(), "duedate_timezone": "+0000"})
    out.setdefault("set_duedate_status", []).append(reply.status_code)


def _typed(out, command, timeout_s=120):
    """``command`` typed into the formgrader's terminal; fails with its output unless it succeeds."""
    status, text = out["terminal"].run(command, timeout_s=timeout_s)
    out["typed"].append((command, status, text))
    if status != 0:
        raise AssertionError(f"`{command}` in the formgrader's terminal exited {status}:\n{text[-3000:]}")
    return text


def run_semester(site):
    s1, s2, s3 = site.students
    instructor = site.instructors[0]
    out = {"site": site, "typed": [], "browser": {}}
    t = time.perf_counter()

    # 1. the instructor, in the formgrader's terminal: generate, due date, release
    out["instructor"] = site.login(instructor)
    out["terminal"] = Terminal(site.hub, "/services/dystonia", out["instructor"].token)
    out["grader_path"] = _typed(out, "command -v nbgrader python jupyter && pwd")
    _typed(out, f"nbgrader generate_assignment {ASSIGNMENT} --force")
    _set_due_date(out, _utc_now() + datetime.timedelta(hours=2))
    _typed(out, f"nbgrader release_assignment {ASSIGNMENT} --force")
    t = _phase(site, "release", t)

    # 2. students log in, start servers, fetch
    users = {name: site.login(name) for name in site.students}
    for user in users.values():
        user.start_server()
    listed = users[s1].assignments()
    out["listed"] = [(a["assignment_id"], a["status"], a.get("due_at")) for a in listed]
    for user in users.values():
        user.fetch(ASSIGNMENT)
    out["users"] = users
    student_terminal = Terminal(site.hub, f"/user/{s2}", users[s2].token)
    out["student_path"] = student_terminal.run("command -v nbgrader python jupyter")
    t = _phase(site, "login_spawn_fetch", t)

    sources = {p.name: nbtools.read(p) for p in sorted((site.course / "source" / ASSIGNMENT).glob("*.ipynb"))}
    out["notebooks"] = sorted(sources)

    def work(user, how):
        for name, source in sources.items():
            path = f"{ASSIGNMENT}/{name}"
            release = nbformat.from_dict(user.get_notebook(path))
            answers = nbtools.instructor_answers(source)
            if how == "full":
                chosen = answers
            elif how == "partial":
                gids = list(answers)
                chosen = {g: answers[g] for g in gids[: max(1, len(gids) // 2)]}
            else:
                chosen = {}
            user.put_notebook(path, nbtools.fill_solutions(release, chosen))

    # s1: blank first, then the full solution (a resubmission)
    users[s1].submit(ASSIGNMENT)
    first = _inbound_timestamps(site, s1)
    time.sleep(1.1)
    work(users[s1], "full")
    users[s1].submit(ASSIGNMENT)
    # s2: partial, checked with Validate first; then submissions in s1's name, from s2's terminal
    work(users[s2], "partial")
    reply = users[s2].server("POST", "/assignments/validate", "server:nbgrader", expect=(200,),
                             data={"path": f"{ASSIGNMENT}/{sorted(sources)[0]}"})
    out["validate"] = reply.json()
    users[s2].submit(ASSIGNMENT)
    time.sleep(1.1)
    # nbgrader itself refuses: s2's server token may not read s1's enrolment (JupyterHubAuthPlugin)
    out["forged_by_nbgrader"] = student_terminal.run(
        f"cd ~ && nbgrader submit {ASSIGNMENT} --student={s1} --course=dystonia")
    # ... so s2 writes the folder by hand, named as s1's and later than s1's own
    stamp = _utc_now().strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    forged = site.exchange / "dystonia" / "inbound" / f"{s1}+{ASSIGNMENT}+{stamp}+forged"
    out["forged_by_hand"] = student_terminal.run(
        f'cp -r ~/{ASSIGNMENT} "{forged}" && printf "%s" "{stamp}" > "{forged}/timestamp.txt"')
    student_terminal.close()
    out["s1_timestamps"] = _inbound_timestamps(site, s1)
    out["s1_first"] = first
    t = _phase(site, "work_and_submit", t)

    # 3. s3 in Chromium: the chapter's images, the due date; then the deadline passes
    reason = hub_browser.available()
    if reason:
        out["browser"]["skipped"] = reason
        _set_due_date(out, _utc_now())
        _typed(out, f"nbgrader release_assignment {ASSIGNMENT} --force")
        out["due"] = _late_submission_by_api(users[s3])
    else:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as playwright:
            browser = hub_browser.StudentBrowser(playwright, site.url, s3, site.passwords[s3], ARTIFACTS / "e2e")
            try:
                out["due"] = _student_in_chromium(out, browser, users[s3])
            except Exception as exc:  # noqa: BLE001 - the browser's tests fail with it; the rest go on
                out["browser"]["error"] = f"{type(exc).__name__}: {exc}"[:3000]
                browser.shot("s3_error")
                if "due" not in out:
                    _set_due_date(out, _utc_now())
                    out["due"] = _late_submission_by_api(users[s3])
            finally:
                browser.close()
    t = _phase(site, "deadline_and_late_submission", t)

    # 4. collect, grade, feedback: typed in the formgrader's terminal
    out["collect"] = _typed(out, f"nbgrader collect {ASSIGNMENT}")
    t = _phase(site, "collect", t)
    out["make_grade"] = _typed(out, "make grade", timeout_s=900)
    t = _phase(site, "make_grade", t)
    # nbgrader's own feedback from the course root's gradebook (make grade records every
    # submission there): release_feedback needs the timestamp.txt and submission_secret.txt
    # that nbgrader writes beside each page
    _typed(out, f"nbgrader generate_feedback {ASSIGNMENT} --force", timeout_s=900)
    _typed(out, f"nbgrader release_feedback {ASSIGNMENT}")
    out["terminal"].close()
    t = _phase(site, "feedback", t)

    # 5. each student fetches their feedback; s3 in Chromium, and opens it
    for name in (s1, s2):
        users[name].fetch_feedback(ASSIGNMENT)
    if reason:
        users[s3].fetch_feedback(ASSIGNMENT)
    else:
        with sync_playwright() as playwright:
            browser = hub_browser.StudentBrowser(playwright, site.url, s3, site.passwords[s3], ARTIFACTS / "e2e")
            try:
                browser.login()
                browser.open_assignment_list()
                row = browser.page.locator(".list_item.row:not(.nested_list_item)", has_text="Fetch Feedback")
                row.get_by_role("button", name="Fetch Feedback").click()
                browser.page.wait_for_selector("text=(view feedback)", timeout=60_000)
                out["browser"]["feedback_tabs"] = browser.view_feedback()
                browser.shot("s3_feedback_opened")
                out["browser"]["errors"] = browser.errors
            except Exception as exc:  # noqa: BLE001 - the browser's tests fail with it; the rest go on
                out["browser"]["feedback_error"] = f"{type(exc).__name__}: {exc}"[:3000]
                browser.shot("s3_feedback_error")
                users[s3].fetch_feedback(ASSIGNMENT)
            finally:
                browser.close()
    t = _phase(site, "fetch_feedback", t)
    with open(site.course / "reports" / "summary.csv") as f:
        out["summary"] = {row["student"]: row for row in csv.DictReader(f) if row["assignment"] == ASSIGNMENT}
    out["settings"] = {plugin: hub_browser.settings(users[s1], plugin) for plugin in
                       ("@jupyter-widgets/jupyterlab-manager:plugin", "@jupyterlab/apputils-extension:notification")}
    out["hub_log"] = (site.base / "jupyterhub.log").read_text(errors="replace")
    return out


def _late_submission_by_api(user):
    due = _utc_now()
    time.sleep(1.1)
    user.submit(ASSIGNMENT)
    return due


def _student_in_chromium(out, browser, user):
    """s3's visit: the chapter's images, the due date, then (after the deadline) a late submission.

    Returns the due date the instructor set."""
    # every cell rendered at once, so every image is in the page (JupyterLab draws only the
    # visible cells by default)
    hub_browser.set_setting(user, "@jupyterlab/notebook-extension:tracker", {"windowingMode": "none"})
    browser.login()
    out["browser"]["news_toast_after_login"] = browser.news_toast()
    out["browser"]["images"] = browser.open_notebook(f"{ASSIGNMENT}/{CHAPTER}")
    browser.shot("s3_chapter_opened")
    out["browser"]["before_deadline"] = browser.open_assignment_list()
    browser.shot("s3_assignment_list_due")
    due = _utc_now()
    _set_due_date(out, due)
    _typed(out, f"nbgrader release_assignment {ASSIGNMENT} --force")       # publishes the new date
    time.sleep(1.1)
    browser.page.reload()
    out["browser"]["after_deadline"] = browser.open_assignment_list()
    browser.submit(ASSIGNMENT)
    out["browser"]["after_submit"] = browser.assignment_rows()
    browser.shot("s3_submitted_late")
    out["browser"]["news_toast"] = browser.news_toast()
    return due


def _inbound_timestamps(site, student):
    inbound = site.exchange / "dystonia" / "inbound"
    return sorted((p / "timestamp.txt").read_text() for p in inbound.glob(f"{student}+{ASSIGNMENT}+*"))


# --- what the students saw -------------------------------------------------------------------
def test_students_see_the_released_assignment(semester):
    assert any(a == ASSIGNMENT and status == "released" for a, status, _ in semester["listed"])


def test_each_student_reaches_only_their_own_server(semester):
    site = semester["site"]
    s1, s2, _ = site.students
    users = semester["users"]
    own = users[s1].server("GET", "/api/contents")
    other = site.hub.request("GET", f"/user/{s1}/api/contents", "check", token=users[s2].token)
    instructor = site.hub.request("GET", f"/user/{s1}/api/contents", "check", token=semester["instructor"].token)
    assert own.status_code == 200
    assert other.status_code == 403
    assert instructor.status_code == 403          # instructors manage servers, never open them


def test_instructors_see_the_class_on_the_admin_api(semester):
    site = semester["site"]
    reply = site.hub.request("GET", "/hub/api/users", "check", token=semester["instructor"].token)
    assert reply.status_code == 200
    assert set(site.students) <= {u["name"] for u in reply.json()}
    student = semester["users"][site.students[0]]
    assert site.hub.request("GET", "/hub/api/users", "check", token=student.token).status_code == 403


def test_only_instructors_reach_the_formgrader(semester):
    site = semester["site"]
    student = semester["users"][site.students[0]]
    path = f"/services/dystonia/formgrader/api/assignment/{ASSIGNMENT}"
    assert site.hub.request("GET", path, "check", token=student.token).status_code == 403
    reply = site.hub.request("GET", path, "check", token=semester["instructor"].token)
    assert reply.status_code == 200
    assert reply.json()["name"] == ASSIGNMENT
    assert semester["set_duedate_status"] and set(semester["set_duedate_status"]) == {200}


def test_validate_on_the_hub_reads_as_feedback(semester):
    """The course's Validate extension runs in students' servers: a partial solution gets
    the one-line-per-check summary (grader/validate_ext.py), not nbgrader's tracebacks."""
    reply = semester["validate"]
    assert reply["success"], reply
    failed = reply["value"]["failed"]
    assert failed                                   # a partial solution fails some checks
    assert "✓" in failed[0]["error"] and "✗" in failed[0]["error"]
    assert all("Traceback" not in f["error"] for f in failed)


# --- grades -----------------------------------------------------------------------------------
def _score(semester, student):
    """(score, the automatic points, status): written answers wait for a person and are not the test's."""
    row = semester["summary"][student]
    written = sum(manual.written_cells(ROOT, ASSIGNMENT).values())
    return float(row["score"]), float(row["max_score"]) - written, row["status"]


def test_make_grade_scores_full_partial_and_blank(semester):
    s1, s2, s3 = semester["site"].students
    full, maximum, status1 = _score(semester, s1)
    partial, _, status2 = _score(semester, s2)
    blank, _, status3 = _score(semester, s3)
    assert (status1, status2, status3) == ("graded", "graded", "graded")
    assert maximum > 0 and full == maximum
    assert 0 < partial < maximum
    assert blank == 0.0


def test_resubmission_replaces_the_earlier_one(semester):
    """s1's collected submission is the later one (full marks), with the later timestamp."""
    site = semester["site"]
    s1 = site.students[0]
    assert len(semester["s1_first"]) == 1 and len(semester["s1_timestamps"]) == 3   # blank, full, forged
    collected = (site.course / "submitted" / s1 / ASSIGNMENT / "timestamp.txt").read_text()
    assert collected > semester["s1_first"][0]
    full, maximum, _ = _score(semester, s1)
    assert full == maximum


def test_a_submission_forged_in_another_name_is_refused(semester):
    """nbgrader refuses ``submit --student=s1`` typed in s2's terminal; a folder s2 makes by hand
    in s1's name, later than s1's own, is refused at collect and s1's own latest is collected."""
    site = semester["site"]
    s1, s2, _ = site.students
    status, text = semester["forged_by_nbgrader"]
    assert status != 0 and "Submitted as" not in text          # s2's token may not even look s1 up
    assert semester["forged_by_hand"][0] == 0
    collected = (site.course / "submitted" / s1 / ASSIGNMENT / "timestamp.txt").read_text()
    assert collected < semester["s1_timestamps"][-1]                  # s1's own second, not the later forged one
    full, maximum, _ = _score(semester, s1)
    assert full == maximum                                              # s2's partial work is not in s1's name
    assert f"names {s1} but belongs to {s2}" in semester["collect"]
    rows = _collect_rows(site)
    assert any(r["decision"] == "refused" and r["submission"].endswith("+forged") for r in rows)


def _collect_rows(site):
    with open(site.course / "reports" / "collect.csv") as fh:
        return list(csv.DictReader(fh))


def test_late_submission_is_marked_late(semester):
    from nbgrader.api import Gradebook
    site = semester["site"]
    s1, s2, s3 = site.students
    with Gradebook(f"sqlite:///{site.course / 'gradebook.db'}", course_id="dystonia") as gb:
        assert gb.find_assignment(ASSIGNMENT).duedate is not None
        late = {s: gb.find_submission(ASSIGNMENT, s).total_seconds_late for s in (s1, s2, s3)}
    assert late[s1] == 0 and late[s2] == 0
    assert late[s3] > 0


def test_each_student_fetches_their_own_feedback(semester):
    """Fetched into each student's home, one page per notebook, scoring what make grade scored."""
    site = semester["site"]
    for student in site.students:
        home = Path(os.path.expanduser(f"~{student}"))
        files = sorted((home / ASSIGNMENT / "feedback").glob("*/*.html"))
        assert [f.name for f in files] == [n.replace(".ipynb", ".html") for n in semester["notebooks"]], student
        scores = [re.search(r"\(Score: ([\d.]+) / ([\d.]+)\)</h4>", f.read_text()) for f in files]
        assert all(scores), student
        total = sum(float(m.group(1)) for m in scores)
        maximum = sum(float(m.group(2)) for m in scores)
        score = float(semester["summary"][student]["score"])
        max_score = float(semester["summary"][student]["max_score"])      # written answers included
        assert total == pytest.approx(score, abs=0.01) and maximum == pytest.approx(max_score), student
        assert all(f.stat().st_uid == pwd.getpwnam(student).pw_uid for f in files)


# --- isolation, tested as the students' own Unix users ----------------------------------------
def test_students_cannot_list_the_inbound_or_the_feedback_folder(semester):
    site = semester["site"]
    s2 = site.students[1]
    course = site.exchange / "dystonia"
    assert site.denied(s2, "ls", str(course / "inbound"))
    assert site.denied(s2, "ls", str(course / "feedback"))


def test_students_cannot_read_another_submission_even_knowing_its_path(semester):
    site = semester["site"]
    s1, s2, _ = site.students
    inbound = site.exchange / "dystonia" / "inbound"
    theirs = sorted(p for p in inbound.glob(f"{s1}+{ASSIGNMENT}+*") if p.stat().st_uid != _uid(s2))
    assert theirs
    for folder in theirs:
        notebook = next(folder.glob("*.ipynb"))
        assert site.denied(s2, "cat", str(notebook))
        assert site.denied(s2, "cat", str(folder / "submission_secret.txt"))
        assert site.denied(s2, "ls", str(folder))


def test_students_cannot_read_another_feedback_even_knowing_its_path(semester):
    site = semester["site"]
    s1, s2, _ = site.students
    released = sorted((site.exchange / "dystonia" / "feedback").glob("*.html"))
    assert len(released) == 3 * len(semester["notebooks"])
    own = _own_feedback_names(site, s1)
    assert own
    for path in released:
        if path.name in own:
            assert not site.denied(s1, "cat", str(path))
            assert site.denied(s2, "cat", str(path))


def test_students_cannot_read_each_others_homes(semester):
    site = semester["site"]
    s1, s2, _ = site.students
    home1 = os.path.expanduser(f"~{s1}")
    assert site.denied(s2, "ls", home1)
    assert site.denied(s2, "cat", f"{home1}/{ASSIGNMENT}/{semester['notebooks'][0]}")


def test_students_cannot_read_the_course_directory(semester):
    site = semester["site"]
    s1 = site.students[0]
    course = site.course
    assert site.denied(s1, "ls", str(course / "source"))
    assert site.denied(s1, "cat", str(course / "source" / ASSIGNMENT / semester["notebooks"][0]))
    assert site.denied(s1, "cat", str(course / "gradebook.db"))
    assert site.denied(s1, "ls", str(course))


def _uid(name):
    return pwd.getpwnam(name).pw_uid


def _own_feedback_names(site, student):
    """The released feedback files of ``student``: nbgrader's hash of their collected submission's
    secret and each notebook."""
    from nbgrader.utils import notebook_hash
    secret = (site.course / "submitted" / student / ASSIGNMENT / "submission_secret.txt").read_text()
    return {notebook_hash(secret=secret, notebook_id=html.stem) + ".html"
            for html in (site.course / "feedback" / student / ASSIGNMENT).glob("*.html")}


# --- terminals, due dates, the student's JupyterLab -----------------------------------------------
def test_hub_terminals_find_the_course_environment(semester):
    """The formgrader's terminal and a student's terminal are login shells (Debian's /etc/profile
    resets PATH) and still find nbgrader, python and jupyter of the users' environment; the
    formgrader's starts in the course directory; every command of the semester ran there."""
    site = semester["site"]
    bin_dir = str(site.user_bin)
    lines = semester["grader_path"].splitlines()
    for tool in ("nbgrader", "python", "jupyter"):
        assert f"{bin_dir}/{tool}" in lines, semester["grader_path"]
    assert str(site.course) in lines
    status, text = semester["student_path"]
    assert status == 0 and f"{bin_dir}/nbgrader" in text.splitlines()
    typed = [command for command, status, _ in semester["typed"]]
    assert "make grade" in typed and f"nbgrader collect {ASSIGNMENT}" in typed


def test_the_assignment_list_carries_the_due_date(semester):
    """The release published the due date the instructor set: nbgrader's list gives it to students."""
    assert any(a == ASSIGNMENT and due for a, _, due in semester["listed"])


def _browser(semester, key):
    """What s3's Chromium visit recorded under ``key``; the visit's own error if it stopped first."""
    found = semester["browser"]
    if "skipped" in found:
        pytest.skip(f"Chromium: {found['skipped']}")
    if key not in found:
        raise AssertionError(f"Chromium stopped before {key!r}: "
                             f"{found.get('error') or found.get('feedback_error')}")
    return found[key]


def test_students_see_the_due_date_and_a_late_warning(semester):
    before = _browser(semester, "before_deadline")[ASSIGNMENT]
    after = _browser(semester, "after_deadline")[ASSIGNMENT]
    assert before["late"] is False and before["due"].startswith("due ")
    assert after["late"] is True and "a submission now is late" in after["due"]
    submitted = _browser(semester, "after_submit")
    assert any("(late)" in entry for row in submitted.values() for entry in row["submissions"]), submitted


def test_every_image_of_a_fetched_chapter_loads(semester):
    """A student's fetched chapter shows every diagram and figure (issue 23: diagrams linked
    above the assignment folder are not in the exchange and answer 404)."""
    report = _browser(semester, "images")
    assert report["images"]
    broken = [f"{img['src'].split('?')[0].rsplit('/', 1)[-1]} ({img['src'].split('?')[0]})"
              for img in report["images"] if img["width"] == 0]
    assert not broken, f"{len(broken)} of {len(report['images'])} images did not load: {broken}"


def test_view_feedback_opens_the_feedback_pages(semester):
    tabs = _browser(semester, "feedback_tabs")
    assert sorted(tabs) == [n.replace(".ipynb", ".html") for n in semester["notebooks"]]


def test_hub_users_get_the_course_lab_settings(semester):
    """make lab's settings (tools/lab_settings.json) hold on the hub: widget state saved with the
    notebook, no news toast."""
    widgets = semester["settings"]["@jupyter-widgets/jupyterlab-manager:plugin"]
    news = semester["settings"]["@jupyterlab/apputils-extension:notification"]
    assert widgets and news
    assert widgets["saveState"] is True
    assert news["fetchNews"] == "false"
    assert _browser(semester, "news_toast") is False


def test_no_kernel_runs_over_tcp(semester):
    """Students' kernels, Validate's and the formgrader's talk over Unix sockets: the servers'
    logs (in the hub's) carry no "Kernel is running over TCP without encryption"."""
    assert "without encryption" not in semester["hub_log"]


def test_each_student_finds_the_front_door_at_home(semester):
    """The chapters' Contents links point to ``../index.ipynb``: the hub puts the front door in
    each home, beside the fetched chapters, as the student's own file."""
    site = semester["site"]
    for student in site.students:
        page = Path(pwd.getpwnam(student).pw_dir) / "index.ipynb"
        assert page.is_file() and page.stat().st_uid == pwd.getpwnam(student).pw_uid, student
        assert "index.ipynb" in semester["users"][student].list_dir("")
    front = nbformat.read(str(page), as_version=4)
    assert any(f"{ASSIGNMENT}/" in cell.source for cell in front.cells)       # it links the chapters
