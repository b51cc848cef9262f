"""The teaching guide (course/teaching_guide.md) stays true to the notebooks it schedules.

Every figure a teacher plans with is read from the notebooks here, never typed into the test:
points are the sums of nbgrader's points (autograded and written), times are the notebooks' own
header estimates (and the front door's), prerequisites are the notebooks' "You need" lines, and
the points of a Chapter-3 part (A1, B4, ...) are the points of the cells under its scenario.
"""
import re
import nbformat
import pytest

from course_utils import ASSIGNMENTS, ROOT

GUIDE = ROOT / "course" / "teaching_guide.md"
DASH = "[–-]"


def _guide():
    return GUIDE.read_text(encoding="utf-8")


def _section(text, heading):
    """The text under a Markdown heading (any level) up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", text, re.M)
    assert match, f"the guide has no heading {heading!r}"
    level = len(match.group(1))
    rest = text[match.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[:end.start()] if end else rest


def _table_rows(text):
    """Markdown table rows as lists of stripped cells (header and rule rows left out)."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.match(r"^\|[\s|:-]+\|$", line):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows[1:] if rows else rows


# --- the notebooks -------------------------------------------------------------------------------
def _notebooks():
    """{stem: path} of every instructor edition."""
    return {p.stem: p for p in sorted((ROOT / "source").glob("*/*.ipynb"))}


def _read(path):
    return nbformat.read(path, as_version=4)


def _points(nb):
    """(autograded, written) nbgrader points of a notebook."""
    auto = written = 0.0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") or meta.get("task"):
            if meta.get("solution") or meta.get("task"):
                written += float(meta.get("points", 0))
            else:
                auto += float(meta.get("points", 0))
    return auto, written


def _minutes(text):
    """'2 h 20' -> 140, '3 h' -> 180, '45 min' -> 45, '60 minutes' -> 60."""
    match = re.fullmatch(r"\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*(?:min|minutes)?)?\s*", text)
    assert match and (match.group(1) or match.group(2)), f"not a time: {text!r}"
    return int(match.group(1) or 0) * 60 + int(match.group(2) or 0)


def _time_range(text):
    """'2 h 20 – 3 h' -> (140, 180); '15 min' -> (15, 15)."""
    parts = re.split(rf"\s*{DASH}\s*", text.strip())
    assert len(parts) in (1, 2), text
    return _minutes(parts[0]), _minutes(parts[-1])


def _stated_time(nb):
    """A notebook header's own estimate, as (low, high) minutes."""
    head = nb.cells[0].source
    for pattern in (r"\*\*Time: about ([^*(]+?)\*\*", r"\(about (\d+ minutes) in all", r"about (\d+ minutes) \("):
        match = re.search(pattern, head)
        if match:
            return _time_range(match.group(1))
    raise AssertionError("no stated time in the header")


def _front_door_times():
    """{stem: (low, high)} from the front door's tables of contents."""
    front = "\n".join(c.source for c in _read(ROOT / "course" / "index.ipynb").cells)
    times = {}
    for row in _table_rows(front):
        link = re.search(r"\]\((?:[\w/]+/)?(\w+)\.ipynb\)", row[0]) if row else None
        if link and len(row) >= 3:
            times[link.group(1)] = _time_range(re.sub(r"\(.*?\)", "", row[-1]))
    return times


def _part_points(nb):
    """{part: points} of a Chapter-3 lab: the graded cells under each '### Scenario A1' heading."""
    parts, current = {}, None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^### (?:Scenario )?([A-C]\d)\b", cell.source, re.M)
            if match:
                current = match.group(1)
                parts.setdefault(current, 0.0)
            elif re.search(r"^### (Summary|References)", cell.source, re.M):
                current = None
        meta = cell.metadata.get("nbgrader", {})
        if current and (meta.get("grade") or meta.get("task")):
            parts[current] += float(meta.get("points", 0))
    return parts


def _core_parts(nb):
    """The parts of a lab whose heading marks them core."""
    return {m.group(1) for c in nb.cells if c.cell_type == "markdown"
            for m in re.finditer(r"^### Scenario ([A-C]\d)\b.*\(core\)", c.source, re.M)}


def _section_homes():
    """{(chapter, section number): stem} and {(chapter, part number): stem} for Chapters 1-2."""
    sections, parts = {}, {}
    for stem, path in _notebooks().items():
        chapter = re.match(r"0([12])[a-c]_", stem)
        if not chapter:
            continue
        nb = _read(path)
        part = re.search(r"^## Part (\d)", nb.cells[0].source, re.M)
        parts[(chapter.group(1), part.group(1))] = stem
        for cell in nb.cells:
            for m in re.finditer(r"^## (\d+)\. ", cell.source, re.M):
                sections[(chapter.group(1), m.group(1))] = stem
    return sections, parts


def _prerequisites(stem):
    """The notebooks a notebook's "You need" line names (sections and parts mapped to their notebooks)."""
    head = _read(_notebooks()[stem]).cells[0].source
    match = re.search(r"\*\*You need\*\*:([^\n]*)", head)
    if not match:
        return set()
    need = match.group(1)
    sections, parts = _section_homes()
    wanted = set()
    for chapter, rest in re.findall(r"Chapter (\d),([^.]*?)(?=Chapter \d|, and the|\.|$)", need):
        for number in re.findall(r"§(\d+)", rest):
            wanted.add(sections[(chapter, number)])
        for number in re.findall(r"Part (\d)", rest):
            wanted.add(parts[(chapter, number)])
    if "warm-up" in need:
        wanted.add("00_warmup")
    assert wanted or "Chapter" not in need, f"could not read the prerequisites of {stem}: {need!r}"
    return wanted


# --- the schedules -------------------------------------------------------------------------------
ITEM = re.compile(r"`(\w+)`((?:\s+[A-C]\d(?:[–-][A-C]\d)?)?)")
COLUMNS = {"session A": 0.0, "session B": 1.0, "homework": 2.0}


def _stem(code):
    matches = [s for s in _notebooks() if s == code or s.startswith(code + "_")]
    assert len(matches) == 1, f"{code!r} names {matches}"
    return matches[0]


def _parts(spec):
    """' A1–A3' -> ['A1', 'A2', 'A3']; ' B4' -> ['B4']; '' -> None (the whole notebook)."""
    spec = spec.strip()
    if not spec:
        return None
    first, last = (re.split(r"[–-]", spec) + [spec])[:2] if re.search(r"[–-]", spec) else (spec, spec)
    return [f"{first[0]}{n}" for n in range(int(first[1:]), int(last[1:]) + 1)]


def _schedule(heading):
    """[(order key, stem, parts or None, week label, column)] of a schedule table, and its rows."""
    rows = _table_rows(_section(_guide(), heading))
    assert rows, f"no table under {heading!r}"
    items = []
    for row in rows:
        week = row[0]
        week_index = -1 if week == "before" else int(week)
        for column, key in (("session A", 1), ("session B", 2), ("homework", 3), ("quiz (due)", 4)):
            cell = row[key]
            for chunk in re.split(r";\s*", cell):
                for m in ITEM.finditer(chunk):
                    if column == "quiz (due)":
                        offset = 0.5 if "before session B" in chunk else 2.5
                    else:
                        offset = COLUMNS[column]
                    items.append(((week_index, offset), _stem(m.group(1)), _parts(m.group(2)), week, column))
    return items, rows


SCHEDULES = ("Three weeks (two sessions a week)", "Five weeks (two sessions a week, lighter)")


# --- tests ---------------------------------------------------------------------------------------
def test_makefile_and_test_utilities_agree_on_the_assignments():
    makefile = (ROOT / "Makefile").read_text()
    listed = re.search(r"^ASSIGNMENTS := (.+)$", makefile, re.M).group(1).split()
    assert tuple(listed) == ASSIGNMENTS


@pytest.mark.parametrize("heading", SCHEDULES)
def test_every_assignment_and_every_notebook_is_scheduled(heading):
    items, _ = _schedule(heading)
    scheduled = {stem for _, stem, _, _, _ in items}
    assert set(_notebooks()) <= scheduled, f"not scheduled: {set(_notebooks()) - scheduled}"
    folders = {_notebooks()[stem].parent.name for stem in scheduled}
    assert set(ASSIGNMENTS) <= folders


@pytest.mark.parametrize("heading", SCHEDULES)
def test_each_lab_is_scheduled_whole(heading):
    """Every core part of a Chapter-3 lab appears in the schedule (a lab named without parts is whole)."""
    items, _ = _schedule(heading)
    for stem, path in _notebooks().items():
        core = _core_parts(_read(path))
        if not core:
            continue
        mentions = [parts for _, s, parts, _, _ in items if s == stem]
        covered = set().union(*(set(p) if p else core for p in mentions))
        assert core <= covered, f"{heading}: parts of {stem} never scheduled: {sorted(core - covered)}"


@pytest.mark.parametrize("heading", SCHEDULES)
def test_the_schedule_respects_each_notebooks_prerequisites(heading):
    """A notebook (or lab part) comes after everything its "You need" line names; a quiz after every
    notebook its questions come from (its chapter)."""
    items, _ = _schedule(heading)
    first = {}
    for key, stem, _, _, _ in sorted(items, key=lambda item: item[0]):
        first.setdefault(stem, key)
    last = {}
    for key, stem, _, _, _ in items:
        last[stem] = max(last.get(stem, key), key)
    for key, stem, parts, week, column in items:
        needs = _prerequisites(stem)
        if stem == "03a_measurement" and parts and "A3" not in parts:
            # A1-A2 use §1 and §5; only the LFP scenario A3 needs §7 (01c): checked below
            needs = needs - {"01c_rhythm_and_genes"}
        for need in needs:
            assert first[need] < key, f"{heading}: {stem} {parts or ''} (week {week}, {column}) comes before {need}"
    chapters = {"quiz_1": "01", "quiz_2": "02", "quiz_3": "03"}
    for quiz, prefix in chapters.items():
        due = first[quiz]
        for stem in _notebooks():
            if stem.startswith(prefix):
                assert last[stem] <= due, f"{heading}: {quiz} is due before {stem} is done"


def test_03a_names_section_7_as_a_prerequisite_and_section_7_is_in_01c():
    """The guide's reason for splitting 03a holds only while this is true."""
    assert "01c_rhythm_and_genes" in _prerequisites("03a_measurement")


@pytest.mark.parametrize("heading", SCHEDULES)
def test_points_per_week_are_those_of_the_work_scheduled(heading):
    items, rows = _schedule(heading)
    nbs = {stem: _read(path) for stem, path in _notebooks().items()}
    per_week, seen = {}, set()
    for _, stem, parts, week, _ in items:
        if parts:
            lab = _part_points(nbs[stem])
            for part in parts:
                if (stem, part) not in seen:
                    seen.add((stem, part))
                    per_week[week] = per_week.get(week, 0.0) + lab.get(part, 0.0)
        elif (stem, None) not in seen:
            seen.add((stem, None))
            per_week[week] = per_week.get(week, 0.0) + sum(_points(nbs[stem]))
    stated = {row[0]: float(row[5]) for row in rows}
    assert stated == pytest.approx(per_week), heading
    assert sum(stated.values()) == pytest.approx(sum(sum(_points(nb)) for nb in nbs.values()))


def test_lab_parts_add_up_to_their_notebook():
    """The per-part points the schedules use leave nothing out."""
    for stem, path in _notebooks().items():
        nb = _read(path)
        parts = _part_points(nb)
        if parts:
            assert sum(parts.values()) == pytest.approx(sum(_points(nb))), stem


def _syllabus():
    rows = _table_rows(_section(_guide(), "2. Syllabus"))
    table = {}
    for row in rows:
        stem = re.fullmatch(r"`(\w+)`", row[1])
        if stem:
            table[stem.group(1)] = row
    return table


def test_the_syllabus_lists_every_notebook_in_its_folder():
    table = _syllabus()
    assert set(table) == set(_notebooks())
    for stem, row in table.items():
        assert row[0] == f"`{_notebooks()[stem].parent.name}`", stem


def test_the_syllabus_points_are_the_notebooks():
    table = _syllabus()
    for stem, path in _notebooks().items():
        auto, written = _points(_read(path))
        row = table[stem]
        assert (float(row[3]), float(row[4]), float(row[5])) == pytest.approx((auto, written, auto + written)), stem
    totals = [_points(_read(p)) for p in _notebooks().values()]
    auto, written = sum(t[0] for t in totals), sum(t[1] for t in totals)
    text = _guide()
    assert f"{auto:g} autograded points and {written:g} written points, {auto + written:g} points" in text


def test_the_syllabus_times_are_the_notebooks_and_the_front_doors():
    table = _syllabus()
    front = _front_door_times()
    for stem, path in _notebooks().items():
        stated = _stated_time(_read(path))
        assert _time_range(table[stem][6]) == stated, f"{stem}: the guide says {table[stem][6]!r}"
        assert front.get(stem) == stated, f"{stem}: the front door says {front.get(stem)}, the notebook {stated}"


def test_the_written_answers_are_counted_right():
    count = sum(1 for p in _notebooks().values() for c in _read(p).cells
                if c.metadata.get("nbgrader", {}).get("grade") and c.metadata["nbgrader"].get("solution")
                and c.cell_type == "markdown")
    written = sum(_points(_read(p))[1] for p in _notebooks().values())
    section = _section(_guide(), "7. Grading the written answers")
    assert f"There are {count} written answers, {written:g} points" in section


def test_every_local_link_exists():
    text = _guide()
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links
    for link in links:
        if link.startswith(("http:", "https:", "#")):
            continue
        target = (GUIDE.parent / link.split("#")[0]).resolve()
        assert target.exists(), f"dead link: {link}"


def test_every_named_figure_explorer_and_file_exists():
    text = _guide()
    for name in set(re.findall(r"`(\w+\.svg)`", text)):
        assert (ROOT / "course" / "figures" / name).is_file(), name
    for path in set(re.findall(r"`((?:course|deploy|tools|reports)/[\w./]+\.(?:md|py|ipynb))`", text)):
        if not path.startswith("reports/"):
            assert (ROOT / path).is_file(), path
    for deck in set(re.findall(r"`(chapter\d)\.html`", text)):
        assert (ROOT / "course" / "slides" / f"{deck}.md").is_file(), deck
    makefile = (ROOT / "Makefile").read_text()
    for target in set(re.findall(r"`make ([\w-]+)", text)):
        assert re.search(rf"^{re.escape(target)}:", makefile, re.M), f"make {target} is no target"


def test_every_think_prompt_the_plans_quote_exists():
    sources = {stem: "\n".join(c.source for c in _read(p).cells) for stem, p in _notebooks().items()}
    plans = _section(_guide(), "4. Session plans")
    for block in re.split(r"^### ", plans, flags=re.M)[1:]:
        codes = re.findall(r"`(0[0-3][a-c])`", block.split("\n", 1)[0]) or re.findall(r"`(0[0-3][a-c])`", block)
        stems = {_stem(c) for c in codes}
        for think in re.findall(r"Think! ([A-C]?\d+\.\d)", block):
            assert any(f"**Think! {think}**" in sources[s] for s in stems) or any(
                f"**Think! {think}**" in src for src in sources.values()), f"Think! {think} is in no notebook"


def test_the_guide_reaches_no_student():
    """Not in release/, the student pack, the book's reader pages, and not linked from the front door."""
    import book
    assert not list((ROOT / "release").rglob("teaching_guide*"))
    assert "teaching_guide.md" not in book.REFERENCE_PAGES
    for tool in ("course_folder.py", "student_pack.py", "book.py", "workspace.py"):
        assert "teaching_guide" not in (ROOT / "tools" / tool).read_text(), f"tools/{tool} copies the guide"
    front = "\n".join(c.source for c in _read(ROOT / "course" / "index.ipynb").cells)
    assert "](teaching_guide.md" not in front and "source/" not in front


def test_the_front_door_points_teachers_at_the_guide_without_a_link():
    """One line in the instructors' cell; no link (a student pack has no course/ folder to follow)."""
    cells = [c.source for c in _read(ROOT / "course" / "index.ipynb").cells if "## For instructors" in c.source]
    assert len(cells) == 1 and "`course/teaching_guide.md`" in cells[0]


@pytest.mark.slow
def test_the_student_pack_holds_no_copy_of_the_guide(tmp_path):
    import student_pack
    files = student_pack.build(tmp_path / "pack")
    assert files
    signature = "names the instructor editions"
    for path in (tmp_path / "pack").rglob("*"):
        assert "teaching_guide" not in path.name
        if path.is_file() and path.suffix in (".md", ".ipynb", ".txt"):
            assert signature not in path.read_text(encoding="utf-8", errors="ignore"), path
