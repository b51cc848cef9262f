"""Grading that scales out: the same class graded on a local Dask cluster of two workers gives the local run's scores."""
import csv
import shutil
import subprocess
import sys

import pytest

from course_utils import ROOT
import demo_class

pytestmark = pytest.mark.slow
ASSIGNMENT = "03_hands_on"
STUDENTS = ("instructor", "blank", "partial", "mistakes", "alternative", "kernel_kill", "duplicated_cell")


def _grade(course, *extra):
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), "--course", str(course), "--jobs", "2",
                           "--cell-timeout", "15", "--feedback", *extra], capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(course / "reports" / "grades.csv") as f:
        grades = sorted((r["student"], r["notebook"], r["problem"], r["score"], r["hints"]) for r in csv.DictReader(f))
    with open(course / "reports" / "summary.csv") as f:
        summary = sorted((r["student"], r["raw_score"], r["score"], r["integrity"]) for r in csv.DictReader(f))
    return proc.stdout, grades, summary


@pytest.fixture(scope="module")
def courses(tmp_path_factory, machine_to_itself):
    local = demo_class.build(tmp_path_factory.mktemp("local") / "c", (ASSIGNMENT,))
    for student in (local / "submitted").iterdir():
        if student.name not in STUDENTS:
            shutil.rmtree(student)
    remote = tmp_path_factory.mktemp("dask") / "c"
    shutil.copytree(local, remote)
    return local, remote


def test_a_dask_cluster_grades_like_the_local_run(courses):
    local, remote = courses
    _, local_grades, local_summary = _grade(local)
    stdout, dask_grades, dask_summary = _grade(remote, "--dask", "local")
    assert "on Dask (local, 2 workers)" in stdout
    assert dask_grades == local_grades
    assert dask_summary == local_summary
    for course in (local, remote):
        assert len(list((course / "autograded").glob(f"*/{ASSIGNMENT}/*.ipynb"))) >= len(STUDENTS) * 2
        assert len(list((course / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))) >= len(STUDENTS) * 2
