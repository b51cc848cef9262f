"""Where a kernel's control groups go and what is written there, on cgroup v1 and v2 layouts.

The files under ``/sys/fs/cgroup`` are plain files to these functions, so fake trees in a
temporary folder show what they write on each layout; ``tests/grading/test_sandbox.py`` puts
real kernels in real groups where this machine has them.
"""
import os
import subprocess
import sys

from grader import cgroups

V1_CGROUP = """9:name=systemd:/
8:pids:/
4:memory:/process_api/abc
1:cpu,cpuacct:/
0::/
"""


def _v1_mountinfo(root):
    return (f"30 25 0:27 / {root}/memory rw,relatime shared:9 - cgroup cgroup rw,memory\n"
            f"31 25 0:28 / {root}/pids rw,relatime shared:10 - cgroup cgroup rw,pids\n"
            f"32 25 0:29 / {root}/cpu,cpuacct rw,relatime shared:11 - cgroup cgroup rw,cpu,cpuacct\n"
            f"33 25 0:30 / {root}/unified rw,relatime shared:12 - cgroup2 cgroup2 rw\n"
            "40 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n")


def test_v1_hierarchies_are_found_below_this_process_own_cgroups(tmp_path):
    own = cgroups.own_cgroups(V1_CGROUP, _v1_mountinfo(tmp_path))
    assert own == {"memory": (1, tmp_path / "memory" / "process_api" / "abc"), "pids": (1, tmp_path / "pids"),
                   "cpu": (1, tmp_path / "cpu,cpuacct")}


def test_v2_controllers_come_from_the_unified_hierarchy(tmp_path):
    folder = tmp_path / "user.slice" / "grading.scope"
    folder.mkdir(parents=True)
    (folder / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    own = cgroups.own_cgroups("0::/user.slice/grading.scope\n",
                              f"33 25 0:30 / {tmp_path} rw,relatime shared:12 - cgroup2 cgroup2 rw,nsdelegate\n")
    assert own == {"memory": (2, folder), "pids": (2, folder), "cpu": (2, folder)}


def test_a_kernel_group_gets_its_limits_v1(tmp_path):
    own = {"memory": (1, tmp_path / "memory"), "pids": (1, tmp_path / "pids"), "cpu": (1, tmp_path / "cpu")}
    for _, folder in own.values():
        folder.mkdir()
    box, reason = cgroups.detect("t1", own=own)
    assert box is not None and reason == ""
    group = _kernel_in_fake_tree(box, "k1", memsw=True)
    memory = group.folders["memory"][1]
    assert (memory / "memory.limit_in_bytes").read_text() == str(2 << 30)
    assert (memory / "memory.memsw.limit_in_bytes").read_text() == str(2 << 30)
    assert (group.folders["pids"][1] / "pids.max").read_text() == "64"
    assert (group.folders["cpu"][1] / "cpu.cfs_quota_us").read_text() == "100000"
    assert (group.folders["cpu"][1] / "cpu.cfs_period_us").read_text() == "100000"
    (memory / "memory.oom_control").write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")
    assert group.oom_kills() == 2
    group.add(4242)
    assert (group.folders["pids"][1] / "cgroup.procs").read_text() == "4242"


def test_a_kernel_group_gets_its_limits_v2(tmp_path):
    base = tmp_path / "grading.scope"
    base.mkdir()
    (base / "cgroup.subtree_control").write_text("memory pids cpu")
    own = {name: (2, base) for name in ("memory", "pids", "cpu")}
    box, _ = cgroups.detect("t2", own=own)
    group = _kernel_in_fake_tree(box, "k1", swap=True)
    folder = group.folders["memory"][1]
    assert (folder / "memory.max").read_text() == str(2 << 30)
    assert (folder / "memory.swap.max").read_text() == "0"
    assert (folder / "pids.max").read_text() == "64"
    assert (folder / "cpu.max").read_text() == "100000 100000"
    (folder / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")
    assert group.oom_kills() == 1


def _kernel_in_fake_tree(box, name, memsw=False, swap=False):
    """A real kernel group creates its controller files itself; in a fake tree, pre-create the optional ones."""
    original = cgroups.KernelGroup._limit_memory

    def limit(self, limit_bytes):
        folder = self.folders["memory"][1]
        if memsw:
            (folder / "memory.memsw.limit_in_bytes").write_text("max")
        if swap:
            (folder / "memory.swap.max").write_text("max")
        original(self, limit_bytes)
    cgroups.KernelGroup._limit_memory = limit
    try:
        return box.kernel(name, memory_bytes=2 << 30, processes=64, cpus=1.0)
    finally:
        cgroups.KernelGroup._limit_memory = original


def test_no_memory_controller_means_no_cgroups(tmp_path):
    box, reason = cgroups.detect(own={"pids": (1, tmp_path)})
    assert box is None and "memory" in reason


def test_an_unwritable_hierarchy_is_reported_not_fatal(tmp_path):
    missing = tmp_path / "not-mounted"
    box, reason = cgroups.detect(own={"memory": (1, missing)})
    assert box is None and "cannot create" in reason


def test_folders_of_a_killed_run_are_swept(tmp_path):
    """A grading run killed with SIGKILL leaves its (empty) groups; the next run removes them."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    stale = tmp_path / f"dystonia-{dead}-oldrun" / "kernel1"
    stale.mkdir(parents=True)
    alive = tmp_path / f"dystonia-{os.getpid()}-thisrun"
    alive.mkdir()
    cgroups.sweep_stale([tmp_path])
    assert not stale.parent.exists() and alive.exists()
