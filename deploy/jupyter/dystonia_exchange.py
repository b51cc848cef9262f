"""nbgrader's file-system exchange, hardened for a class of Unix users who may cheat.

The default exchange of nbgrader 0.9.6 trusts its students:

* a submission is a folder ``inbound/<student>+<assignment>+<time>+<random>`` whose files are
  world-readable: the random part keeps its name secret, nothing else;
* released feedback is world-readable, named by a hash of a secret kept in the submission;
* ``nbgrader collect`` runs as the grader and copies whatever a submission folder holds,
  following symbolic links: a student who writes a folder by hand can submit a link to a
  classmate's collected notebook, or to anything else the grader can read (``source/``);
* the submission time is the one the student's folder name and ``timestamp.txt`` claim;
* one malformed folder name, an unreadable file or a FIFO stops the collection of the class.

These subclasses, selected in ``nbgrader_config.py`` through ``ExchangeFactory``, close those
gaps.  Folder layout, secrets and file names stay nbgrader's own, so the formgrader, the
Assignment List and the ``nbgrader`` commands work as documented.

* **Submit** (``PrivateExchangeSubmit``): after nbgrader's copy, every file and folder of the
  submission gets a POSIX access-control list (ACL) that lets its owner (the student) and the
  owner of ``inbound/`` (the course's grader account) in, and nobody else.  (Group permissions
  cannot do it: ``timestamp.txt`` and ``submission_secret.txt`` are written after nbgrader's
  copy has cleared the folder's set-group-ID bit.)  A submission after the due date says so.
* **Release feedback** (``PrivateExchangeReleaseFeedback``): each page is ``0640`` plus an ACL
  entry for the one student it belongs to, before it appears under its released name.  The
  submission's secret, which names the page, is read beside it or else from the collected
  submission (``make grade``'s pages have none of their own); a page whose submission has no
  secret (made by hand) is skipped with an error instead of stopping the release for the class.
* **Collect** (``TrustedExchangeCollect``): a submission is taken only if the folder and every
  entry in it are plain folders and regular files owned by the student the folder names: a
  symbolic link, a hard link to someone else's file, a device, a FIFO or a socket refuses the
  whole folder, as does one named after another student.  Its time is the latest status
  change (``ctime``) of the folder and its entries, which the kernel sets and no user can set
  back, so a forged ``timestamp.txt`` or folder name changes nothing: the collected
  ``timestamp.txt`` holds that time, and nbgrader's lateness and ``make grade``'s
  ``late_hours`` come from it.  The copy opens every entry without following links and
  checks it again as it reads.  Each student's latest accepted submission is collected; every
  refusal and every claimed time that disagrees with the file system is logged as an error
  and written to ``reports/collect.csv``; one bad folder never stops the others.
* **Release assignment** (``DatedExchangeReleaseAssignment``): nbgrader's release, then the
  course's due dates (from the gradebook) published in the exchange as ``due_dates.json``,
  which the students' *Assignment List* shows (``DatedExchangeList`` adds them to each
  assignment it lists).

Where the file system has no ACLs, submissions and feedback keep nbgrader's own permissions
and a warning says so.  Students' user names must be their Unix user names (true with
JupyterHub's PAM authenticator and local users).
"""
import csv
import datetime
import fnmatch
import glob
import json
import os
import pwd
import re
import shutil
import stat
import struct
import tempfile
from collections import defaultdict

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.list import ExchangeList
from nbgrader.exchange.default.release_assignment import ExchangeReleaseAssignment
from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import check_mode, notebook_hash, parse_utc

FEEDBACK_FILE_MODE = 0o640
#: The course's folder in the exchange and its three sub-folders, with nbgrader's own modes
#: (``inbound`` 2733: students may create a submission there but not list it; ``feedback`` 0711:
#: a page is reached only by its secret name).  ``deploy/hubctl.py`` creates them at set-up.
EXCHANGE_FOLDER_MODES = {"": 0o755, "outbound": 0o755, "inbound": 0o2733, "feedback": 0o711}
#: Most files and folders one submission may hold (a chapter has two or three notebooks).
SUBMISSION_MAX_ENTRIES = 1000
#: A submission whose folder name or ``timestamp.txt`` claims a time further than this from the
#: file system's is reported (nbgrader writes its claim a moment before the files are copied).
CLAIM_TOLERANCE_S = 60.0
#: The due dates the students' Assignment List shows, in the course's exchange folder.
DUE_DATES_FILE = "due_dates.json"
#: Where collect writes what it took and what it refused, in the course directory (appended).
COLLECT_REPORT = os.path.join("reports", "collect.csv")
COLLECT_REPORT_FIELDS = ("collected_at", "assignment", "student", "submission", "decision",
                         "submitted_at", "claimed_at", "reason")
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"          # nbgrader's own, in UTC

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
    """nbgrader's submit, then the submission readable by its owner and the grader only; a
    submission after the published due date says it is late."""

    def copy_files(self):
        super().copy_files()
        due = read_due_dates(os.path.join(self.root, self.coursedir.course_id)).get(self.coursedir.assignment_id)
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        if due and now > datetime.datetime.strptime(due, "%Y-%m-%dT%H:%M:%SZ"):
            self.log.warning("This submission is late: %s was due %s UTC", self.coursedir.assignment_id,
                             due.replace("T", " ").rstrip("Z"))
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        try:
            share_tree_with(dest, os.stat(self.inbound_path).st_uid)
        except OSError as exc:
            self.log.warning("Cannot set access-control lists on %s (%s): it stays readable by "
                             "anyone who knows its name", dest, exc)
        else:
            self.log.info("Submission readable by you and the course's grader only")


class PrivateExchangeReleaseFeedback(ExchangeReleaseFeedback):
    """nbgrader's release of feedback, each page readable by its student only from the start.

    nbgrader 0.9.6 writes each page world-readable and only then could it be restricted; it
    reads the submission's secret (which names the page) beside the page only, which
    ``make grade``'s pages lack; and a page without it stops the release for the whole class.
    Here each page is written private and gets its access-control entry before it appears under
    its released name; the secret comes from beside the page or else from the collected
    submission; a page whose submission has none (made by hand, not by nbgrader's submit) is
    skipped with an error (its student could not fetch it anyway).
    """

    def copy_files(self):
        exclude = set(self.coursedir.student_id_exclude.split(",")) if self.coursedir.student_id_exclude else set()
        pattern = re.escape(os.path.sep).join([
            self.coursedir.format_path(self.coursedir.feedback_directory, "(?P<student_id>.*)",
                                       self.coursedir.assignment_id, escape=True),
            "(?P<notebook_id>.*).html"])
        for html_file in sorted(glob.glob(os.path.join(self.src_path, "*.html"))):
            match = re.match(pattern, html_file)
            if match is None:
                self.log.error("Could not match %r with %r", html_file, pattern)
                continue
            student, notebook = match.group("student_id"), match.group("notebook_id")
            if student in exclude:
                continue
            secret = self._secret(os.path.dirname(html_file), student)
            if secret is None:
                self.log.error("No feedback released for %s (%s/%s): the submission has no "
                               "submission_secret.txt (it was not made by nbgrader's submit)",
                               student, self.coursedir.assignment_id, notebook)
                continue
            checksum = notebook_hash(secret=secret, notebook_id=notebook)
            released = os.path.join(self.dest_path, f"{checksum}.html")
            staged = os.path.join(self.dest_path, f"{checksum}-tmp.html")
            with open(html_file, "rb") as src, \
                    os.fdopen(os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
                shutil.copyfileobj(src, out)
            os.chmod(staged, FEEDBACK_FILE_MODE)
            if not grant_read_to_one_user(staged, student, self.log):
                os.chmod(staged, 0o644)          # nbgrader's own mode: readable by whoever knows the name
            os.replace(staged, released)
            self.log.info("Feedback released for %s: %s/%s", student, self.coursedir.assignment_id, notebook)

    def _secret(self, feedback_folder, student):
        """The submission's secret: beside the page (nbgrader's own feedback), else in the collected
        submission (``make grade``'s pages, whose workers keep the notebooks only), else None."""
        collected = self.coursedir.format_path(self.coursedir.submitted_directory, student,
                                               self.coursedir.assignment_id)
        for folder in (feedback_folder, collected):
            path = os.path.join(folder, "submission_secret.txt")
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path) as fh:
                    return fh.read()
        return None


# --- collect: what a submission may hold, and when it was made ----------------------------------
class Refused(Exception):
    """A submission folder collect does not take; the message says why, in one line."""


_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
# O_NONBLOCK: opening a FIFO swapped in after the check returns at once instead of waiting
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


def user_name(uid):
    """The login name of ``uid``, or ``"uid N"`` when it has none."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def entry_kind(mode):
    """What a file of ``mode`` (``st_mode``) is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISREG(mode):
        return "a regular file"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def check_entry(st, rel, uid):
    """Raise ``Refused`` unless ``st`` (an ``lstat``/``fstat`` result for ``rel``) is a folder or a
    regular file owned by ``uid``."""
    if not (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)):
        raise Refused(f"{rel} is {entry_kind(st.st_mode)}")
    if st.st_uid != uid:
        linked = stat.S_ISREG(st.st_mode) and st.st_nlink > 1
        raise Refused(f"{rel} {'is a hard link to a file of' if linked else 'belongs to'} {user_name(st.st_uid)}")


def utc_from_ns(ns):
    """A naive UTC datetime (nbgrader's convention) from nanoseconds since the epoch."""
    return datetime.datetime.fromtimestamp(ns / 1e9, datetime.timezone.utc).replace(tzinfo=None)


def walk_submission(path, uid, dest=None, *, ignore=(), include=("*",), max_entries=SUBMISSION_MAX_ENTRIES,
                    max_bytes=100_000_000, max_file_bytes=100_000_000, log=None):
    """Check the submission folder ``path`` of the user ``uid``, and with ``dest`` copy it there.

    Nothing is followed: the folder and each entry are opened with ``O_NOFOLLOW`` relative to
    their parent's descriptor and checked again after opening, so a link swapped in between the
    check and the copy is refused too.

    Parameters
    ----------
    path : str
        The submission folder in ``inbound/``.
    uid : int
        The Unix user the folder's name says it comes from: the owner every entry must have.
    dest : str, optional
        A folder to create and copy the checked files into; without it, only check (no file
        is opened).
    ignore, include : sequence of str
        nbgrader's ``CourseDirectory.ignore`` and ``include`` file-name globs: entries matching
        ``ignore``, and files matching no ``include``, are checked but not copied.
    max_entries : int
        Most files and folders the submission may hold.
    max_bytes : int
        Most bytes its regular files may hold together.
    max_file_bytes : int
        A larger file is checked but not copied (with a warning, as nbgrader's own copy does).
    log : logging.Logger, optional

    Returns
    -------
    int
        The latest status-change time (``st_ctime_ns``, nanoseconds since the epoch) of the folder
        and every entry, read after any copy: when the student last changed the submission.

    Raises
    ------
    Refused
        The folder or an entry is not a plain folder or regular file owned by ``uid``, cannot be
        read, changed while it was read, or the submission is too large.  Nothing is left at
        ``dest``.
    """
    state = {"entries": 0, "bytes": 0, "ctime_ns": 0}
    limits = {"ignore": tuple(ignore), "include": tuple(include), "max_entries": max_entries,
              "max_bytes": max_bytes, "max_file_bytes": max_file_bytes, "log": log}
    try:
        top = os.open(path, _DIR_FLAGS)
    except OSError as exc:
        raise Refused(f"the submission is not a plain folder ({exc.strerror})") from None
    try:
        _walk_folder(top, ".", uid, dest, state, limits)
    except Refused:
        if dest is not None:
            shutil.rmtree(dest, ignore_errors=True)
        raise
    except OSError as exc:
        if dest is not None:
            shutil.rmtree(dest, ignore_errors=True)
        raise Refused(f"it changed or could not be read while it was collected ({exc.strerror})") from None
    finally:
        os.close(top)
    return state["ctime_ns"]


def _same_file(a, b):
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _walk_folder(dir_fd, rel, uid, dest, state, limits):
    here = os.fstat(dir_fd)
    check_entry(here, "the submission folder" if rel == "." else rel, uid)
    state["ctime_ns"] = max(state["ctime_ns"], here.st_ctime_ns)
    if dest is not None:
        os.mkdir(dest)
    for name in sorted(os.listdir(dir_fd)):
        child = name if rel == "." else f"{rel}/{name}"
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        check_entry(st, child, uid)
        state["entries"] += 1
        if state["entries"] > limits["max_entries"]:
            raise Refused(f"it holds more than {limits['max_entries']} files and folders")
        state["ctime_ns"] = max(state["ctime_ns"], st.st_ctime_ns)
        skipped = any(fnmatch.fnmatch(name, g) for g in limits["ignore"])
        if stat.S_ISDIR(st.st_mode):
            fd = os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
            try:
                if not _same_file(os.fstat(fd), st):
                    raise Refused(f"{child} changed while it was collected")
                target = None if dest is None or skipped else os.path.join(dest, name)
                _walk_folder(fd, child, uid, target, state, limits)
            finally:
                os.close(fd)
            continue
        state["bytes"] += st.st_size
        if state["bytes"] > limits["max_bytes"]:
            raise Refused(f"it holds more than {limits['max_bytes']} bytes")
        if dest is None or skipped or not any(fnmatch.fnmatch(name, g) for g in limits["include"]):
            continue
        if st.st_size > limits["max_file_bytes"]:
            if limits["log"]:
                limits["log"].warning("Ignoring file too large: %s (%d bytes)", child, st.st_size)
            continue
        _copy_file(dir_fd, name, child, st, uid, os.path.join(dest, name), state)


def _copy_file(dir_fd, name, child, checked, uid, target, state):
    try:
        fd = os.open(name, _FILE_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        raise Refused(f"{child} cannot be read by the grader ({exc.strerror})") from None
    try:
        opened = os.fstat(fd)
        check_entry(opened, child, uid)
        if not _same_file(opened, checked):
            raise Refused(f"{child} changed while it was collected")
        with open(target, "xb") as out:
            while True:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                out.write(chunk)
        after = os.fstat(fd)
        state["ctime_ns"] = max(state["ctime_ns"], after.st_ctime_ns)
        os.utime(target, ns=(after.st_atime_ns, after.st_mtime_ns))
    finally:
        os.close(fd)


def parse_submission_name(filename):
    """``(student, assignment, claimed time or None)`` from ``<student>+<assignment>+<time>[+<random>]``.

    Raises ``Refused`` when the name has fewer than three parts; an unreadable time gives None
    (the time that counts comes from the file system, not from the name).
    """
    parts = filename.rsplit("+", 3)
    if len(parts) < 3 or not parts[0]:
        raise Refused("its name is not <student>+<assignment>+<time>")
    try:
        claimed = parse_utc(parts[2])
    except Exception:  # noqa: BLE001 - any unreadable claim is just "no claim"
        claimed = None
    return parts[0], parts[1], claimed


class TrustedExchangeCollect(ExchangeCollect):
    """nbgrader's collect, taking only what each student made, dated by the file system.

    See the module's docstring.  Decisions are logged (refusals as errors) and appended to
    ``reports/collect.csv`` in the course directory.
    """

    def _limits(self):
        return {"ignore": self.coursedir.ignore, "include": self.coursedir.include,
                "max_bytes": 1000 * self.coursedir.max_dir_size,
                "max_file_bytes": 1000 * self.coursedir.max_file_size}

    def _record(self, path):
        """nbgrader's record of the folder ``path`` (username, filename, timestamp), with the
        timestamp the file system's and the folder checked; raises ``Refused``."""
        filename = os.path.basename(path)
        username, _, claimed = parse_submission_name(filename)
        try:
            uid = pwd.getpwnam(username).pw_uid
        except KeyError:
            raise Refused(f"it names {username!r}, who has no Unix account") from None
        st = os.lstat(path)
        if not stat.S_ISDIR(st.st_mode):
            raise Refused(f"it is {entry_kind(st.st_mode)}, not a folder")
        if st.st_uid != uid:
            raise Refused(f"it names {username} but belongs to {user_name(st.st_uid)}")
        ctime_ns = walk_submission(path, uid, **self._limits())
        return {"username": username, "filename": filename, "timestamp": utc_from_ns(ctime_ns),
                "claimed": claimed, "uid": uid}

    def init_src(self):
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail("Course not found: {}".format(self.inbound_path))
        if not check_mode(self.inbound_path, read=True, execute=True):
            self.fail("You don't have read permissions for the directory: {}".format(self.inbound_path))
        self.report_rows = []
        student = self.coursedir.student_id or "*"           # "*" (nbgrader's default): everyone
        pattern = os.path.join(self.inbound_path, f"{student}+{self.coursedir.assignment_id}+*")
        by_student = defaultdict(list)
        for path in sorted(glob.glob(pattern)):
            try:
                record = self._record(path)
            except Refused as exc:
                self._refuse(os.path.basename(path), str(exc))
                continue
            except OSError as exc:        # removed or changed under us: the student's own doing
                self._refuse(os.path.basename(path), f"it could not be read ({exc.strerror})")
                continue
            by_student[record["username"]].append(record)
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None
        # each student's accepted submissions, the one to collect first, then the ones to fall back
        # on if it cannot be copied (it changed, or a file in it cannot be read)
        self.src_records, self.fallbacks = [], {}
        for username, records in sorted(by_student.items()):
            records = self._sort_by_timestamp(records)
            if self.duedate is not None and self.before_duedate:
                on_time = [r for r in records if r["timestamp"] <= self.duedate]
                if on_time:
                    records.remove(on_time[0])
                    records.insert(0, on_time[0])
            for record in records:
                self._check_claim(record)
            self.src_records.append(records[0])
            self.fallbacks[username] = records[1:]

    def _check_claim(self, record):
        claimed = record["claimed"]
        if claimed is None:
            self.log.error("%s: its name carries no readable time; dated %s from its files",
                           record["filename"], record["timestamp"])
            record["note"] = "its name carries no readable time"
        elif abs((record["timestamp"] - claimed).total_seconds()) > CLAIM_TOLERANCE_S:
            note = (f"claims it was submitted at {claimed:%Y-%m-%d %H:%M:%S} UTC, but its files were "
                    f"last changed at {record['timestamp']:%Y-%m-%d %H:%M:%S} UTC (the time that counts)")
            self.log.error("%s %s", record["filename"], note)
            record["note"] = note

    def _refuse(self, filename, reason):
        self.log.error("Refusing %s: %s", filename, reason)
        try:
            student = parse_submission_name(filename)[0]
        except Refused:
            student = ""
        self.report_rows.append({"submission": filename, "student": student, "decision": "refused",
                                 "reason": reason})

    def _report(self, record, decision, reason=""):
        reason = "; ".join(r for r in (reason, record.get("note", "")) if r)
        self.report_rows.append({
            "submission": record["filename"], "student": record["username"], "decision": decision,
            "submitted_at": record["timestamp"].strftime(TIMESTAMP_FORMAT),
            "claimed_at": record["claimed"].strftime(TIMESTAMP_FORMAT) if record["claimed"] else "",
            "reason": reason})

    def copy_files(self):
        if not self.src_records:
            self.log.warning("No submissions of '%s' for course '%s' to collect",
                             self.coursedir.assignment_id, self.coursedir.course_id)
        else:
            self.log.info("Processing %d submissions of '%s' for course '%s'", len(self.src_records),
                          self.coursedir.assignment_id, self.coursedir.course_id)
        try:
            for record in self.src_records:
                for candidate in [record] + self.fallbacks.get(record["username"], []):
                    try:
                        self._collect(candidate)
                        break
                    except Refused as exc:
                        self._refuse(candidate["filename"], str(exc))
                    except OSError as exc:
                        self._refuse(candidate["filename"], f"it could not be copied ({exc})")
                for later in self.fallbacks.get(record["username"], []):
                    if not any(row["submission"] == later["filename"] for row in self.report_rows):
                        self._report(later, "superseded", "a later submission of the same student counts")
        finally:
            self._write_report()

    def _collect(self, record):
        student = record["username"]
        src = os.path.join(self.inbound_path, record["filename"])
        dest = self.coursedir.format_path(self.coursedir.submitted_directory, student,
                                          self.coursedir.assignment_id)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        updating = os.path.isdir(dest)
        if updating:
            existing = self.coursedir.get_existing_timestamp(dest)
            newer = existing is None or record["timestamp"] > existing
            if not ((self.update and newer) or (self.before_duedate and existing != record["timestamp"])):
                self.log.info("%s: %s %s", "No newer submission to collect" if self.update else
                              "Submission already exists, use --update to update", student,
                              self.coursedir.assignment_id)
                self._report(record, "already collected")
                return
        # copied beside the course's folders, not in submitted/ (where a copy cut short by a crash
        # would read as a student or an assignment), then moved into place in one rename
        staging_root = os.path.join(self.coursedir.root, ".collecting")
        os.makedirs(staging_root, exist_ok=True)
        staging = tempfile.mkdtemp(dir=staging_root)
        try:
            copy = os.path.join(staging, "copy")
            ctime_ns = walk_submission(src, record["uid"], copy, log=self.log, **self._limits())
            record["timestamp"] = max(record["timestamp"], utc_from_ns(ctime_ns))
            with open(os.path.join(copy, "timestamp.txt"), "w") as fh:
                fh.write(record["timestamp"].strftime(TIMESTAMP_FORMAT))
            if not os.path.exists(os.path.join(copy, "submission_secret.txt")):
                note = "made by hand (no submission_secret.txt): its feedback cannot be released to the student"
                self.log.warning("%s: %s", record["filename"], note)
                record["note"] = "; ".join(n for n in (record.get("note"), note) if n)
            self.log.info("%s submission: %s %s (submitted %s)", "Updating" if updating else "Collecting",
                          student, self.coursedir.assignment_id, record["timestamp"].strftime(TIMESTAMP_FORMAT))
            if updating:
                shutil.rmtree(dest)
            os.rename(copy, dest)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self._report(record, "collected")

    def _write_report(self):
        if not self.report_rows:
            return
        path = os.path.join(self.coursedir.root, COLLECT_REPORT)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        new = not os.path.exists(path)
        now = datetime.datetime.now(datetime.timezone.utc).strftime(TIMESTAMP_FORMAT)
        with open(path, "a", newline="") as fh:
            writer = csv.DictWriter(fh, COLLECT_REPORT_FIELDS, restval="")
            if new:
                writer.writeheader()
            for row in self.report_rows:
                writer.writerow({"collected_at": now, "assignment": self.coursedir.assignment_id, **row})
        self.log.info("Collect report: %s", path)


# --- due dates: published by the grader, shown to students --------------------------------------
def due_dates_in_gradebook(db_url, course_id):
    """``{assignment: due date}`` (ISO 8601 in UTC, ``...Z``) of the gradebook's assignments that have one."""
    with Gradebook(db_url, course_id) as gb:
        return {a.name: a.duedate.strftime("%Y-%m-%dT%H:%M:%SZ") for a in gb.assignments if a.duedate}


def publish_due_dates(course_path, due_dates):
    """Write ``due_dates`` to ``<course_path>/due_dates.json`` atomically, readable by everyone."""
    fd, tmp = tempfile.mkstemp(prefix=".due_dates-", dir=course_path)
    try:
        with os.fdopen(fd, "w") as fh:
            json.dump(due_dates, fh, indent=1, sort_keys=True)
        os.chmod(tmp, 0o644)
        os.replace(tmp, os.path.join(course_path, DUE_DATES_FILE))
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_due_dates(course_path):
    """The published due dates (``{assignment: "YYYY-MM-DDTHH:MM:SSZ"}``); ``{}`` when none or unreadable."""
    try:
        with open(os.path.join(course_path, DUE_DATES_FILE)) as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    out = {}
    for name, when in data.items():
        try:
            datetime.datetime.strptime(when, "%Y-%m-%dT%H:%M:%SZ")
        except (TypeError, ValueError):
            continue
        out[str(name)] = when
    return out


class DatedExchangeReleaseAssignment(ExchangeReleaseAssignment):
    """nbgrader's release, then every due date of the gradebook published for the students."""

    def copy_files(self):
        super().copy_files()
        try:
            due = due_dates_in_gradebook(self.coursedir.db_url, self.coursedir.course_id)
            publish_due_dates(self.course_path, due)
        except Exception as exc:  # noqa: BLE001 - the release itself succeeded
            self.log.warning("Could not publish the due dates (%s): students will not see them", exc)
        else:
            self.log.info("Due dates published for students: %s", ", ".join(f"{a} {d}" for a, d in
                                                                           sorted(due.items())) or "none set")


class DatedExchangeList(ExchangeList):
    """nbgrader's list, each assignment with its published due date (``due_at``, or None)."""

    def parse_assignments(self):
        assignments = super().parse_assignments()
        cache = {}
        for info in assignments:
            course = info.get("course_id", "")
            if course not in cache:
                cache[course] = read_due_dates(os.path.join(self.root, course)) if course else {}
            info["due_at"] = cache[course].get(info.get("assignment_id"))
        return assignments
