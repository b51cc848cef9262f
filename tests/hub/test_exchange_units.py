"""The exchange's and the hub configuration's small functions, on temporary folders (any user).

The behaviour with real Unix users and nbgrader's commands is in ``test_exchange_attacks.py``
and ``test_hub_end_to_end.py``; these pin down each function's contract, quickly.
"""
import datetime
import json
import os
import re
import runpy
import stat
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy" / "jupyter"))
sys.path.insert(0, str(ROOT / "deploy"))
import dystonia_exchange as dx  # noqa: E402
import hubctl  # noqa: E402

UID = os.getuid()


def _submission(tmp_path):
    folder = tmp_path / "student+01_principles+2026-12-06 10:00:00.000000 UTC+abc"
    (folder / "sub").mkdir(parents=True)
    (folder / "01a_circuits.ipynb").write_text("{}")
    (folder / "sub" / "data.csv").write_text("1,2")
    (folder / "timestamp.txt").write_text("2026-12-06 10:00:00.000000 UTC")
    return folder


def test_a_plain_submission_is_copied_whole_and_dated_by_its_latest_change(tmp_path):
    folder = _submission(tmp_path)
    latest = max(os.lstat(p).st_ctime_ns for p in [folder, *folder.rglob("*")])
    copy = tmp_path / "copy"
    assert dx.walk_submission(str(folder), UID, str(copy)) >= latest
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*")) == \
        ["01a_circuits.ipynb", "sub", "sub/data.csv", "timestamp.txt"]
    assert (copy / "sub" / "data.csv").read_text() == "1,2"


def test_checking_only_copies_nothing(tmp_path):
    folder = _submission(tmp_path)
    assert dx.walk_submission(str(folder), UID) > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]


@pytest.mark.parametrize("make, reason", [
    (lambda f: os.symlink("/etc/passwd", f / "01a_circuits.ipynb.link"), "is a symbolic link"),
    (lambda f: os.symlink(f / "sub", f / "linked_folder"), "linked_folder is a symbolic link"),
    (lambda f: os.mkfifo(f / "sub" / "pipe"), "sub/pipe is a named pipe (FIFO)"),
])
def test_links_and_special_files_refuse_the_whole_submission(tmp_path, make, reason):
    folder = _submission(tmp_path)
    make(folder)
    copy = tmp_path / "copy"
    with pytest.raises(dx.Refused, match=re.escape(reason)):
        dx.walk_submission(str(folder), UID, str(copy))
    assert not copy.exists()


def test_a_folder_of_another_owner_is_refused(tmp_path):
    folder = _submission(tmp_path)
    with pytest.raises(dx.Refused, match="the submission folder belongs to"):
        dx.walk_submission(str(folder), UID + 1)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_an_entry_of_another_owner_is_named(tmp_path):
    folder = _submission(tmp_path)
    os.chown(folder / "sub" / "data.csv", 65534, -1)
    with pytest.raises(dx.Refused, match=f"sub/data.csv belongs to {dx.user_name(65534)}"):
        dx.walk_submission(str(folder), UID)
    os.link(folder / "sub" / "data.csv", folder / "linked.csv")           # a hard link to it
    with pytest.raises(dx.Refused, match=f"is a hard link to a file of {dx.user_name(65534)}"):
        dx.walk_submission(str(folder), UID)


def test_a_linked_top_folder_is_refused(tmp_path):
    folder = _submission(tmp_path)
    link = tmp_path / "student+01_principles+2026-12-06 11:00:00.000000 UTC+x"
    os.symlink(folder, link)
    with pytest.raises(dx.Refused, match="not a plain folder"):
        dx.walk_submission(str(link), UID)


@pytest.mark.parametrize("limit, value, reason", [
    ("max_entries", 2, "more than 2 files and folders"),
    ("max_bytes", 3, "more than 3 bytes"),
])
def test_limits_refuse(tmp_path, limit, value, reason):
    folder = _submission(tmp_path)
    with pytest.raises(dx.Refused, match=reason):
        dx.walk_submission(str(folder), UID, **{limit: value})


def test_ignored_and_oversized_files_are_checked_but_not_copied(tmp_path):
    folder = _submission(tmp_path)
    (folder / ".ipynb_checkpoints").mkdir()
    (folder / ".ipynb_checkpoints" / "x.ipynb").write_text("{}")
    (folder / "big.bin").write_bytes(b"0" * 100)
    copy = tmp_path / "copy"
    dx.walk_submission(str(folder), UID, str(copy), ignore=[".ipynb_checkpoints"], max_file_bytes=50)
    assert not (copy / ".ipynb_checkpoints").exists() and not (copy / "big.bin").exists()
    os.symlink("/etc", folder / ".ipynb_checkpoints" / "link")        # ignored, yet still checked
    with pytest.raises(dx.Refused, match="is a symbolic link"):
        dx.walk_submission(str(folder), UID, str(tmp_path / "copy2"), ignore=[".ipynb_checkpoints"])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_refused_when_copied(tmp_path):
    folder = _submission(tmp_path)
    os.chmod(folder / "01a_circuits.ipynb", 0)
    with pytest.raises(dx.Refused, match="cannot be read by the grader"):
        dx.walk_submission(str(folder), UID, str(tmp_path / "copy"))


@pytest.mark.parametrize("name, expected", [
    ("s1+01_principles+2026-12-06 10:50:51.053271 UTC+YR42", ("s1", "01_principles", datetime.datetime(2026, 12, 6, 10, 50, 51, 53271))),
    ("a+b+01_principles+2026-12-06 10:50:51 UTC+r", ("a+b", "01_principles", datetime.datetime(2026, 12, 6, 10, 50, 51))),
    ("s1+01_principles+soon+x", ("s1", "01_principles", None)),
])
def test_submission_names(name, expected):
    assert dx.parse_submission_name(name) == expected


@pytest.mark.parametrize("name", ["s1+01_principles", "+01_principles+2026-12-06 10:00:00 UTC"])
def test_malformed_names_are_refused(name):
    with pytest.raises(dx.Refused, match="its name is not"):
        dx.parse_submission_name(name)


def test_utc_from_ns_is_naive_utc():
    assert dx.utc_from_ns(1_796_558_400_123_456_789) == datetime.datetime(2026, 12, 6, 12, 0, 0, 123457)


def test_entry_kinds_are_named():
    assert dx.entry_kind(stat.S_IFLNK) == "a symbolic link"
    assert dx.entry_kind(stat.S_IFCHR) == "a device"
    assert dx.entry_kind(stat.S_IFSOCK) == "a socket"


def test_due_dates_are_published_and_read_back(tmp_path):
    dx.publish_due_dates(str(tmp_path), {"01_principles": "2026-12-13T17:00:00Z"})
    path = tmp_path / dx.DUE_DATES_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert dx.read_due_dates(str(tmp_path)) == {"01_principles": "2026-12-13T17:00:00Z"}
    assert [p.name for p in tmp_path.iterdir()] == [dx.DUE_DATES_FILE]      # no temporary file left


@pytest.mark.parametrize("content", ["not json", "[1, 2]", json.dumps({"a": "tomorrow", "b": 3})])
def test_unreadable_due_dates_are_ignored(tmp_path, content):
    (tmp_path / dx.DUE_DATES_FILE).write_text(content)
    assert dx.read_due_dates(str(tmp_path)) == {}
    assert dx.read_due_dates(str(tmp_path / "missing")) == {}


def test_the_demo_due_dates_are_a_week_apart():
    due = hubctl.demo_due_dates(datetime.date(2026, 12, 6))
    assert due == {"01_principles": "2026-12-13 17:00:00 UTC", "02_applications": "2026-12-20 17:00:00 UTC",
                   "03_hands_on": "2026-12-27 17:00:00 UTC"}


def test_the_exchange_folder_modes_are_nbgraders():
    assert hubctl.exchange_folder_modes() == {"": 0o755, "outbound": 0o755, "inbound": 0o2733, "feedback": 0o711}


# --- the servers' configuration -------------------------------------------------------------------
def _server_config(monkeypatch, shell="/bin/bash", runtime="/run/user/x"):
    from traitlets.config import Config
    config = Config()
    monkeypatch.setenv("SHELL", shell)
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", runtime)
    runpy.run_path(str(ROOT / "deploy" / "jupyter" / "jupyter_server_config.py"),
                   init_globals={"get_config": lambda: config})
    return config


def test_terminals_start_a_login_shell_then_put_the_environment_first(monkeypatch):
    config = _server_config(monkeypatch, shell="/bin/zsh")
    command = config.ServerApp.terminado_settings["shell_command"]
    assert command[:3] == ["/bin/zsh", "-l", "-c"] and command[-1] == "/bin/zsh"
    assert command[3].startswith(f"PATH={os.path.join(sys.prefix, 'bin')}:")
    assert command[3].endswith('exec "$0" -i')


def test_a_terminal_line_really_puts_the_environment_first(tmp_path):
    """Run the line with sh: after a profile that resets PATH, the environment's bin is first."""
    import subprocess
    namespace = runpy.run_path(str(ROOT / "deploy" / "jupyter" / "jupyter_server_config.py"),
                               init_globals={"get_config": lambda: __import__("traitlets.config").config.Config()})
    line = namespace["terminal_command"]("/bin/sh", "/opt/course env/bin")[3].replace('exec "$0" -i', 'echo "$PATH"')
    out = subprocess.run(["/bin/sh", "-c", "PATH=/usr/bin:/bin; " + line], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("/opt/course env/bin:/usr/bin")


def test_a_relative_shell_is_refused():
    namespace = runpy.run_path(str(ROOT / "deploy" / "jupyter" / "jupyter_server_config.py"),
                               init_globals={"get_config": lambda: __import__("traitlets.config").config.Config()})
    with pytest.raises(ValueError, match="absolute"):
        namespace["terminal_command"]("bash", "/x")


@pytest.mark.parametrize("runtime, transport", [("/home/s1/.local/share/jupyter/runtime", "ipc"),
                                                ("/home/" + "x" * 80, None)])
def test_servers_kernels_use_unix_sockets_when_the_path_fits(monkeypatch, runtime, transport):
    config = _server_config(monkeypatch, runtime=runtime)
    assert config.KernelManager.get("transport") == transport


def test_the_front_door_is_placed_once_and_never_over_a_users_file(tmp_path):
    namespace = runpy.run_path(str(ROOT / "deploy" / "jupyter" / "jupyter_server_config.py"),
                               init_globals={"get_config": lambda: __import__("traitlets.config").config.Config()})
    place = namespace["place_front_door"]
    source = tmp_path / "front.ipynb"
    source.write_text("{}")
    home = tmp_path / "home"
    home.mkdir()
    assert place(str(source), str(home)) == str(home / "index.ipynb")
    (home / "index.ipynb").write_text("the student's own")
    assert place(str(source), str(home)) is None
    assert (home / "index.ipynb").read_text() == "the student's own"
    other = tmp_path / "other"
    other.mkdir()
    os.symlink(tmp_path / "elsewhere", other / "index.ipynb")           # a dangling link is left alone
    assert place(str(source), str(other)) is None and not (tmp_path / "elsewhere").exists()
    assert place(str(tmp_path / "missing.ipynb"), str(tmp_path)) is None


def test_the_hub_writes_the_students_front_door(tmp_path):
    page = hubctl.write_front_door(tmp_path / "front_door")
    import nbformat
    nb = nbformat.read(str(page), as_version=4)
    assert nb.cells and not any("book-only" in c.metadata.get("tags", []) for c in nb.cells)
