"""Every student their own patient: per-student seeds for the data of each problem.

A problem's data (a recording, a session, a scenario) is drawn from a seed derived from
the course id, the student's id and the problem id, so two students never analyse the same
patient and a copied number does not pass.  The student's id is found the way the platform
gives it:

1. ``DYSTONIA_STUDENT_ID``: set by the grader for each submission's kernel (a student
   without a hub may also set it before starting Jupyter);
2. ``JUPYTERHUB_USER``: on a JupyterHub this is the user name, which is also nbgrader's
   student id (nbgrader's exchange names submissions by it);
3. the id a student writes in the first cell of a chapter (``STUDENT_ID = "ada"``, passed
   to :func:`use`): a class without a hub (a learning management system, e-mail);
4. otherwise the public demo id ``"demo"`` (a reader).

So at grading the submission's own id always wins: a notebook that claims another
student's id is still graded on its own student's data.

Visible checks always use the demo case (:data:`DEMO_STUDENT`), so *Validate* gives the same
verdict anywhere; hidden checks, run by the grader, use the submission's own id.

>>> seed_for("ch3a_emg", student="ada") == seed_for("ch3a_emg", student="ada")
True
>>> seed_for("ch3a_emg", student="ada") != seed_for("ch3a_emg", student="grace")
True
"""
import hashlib
import os
import re

COURSE_ID = "dystonia"
DEMO_STUDENT = "demo"
ENV_STUDENT = "DYSTONIA_STUDENT_ID"
_VALID = re.compile(r"^[A-Za-z0-9._@+-]{1,128}$")


#: The id written in a chapter's first cell (:func:`use`); below the grader's and the hub's.
_NOTEBOOK_STUDENT = None


def student_id(environ=None):
    """The current student's id: the grader's, the hub's, the notebook's, or ``"demo"``.

    >>> student_id({"JUPYTERHUB_USER": "ada"})
    'ada'
    >>> student_id({})
    'demo'
    """
    return _student_and_origin(environ)[0]


def _student_and_origin(environ=None):
    env = os.environ if environ is None else environ
    for var in (ENV_STUDENT, "JUPYTERHUB_USER"):
        value = env.get(var, "").strip()
        if value and _VALID.match(value):
            return value, var
    if _NOTEBOOK_STUDENT is not None:
        return _NOTEBOOK_STUDENT, "notebook"
    return DEMO_STUDENT, None


#: What :func:`use` says when no id is set: plainly that it is the demo, and how to set one.
DEMO_NOTE = ("The demo patient: no student id is set, so you see the public demo patient and the reading "
             "options in the demo order. Your work is graded under your own id: to work on your own patient, "
             'write it above (STUDENT_ID = "ada", the id your instructor gave you) and run this cell again. '
             "Only reading? Leave it empty.")
_PATIENT = re.compile(r"^Your patient: ([A-Za-z0-9._@+-]{1,128}) \(")

#: How :func:`use` names where the id came from.
_ORIGINS = {ENV_STUDENT: "from DYSTONIA_STUDENT_ID", "JUPYTERHUB_USER": "your JupyterHub account",
            "notebook": "the STUDENT_ID in this notebook's first cell"}


class PatientNote(str):
    """The line :func:`use` shows ("Your patient: ada ..."); plain text and one HTML line."""

    def _repr_html_(self):
        import html
        return f'<p class="course-patient" style="margin:0"><b>{html.escape(self)}</b></p>'

    def __repr__(self):
        return str(self)


def use(student=""):
    """Set the student id written in a chapter's first cell; return the line saying whose patient it is.

    ``student`` is the id an instructor gave a student in a class without a JupyterHub
    (``""`` or ``None``: none).  The grader's id (``DYSTONIA_STUDENT_ID``) and the hub's
    (``JUPYTERHUB_USER``) always come first, so a submission is graded on its own data.

    Parameters
    ----------
    student : str
        Letters, digits and ``. _ @ + -``, at most 128 characters; ``""`` for none.

    Returns
    -------
    PatientNote
        "Your patient: <id> (<where the id came from>)." or "The demo patient ...".

    >>> use("").startswith("The demo patient: no student id is set")   # doctest: +SKIP
    True
    """
    global _NOTEBOOK_STUDENT
    if student is None or (type(student) is str and not student.strip()):
        _NOTEBOOK_STUDENT = None
    elif type(student) is not str or not _VALID.match(student.strip()):
        raise ValueError(f"STUDENT_ID = {student!r} is not a student id: use letters, digits and . _ @ + - "
                         "(at most 128), as your instructor gave it, or \"\" for the demo patient.")
    else:
        _NOTEBOOK_STUDENT = student.strip()
    who, origin = _student_and_origin()
    if origin is None:
        return PatientNote(DEMO_NOTE)
    return PatientNote(f"Your patient: {who} ({_ORIGINS[origin]}).")


def whose_patient(line):
    """The student id a line of :func:`use` names (:data:`DEMO_STUDENT` for the demo note), or None.

    The grader reads it from a submission's saved first-cell output: which id the notebook
    last ran as.

    >>> whose_patient("Your patient: ada (the STUDENT_ID in this notebook's first cell).")
    'ada'
    >>> whose_patient(DEMO_NOTE), whose_patient("anything else")
    ('demo', None)
    """
    if not isinstance(line, str):
        return None
    line = str(line).strip()
    if line.startswith(DEMO_NOTE.split(":")[0] + ":"):
        return DEMO_STUDENT
    match = _PATIENT.match(line)
    return match.group(1) if match else None


def seed_for(problem_id, student=None, course=COURSE_ID):
    """A reproducible 63-bit seed for ``problem_id``'s data for ``student`` (default: the current one).

    The seed is the first 8 bytes of SHA-256 over course, student and problem ids: stable
    across machines and Python versions, and unrelated between students and problems.

    Parameters
    ----------
    problem_id : str
        The problem's answer-cell grade_id, e.g. ``"ch3a_emg"``.
    student : str, optional
        A student id; default :func:`student_id`.  Use :data:`DEMO_STUDENT` for the public case.
    course : str, optional
        The course id (nbgrader's ``course_id``).

    Returns
    -------
    int
        A non-negative seed for :func:`numpy.random.default_rng`.

    >>> seed_for("ch1a_cci", student="demo")
    7147298176045796164
    """
    if type(problem_id) is not str or not problem_id:
        raise ValueError(f"problem_id must be a non-empty str; got {problem_id!r}.")
    who = student_id() if student is None else student
    if type(who) is not str or not who:
        raise ValueError(f"student must be a non-empty str; got {who!r}.")
    digest = hashlib.sha256(f"{course}\x00{who}\x00{problem_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def is_demo(student=None):
    """True when the current (or given) student is the public demo id."""
    return (student_id() if student is None else student) == DEMO_STUDENT
