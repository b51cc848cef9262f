"""A bounded load test of the course's JupyterHub on loopback: a class arrives at once.

``HUB_LOAD_STUDENTS`` students (default 30) log in within ``RAMP_S`` seconds; each
starts a server, opens the Assignment List, fetches ``03_hands_on``, opens JupyterLab
and a chapter, runs the whole chapter in a kernel (as *Run All* does), and submits.
When every kernel has run, the memory of each student's processes (server and
kernel) is read from ``/proc``; then they submit and the grader collects.

Bounded: a fixed number of students, one pass each, every request with a timeout,
and the whole run stops at ``DEADLINE_S``.  The traffic goes to 127.0.0.1 only.

Reported in ``tests/artifacts/hub/load.json`` (for the README): p50/p95 response
times of the requests the hub answers itself (``hub:*``: login, spawn requests,
user model polls) and of those it proxies to users' servers (``server:*``), the
time to a ready server, the time to run the chapter, and memory per user (PSS, the
fair share of shared pages, and RSS) next to the hub's and the proxy's own.
"""
import json
import os
import pwd
import re
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest

from course_utils import parent_pids
from hub_client import percentiles
from hub_site import HubSite, hubctl, require_hub, write_artifact

pytestmark = [pytest.mark.slow, pytest.mark.hub]

N_STUDENTS = int(os.environ.get("HUB_LOAD_STUDENTS", "30"))
ASSIGNMENT = "03_hands_on"
CHAPTER = f"{ASSIGNMENT}/03b_treatment_planning.ipynb"   # the lightest chapter: the test measures the hub
RAMP_S = 15.0
DEADLINE_S = 360.0
SPAWN_TIMEOUT_S = 210.0      # the hub's own start_timeout is 180 s (deploy/jupyterhub_config.py)


def _proc_memory_kb(pid):
    """``(pss_kb, rss_kb)`` of one process from /proc (0, 0 if it is gone)."""
    values = {"Pss": 0, "Rss": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                key = line.split(":")[0]
                if key in values:
                    values[key] = int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return values["Pss"], values["Rss"]


def memory_snapshot(site):
    """Memory per student (their server and kernel), and of the hub and its proxy, in MB."""
    per_user = {}
    for name in site.students:
        uid = pwd.getpwnam(name).pw_uid
        pss = rss = 0
        pids = hubctl.pids_of_uid(uid)
        for pid in pids:
            p, r = _proc_memory_kb(pid)
            pss, rss = pss + p, rss + r
        per_user[name] = {"pss_mb": pss / 1024, "rss_mb": rss / 1024, "processes": len(pids)}
    hub_pss, hub_rss = _proc_memory_kb(site.proc.pid)
    proxy = [(_proc_memory_kb(k), k) for k, parent in parent_pids().items() if parent == site.proc.pid
             if b"configurable-http-proxy" in Path(f"/proc/{k}/cmdline").read_bytes()]
    return per_user, {"hub_rss_mb": hub_rss / 1024, "hub_pss_mb": hub_pss / 1024,
                      "proxy_rss_mb": sum(m[1] for m, _ in proxy) / 1024}


def kernel_transports(site):
    """The transport of every kernel connection file in each student's runtime folder."""
    found = {}
    for name in site.students:
        runtime = hubctl.runtime_dir(pwd.getpwnam(name).pw_dir)
        found[name] = sorted(json.loads(f.read_text()).get("transport") for f in runtime.glob("kernel-*.json"))
    return found


def _summary(values):
    q = percentiles(values)
    return {"count": len(values), "p50": q[50], "p95": q[95], "max": max(values) if values else None}


def student_session(site, name, start_at, ran, measured, results):
    """One student's visit; records durations, the step reached and the first error, never raises.

    ``ran`` is released once, when the chapter has run or the visit failed before.
    """
    record = {"name": name, "step": "waiting to arrive"}
    results[name] = record
    time.sleep(max(0.0, start_at - time.perf_counter()))
    t0 = time.perf_counter()
    kernel = {}        # the kernel's id, cells run and dropped connections, also after a failure
    released = False

    def step(what):
        record["step"] = what
        record.setdefault("steps_s", {})[what] = round(time.perf_counter() - t0, 1)

    try:
        step("log in")
        user = site.login(name)
        step("start the server")
        record["spawn_s"] = user.start_server(timeout_s=SPAWN_TIMEOUT_S)
        step("open the Assignment List")
        user.assignments()
        step("fetch")
        user.fetch(ASSIGNMENT)
        step("open JupyterLab")
        user.server("GET", "/lab", "server:lab_page", expect=(200,))
        step("run the chapter")
        try:
            record["run_s"], record["cell_errors"], session, record["reconnects"] = user.run_notebook(
                CHAPTER, keep_kernel=True, progress=kernel)
        finally:
            ran.release()
            released = True
        step("wait for the memory reading")
        measured.wait(timeout=DEADLINE_S)
        step("close the notebook")
        user.close_session(session)
        step("submit")
        user.submit(ASSIGNMENT)
        record["visit_s"] = time.perf_counter() - t0
        record["ok"] = True
    except Exception as exc:  # noqa: BLE001 - reported by the test
        record["error"] = f"{type(exc).__name__}: {exc}"[:800]
        record["failed_at_s"] = round(time.perf_counter() - t0, 1)
        record.update(kernel)
        if not released:
            ran.release()                 # failed before the chapter: it will not run


def hub_log_excerpt(site, records, limit=60):
    """What the hub's log says about failed visits: each student's own lines, and every
    warning or error (their servers' and kernels' lines do not name the student)."""
    log = site.base / "jupyterhub.log"
    if not log.exists():
        return "(no hub log)"
    names = [r["name"] for r in records]
    kernels = [r["kernel_id"] for r in records if r.get("kernel_id")]
    noise = ("websocket_ping_timeout", "Setting websocket_ping", "running over TCP without encryption",
             "is slow to become responsive", "'extra_template_paths' was found", "is not trusted",
             "No session ID specified",
             "200 GET /hub/api/users/")      # a server asking the hub for its user's groups
    lines = []
    for line in log.read_text(errors="replace").splitlines():
        if any(n in line for n in noise):
            continue
        mine = any(f"{n}/" in line or f"{n} " in line or line.rstrip().endswith(n) for n in names)
        mine = mine or any(k in line for k in kernels)
        warned = line.startswith(("[W ", "[E ", "[C ")) or "Traceback" in line or "rror" in line
        if mine or warned:
            lines.append(line[:300])
    shown = lines[-limit:]
    return f"hub log ({len(lines)} relevant lines, last {len(shown)}):\n" + "\n".join(shown)


@pytest.fixture(scope="module")
def load_run(machine_to_itself):
    require_hub()
    site = HubSite(n_students=N_STUDENTS, label="load")
    try:
        site.open()
        site.nbgrader("generate_assignment", ASSIGNMENT, "--force")
        site.nbgrader("release_assignment", ASSIGNMENT, "--force")
        results, threads = {}, []
        ran, measured = threading.Semaphore(0), threading.Event()
        t0 = time.perf_counter()
        for i, name in enumerate(site.students):
            start_at = t0 + RAMP_S * i / max(1, N_STUDENTS)
            thread = threading.Thread(target=student_session, daemon=True,
                                      args=(site, name, start_at, ran, measured, results))
            thread.start()
            threads.append(thread)
        deadline = t0 + DEADLINE_S
        arrived = 0
        while arrived < N_STUDENTS and time.perf_counter() < deadline:
            if ran.acquire(timeout=1.0):
                arrived += 1
        per_user, hub_memory = memory_snapshot(site)
        transports = kernel_transports(site)
        t_all_ran = time.perf_counter() - t0
        measured.set()
        for thread in threads:
            thread.join(timeout=max(0.0, deadline - time.perf_counter()))
        wall_s = time.perf_counter() - t0
        site.nbgrader("collect", ASSIGNMENT)
        collected = sorted(p.name for p in (site.course / "submitted").iterdir() if (p / ASSIGNMENT).is_dir())
        yield {"site": site, "results": results, "per_user": per_user, "hub_memory": hub_memory,
               "wall_s": wall_s, "all_ran_s": t_all_ran, "collected": collected, "transports": transports,
               "timings": {k: list(v) for k, v in site.hub.timings.items()},
               "statuses": dict(site.hub.statuses)}
    finally:
        site.close()


def test_every_student_finishes_within_the_deadline(load_run):
    failed = [r for r in load_run["results"].values() if not r.get("ok")]
    assert not failed, "\n".join(
        [f"{r['name']}: {r.get('error', 'did not finish')} (step: {r['step']}, at {r.get('failed_at_s')} s "
         f"into the visit; steps at {r.get('steps_s')}; kernel {r.get('kernel_id')}, "
         f"cells run {r.get('cells_run')}; processes when measured: "
         f"{load_run['per_user'].get(r['name'], {}).get('processes')})" for r in failed]
        + [hub_log_excerpt(load_run["site"], failed)])
    assert len(load_run["results"]) == N_STUDENTS
    assert load_run["wall_s"] < DEADLINE_S


def test_kernels_use_unix_sockets(load_run):
    """deploy/jupyterhub_config.py starts kernels over ipc: no TCP port to lose (hubctl.kernel_transport)."""
    assert load_run["transports"] == {name: ["ipc"] for name in load_run["site"].students}


def test_servers_ports_are_distinct_and_below_the_ephemeral_range(load_run):
    """deploy/jupyterhub_config.py picks them (hubctl.free_port), not JupyterHub's random_port."""
    log = (load_run["site"].base / "jupyterhub.log").read_text(errors="replace")
    routes = dict(re.findall(r"Adding user (\S+) to proxy /user/\S+/ => http://127\.0\.0\.1:(\d+)", log))
    ports = {name: int(routes[name]) for name in load_run["site"].students if name in routes}
    assert sorted(ports) == sorted(load_run["site"].students), "a student's server never got a route"
    assert len(set(ports.values())) == len(ports)
    low, _ = hubctl.ephemeral_ports()
    assert all(10000 <= port < low for port in ports.values()), ports


def test_every_submission_is_collected(load_run):
    assert load_run["collected"] == sorted(load_run["site"].students)


def _local_run_errors(path):
    """The error names a plain local *Run All* of ``path`` produces, cell by cell."""
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(str(path), as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    return [out.ename for cell in nb.cells for out in cell.get("outputs", []) if out.output_type == "error"]


def test_every_kernel_ran_the_whole_chapter(load_run):
    """Each run on the hub fails exactly where a local run fails (the unsolved problems):
    no cell was lost or broken by the load."""
    expected = _local_run_errors(load_run["site"].course / "release" / CHAPTER)
    assert expected, "the student edition has unsolved problems, so some cells must fail"
    for name, record in load_run["results"].items():
        assert record.get("cell_errors") == expected, name


def test_report_response_times_and_memory(load_run):
    timings = load_run["timings"]
    hub_times = [t for k, v in timings.items() if k.startswith("hub:") for t in v]
    server_times = [t for k, v in timings.items() if k.startswith("server:") for t in v]
    results = [r for r in load_run["results"].values() if r.get("ok")]
    per_user = list(load_run["per_user"].values())
    report = {
        "students": N_STUDENTS,
        "chapter": CHAPTER,
        "ramp_s": RAMP_S,
        "wall_s": round(load_run["wall_s"], 1),
        "all_kernels_ran_after_s": round(load_run["all_ran_s"], 1),
        "machine": {"cpus": os.cpu_count(),
                    "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
        "hub_requests_s": _summary(hub_times),
        "proxied_requests_s": _summary(server_times),
        "by_category_s": {k: _summary(v) for k, v in sorted(timings.items())},
        "spawn_to_ready_s": _summary([r["spawn_s"] for r in results]),
        "run_chapter_s": _summary([r["run_s"] for r in results]),
        "visit_s": _summary([r["visit_s"] for r in results]),
        "memory_per_user_mb": {
            "pss_mean": sum(u["pss_mb"] for u in per_user) / len(per_user),
            "pss_max": max(u["pss_mb"] for u in per_user),
            "rss_mean": sum(u["rss_mb"] for u in per_user) / len(per_user),
            "processes_per_user": sorted({u["processes"] for u in per_user}),
        },
        "hub_memory_mb": load_run["hub_memory"],
        "websocket_reconnects": {n: r["reconnects"] for n, r in sorted(load_run["results"].items())
                                 if r.get("reconnects")},
        "spawns_refused_429": sum(n for (cat, code), n in load_run["statuses"].items() if code == 429),
        "statuses": {f"{cat} {code}": n for (cat, code), n in sorted(load_run["statuses"].items())},
    }
    path = write_artifact("load.json", report)
    print(f"\nhub load report: {path}")
    # each user's server and kernel were alive when measured: a server is tens of MB at least
    few = {n: u["processes"] for n, u in load_run["per_user"].items() if u["processes"] < 2}
    assert not few, f"students whose server or kernel was gone when measured (processes): {few}"
    assert report["memory_per_user_mb"]["pss_mean"] > 30
    # loose bounds that catch a stuck hub, not a slow machine
    assert report["hub_requests_s"]["p95"] < 10.0
    assert report["proxied_requests_s"]["p95"] < 30.0
