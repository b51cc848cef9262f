"""nbgrader's file-system exchange with private submissions and private feedback.

The default exchange of nbgrader 0.9.6 hides one student's work from another only
by name.  A submission is a folder ``inbound/<student>+<assignment>+<time>+<random>``
whose files are world-readable (0644, folder 0777): ``inbound/`` cannot be listed,
so the random part keeps the name secret, but anyone who learns it can read the
work.  Released feedback is a world-readable file whose name is a hash of a
secret kept in the submission.  And ``nbgrader collect`` takes a folder that one
student created in another's name, with only a warning.

These subclasses, selected in ``nbgrader_config.py`` through ``ExchangeFactory``,
close the three gaps with POSIX access-control lists (ACLs), which every common
Linux file system supports:

* **Submit.** After nbgrader's copy, every file and folder of the submission gets
  an ACL that lets its owner (the student) and the owner of ``inbound/`` (the
  course's grader account) in, and nobody else, whatever they know about its name.
  (Group permissions cannot do it: ``timestamp.txt`` and ``submission_secret.txt``
  are written after nbgrader's copy has cleared the folder's set-group-ID bit, so
  they get the student's own group, which a student cannot change.)
* **Release feedback.** Each feedback file is made ``0640`` plus an ACL entry that
  lets the one student it belongs to read it.
* **Collect.** A submission folder whose owner is not the student it names is
  refused (logged as an error), and that student's latest genuine submission is
  collected instead.

Where the file system has no ACLs, submissions and feedback keep nbgrader's own
permissions (readable by anyone who learns their secret names) and a warning says
so.  Nothing else changes: folder layout, timestamps, secrets and file names are
nbgrader's own, so the formgrader, the Assignment List and ``nbgrader`` commands
work as documented.  Students' user names must be their Unix user names (true
with JupyterHub's PAM authenticator and local users).
"""
import glob
import os
import pwd
import re
import struct

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import notebook_hash

FEEDBACK_FILE_MODE = 0o640

# Linux's binary form of a POSIX access ACL (the ``system.posix_acl_access``
# extended attribute): a version word, then (tag, permissions, id) entries.
_ACL_XATTR = "system.posix_acl_access"
_ACL_VERSION = 2
_ACL_USER_OBJ, _ACL_USER, _ACL_GROUP_OBJ, _ACL_MASK, _ACL_OTHER = 0x01, 0x02, 0x04, 0x10, 0x20
_ACL_UNDEFINED_ID = 0xFFFFFFFF
RWX, RW, R, NONE = 7, 6, 4, 0


def acl_xattr(uid, *, owner, user, group=NONE, other=NONE):
    """The ``system.posix_acl_access`` value for owner, one named user ``uid``, group and others.

    Parameters
    ----------
    uid : int
        The one extra user granted ``user`` permissions.
    owner, user, group, other : int
        Permission bits (4 read, 2 write, 1 execute/search).

    Returns
    -------
    bytes
        The attribute value, entries in the order the kernel requires; the mask
        is the union of ``user`` and ``group``.
    """
    if not isinstance(uid, int) or uid < 0:
        raise ValueError(f"uid must be a non-negative integer, got {uid!r}")
    for name, bits in (("owner", owner), ("user", user), ("group", group), ("other", other)):
        if bits not in range(8):
            raise ValueError(f"{name} must be permission bits 0-7, got {bits!r}")
    entries = [
        (_ACL_USER_OBJ, owner, _ACL_UNDEFINED_ID),
        (_ACL_USER, user, uid),
        (_ACL_GROUP_OBJ, group, _ACL_UNDEFINED_ID),
        (_ACL_MASK, user | group, _ACL_UNDEFINED_ID),
        (_ACL_OTHER, other, _ACL_UNDEFINED_ID),
    ]
    return struct.pack("<I", _ACL_VERSION) + b"".join(struct.pack("<HHI", *e) for e in entries)


def share_tree_with(path, uid):
    """Let only the owner and ``uid`` into every folder and file under ``path`` (raises OSError
    where the file system has no ACLs).  Symbolic links are left alone."""
    for folder, dirs, files in os.walk(path):
        for name in files:
            target = os.path.join(folder, name)
            if not os.path.islink(target):
                os.setxattr(target, _ACL_XATTR, acl_xattr(uid, owner=RW, user=RW))
        os.setxattr(folder, _ACL_XATTR, acl_xattr(uid, owner=RWX, user=RWX))


def grant_read_to_one_user(path, username, log=None):
    """Make ``path`` readable by its owner's group and by ``username`` only.

    Returns True when the access-control entry was set; False (with a warning)
    when the user is unknown or the file system has no access-control lists,
    in which case ``path`` keeps its mode.
    """
    try:
        uid = pwd.getpwnam(username).pw_uid
    except KeyError:
        if log:
            log.warning("No Unix user %r: feedback %s keeps nbgrader's permissions", username, path)
        return False
    try:
        os.setxattr(path, _ACL_XATTR, acl_xattr(uid, owner=RW, user=R, group=R))
    except OSError as exc:
        if log:
            log.warning("Cannot set an access-control list on %s (%s): it stays readable by anyone "
                        "who knows its name", path, exc)
        return False
    return True


class PrivateExchangeSubmit(ExchangeSubmit):
    """nbgrader's submit, then the submission readable by its owner and the grader only."""

    def copy_files(self):
        super().copy_files()
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        try:
            share_tree_with(dest, os.stat(self.inbound_path).st_uid)
        except OSError as exc:
            self.log.warning("Cannot set access-control lists on %s (%s): it stays readable by "
                             "anyone who knows its name", dest, exc)
        else:
            self.log.info("Submission readable by you and the course's grader only")


class PrivateExchangeReleaseFeedback(ExchangeReleaseFeedback):
    """nbgrader's release of feedback, then each file readable by its student only."""

    def copy_files(self):
        super().copy_files()
        for html_file in glob.glob(os.path.join(self.src_path, "*.html")):
            pattern = re.escape(os.path.sep).join([
                self.coursedir.format_path(self.coursedir.feedback_directory, "(?P<student_id>.*)",
                                           self.coursedir.assignment_id, escape=True),
                "(?P<notebook_id>.*).html"])
            match = re.match(pattern, html_file)
            if match is None:
                continue
            secret_file = os.path.join(os.path.dirname(html_file), "submission_secret.txt")
            if not os.path.exists(secret_file):
                continue
            with open(secret_file) as fh:
                secret = fh.read()
            checksum = notebook_hash(secret=secret, notebook_id=match.group("notebook_id"))
            released = os.path.join(self.dest_path, f"{checksum}.html")
            if os.path.exists(released) and os.stat(released).st_uid == os.geteuid():
                os.chmod(released, FEEDBACK_FILE_MODE)
                grant_read_to_one_user(released, match.group("student_id"), self.log)


class OwnerCheckedExchangeCollect(ExchangeCollect):
    """nbgrader's collect, refusing submissions made in another student's name."""

    def _owned_by_student(self, record):
        path = os.path.join(self.inbound_path, record["filename"])
        try:
            owner = pwd.getpwuid(os.stat(path).st_uid).pw_name
        except (KeyError, OSError):
            return False
        return owner == record["username"]

    def init_src(self):
        super().init_src()
        kept = []
        for record in self.src_records:
            if self._owned_by_student(record):
                kept.append(record)
                continue
            self.log.error("Refusing %s: it names %s but belongs to another user",
                           record["filename"], record["username"])
            pattern = os.path.join(self.inbound_path,
                                   f"{glob.escape(record['username'])}+{self.coursedir.assignment_id}+*")
            genuine = [r for r in map(self._path_to_record, glob.glob(pattern)) if self._owned_by_student(r)]
            if genuine:
                kept.append(self._sort_by_timestamp(genuine)[0])
        self.src_records = kept
