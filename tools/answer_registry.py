"""The answer registries in ``tests/answers/``: reading one, and the entry every choice question shares.

A registry ``tests/answers/<notebook>.py`` defines ``ANSWERS`` (``{grade_id: entry}``: alternative
correct answers and plausible wrong ones, see ``course/authoring.md``) and, for notebooks with
written answers, ``WRITTEN``.  The tests, the demo class, the common-mistakes sheet and the
benchmarks all read them through :func:`load`.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_file(path, name="ANSWERS"):
    """The dict ``name`` that the registry file ``path`` defines (``{}`` if the file or the name is missing)."""
    path = Path(path)
    if not path.exists():
        return {}
    namespace = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return namespace.get(name, {})


def load(notebook_stem, name="ANSWERS", root=ROOT):
    """The dict ``name`` of ``tests/answers/<notebook_stem>.py`` under ``root`` (``{}`` if none)."""
    return load_file(Path(root) / "tests" / "answers" / f"{notebook_stem}.py", name)


def reading_entry(gid, variable, n_options, correct, keys):
    """The registry entry of a choice question.

    "The student chose option k" is written ``G.choice_letter(gid, k, n_options)``: the letter of
    option k for whichever student runs it.  ``keys`` names every option in the order the locked
    cell lists them (each wrong option's key is the hint id the hidden check reports for it);
    ``correct`` is the right one's key.
    """
    def chose(k):
        return f"G.choice_letter({gid!r}, {k}, {n_options})"
    wrong = {f"option {key}": {"code": f"{variable} = {chose(k)}", "hint": key, "visible": False,
                               "why": "a choice's visible check tests only the form; the choice is judged after "
                                      "submission, in the student's own order of the options"}
             for k, key in enumerate(keys) if key != correct}
    wrong["not one letter"] = {"code": f'{variable} = "option " + {chose(keys.index(correct))}', "hint": "form",
                               "visible": True}
    return {"hidden": [f"{gid}_hidden"], "per_student": True,
            "choice": {"variable": variable, "options": n_options, "correct": keys.index(correct)},
            "alternatives": [f'{variable} = " " + {chose(keys.index(correct))}.upper() + " "'], "wrong": wrong}
