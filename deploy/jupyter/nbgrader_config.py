"""Site-wide nbgrader configuration for the course's JupyterHub (students and graders).

Install as ``/etc/jupyter/nbgrader_config.py`` (with ``dystonia_exchange.py`` beside
it), or point ``JUPYTER_CONFIG_PATH`` at this folder, as ``deploy/jupyterhub_config.py``
does.  The course directory's own ``nbgrader_config.py`` (the repository root)
is read after this one, in the graders' account only.

* The exchange lives in ``DYSTONIA_EXCHANGE_ROOT`` (default ``/srv/nbgrader/exchange``),
  a root-owned folder with mode 1777: everyone may create the course's folder
  there (nbgrader requires a writable root), and the sticky bit stops anyone
  from renaming or deleting a folder they do not own.
* Students submit and receive feedback through ``dystonia_exchange``'s private
  classes (see that module): no student can read another's submission or
  feedback, and a submission made in another student's name is refused at collect.
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
c.ExchangeFactory.collect = "dystonia_exchange.OwnerCheckedExchangeCollect"
