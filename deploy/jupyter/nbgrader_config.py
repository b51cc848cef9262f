"""Site-wide nbgrader configuration for the course's JupyterHub (students and graders).

Install as ``/etc/jupyter/nbgrader_config.py`` (with ``dystonia_exchange.py`` beside
it), or point ``JUPYTER_CONFIG_PATH`` at this folder, as ``deploy/jupyterhub_config.py``
does.  The course directory's own ``nbgrader_config.py`` (the repository root)
is read after this one, in the graders' account only.

* The exchange lives in ``DYSTONIA_EXCHANGE_ROOT`` (default ``/srv/nbgrader/exchange``),
  a root-owned folder with mode 1777 (nbgrader requires a root everyone may write).
  The course's own folder in it (``dystonia/`` with ``inbound``, ``outbound`` and
  ``feedback``) is created at set-up by ``deploy/hubctl.py``, owned by the grader
  account, so no student can take the name first; the sticky bit stops anyone
  else from renaming or deleting it.
* Students submit, list and receive feedback through ``dystonia_exchange``'s classes
  (see that module): no student can read another's submission or feedback; collect
  takes only plain files the student owns (no links, devices or FIFOs, nothing made in
  another's name) and dates each submission by the file system, not by the student;
  the Assignment List shows the due dates the grader's release publishes.
* Enrolment comes from JupyterHub groups (``JupyterHubAuthPlugin``): a user may fetch
  and submit only if they are in ``nbgrader-dystonia`` (students) or
  ``formgrade-dystonia`` (graders).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from nbgrader.auth import JupyterHubAuthPlugin  # noqa: E402

c = get_config()  # noqa: F821  (provided by traitlets)

c.CourseDirectory.course_id = "dystonia"
c.Exchange.root = os.environ.get("DYSTONIA_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
c.Exchange.timezone = "UTC"
c.Authenticator.plugin_class = JupyterHubAuthPlugin

c.ExchangeFactory.submit = "dystonia_exchange.PrivateExchangeSubmit"
c.ExchangeFactory.release_feedback = "dystonia_exchange.PrivateExchangeReleaseFeedback"
c.ExchangeFactory.collect = "dystonia_exchange.TrustedExchangeCollect"
c.ExchangeFactory.release_assignment = "dystonia_exchange.DatedExchangeReleaseAssignment"
c.ExchangeFactory.list = "dystonia_exchange.DatedExchangeList"
