"""The access-control lists of ``deploy/jupyter/dystonia_exchange.py``, checked by the kernel.

The encoding is Linux's ``system.posix_acl_access`` format (acl(5); the kernel's
``posix_acl_xattr`` layout: a little-endian version 2 header, then 8-byte
``(tag, perm, id)`` entries sorted by tag).  The behavioural tests let the kernel
judge: a user the ACL names may read the file, another user may not.  They need
root (to act as two other users); the encoding tests run anywhere.
"""
import os
import pwd
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy" / "jupyter"))
import dystonia_exchange as dx  # noqa: E402


def test_encoding_has_the_kernels_layout():
    value = dx.acl_xattr(1234, owner=dx.RW, user=dx.R, group=dx.R)
    version, = struct.unpack_from("<I", value)
    entries = [struct.unpack_from("<HHI", value, 4 + 8 * i) for i in range((len(value) - 4) // 8)]
    assert version == 2 and len(value) == 4 + 5 * 8
    assert entries == [(0x01, 6, 0xFFFFFFFF), (0x02, 4, 1234), (0x04, 4, 0xFFFFFFFF),
                       (0x10, 4, 0xFFFFFFFF), (0x20, 0, 0xFFFFFFFF)]
    assert [tag for tag, _, _ in entries] == sorted(tag for tag, _, _ in entries)


@pytest.mark.parametrize("kwargs, name", [({"uid": -1}, "uid"), ({"uid": "x"}, "uid"),
                                          ({"uid": 1, "user": 8}, "user"), ({"uid": 1, "other": -1}, "other")])
def test_bad_arguments_are_named(kwargs, name):
    kwargs = {"owner": dx.RW, "user": dx.R, **kwargs}
    uid = kwargs.pop("uid")
    with pytest.raises(ValueError, match=name):
        dx.acl_xattr(uid, **kwargs)


def _two_users():
    if os.geteuid() != 0 or shutil.which("runuser") is None:
        pytest.skip("acting as other users needs root and runuser")
    names = [n for n in ("nobody", "daemon", "bin") if _exists(n)]
    if len(names) < 2:
        pytest.skip("needs two unprivileged system users (nobody, daemon, bin)")
    return names[:2]


def _exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _can_read(user, path):
    return subprocess.run(["runuser", "-u", user, "--", "cat", str(path)], capture_output=True).returncode == 0


@pytest.fixture
def open_dir():
    """A folder other users can reach (pytest's tmp_path sits under a 0700 folder)."""
    path = Path(tempfile.mkdtemp(prefix="dystonia-acl-"))
    os.chmod(path, 0o755)
    try:
        for parent in path.parents:
            if not os.stat(parent).st_mode & 0o001:
                pytest.skip(f"{parent} is not searchable by other users")
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def test_feedback_acl_lets_exactly_one_user_read(open_dir):
    allowed, other = _two_users()
    page = open_dir / "feedback.html"
    page.write_text("<html>score</html>")
    os.chmod(page, 0o644)
    assert _can_read(allowed, page) and _can_read(other, page)          # world-readable before
    os.chmod(page, dx.FEEDBACK_FILE_MODE)
    assert dx.grant_read_to_one_user(str(page), allowed)
    assert _can_read(allowed, page)
    assert not _can_read(other, page)
    assert os.stat(page).st_mode & 0o777 == 0o640                        # mask r--: group bits 4


def test_submission_tree_is_shared_with_the_grader_only(open_dir):
    grader, other = _two_users()
    submission = open_dir / "student+ps1+ts+rand"
    (submission / "sub").mkdir(parents=True)
    (submission / "a.ipynb").write_text("{}")
    (submission / "sub" / "data.csv").write_text("1,2")
    for path in (submission, submission / "sub"):
        os.chmod(path, 0o777)
    dx.share_tree_with(str(submission), pwd.getpwnam(grader).pw_uid)
    assert _can_read(grader, submission / "a.ipynb")
    assert _can_read(grader, submission / "sub" / "data.csv")
    assert not _can_read(other, submission / "a.ipynb")
    assert not _can_read(other, submission / "sub" / "data.csv")
    listing = subprocess.run(["runuser", "-u", other, "--", "ls", str(submission)], capture_output=True)
    assert listing.returncode != 0


def test_unknown_user_keeps_the_file_as_it_was(tmp_path):
    page = tmp_path / "f.html"
    page.write_text("x")
    os.chmod(page, 0o644)
    assert not dx.grant_read_to_one_user(str(page), "no-such-user-dystonia")
    assert os.stat(page).st_mode & 0o777 == 0o644
