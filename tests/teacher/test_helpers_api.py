"""The per-problem list of helpers functions (tools/helpers_api.py -> course/helpers_api.md)."""
import doctest

import helpers_api
import nbtools
from course_utils import ROOT


def test_the_committed_page_is_current():
    committed = (ROOT / "course" / "helpers_api.md").read_text(encoding="utf-8")
    assert committed == helpers_api.render(), "course/helpers_api.md is stale: run `make helpers-api` and commit it"


def test_every_graded_item_of_every_student_edition_has_its_section():
    page = helpers_api.render()
    for path in helpers_api.notebooks():
        for _gid, heading, _statement, _data in helpers_api.graded_items(nbtools.read(path)):
            assert f"### {heading}\n" in page, f"{path.stem}: {heading} has no section"


def test_names_are_helpers_attributes_not_plain_words_or_strings():
    assert helpers_api.names_in('botulinum.time_course(d, peak_days=peak_days)') == [("botulinum", "time_course")]
    assert helpers_api.names_in("helpers.emg") == [("emg", None)]
    assert helpers_api.names_in("helpers.dbs.evaluate_settings") == [("dbs", "evaluate_settings")]
    # a dict key, a treatment string and an unrelated attribute are not helpers names
    assert helpers_api.names_in('"dbs_outlook"') == []
    assert helpers_api.names_in('"botulinum toxin"') == []
    assert helpers_api.names_in("signal.butter(4, ...)") == []
    assert helpers_api.names_in("my_emg.envelope") == []


def _tiny_notebook(path):
    nb = nbtools.new_notebook([
        nbtools.markdown("# Chapter 9 · Tiny\n## Part 1 — Rules"),
        nbtools.markdown("### Problem 1 (3 points): Forbidden\n\nWrite the envelope yourself (do not call "
                         "`helpers.emg`). Then compare with `emg.cci_falconer_winter`, which you may use."),
        nbtools.readonly('_rng = np.random.default_rng(G.seed_for("t_one"))\nmy_pair = emg.simulate_emg_pair(seed=_rng)',
                         "t_one_data"),
        nbtools.solution("def one():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION", "t_one"),
        nbtools.markdown("### Reading A1 (3 points): Named\n\nUse the limit `dbs.IMPEDANCE_RANGE_OHM` and "
                         "`dbs.no_such_function`."),
        nbtools.solution("### BEGIN SOLUTION\nanswer = 'a'\n### END SOLUTION", "t_two"),
    ])
    nb.cells[2].metadata["tags"] = ["student-data"]
    nbtools.write(nb, path)


def test_a_statement_gives_each_name_its_rule_and_the_package_its_description(tmp_path):
    _tiny_notebook(tmp_path / "release" / "09_tiny" / "09a_tiny.ipynb")
    page = helpers_api.render(root=tmp_path)
    one = page.split("### Problem 1 (3 points): Forbidden")[1].split("### Reading")[0]
    assert "**May not call:**\n\n- `helpers.emg`: the whole module: Surface EMG" in one
    assert "**May call:**\n\n- `emg.cci_falconer_winter(" in one
    assert "**Your data cell draws your case with:**\n\n- `emg.simulate_emg_pair(" in one
    two = page.split("### Reading A1 (3 points): Named")[1]
    assert "**Named in the statement (no explicit rule):**" in two
    assert "- `dbs.IMPEDANCE_RANGE_OHM`: constant, (500.0, 1500.0). Typical impedance range, Ω" in two
    assert "`dbs.no_such_function`: **not found in helpers**" in two
    assert helpers_api.unruled(root=tmp_path) == [
        ("09a_tiny", "Reading A1 (3 points): Named", ["dbs.IMPEDANCE_RANGE_OHM", "dbs.no_such_function"])]


def test_the_examples_in_the_docstrings_hold():
    result = doctest.testmod(helpers_api)
    assert result.attempted >= 3 and result.failed == 0
