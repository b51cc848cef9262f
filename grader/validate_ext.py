"""Validate that reads as feedback, and JupyterLab styled for the course (a Jupyter server extension).

nbgrader's *Validate* button shows, for every failing test cell, "The following cell
failed:", the cell's whole source and its error.  This extension (enabled by ``make lab``
and by the hub's single-user servers) rewrites that result before it reaches the dialog:
**one summary**, every visible check on its own line, titled by its problem
("✗ Problem 3 · cross-talk 0.35", "✓ Reading C1 · your reading ...") with the one-line
message of each failure (not answered yet / which check failed and its hint), wrapped to
the dialog's width, without nbgrader's repeated header.  The verdicts themselves are
nbgrader's; only their presentation changes.  When the notebook ran as the demo patient (no
student id set: the first cell's line says so), the summary says it plainly, even when every
check passes, and how to set the id: the grader reads readings in the student's own order.

Validate's kernel runs over IPC sockets, as ``make lab``'s own kernels do.  It also serves the
course's JupyterLab style sheet (``grader/lab_custom/custom.css``, loaded
with ``LabApp.custom_css``): a visible progress cue on the Validate button while it runs.
"""
import html
import os
import re
import tempfile
from pathlib import Path

_DOC = re.compile(r'^\s*(?:[rub]*)("""|\'\'\')(.*?)(\1|$)', re.S)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: the heading a check belongs to: "### Problem 3 (3 points): ..." -> "Problem 3", "Reading C1"
_HEADING = re.compile(r"^#{2,4}\s+((?:Problem|Reading|Question|Written answer)\s+(?:[A-Z]\d*|\d+)[a-z]?)\b", re.M)
#: the words of a check's docstring that every visible check repeats
_CHECK_PREFIX = re.compile(r"^(?:Problem \S+ )?visible check(?: \(\d+ points?\))?:\s*", re.I)
#: where custom.css lives (served at /custom/custom.css when LabApp.custom_css is on)
CUSTOM_DIR = Path(__file__).resolve().parent / "lab_custom"

#: Shown inside nbgrader's dialog (its <pre> takes HTML): hide its per-cell header and source box,
#: let our lines wrap.
_DIALOG_STYLE = ("<style>#validation-message.validation-failed > div:nth-child(-n+2) { display: none; }"
                 "#validation-message.validation-failed pre { white-space: pre-wrap; overflow-wrap: anywhere; }"
                 ".course-validate { white-space: normal; font-family: var(--jp-ui-font-family); "
                 "font-size: var(--jp-ui-font-size1); line-height: 1.45; }"
                 ".course-validate p { margin: 0 0 0.5em; }"
                 ".course-validate li { margin: 0.2em 0; white-space: pre-wrap; overflow-wrap: anywhere; }"
                 ".course-validate ul { list-style: none; padding-left: 0; margin: 0; }"
                 ".course-validate .course-why { display: block; margin-left: 1.4em; color: var(--jp-ui-font-color1); }"
                 "</style>")


def _title(source):
    """First line of the test cell's docstring, else its first line."""
    match = _DOC.match(source or "")
    text = (match.group(2) if match else (source or "").strip()).strip().splitlines()
    return (text[0] if text else "a check")[:300]


def _message(raw_error):
    lines = [line.strip() for line in _ANSI.sub("", raw_error or "").splitlines() if line.strip()]
    if not lines:
        return "failed"
    last = lines[-1]
    if last.startswith(("GradingFailure:", "NotAnswered:", "StudentError:")):
        last = last.split(":", 1)[1].strip()
    return last[:400]


def label(problem, source):
    """"Problem 3 · cross-talk 0.35": the problem a check belongs to and what it checks."""
    what = _CHECK_PREFIX.sub("", _title(source)).strip() or "visible check"
    return f"{problem} · {what}" if problem else _title(source)


def visible_checks(nb):
    """``[(source, label)]`` of the notebook's visible checks, in order (hidden ones are not in a student edition)."""
    checks, problem = [], None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = _HEADING.findall(cell.source)
            if found:
                problem = found[-1]
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution") and "G." in cell.source:
            checks.append((cell.source, label(problem, cell.source)))
    return checks


def written_answers(nb):
    """``[(source, label)]`` of the notebook's written answers (Markdown cells a person grades), in order."""
    answers, heading = [], None
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("grade") and meta.get("solution"):
            answers.append((cell.source, heading or "a written answer"))
        elif cell.cell_type == "markdown":
            found = _HEADING.findall(cell.source)
            if found:
                heading = found[-1]
    return answers


#: What the summary says when the notebook ran as the demo patient (no student id set).
DEMO_NOTICE = ("This notebook ran as the demo patient: no student id is set. The visible checks use the demo "
               "case anyway, but you are graded under your own id, on your own patients and with the reading "
               "options in your own order. Before you hand in, write your id in the first code cell, "
               'STUDENT_ID = "ada" (the id your instructor gave you), run all cells again and check each '
               "reading's letter against the options you then see. On the course's JupyterHub this is automatic.")


def ran_as_demo(nb):
    """True when the executed notebook's first cell says it ran as the demo patient."""
    from helpers.cohort import DEMO_STUDENT

    from .submissions import worked_as
    return nb is not None and DEMO_STUDENT in worked_as(nb)


def _notice(demo):
    if not demo:
        return "", []
    return f'<p class="course-demo"><b>⚠ {html.escape(DEMO_NOTICE)}</b></p>', [f"⚠ {DEMO_NOTICE}"]


def summarize(result, checks, demo=False, written=()):
    """Rewrite a Validator result into one summary entry (``checks``: ``[(source, label)]``).

    ``demo``: the notebook ran as the demo patient; the summary says so (a result without
    failures then becomes a summary too: nbgrader's dialog shows nothing else).
    ``written``: ``[(source, label)]`` of the written answers (:func:`written_answers`); nbgrader
    reports an unwritten one as failed, but no check judges it: the summary lists it apart, as
    "not written yet", and never counts it among the visible checks.
    """
    failed = result.get("failed")
    if not failed and not (demo and checks and not {"changed", "type_changed"} & set(result)):
        return result
    failed = failed or []
    by_source = {}
    for source, name in checks:
        by_source.setdefault(source.strip(), name)
    written_names = {}                      # untouched written answers share one source: keep their order
    for source, name in written:
        written_names.setdefault(source.strip(), []).append(name)
    unwritten = []
    messages = {}
    unknown = []
    for item in failed:
        source = (item.get("source") or "").strip()
        message = _message(item.get("raw_error", ""))
        name = by_source.get(source)
        if name is None and (source in written_names or source == "YOUR ANSWER HERE"):
            names = written_names.get(source) or ["a written answer"]
            unwritten.append(names.pop(0) if len(names) > 1 else names[0])
        elif name is None:                  # not a visible check of this notebook: show it anyway
            unknown.append((_title(source), message))
        else:
            messages.setdefault(name, message)
    rows, plain = [], []
    for _source, name in checks:
        if name in messages:
            rows.append(f'<li>✗ <b>{html.escape(name)}</b><span class="course-why">{html.escape(messages[name])}</span></li>')
            plain.append(f"✗ {name}: {messages[name]}")
        else:
            rows.append(f"<li>✓ {html.escape(name)}</li>")
            plain.append(f"✓ {name}")
    for name, message in unknown:
        rows.append(f'<li>✗ <b>{html.escape(name)}</b><span class="course-why">{html.escape(message)}</span></li>')
        plain.append(f"✗ {name}: {message}")
    for name in unwritten:
        why = "not written yet: write it in its text cell; a person grades it after you submit"
        rows.append(f'<li>✎ <b>{html.escape(name)}</b><span class="course-why">{why}</span></li>')
        plain.append(f"✎ {name}: {why}")
    n_failed = len(messages) + len(unknown)
    n_total = len(checks) + len(unknown)
    if n_failed:
        head = (f"{n_total - n_failed} of {n_total} visible checks pass. "
                "Fix the ✗ lines, then Validate again; the hidden checks, run by the grader, decide the grade.")
    else:
        head = (f"Success: all {n_total} visible checks pass. "
                "The hidden checks, run by the grader, decide the grade.")
    notice_html, notice_plain = _notice(demo)
    body = (f'{_DIALOG_STYLE}<div class="course-validate"><p>{html.escape(head)}</p>{notice_html}'
            f'<ul>{"".join(rows)}</ul></div>')
    return dict(result, failed=[{"source": head, "error": body, "raw_error": "\n".join(notice_plain + plain)}])


def _checks_of(path):
    import nbformat
    return visible_checks(nbformat.read(path, as_version=4))


def _written_of(path):
    import nbformat
    return written_answers(nbformat.read(path, as_version=4))


def _load_jupyter_server_extension(serverapp):
    from nbgrader.validator import Validator
    _serve_custom_css(serverapp)
    original = Validator.validate
    if getattr(original, "_dystonia", False):
        return

    def validate(self, filename):
        executed = []
        run = self._preprocess

        def keep_the_run(nb):                 # the executed notebook: whose patient did it run as?
            executed.append(run(nb))
            return executed[-1]
        self._preprocess = keep_the_run
        try:
            with tempfile.TemporaryDirectory(prefix="course-validate-") as sockets:
                _over_ipc(self, sockets)
                result = original(self, filename)
        finally:
            del self._preprocess
        try:
            return summarize(result, _checks_of(filename), demo=ran_as_demo(executed[-1] if executed else None),
                             written=_written_of(filename))
        except Exception:  # noqa: BLE001 - never hide a verdict because its presentation failed
            return result

    validate._dystonia = True
    Validator.validate = validate
    serverapp.log.info("dystonia course: Validate shows one summary; the course's custom.css is served")


def _over_ipc(validator, folder):
    """Validate's kernel talks over IPC sockets in ``folder``, like make lab's own kernels: no TCP
    port, and no "Kernel is running over TCP without encryption" warning in the terminal per Validate.
    (The socket path must be absolute: the kernel runs in the notebook's folder.)"""
    from traitlets.config import Config
    config = Config(validator.config)
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = os.path.join(folder, "kernel")
    validator.config = config


def _serve_custom_css(serverapp):
    """Put ``grader/lab_custom`` first where JupyterLab looks for ``custom/custom.css``."""
    paths = serverapp.web_app.settings.get("static_custom_path")
    if isinstance(paths, list) and str(CUSTOM_DIR) not in paths:
        paths.insert(0, str(CUSTOM_DIR))     # the handler keeps this list object: no restart needed


def _jupyter_server_extension_points():
    return [{"module": "grader.validate_ext"}]
