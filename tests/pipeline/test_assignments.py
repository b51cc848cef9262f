"""Every assignment in source/ is known wherever the course lists its assignments.

An assignment is named in five places: the Makefile (``make release``), the test suite
(``tests/course_utils.py``), the frame (``tools/chapter_frame.py``: chapters and side notebooks),
the book (``tools/book.py``) and the demo class (``tools/demo_class.py``, which ``make grade
DEMO=1`` grades).  A new assignment missing from one of them is silently left out of it.
"""
import importlib.util
import re
import sys

import course_utils
from course_utils import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import chapter_frame  # noqa: E402
import demo_class  # noqa: E402

# tools/book.py by its path: the repository's book/ folder would shadow a plain `import book`
_spec = importlib.util.spec_from_file_location("course_book_for_assignments", ROOT / "tools" / "book.py")
book = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(book)


def _source_assignments():
    return {p.parent.name for p in (ROOT / "source").glob("*/*.ipynb")}


def test_every_list_of_assignments_names_every_assignment_in_source():
    makefile = re.search(r"^ASSIGNMENTS\s*:=\s*(.*)$", (ROOT / "Makefile").read_text(), re.M).group(1).split()
    lists = {"Makefile": makefile, "tests/course_utils.py": course_utils.ASSIGNMENTS,
             "tools/chapter_frame.py": list(chapter_frame.ASSIGNMENTS) + list(chapter_frame.SIDE_ASSIGNMENTS),
             "tools/book.py": book.ASSIGNMENTS, "tools/demo_class.py": demo_class.ASSIGNMENTS}
    wanted = _source_assignments()
    for where, names in lists.items():
        assert len(set(names)) == len(names), f"{where} lists an assignment twice: {names}"
        assert set(names) == wanted, (f"{where} lists {sorted(names)}; source/ has {sorted(wanted)}: "
                                      "add or remove the difference")


def test_side_assignments_lead_into_chapters_that_exist():
    for name, (before, after) in chapter_frame.SIDE_ASSIGNMENTS.items():
        for neighbour in (before, after):
            assert neighbour is None or neighbour in chapter_frame.ASSIGNMENTS, (name, neighbour)
    assert set(demo_class.LIGHT_ASSIGNMENTS) == set(chapter_frame.SIDE_ASSIGNMENTS)
