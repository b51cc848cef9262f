"""The kernels nbgrader starts inside a user's server (Validate): Unix sockets, not TCP.

A user's server runs its notebooks' kernels over Unix sockets (``deploy/hubctl.py``'s
``kernel_transport`` says why: a TCP port picked free can be taken before the kernel binds it,
and the kernel is then lost).  Validate does not use the server's kernels: nbgrader's
``Execute`` starts its own through nbclient, with nbgrader's configuration, over TCP, and
ipykernel logs "Kernel is running over TCP without encryption" into the server's log for each.
Setting ``KernelManager.transport = "ipc"`` for it is not enough: nbclient's kernel manager
has no connection file yet when it picks the sockets' path, so they would be created as
``kernel-ipc-1`` ... in the notebook's own folder (and then submitted with it).  This manager
puts them in the user's runtime folder, named after a fresh id, when the path fits in a
Unix socket's 107 bytes; otherwise it keeps TCP.

Selected in ``nbgrader_config.py`` (``Execute.kernel_manager_class``).
"""
import os
import uuid

from jupyter_client.manager import KernelManager
from jupyter_core.paths import jupyter_runtime_dir
from traitlets import default

UNIX_SOCKET_PATH_MAX = 107


def socket_prefix(runtime_dir, kernel_key):
    """The path the kernel's five sockets start with (``<prefix>-1`` ... ``-5``)."""
    return os.path.join(runtime_dir, f"kernel-{kernel_key}-ipc")


def fits_unix_socket(runtime_dir):
    """True when a kernel's longest socket path under ``runtime_dir`` fits a Unix socket."""
    longest = socket_prefix(runtime_dir, "0" * 36) + "-99"
    return len(os.fsencode(longest)) <= UNIX_SOCKET_PATH_MAX


class UnixSocketKernelManager(KernelManager):
    """A kernel manager whose kernels use Unix sockets in the user's runtime folder."""

    @default("transport")
    def _default_transport(self):
        return "ipc" if fits_unix_socket(jupyter_runtime_dir()) else "tcp"

    @default("ip")
    def _default_ip(self):
        if self.transport != "ipc":
            return "127.0.0.1"
        runtime = jupyter_runtime_dir()
        os.makedirs(runtime, mode=0o700, exist_ok=True)
        return socket_prefix(runtime, uuid.uuid4())
