"""Control groups for graded kernels: memory, processes and CPU that hold for a kernel and all it starts.

Resource limits (``setrlimit``) bound one process at a time, and ``RLIMIT_DATA`` does not even
count shared mappings: ``mmap.mmap(-1, 3 << 30)`` held 3 GiB resident under a 2 GiB limit, and
a kernel could fork children that each take as much again.  A control group bounds a kernel
and every process it starts together, whatever kind of memory they use, and the kernel's
out-of-memory killer stops the group at its limit instead of letting it push the machine into
swapping or the system-wide killer.

:func:`detect` finds the controllers this process may use: cgroup v1 hierarchies (``memory``,
``pids``, ``cpu``, as on the machines this course is developed on) or cgroup v2 (``memory.max``,
``pids.max``, ``cpu.max``, when this process's cgroup may hand those controllers to children).
Each :class:`grader.sandbox.Sandbox` makes one folder below the grader's own cgroup
(``dystonia-<pid>-<token>``) and one sub-folder per kernel (:class:`KernelGroup`), removed when
the kernel ends.  Where nothing is writable (grading as an ordinary user, a read-only
``/sys/fs/cgroup``) :func:`detect` returns ``None`` with the reason, and kernels keep the
per-process limits only (``RLIMIT_AS`` for memory).
"""
import errno
import os
import secrets
import time
from pathlib import Path

CONTROLLERS = ("memory", "pids", "cpu")
CPU_PERIOD_US = 100_000


def _read(path, default=""):
    try:
        return Path(path).read_text()
    except OSError:
        return default


def _mounts(mountinfo):
    """``[(mount point, root, fstype, super options)]`` of the cgroup mounts in ``mountinfo`` text."""
    out = []
    for line in mountinfo.splitlines():
        head, sep, tail = line.partition(" - ")
        fields, rest = head.split(), tail.split()
        if not sep or len(fields) < 5 or len(rest) < 3 or rest[0] not in ("cgroup", "cgroup2"):
            continue
        out.append((fields[4].replace("\\040", " "), fields[3], rest[0], rest[2].split(",")))
    return out


def _membership(proc_cgroup):
    """``{controller: path}`` of v1 hierarchies, plus ``"": path`` for the v2 one, from ``/proc/self/cgroup``."""
    out = {}
    for line in proc_cgroup.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        if controllers == "":
            out[""] = path
        for name in controllers.split(","):
            if name:
                out[name] = path
    return out


def _inside(mount_point, mount_root, path):
    if mount_root != "/" and path.startswith(mount_root):
        path = path[len(mount_root):] or "/"
    return Path(mount_point + path)


def own_cgroups(proc_cgroup=None, mountinfo=None):
    """``{controller: (version, folder)}``: where this process sits for each controller it can see."""
    proc_cgroup = _read("/proc/self/cgroup") if proc_cgroup is None else proc_cgroup
    mountinfo = _read("/proc/self/mountinfo") if mountinfo is None else mountinfo
    member = _membership(proc_cgroup)
    found = {}
    for point, root, fstype, options in _mounts(mountinfo):
        if fstype == "cgroup":
            for name in CONTROLLERS:
                if name in options and name in member and name not in found:
                    found[name] = (1, _inside(point, root, member[name]))
    for point, root, fstype, _ in _mounts(mountinfo):
        if fstype == "cgroup2" and "" in member:
            folder = _inside(point, root, member[""])
            available = _read(folder / "cgroup.controllers").split()
            for name in CONTROLLERS:
                if name in available and name not in found:
                    found[name] = (2, folder)
    return found


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_tree(folder, attempts=20):
    """rmdir ``folder`` and its sub-folders (deepest first); True if it is gone."""
    folder = Path(folder)
    for _ in range(attempts):
        if not folder.exists():
            return True
        try:
            for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
                os.rmdir(sub)
            os.rmdir(folder)
            return True
        except FileNotFoundError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EBUSY, errno.ENOTEMPTY):
                return False
            time.sleep(0.05)       # the last processes are still being reaped
    return not folder.exists()


def sweep_stale(parents):
    """Remove ``dystonia-<pid>-*`` folders left by grading runs whose process is gone (killed runs)."""
    for parent in parents:
        for folder in Path(parent).glob("dystonia-*-*"):
            try:
                pid = int(folder.name.split("-")[1])
            except (IndexError, ValueError):
                continue
            if not _pid_alive(pid):
                _remove_tree(folder)


class Cgroups:
    """One sandbox's folder in each available controller; :meth:`kernel` makes a kernel's group."""

    def __init__(self, folders):
        self.folders = folders          # controller -> (version, folder of this sandbox)

    def __repr__(self):
        return f"Cgroups({ {k: str(v[1]) for k, v in self.folders.items()} })"

    @property
    def controllers(self):
        return tuple(sorted(self.folders))

    def kernel(self, name, *, memory_bytes=None, processes=None, cpus=None):
        """A new group for kernel ``name`` with these limits (``None``: not limited)."""
        return KernelGroup(self, name, memory_bytes=memory_bytes, processes=processes, cpus=cpus)

    def remove(self):
        """Remove this sandbox's folders (its kernels' groups included); True if all are gone."""
        return all([_remove_tree(folder) for folder in {folder for _, folder in self.folders.values()}])


def _enable_v2(folder, names):
    """Let ``folder``'s children use ``names`` (v2); returns the names that are enabled."""
    enabled = set(_read(folder / "cgroup.subtree_control").split())
    for name in names:
        if name in enabled:
            continue
        try:
            (folder / "cgroup.subtree_control").write_text(f"+{name}")
            enabled.add(name)
        except OSError:
            pass              # EBUSY: processes live in this cgroup (v2's no-internal-process rule)
    return enabled


def detect(tag=None, own=None):
    """``(Cgroups, "")`` with a fresh folder per available controller, or ``(None, reason)``.

    ``tag`` names the folder (default: a random token); ``own`` overrides
    :func:`own_cgroups` (tests use fake trees).
    """
    own = own_cgroups() if own is None else own
    if "memory" not in own:
        return None, "no memory controller is visible to this process (/proc/self/cgroup)"
    name = f"dystonia-{os.getpid()}-{tag or secrets.token_hex(4)}"
    sweep_stale({folder for _, folder in own.values()})
    folders, reasons = {}, []
    for controller, (version, base) in sorted(own.items()):
        if version == 2 and controller not in _enable_v2(base, [controller]):
            reasons.append(f"{controller}: cgroup v2 cannot delegate it from {base}")
            continue
        folder = base / name
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            reasons.append(f"{controller}: cannot create {folder} ({exc.strerror})")
            continue
        if version == 2 and controller not in _enable_v2(folder, [controller]):
            _remove_tree(folder)
            reasons.append(f"{controller}: cgroup v2 refused to enable it in {folder}")
            continue
        folders[controller] = (version, folder)
    if "memory" not in folders:
        Cgroups(folders).remove()
        return None, "; ".join(reasons) or "no usable memory controller"
    return Cgroups(folders), "; ".join(reasons)


class KernelGroup:
    """One kernel's control group in every controller of its sandbox."""

    def __init__(self, cgroups, name, *, memory_bytes=None, processes=None, cpus=None):
        self.folders = {}
        for controller, (version, parent) in cgroups.folders.items():
            folder = parent / name
            if folder not in {f for _, f in self.folders.values()}:      # v2: one folder for every controller
                folder.mkdir()
            self.folders[controller] = (version, folder)
        self.memory_bytes = memory_bytes
        try:
            if memory_bytes:
                self._limit_memory(int(memory_bytes))
            if processes and "pids" in self.folders:
                self._write("pids", "pids.max", str(int(processes)))
            if cpus and "cpu" in self.folders:
                quota = max(1000, int(cpus * CPU_PERIOD_US))
                if self.folders["cpu"][0] == 1:
                    self._write("cpu", "cpu.cfs_period_us", str(CPU_PERIOD_US))
                    self._write("cpu", "cpu.cfs_quota_us", str(quota))
                else:
                    self._write("cpu", "cpu.max", f"{quota} {CPU_PERIOD_US}")
        except OSError:
            self.remove()
            raise

    def _write(self, controller, filename, text):
        (self.folders[controller][1] / filename).write_text(text)

    def _limit_memory(self, limit):
        version, folder = self.folders["memory"]
        if version == 1:
            self._write("memory", "memory.limit_in_bytes", str(limit))
            if (folder / "memory.memsw.limit_in_bytes").exists():
                self._write("memory", "memory.memsw.limit_in_bytes", str(limit))     # no escape into swap
        else:
            self._write("memory", "memory.max", str(limit))
            if (folder / "memory.swap.max").exists():
                self._write("memory", "memory.swap.max", "0")

    def add(self, pid):
        """Move process ``pid`` (all its threads) into every controller's group."""
        for folder in sorted({folder for _, folder in self.folders.values()}):
            (folder / "cgroup.procs").write_text(str(int(pid)))

    def _counter(self, controller, v1_file, v2_file, key):
        if controller not in self.folders:
            return 0
        version, folder = self.folders[controller]
        for line in _read(folder / (v1_file if version == 1 else v2_file)).splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == key and parts[1].isdigit():
                return int(parts[1])
        return 0

    def oom_kills(self):
        """How many processes of the group the out-of-memory killer has stopped at its limit."""
        return self._counter("memory", "memory.oom_control", "memory.events", "oom_kill")

    def pids_refused(self):
        """How many times the group was refused a new process or thread at its limit."""
        return self._counter("pids", "pids.events", "pids.events", "max")

    def remove(self):
        """Remove the group's folders (after its processes have ended); True if all are gone."""
        return all([_remove_tree(folder) for folder in {folder for _, folder in self.folders.values()}])


def describe():
    """One line for the terminal: which limits hold for a whole kernel on this machine, and how."""
    box, reason = detect("probe")
    if box is None:
        if "Permission denied" in reason:
            reason = "this user may not create control groups (grading as root, or in a delegated cgroup, may)"
        return f"kernel limits: per process only (RLIMIT_AS for memory); {reason}"
    versions = sorted({f"v{version}" for version, _ in box.folders.values()})
    box.remove()
    line = f"kernel limits: {', '.join(box.controllers)} by control group ({'/'.join(versions)})"
    return line + (f"; not available: {reason}" if reason else "")
