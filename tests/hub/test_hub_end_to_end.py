"""A semester's cycle on the course's JupyterHub, end to end, on loopback.

One module-scoped scenario (``semester``) runs the whole cycle once, with real Unix
accounts and ``deploy/jupyterhub_config.py``; the tests then check what it left.

1. The grader account (the formgrader's terminal) generates and releases
   ``01_principles`` into the exchange.
2. Three students log in through the hub's REST API with their Unix passwords and
   start their servers.  Through nbgrader's Assignment List endpoints on their own
   servers they fetch, work (the test writes their notebooks through the contents
   API) and submit: ``s1`` submits the blank edition, then the full solution;
   ``s2`` a partial solution; ``s3`` the blank edition, after the deadline.
   ``s2`` also tries to submit in ``s1``'s name: with nbgrader's ``--student`` (refused
   by nbgrader), then by writing the folder into ``inbound/`` by hand.
3. An instructor sets the deadline in the formgrader service (through the hub)
   between the on-time submissions and the late one.
4. The grader collects, runs ``make grade``, autogrades in the course root for the
   formgrader, generates feedback there and releases it.
5. Each student fetches their own feedback through their server.

Fetch and submit go through each student's own server, not ``nbgrader`` run with
``runuser``: that is the path a student's click takes (hub, proxy, the server
running as the student, nbgrader's server extension), so it also tests the
spawner's environment and the course's site-wide configuration.  The grader's
steps are commands, as an instructor types them in the formgrader's terminal.
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

from hub_site import HubSite, require_hub, write_artifact

import nbtools

pytestmark = [pytest.mark.slow, pytest.mark.hub]

ASSIGNMENT = "01_principles"


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


def run_semester(site):
    s1, s2, s3 = site.students
    instructor = site.instructors[0]
    out = {"site": site}
    t = time.perf_counter()

    # 1. generate and release, as the grader
    site.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    site.nbgrader("release_assignment", ASSIGNMENT, "--force")
    t = _phase(site, "release", t)

    # 2. students log in, start servers, fetch
    users = {name: site.login(name) for name in site.students}
    out["instructor"] = site.login(instructor)
    for user in users.values():
        user.start_server()
    listed = users[s1].assignments()
    out["listed"] = [(a["assignment_id"], a["status"]) for a in listed]
    for user in users.values():
        user.fetch(ASSIGNMENT)
    out["users"] = users
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
    # s2: partial, checked with Validate first; then a submission forged in s1's name
    work(users[s2], "partial")
    reply = users[s2].server("POST", "/assignments/validate", "server:nbgrader", expect=(200,),
                             data={"path": f"{ASSIGNMENT}/{sorted(sources)[0]}"})
    out["validate"] = reply.json()
    users[s2].submit(ASSIGNMENT)
    time.sleep(1.1)
    # nbgrader itself refuses: s2's token may not read s1's enrolment (JupyterHubAuthPlugin)
    hub_env = {"JUPYTERHUB_API_TOKEN": users[s2].token,
               "JUPYTERHUB_API_URL": f"http://127.0.0.1:{site.env['DYSTONIA_HUB_API_PORT']}/hub/api"}
    out["forged_by_nbgrader"] = site.run_as(s2, str(site.user_bin / "nbgrader"), "submit", ASSIGNMENT,
                                            f"--student={s1}", "--course=dystonia", check=False,
                                            extra_env=hub_env)
    # ... so s2 writes the folder by hand, named as s1's and later than s1's own
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    forged = site.exchange / "dystonia" / "inbound" / f"{s1}+{ASSIGNMENT}+{stamp}+forged"
    site.run_as(s2, "sh", "-c", f'cp -r "$HOME/{ASSIGNMENT}" "{forged}" && printf "%s" "{stamp}" > '
                                f'"{forged}/timestamp.txt"')
    out["s1_timestamps"] = _inbound_timestamps(site, s1)
    out["s1_first"] = first
    t = _phase(site, "work_and_submit", t)

    # 3. the deadline passes (set by an instructor in formgrader, through the hub), then s3 submits
    due = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    time.sleep(1.1)
    reply = out["instructor"].hub.request(
        "PUT", f"/services/dystonia/formgrader/api/assignment/{ASSIGNMENT}", "service:formgrader",
        token=out["instructor"].token, json={"duedate_notimezone": due.isoformat(), "duedate_timezone": "+0000"})
    out["set_duedate_status"] = reply.status_code
    out["duedate"] = due
    users[s3].submit(ASSIGNMENT)
    t = _phase(site, "deadline_and_late_submission", t)

    # 4. collect, grade, feedback
    out["collect"] = site.nbgrader("collect", ASSIGNMENT)
    t = _phase(site, "collect", t)
    out["make_grade"] = site.make("grade", timeout=900)
    t = _phase(site, "make_grade", t)
    site.nbgrader("autograde", ASSIGNMENT, "--force", timeout=900)
    t = _phase(site, "autograde_for_formgrader", t)
    # nbgrader's own feedback from the course root's gradebook: release_feedback needs the
    # timestamp.txt and submission_secret.txt that nbgrader writes beside each page
    # (`make feedback` copies the pages only)
    site.nbgrader("generate_feedback", ASSIGNMENT, "--force", timeout=900)
    site.nbgrader("release_feedback", ASSIGNMENT)
    t = _phase(site, "feedback", t)

    # 5. each student fetches their feedback
    for user in users.values():
        user.fetch_feedback(ASSIGNMENT)
    t = _phase(site, "fetch_feedback", t)
    with open(site.course / "reports" / "summary.csv") as f:
        out["summary"] = {row["student"]: row for row in csv.DictReader(f) if row["assignment"] == ASSIGNMENT}
    return out


def _inbound_timestamps(site, student):
    inbound = site.exchange / "dystonia" / "inbound"
    return sorted((p / "timestamp.txt").read_text() for p in inbound.glob(f"{student}+{ASSIGNMENT}+*"))


# --- what the students saw -------------------------------------------------------------------
def test_students_see_the_released_assignment(semester):
    assert (ASSIGNMENT, "released") in semester["listed"]


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
    assert semester["set_duedate_status"] == 200


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
    row = semester["summary"][student]
    return float(row["score"]), float(row["max_score"]), row["status"]


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
    """nbgrader refuses ``submit --student=s1`` from s2; a folder s2 makes by hand in s1's
    name, later than s1's own, is refused at collect."""
    site = semester["site"]
    assert semester["forged_by_nbgrader"].returncode != 0
    s1 = site.students[0]
    collected = (site.course / "submitted" / s1 / ASSIGNMENT / "timestamp.txt").read_text()
    assert collected == semester["s1_timestamps"][1]                    # s1's second, not the forged third
    assert "belongs to another user" in semester["collect"].stderr


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
        score, max_score, _ = _score(semester, student)
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
    """The released feedback files of ``student``: nbgrader's hash of their secret and notebook."""
    from nbgrader.utils import notebook_hash
    names = set()
    for folder in (site.course / "feedback" / student / ASSIGNMENT,):
        secret = (folder / "submission_secret.txt").read_text()
        for html in folder.glob("*.html"):
            names.add(notebook_hash(secret=secret, notebook_id=html.stem) + ".html")
    return names
