"""A student's Assignment List actions, run as that student without a server.

``python student_exchange.py ACTION:ASSIGNMENT [ACTION:ASSIGNMENT ...]`` with ACTION one of
``fetch``, ``submit``, ``fetch_feedback``: each runs nbgrader's own code behind the Assignment
List's buttons (``nbgrader.server_extensions.assignment_list``'s ``AssignmentList``, what a
student's server runs when they click), in the current user's home, one after another.  The
hub's enrolment check needs ``JUPYTERHUB_API_TOKEN`` and ``JUPYTERHUB_API_URL`` in the
environment, as a server has them.  Prints one JSON line: ``[{action, assignment, success,
seconds, error}]``; exits 1 if any action failed.
"""
import json
import os
import sys
import time

COURSE_ID = "dystonia"
ACTIONS = {"fetch": "fetch_assignment", "submit": "submit_assignment", "fetch_feedback": "fetch_feedback"}


def parse(argv):
    """``[(method name, assignment)]`` from ``ACTION:ASSIGNMENT`` arguments; ValueError if malformed."""
    steps = []
    for arg in argv:
        action, _, assignment = arg.partition(":")
        if action not in ACTIONS or not assignment:
            raise ValueError(f"expected ACTION:ASSIGNMENT with ACTION in {sorted(ACTIONS)}, got {arg!r}")
        steps.append((action, assignment))
    return steps


def main(argv):
    steps = parse(argv)
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList
    manager = AssignmentList()
    manager.root_dir = os.path.expanduser("~")
    results = []
    for action, assignment in steps:
        start = time.perf_counter()
        reply = getattr(manager, ACTIONS[action])(COURSE_ID, assignment)
        results.append({"action": action, "assignment": assignment, "success": bool(reply.get("success")),
                        "seconds": round(time.perf_counter() - start, 3),
                        "error": None if reply.get("success") else str(reply.get("value"))[-2000:]})
    print(json.dumps(results))
    return 0 if all(r["success"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
