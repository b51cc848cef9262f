"""Grading that scales out: hand submissions to a Dask cluster instead of local threads.

``make grade DASK=tcp://scheduler:8786`` (or ``python tools/grade.py --dask ADDRESS``) sends
each submission to a worker of an existing Dask distributed cluster; ``--dask local`` starts
a local cluster of ``--jobs`` worker processes (what the tests use).  Everything else is
unchanged: submissions are read and scanned here, each Dask worker process runs the same
grading worker as a local run (its own course copy and gradebook, nbgrader's autograde with
the course's :class:`grader.nbgrader_ext.JudgeExecute`, kernels in that machine's bubblewrap
sandbox), and the results come back as plain data for the same reports.

Why Dask: it is pure Python from PyPI, schedules many small independent tasks with little
overhead, runs on plain machines (``dask scheduler`` / ``dask worker`` over SSH), on a batch
system (dask-jobqueue) or on Kubernetes (dask-kubernetes, Dask Gateway), and its
``LocalCluster`` lets the test run the very same code path on one machine.  Ray would work
too but brings a larger runtime for what is a map over submissions; Kubernetes Jobs alone
would need a queue and result store of our own.

Each Dask worker must have this repository and its virtual environment at the same paths
as the submitting machine (the usual container image), bubblewrap, and one thread per
process (``--nthreads 1``): a worker process grades one submission at a time.
"""
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

_WORKERS = {}     # in each Dask worker process: bundle hash -> prepared classroom.Worker


def course_bundle(course):
    """``source/`` and the nbgrader configuration of ``course`` as one tar.gz (bytes)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for path in sorted((course / "source").rglob("*")):
            if path.is_file() and not path.is_symlink() and ".ipynb_checkpoints" not in path.parts \
                    and "__pycache__" not in path.parts:
                tar.add(path, arcname=str(path.relative_to(course)))
        config = course / "nbgrader_config.py"
        if config.exists():
            tar.add(config, arcname="nbgrader_config.py")
    return buf.getvalue()


def _worker_for(bundle, assignments, settings):
    """The grading worker of this Dask process for ``bundle`` (prepared once, then reused)."""
    from . import classroom
    key = hashlib.sha256(bundle).hexdigest()[:16]
    worker = _WORKERS.get(key)
    if worker is None:
        classroom.SETTINGS.update(settings)
        root = Path(tempfile.mkdtemp(prefix=f"dystonia-dask-{key}-"))
        with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as tar:
            tar.extractall(root / "course", filter="data")
        worker = classroom.Worker(root / "worker")
        classroom.prepare_workers(root / "course", [worker], assignments)
        _WORKERS[key] = worker
    return worker


def grade_remote(bundle, assignments, settings, job, inspected, layout_max, want_feedback):
    """The Dask task: grade one submission in this worker process; return the result as plain data."""
    from nbformat import from_dict

    from . import classroom
    worker = _worker_for(bundle, assignments, settings)
    student, assignment = job[0], job[1]
    inspected = dict(inspected, notebooks={n: from_dict(nb) for n, nb in inspected["notebooks"].items()})
    layout = {tuple(k.split("\x00", 1)): v for k, v in layout_max.items()}
    res = classroom.grade_one((student, assignment, job[2]), worker, inspected, layout)
    files = {}
    graded = worker.dir / "autograded" / student / assignment
    for path in sorted(graded.glob("*.ipynb")) if graded.exists() else []:
        files[f"autograded/{student}/{assignment}/{path.name}"] = path.read_text()
    if want_feedback and graded.exists():
        classroom.nbgrader_cmd(worker.dir, "generate_feedback", assignment, "--student", student, "--force")
        for page in sorted((worker.dir / "feedback" / student / assignment).glob("*.html")):
            if page.is_file() and not page.is_symlink():
                files[f"feedback/{student}/{assignment}/{page.name}"] = page.read_text()
    res["files"] = files
    res["job"] = list(res["job"])
    res["host"] = os.uname().nodename
    return json.loads(json.dumps(res, default=str))


def _close_workers():
    """Run on every Dask worker at the end: stop its grading worker and remove its course copy."""
    for worker in _WORKERS.values():
        worker.close()
        shutil.rmtree(worker.dir.parent, ignore_errors=True)
    _WORKERS.clear()
    return True


class DaskEngine:
    """Run the class's submissions on a Dask cluster (``address``) or a local one (``"local"``)."""

    def __init__(self, address, *, n_workers=2):
        from distributed import Client, LocalCluster
        self.cluster = None
        if address == "local":
            self.cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=40)
            self.client = Client(self.cluster)
        else:
            self.client = Client(address)

    def workers(self):
        return len(self.client.scheduler_info().get("workers", {}))

    def run(self, course, jobs, inspected, layout_max, assignments, settings, want_feedback, on_result):
        """Grade ``jobs`` remotely; write returned files into ``course``; call ``on_result`` per submission."""
        from distributed import as_completed
        bundle = self.client.scatter(course_bundle(course), broadcast=True)
        futures = []
        for student, assignment, folder in jobs:
            info = inspected[(student, assignment)]
            payload = dict(info, notebooks={n: json.loads(json.dumps(nb)) for n, nb in info["notebooks"].items()})
            layout = {"\x00".join(k): v for k, v in layout_max[assignment].items()}
            futures.append(self.client.submit(grade_remote, bundle, assignments, settings,
                                              (student, assignment, str(folder)), payload, layout, want_feedback,
                                              pure=False, key=f"grade-{student}-{assignment}-{os.urandom(4).hex()}"))
        for future in as_completed(futures):
            res = future.result()
            for rel, text in res.pop("files").items():
                target = course / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text)
            res["job"] = (res["job"][0], res["job"][1], Path(res["job"][2]))
            res["flags"] = [tuple(f) for f in res["flags"]]
            on_result(res)

    def close(self):
        try:
            self.client.run(_close_workers)
        finally:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()
