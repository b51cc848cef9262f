"""The exchange against a student who cheats: every attack reproduced, then refused and reported.

Real Unix users (``HubSite``, without starting the hub: nbgrader's commands are run as each
user the way a terminal on the hub runs them, with ``NoAuthPlugin`` standing in for the hub's
enrolment check, which ``test_hub_end_to_end.py`` covers).  One honest student (``victim``)
and one student per attack, each of whom first submits honestly (a blank notebook):

* ``link_classmate``: a submission folder made by hand whose notebook is a symbolic link to
  the victim's collected notebook in the course directory (readable by the grader only);
* ``link_source``: the same, linked to the instructors' edition in ``source/``;
* ``link_folder``: the submission folder itself a symbolic link to the victim's collected folder;
* ``hard_link``: a hard link to a file of another user;
* ``fifo``: a named pipe beside the notebook (it would hang nbgrader's copy);
* ``foreign_entry``: a folder the attacker opened to everyone, with a notebook another user wrote;
* ``forged_time``: after the deadline, their only submission, made by hand, whose name,
  ``timestamp.txt`` and file times claim two hours before it;
* ``bad_name``: a folder whose name carries no time, and another with an unreadable file (each
  stops nbgrader's own collect for the whole class).

nbgrader's stock collect is run first on a copy of the exchange (reproduction); then the
course's collect (``TrustedExchangeCollect``).  A separate test squats the course's folder.
"""
import csv
import datetime
import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from hub_site import HubSite, require_hub

import hubctl
import nbtools

pytestmark = [pytest.mark.slow, pytest.mark.hub]

ASSIGNMENT = "01_principles"
NOTEBOOK = "01a_circuits.ipynb"
NO_AUTH = "--Authenticator.plugin_class=nbgrader.auth.NoAuthPlugin"
ATTACKS = ("link_classmate", "link_source", "link_folder", "hard_link", "fifo", "foreign_entry", "forged_time",
           "bad_name")
STOCK_COLLECT = "--ExchangeFactory.collect=nbgrader.exchange.default.collect.ExchangeCollect"


def _stamp(when):
    return when.strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def _utc_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class Course:
    """The site, the students by role, and helpers to act as them."""

    def __init__(self, site):
        self.site = site
        self.names = dict(zip(("victim", *ATTACKS), site.students))
        self.inbound = site.exchange / "dystonia" / "inbound"

    def student(self, role):
        return self.names[role]

    def sh(self, role, command, **kwargs):
        """A shell line as the student ``role`` (or a user name), in a hub terminal's login shell."""
        return self.site.in_terminal(self.names.get(role, role), command, **kwargs)

    def fetch(self, role):
        self.sh(role, f"cd ~ && nbgrader fetch_assignment {ASSIGNMENT} --course=dystonia {NO_AUTH}")

    def submit(self, role):
        return self.sh(role, f"cd ~ && nbgrader submit {ASSIGNMENT} --course=dystonia {NO_AUTH}")

    def home(self, role):
        return Path(pwd.getpwnam(self.names[role]).pw_dir)

    def hand_made(self, role, tag, claimed=None):
        """As ``role``: copy their fetched folder into ``inbound/`` by hand, named and stamped with
        ``claimed`` (default now); returns the folder's path."""
        claimed = _stamp(claimed or _utc_now())
        folder = self.inbound / f"{self.names[role]}+{ASSIGNMENT}+{claimed}+{tag}"
        self.sh(role, f"cp -r ~/{ASSIGNMENT} '{folder}' && printf '%s' '{claimed}' > '{folder}/timestamp.txt'")
        return folder


def _collect_rows(site):
    path = site.course / "reports" / "collect.csv"
    with open(path) as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def course():
    require_hub()
    site = HubSite(n_students=1 + len(ATTACKS), label="exchange")
    try:
        site.open(start_hub=False)
        yield run_attacks(Course(site))
    finally:
        site.close()


def run_attacks(c):
    site = c.site
    out = {"course": c}
    site.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    site.nbgrader("release_assignment", ASSIGNMENT, "--force")
    source = nbtools.read(site.course / "source" / ASSIGNMENT / NOTEBOOK)
    for role in c.names:
        c.fetch(role)
    # the victim solves the chapter (their notebook, their file) and submits; so does everyone, blank
    release = nbtools.read(c.home("victim") / ASSIGNMENT / NOTEBOOK)
    solved = nbtools.fill_solutions(release, nbtools.instructor_answers(source))
    target = c.home("victim") / ASSIGNMENT / NOTEBOOK
    target.write_text(nbtools.dumps(solved))
    os.chown(target, pwd.getpwnam(c.student("victim")).pw_uid, -1)
    for role in c.names:
        if role != "forged_time":
            c.submit(role)
    site.nbgrader("collect", ASSIGNMENT)                 # the victim's notebook is now in submitted/
    victim_collected = site.course / "submitted" / c.student("victim") / ASSIGNMENT
    out["victim_notebook"] = (victim_collected / NOTEBOOK).read_text()
    time.sleep(1.1)

    # --- the attacks, each by its own student, by hand in inbound/ ------------------------------
    folder = c.hand_made("link_classmate", "link")
    c.sh("link_classmate", f"ln -sf '{victim_collected / NOTEBOOK}' '{folder / NOTEBOOK}'")
    folder = c.hand_made("link_source", "source")
    c.sh("link_source", f"ln -sf '{site.course / 'source' / ASSIGNMENT / NOTEBOOK}' '{folder / NOTEBOOK}'")
    link = c.inbound / f"{c.student('link_folder')}+{ASSIGNMENT}+{_stamp(_utc_now())}+dir"
    c.sh("link_folder", f"ln -s '{victim_collected}' '{link}'")
    # a file of someone else that the attacker may link (fs.protected_hardlinks allows a file they
    # may read and write): the victim leaves one world-writable in a shared folder
    shared_dir = Path(site.base) / "shared"
    shared_dir.mkdir()
    os.chmod(shared_dir, 0o1777)
    shared = shared_dir / "victim-shared.ipynb"
    c.sh("victim", f"cp ~/{ASSIGNMENT}/{NOTEBOOK} '{shared}' && chmod 666 '{shared}'")
    folder = c.hand_made("hard_link", "hard")
    c.sh("hard_link", f"ln -f '{shared}' '{folder / NOTEBOOK}'")
    folder = c.hand_made("fifo", "fifo")
    c.sh("fifo", f"mkfifo '{folder / 'answers.txt'}'")
    folder = c.hand_made("foreign_entry", "open")
    c.sh("foreign_entry", f"chmod 777 '{folder}' && rm '{folder / NOTEBOOK}'")
    c.sh("victim", f"cp ~/{ASSIGNMENT}/{NOTEBOOK} '{folder / NOTEBOOK}'")
    c.sh("bad_name", f"cp -r ~/{ASSIGNMENT} '{c.inbound}/{c.student('bad_name')}+{ASSIGNMENT}+soon+x'")
    unreadable = c.hand_made("bad_name", "locked")
    c.sh("bad_name", f"chmod 000 '{unreadable / NOTEBOOK}'")
    # the deadline passes; then forged_time makes their one submission, dated two hours earlier
    due = _utc_now()
    site.nbgrader("db", "assignment", "add", ASSIGNMENT, f"--duedate={due.isoformat()} UTC")
    out["due"] = due
    time.sleep(1.1)
    claimed = due - datetime.timedelta(hours=2)
    forged = c.hand_made("forged_time", "forged", claimed=claimed)
    c.sh("forged_time", f"find '{forged}' -exec touch -d '{claimed.isoformat()}Z' {{}} +")
    out["forged_folder"] = forged.name

    # --- reproduction: nbgrader's own collect, on a copy of the exchange -------------------------
    out["stock"] = _stock_collect(c)

    # --- the course's collect --------------------------------------------------------------------
    started = time.perf_counter()
    out["collect"] = site.nbgrader("collect", "--update", ASSIGNMENT, check=False)
    out["collect_s"] = time.perf_counter() - started
    out["rows"] = _collect_rows(site)
    return out


def _stock_collect(c):
    """nbgrader 0.9.6's collect on a copy of inbound/ without the FIFO (which would hang it forever)
    and without the malformed names (which stop it for everyone): what it took, by student."""
    site = c.site
    exchange = Path(site.base) / "stock-exchange"
    shutil.copytree(site.exchange, exchange, symlinks=True, ignore=shutil.ignore_patterns("answers.txt"))
    for folder in (exchange / "dystonia" / "inbound").iterdir():
        if "+soon+" in folder.name or folder.name.endswith("+locked"):
            shutil.rmtree(folder)
    subprocess.run(["chown", "-R", f"{site.grader}:", str(exchange)], check=True)
    for folder in (exchange / "dystonia" / "inbound").iterdir():    # keep each folder's owner (the check)
        owner = (c.inbound / folder.name).lstat().st_uid
        os.lchown(folder, owner, -1)
    proc = site.nbgrader("collect", ASSIGNMENT, STOCK_COLLECT, f"--Exchange.root={exchange}",
                         "--CourseDirectory.submitted_directory=stock_submitted", check=False)
    bad = Path(site.base) / "stock-bad-name"
    shutil.copytree(site.exchange, bad, symlinks=True, ignore=shutil.ignore_patterns("answers.txt"))
    subprocess.run(["chown", "-R", f"{site.grader}:", str(bad)], check=True)
    crashed = site.nbgrader("collect", ASSIGNMENT, STOCK_COLLECT, f"--Exchange.root={bad}",
                            "--CourseDirectory.submitted_directory=stock_bad", check=False)
    return {"proc": proc, "crashed": crashed, "dir": site.course / "stock_submitted"}


def _collected(c, role):
    return c.site.course / "submitted" / c.student(role) / ASSIGNMENT


def _refusals(out, role):
    return [r for r in out["rows"] if r["student"] == out["course"].student(role) and r["decision"] == "refused"]


# --- the attacks work against nbgrader's own collect --------------------------------------------
def test_stock_collect_takes_a_classmates_notebook_through_a_link(course):
    c, stock = course["course"], course["stock"]
    taken = stock["dir"] / c.student("link_classmate") / ASSIGNMENT / NOTEBOOK
    assert not taken.is_symlink() and taken.read_text() == course["victim_notebook"]


def test_stock_collect_copies_the_instructors_source(course):
    c, stock = course["course"], course["stock"]
    taken = (stock["dir"] / c.student("link_source") / ASSIGNMENT / NOTEBOOK).read_text()
    assert "### BEGIN SOLUTION" in taken and "### BEGIN HIDDEN TESTS" in taken


def test_stock_collect_believes_a_forged_time(course):
    c, stock = course["course"], course["stock"]
    stamp = (stock["dir"] / c.student("forged_time") / ASSIGNMENT / "timestamp.txt").read_text()
    assert datetime.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f UTC") < course["due"]


def test_stock_collect_stops_for_everyone_on_a_malformed_name(course):
    crashed = course["stock"]["crashed"]
    assert crashed.returncode != 0
    assert not (course["course"].site.course / "stock_bad").exists()


# --- and earn nothing with the course's collect ---------------------------------------------------
@pytest.mark.parametrize("role, reason", [
    ("link_classmate", f"{NOTEBOOK} is a symbolic link"),
    ("link_source", f"{NOTEBOOK} is a symbolic link"),
    ("link_folder", "it is a symbolic link, not a folder"),
    ("hard_link", f"{NOTEBOOK} is a hard link to a file of"),
    ("fifo", "answers.txt is a named pipe (FIFO)"),
    ("foreign_entry", f"{NOTEBOOK} belongs to"),
    ("bad_name", "cannot be read by the grader"),
])
def test_each_attack_is_refused_and_reported(course, role, reason):
    c = course["course"]
    refused = _refusals(course, role)
    assert any(reason in r["reason"] for r in refused), refused
    assert any(reason in line and "Refusing" in line for line in course["collect"].stderr.splitlines())
    if role == "foreign_entry":
        assert c.student("victim") in refused[0]["reason"]


@pytest.mark.parametrize("role", [a for a in ATTACKS if a != "forged_time"])
def test_each_attacker_keeps_only_their_own_honest_submission(course, role):
    """Their earlier genuine (blank) submission is collected instead: no notebook of anyone else."""
    c = course["course"]
    notebook = _collected(c, role) / NOTEBOOK
    assert notebook.is_file() and not notebook.is_symlink()
    text = notebook.read_text()
    assert text != course["victim_notebook"] and "### BEGIN SOLUTION" not in text
    assert all(not p.is_symlink() for p in _collected(c, role).rglob("*"))
    assert not (_collected(c, role) / "answers.txt").exists()


def test_one_bad_folder_does_not_stop_the_class(course):
    c = course["course"]
    assert course["collect"].returncode == 0, course["collect"].stderr[-2000:]
    assert any("its name is not" in r["reason"] or "no readable time" in r["reason"]
               for r in course["rows"] if r["student"] == c.student("bad_name"))
    assert (_collected(c, "victim") / NOTEBOOK).read_text() == course["victim_notebook"]
    assert course["collect_s"] < 60


def test_a_forged_time_counts_for_nothing_and_is_reported(course):
    """The forged folder is the attacker's own, so it is collected, but dated by the file system:
    late, with the claim named in the report."""
    c = course["course"]
    stamp = (_collected(c, "forged_time") / "timestamp.txt").read_text()
    assert datetime.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f UTC") > course["due"]
    row = next(r for r in course["rows"] if r["submission"] == course["forged_folder"])
    assert row["decision"] == "collected" and "claims it was submitted at" in row["reason"]
    assert "claims it was submitted at" in course["collect"].stderr


def test_the_victims_submission_is_untouched(course):
    c = course["course"]
    assert (_collected(c, "victim") / NOTEBOOK).read_text() == course["victim_notebook"]
    assert not _refusals(course, "victim")


# --- the course's folder cannot be squatted ---------------------------------------------------------
def test_a_student_cannot_squat_the_course_folder(course):
    """With only nbgrader's exchange root (1777), the first student to create ``dystonia/`` owns it
    and every release fails; with the set-up's folder in place, a student can neither create,
    replace nor remove it, and the set-up refuses a squatted one."""
    c = course["course"]
    site, student = c.site, c.student("victim")
    bare = Path(site.base) / "bare-exchange"
    hubctl.make_exchange(bare)                                   # nbgrader's own set-up: the root only
    c.sh("victim", f"mkdir '{bare}/dystonia'")
    blocked = site.nbgrader("release_assignment", ASSIGNMENT, f"--Exchange.root={bare}", check=False)
    assert blocked.returncode != 0 and "You don't own the directory" in blocked.stderr
    with pytest.raises(PermissionError, match=f"belongs to {student}"):
        hubctl.make_exchange(bare, site.grader)

    course_folder = site.exchange / "dystonia"                    # the set-up's
    folders = [course_folder] + [course_folder / name for name in ("inbound", "outbound", "feedback")]
    assert [oct(p.stat().st_mode & 0o7777) for p in folders] == ["0o755", "0o2733", "0o755", "0o711"]
    assert {p.stat().st_uid for p in folders} == {pwd.getpwnam(site.grader).pw_uid}
    for command in (f"mkdir '{course_folder}'", f"mv '{course_folder}' '{site.exchange}/x'",
                    f"rm -rf '{course_folder}'", f"mkdir '{course_folder}/outbound/x'",
                    f"touch '{course_folder}/due_dates.json'"):
        assert c.sh("victim", command, check=False).returncode != 0, command
    assert all(p.is_dir() for p in folders)


def test_release_publishes_the_due_date_for_students(course):
    """The release after the deadline was set publishes it: readable by students, the grader's."""
    c = course["course"]
    site = c.site
    released = site.nbgrader("release_assignment", ASSIGNMENT, "--force")
    assert "Due dates published for students" in released.stderr
    published = site.exchange / "dystonia" / "due_dates.json"
    shown = c.sh("victim", f"cat '{published}'").stdout
    assert course["due"].strftime("%Y-%m-%dT%H:%M:%SZ") in shown
    assert published.stat().st_uid == pwd.getpwnam(site.grader).pw_uid


def test_the_demo_sets_due_dates_in_the_course_gradebook(course):
    """``make hub``'s due dates go into the course's gradebook as the grader (hubctl.set_due_dates)."""
    from nbgrader.api import Gradebook
    site = course["course"].site
    hubctl.set_due_dates(site.course, site.grader, site.user_bin, {"03_hands_on": "2031-01-07 17:00:00 UTC"})
    with Gradebook(f"sqlite:///{site.course / 'gradebook.db'}", course_id="dystonia") as gb:
        assert gb.find_assignment("03_hands_on").duedate == datetime.datetime(2031, 1, 7, 17, 0)
    assert (site.course / "gradebook.db").stat().st_uid == pwd.getpwnam(site.grader).pw_uid
