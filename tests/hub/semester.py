"""A whole semester on the course's hub, without the students' servers, at any class size.

``run(n_students)`` builds a hub site (``HubSite``: Unix users, exchange, course directory, the
hub itself for logins and enrolment) and plays the semester the guide describes:

1. The instructor, in the formgrader's terminal (a real JupyterLab terminal of the service,
   through the hub): ``nbgrader generate_assignment`` and ``release_assignment`` for the three
   chapters.
2. Every student logs in (the hub's REST API, Unix password) and, as their own Unix user,
   fetches the three chapters with the code behind the Assignment List's buttons
   (``student_exchange.py``); their work is written into their notebooks; they submit.
   Roles (``class_roles``): full, partial (the first half of each notebook's problems) and blank
   work, resubmissions (blank, then full), late students (full work after the deadline), one
   student whose answers flood descriptors 1 and 2, and one who tries the exchange's tricks
   (a link to the instructors' ``source/``, a submission forged with an earlier time, one in a
   classmate's name).
3. The instructor sets the deadline (``nbgrader db assignment add --duedate``) between the
   on-time and the late submissions, then collects, ``make grade``, ``make feedback`` and
   ``release_feedback``, all typed in that terminal.
4. Every student fetches their feedback.

``check(result)`` returns every way the run differs from what the models say: each honest
submission's score (full marks, the points of the problems solved, zero), late hours, the tricks
earning nothing and being reported, each student reading their own feedback and nobody
else's.  ``tests/hub/test_semester.py`` runs a small class; ``tools/benchmark_semester.py`` the
full size.
"""
import csv
import json
import os
import pwd
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbtools
from hub_client import Terminal
from hub_site import HubSite

ASSIGNMENTS = ("01_principles", "02_applications", "03_hands_on")
HONEST_CYCLE = ("full", "partial", "blank", "late", "full", "resubmit", "partial", "full", "late", "full")
TRICKSTER, FLOODER = "trickster", "flooder"
#: The flood: more than a pipe holds (64 KiB), to each of the kernel's descriptors 1 and 2.
FLOOD = 'import os as _os\n_os.write(1, b"x" * 70000)\n_os.write(2, b"y" * 70000)\n'
#: Seconds the late students wait after the deadline: summary.csv rounds late_hours to 0.01 h.
LATE_AFTER_S = 40
STUDENT_SCRIPT = Path(__file__).resolve().parent / "student_exchange.py"


def class_roles(n_students):
    """``[role]`` for ``n_students`` (at least 8): the trickster, the flooder, then the honest cycle."""
    if n_students < 8:
        raise ValueError(f"a semester needs at least 8 students (one of each role), got {n_students}")
    return [TRICKSTER, FLOODER] + [HONEST_CYCLE[i % len(HONEST_CYCLE)] for i in range(n_students - 2)]


def solved_ids(source_nb, role):
    """The answer cells' grade ids a role fills in a notebook: all, the first half, or none."""
    gids = list(nbtools.answer_cells(source_nb))
    if role in ("full", "late", "resubmit", FLOODER):
        return gids
    if role == "partial":
        return gids[: max(1, len(gids) // 2)]
    return []


def expected_points(source_nb, solved):
    """Points of the test cells of the ``solved`` problems (``<grade id>_visible``/``_hidden``)."""
    return sum(float(cell.metadata.nbgrader["points"]) for gid, cell in nbtools.test_cells(source_nb).items()
               if gid.rsplit("_", 1)[0] in solved)


class Semester:
    """The site, the class, and what happened, phase by phase."""

    def __init__(self, n_students, label="semester", jobs=4):
        self.roles = class_roles(n_students)
        self.site = HubSite(n_students=n_students, label=label)
        self.jobs = jobs
        self.timings = {}
        self.events = {"student_actions": [], "typed": [], "tricks": {}}
        self.sources = {}

    # --- helpers --------------------------------------------------------------------------------
    def role(self, student):
        return self.roles[self.site.students.index(student)]

    def by_role(self, role):
        return [s for s in self.site.students if self.role(s) == role]

    def _phase(self, name, start):
        self.timings[f"{name}_s"] = round(time.perf_counter() - start, 2)
        return time.perf_counter()

    def _each(self, fn, students):
        with ThreadPoolExecutor(self.jobs) as pool:
            return list(pool.map(fn, students))

    def typed(self, command, timeout_s=300):
        """``command`` typed in the formgrader's terminal; raises with its output if it fails."""
        start = time.perf_counter()
        status, text = self.terminal.run(command, timeout_s=timeout_s)
        self.events["typed"].append({"command": command, "status": status,
                                     "seconds": round(time.perf_counter() - start, 2), "output": text[-4000:]})
        if status != 0:
            raise RuntimeError(f"`{command}` in the formgrader's terminal exited {status}:\n{text[-3000:]}")
        return text

    def act(self, student, *steps):
        """Run ``ACTION:ASSIGNMENT`` steps as ``student`` (the Assignment List's code, their token)."""
        token = self.tokens[student]
        env = {"JUPYTERHUB_API_TOKEN": token,
               "JUPYTERHUB_API_URL": f"http://127.0.0.1:{self.site.env['DYSTONIA_HUB_API_PORT']}/hub/api"}
        proc = self.site.run_as(student, str(self.site.user_bin / "python"), str(self.script), *steps,
                                check=False, extra_env=env, timeout=900)
        try:
            results = json.loads(proc.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            raise RuntimeError(f"{student}: {' '.join(steps)} gave no result:\n{proc.stderr[-3000:]}") from None
        for r in results:
            r["student"] = student
        self.events["student_actions"] += results
        failed = [r for r in results if not r["success"]]
        if failed:
            raise RuntimeError(f"{student}: {failed[0]['action']} {failed[0]['assignment']} failed:\n"
                               f"{failed[0]['error']}")
        return results

    def home(self, student):
        return Path(pwd.getpwnam(student).pw_dir)

    def write_work(self, student, how):
        """Fill ``student``'s fetched notebooks as ``how`` (a role) says, as their own files."""
        uid = pwd.getpwnam(student).pw_uid
        for assignment in ASSIGNMENTS:
            for name, source in self.sources[assignment].items():
                path = self.home(student) / assignment / name
                release = nbtools.read(path)
                answers = nbtools.instructor_answers(source)
                chosen = {g: answers[g] for g in solved_ids(source, how)}
                if how == FLOODER:
                    first = next(iter(chosen))
                    chosen[first] = FLOOD + chosen[first]
                path.write_text(nbtools.dumps(nbtools.fill_solutions(release, chosen)))
                os.chown(path, uid, -1)

    # --- the semester ---------------------------------------------------------------------------
    def run(self):
        site = self.site
        t = time.perf_counter()
        site.open()
        self.script = site.base / STUDENT_SCRIPT.name           # readable by every student
        shutil.copy(STUDENT_SCRIPT, self.script)
        os.chmod(self.script, 0o644)
        self.sources = {a: {p.name: nbtools.read(p) for p in sorted((site.course / "source" / a).glob("*.ipynb"))}
                        for a in ASSIGNMENTS}
        t = self._phase("site", t)

        instructor = site.login(site.instructors[0])
        self.terminal = Terminal(site.hub, "/services/dystonia", instructor.token)
        for a in ASSIGNMENTS:
            self.typed(f"nbgrader generate_assignment {a} --force && nbgrader release_assignment {a} --force")
        t = self._phase("release", t)

        self.tokens = dict(zip(site.students, self._each(lambda s: site.login(s).token, site.students)))
        t = self._phase("login", t)
        self._each(lambda s: self.act(s, *[f"fetch:{a}" for a in ASSIGNMENTS]), site.students)
        t = self._phase("fetch", t)

        # on time: everyone but the late students; the resubmitters blank first, then full
        first_work = {s: ("blank" if self.role(s) in ("resubmit", TRICKSTER) else self.role(s))
                      for s in site.students}
        on_time = [s for s in site.students if self.role(s) != "late"]
        for s in site.students:
            self.write_work(s, first_work[s] if self.role(s) != "late" else "late")
        self._each(lambda s: self.act(s, *[f"submit:{a}" for a in ASSIGNMENTS]), on_time)
        time.sleep(1.1)
        for s in self.by_role("resubmit"):
            self.write_work(s, "full")
        self._each(lambda s: self.act(s, *[f"submit:{a}" for a in ASSIGNMENTS]), self.by_role("resubmit"))
        self._tricks_before_deadline()
        t = self._phase("submit_on_time", t)

        self.due = time.time()
        due_text = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(self.due))
        self.typed(" && ".join(f'nbgrader db assignment add {a} --duedate="{due_text}"' for a in ASSIGNMENTS))
        time.sleep(LATE_AFTER_S)
        self._each(lambda s: self.act(s, *[f"submit:{a}" for a in ASSIGNMENTS]), self.by_role("late"))
        self._tricks_after_deadline()
        t = self._phase("submit_late", t)

        self.typed(" && ".join(f"nbgrader collect {a}" for a in ASSIGNMENTS), timeout_s=1800)
        t = self._phase("collect", t)
        # generous: a healthy make grade takes a few seconds per submission on 2 cores
        self.grade_output = self.typed("make grade", timeout_s=900 + 20 * len(self.site.students) * len(ASSIGNMENTS))
        t = self._phase("make_grade", t)
        self.typed("make feedback", timeout_s=3600)
        t = self._phase("make_feedback", t)
        self.typed(" && ".join(f"nbgrader release_feedback {a}" for a in ASSIGNMENTS), timeout_s=1800)
        t = self._phase("release_feedback", t)
        self._each(lambda s: self.act(s, *[f"fetch_feedback:{a}" for a in ASSIGNMENTS]), site.students)
        t = self._phase("fetch_feedback", t)
        self.terminal.close()
        return self.result()

    # --- the trickster ----------------------------------------------------------------------------
    def _hand_made(self, student, assignment, claimed, tag):
        folder = self.site.exchange / "dystonia" / "inbound" / f"{student}+{assignment}+{claimed}+{tag}"
        self.site.in_terminal(student, f"cp -r ~/{assignment} '{folder}' && printf '%s' '{claimed}' > "
                                       f"'{folder}/timestamp.txt'")
        return folder

    def _now_stamp(self):
        return time.strftime("%Y-%m-%d %H:%M:%S.000000 UTC", time.gmtime())

    def _tricks_before_deadline(self):
        """01: the instructors' edition through a link; 03: a submission in a classmate's name."""
        trickster = self.by_role(TRICKSTER)[0]
        victim = self.by_role("full")[0]
        a, name = ASSIGNMENTS[0], sorted(self.sources[ASSIGNMENTS[0]])[0]
        folder = self._hand_made(trickster, a, self._now_stamp(), "link")
        self.site.in_terminal(trickster, f"ln -sf '{self.site.course / 'source' / a / name}' '{folder / name}'")
        self.events["tricks"]["link_to_source"] = folder.name
        named = self.site.exchange / "dystonia" / "inbound" / f"{victim}+{ASSIGNMENTS[2]}+{self._now_stamp()}+x"
        self.site.in_terminal(trickster, f"cp -r ~/{ASSIGNMENTS[2]} '{named}'")
        self.events["tricks"]["in_a_classmates_name"] = named.name

    def _tricks_after_deadline(self):
        """02: after the deadline, a submission that claims to be from an hour before it."""
        trickster = self.by_role(TRICKSTER)[0]
        claimed = time.strftime("%Y-%m-%d %H:%M:%S.000000 UTC", time.gmtime(self.due - 3600))
        folder = self._hand_made(trickster, ASSIGNMENTS[1], claimed, "forged")
        self.events["tricks"]["forged_time"] = folder.name

    # --- what it left ----------------------------------------------------------------------------
    def result(self):
        site = self.site
        with open(site.course / "reports" / "summary.csv") as fh:
            summary = {(r["student"], r["assignment"]): r for r in csv.DictReader(fh)}
        with open(site.course / "reports" / "collect.csv") as fh:
            collect_rows = list(csv.DictReader(fh))
        return {"roles": dict(zip(site.students, self.roles)), "summary": summary, "collect": collect_rows,
                "timings": dict(self.timings, **site.timings), "events": self.events, "due": self.due,
                "grade_output": self.grade_output}

    def feedback_access(self):
        """For each student: their own released pages readable, the next student's not.

        Returns ``[(student, problem)]`` for every failure."""
        from nbgrader.utils import notebook_hash
        site, problems = self.site, []
        pages = {}
        for s in site.students:
            pages[s] = []
            for a in ASSIGNMENTS:
                folder = site.course / "feedback" / s / a
                secret_file = folder / "submission_secret.txt"
                if not secret_file.exists():
                    continue
                secret = secret_file.read_text()
                for html in sorted(folder.glob("*.html")):
                    pages[s].append(site.exchange / "dystonia" / "feedback"
                                    / (notebook_hash(secret=secret, notebook_id=html.stem) + ".html"))
        students = site.students
        for i, s in enumerate(students):
            other = students[(i + 1) % len(students)]
            own = pages[s][:1]
            if own and site.run_as(s, "cat", str(own[0]), check=False).returncode != 0:
                problems.append((s, f"cannot read their own feedback {own[0].name}"))
            for page in pages[other][:1]:
                if site.run_as(s, "cat", str(page), check=False).returncode == 0:
                    problems.append((s, f"read {other}'s feedback {page.name}"))
        return problems

    def fetched_feedback_scores(self, student, assignment):
        """``(score, max)`` summed over the feedback pages in the student's own home, or None."""
        pages = sorted((self.home(student) / assignment / "feedback").glob("*/*.html"))
        scores = [re.search(r"\(Score: ([\d.]+) / ([\d.]+)\)</h4>", p.read_text()) for p in pages]
        if not pages or not all(scores):
            return None
        return sum(float(m.group(1)) for m in scores), sum(float(m.group(2)) for m in scores)

    def close(self):
        self.site.close()


def check(semester, result):
    """Every way ``result`` differs from what the models say, as readable lines (empty: all as expected)."""
    problems = []
    summary = result["summary"]
    for student, role in result["roles"].items():
        for a in ASSIGNMENTS:
            row = summary.get((student, a))
            if row is None:
                problems.append(f"{student} ({role}) {a}: not in summary.csv")
                continue
            if row["status"] != "graded":
                problems.append(f"{student} ({role}) {a}: status {row['status']!r}")
            score = float(row["score"])
            want = expected_score(semester, role, a)
            if want is not None and abs(score - want) > 1e-6:
                problems.append(f"{student} ({role}) {a}: score {score:g}, expected {want:g}")
            late = float(row["late_hours"] or 0)
            if role == "late" or (role == TRICKSTER and a == ASSIGNMENTS[1]):
                if late <= 0:
                    problems.append(f"{student} ({role}) {a}: not marked late")
            elif late > 0:
                problems.append(f"{student} ({role}) {a}: marked {late} h late")
            if role not in (TRICKSTER, FLOODER) and row["integrity"]:
                problems.append(f"{student} ({role}) {a}: integrity finding {row['integrity']!r}")
    problems += _check_tricks(semester, result)
    return problems


def expected_score(semester, role, assignment):
    """What the models give ``role``'s work on ``assignment``: the points of the problems it solved."""
    if role == TRICKSTER:
        return 0.0                           # everything they made that counts is blank
    sources = semester.sources[assignment]
    return sum(expected_points(nb, solved_ids(nb, role)) for nb in sources.values())


def _check_tricks(semester, result):
    problems = []
    rows = {r["submission"]: r for r in result["collect"]}
    tricks = result["events"]["tricks"]
    for trick, reason in (("link_to_source", "is a symbolic link"), ("in_a_classmates_name", "but belongs to")):
        row = rows.get(tricks[trick])
        if row is None or row["decision"] != "refused" or reason not in row["reason"]:
            problems.append(f"trick {trick} not refused and reported: {row}")
    row = rows.get(tricks["forged_time"])
    if row is None or "claims it was submitted at" not in row["reason"] or "made by hand" not in row["reason"]:
        problems.append(f"the forged time was not reported: {row}")
    return problems


def feedback_problems(semester, result):
    """Each student's fetched feedback scores what make grade scored; nobody reads another's."""
    problems = [f"{s}: {p}" for s, p in semester.feedback_access()]
    for student in semester.site.students:
        for a in ASSIGNMENTS:
            got = semester.fetched_feedback_scores(student, a)
            row = result["summary"][(student, a)]
            if result["roles"][student] == TRICKSTER and a == ASSIGNMENTS[1]:
                if got is not None:          # their collected folder was made by hand: no secret
                    problems.append(f"{student} {a}: feedback released for a hand-made submission")
                continue
            if got is None:
                problems.append(f"{student} {a}: no feedback fetched")
            elif abs(got[0] - float(row["raw_score"] or row["score"])) > 0.01 or abs(got[1] - float(row["max_score"])) > 0.01:
                problems.append(f"{student} {a}: feedback says {got}, summary {row['score']}/{row['max_score']}")
    return problems


def write_timings(path, result, n_students):
    data = {"students": n_students, "timings": result["timings"],
            "typed": [{k: v for k, v in e.items() if k != "output"} for e in result["events"]["typed"]],
            "student_actions_s": _action_seconds(result["events"]["student_actions"])}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    return data


def _action_seconds(actions):
    out = {}
    for kind in ("fetch", "submit", "fetch_feedback"):
        values = sorted(a["seconds"] for a in actions if a["action"] == kind)
        if values:
            out[kind] = {"n": len(values), "median": values[len(values) // 2], "max": values[-1]}
    return out


def run(n_students, label="semester"):
    """Run a semester of ``n_students``; returns ``(semester, result)`` (call ``semester.close()``)."""
    semester = Semester(n_students, label=label)
    try:
        return semester, semester.run()
    except BaseException:
        semester.close()
        raise
