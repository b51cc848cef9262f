"""Basal-ganglia action selection with centre–surround inhibition, and overflow.

Mink (1996) proposed that the basal ganglia select one motor programme and
brake its competitors.  The globus pallidus internus (GPi) tonically inhibits
thalamus and brainstem.  For the *selected* programme, a focused striatal
(direct-pathway) projection inhibits its GPi channel, releasing its motor
target (the "centre").  A diffuse excitatory projection from the subthalamic
nucleus (STN; hyperdirect and indirect pathways) raises GPi activity in all
channels, braking the rest (the "surround").

This rate model has N channels on a line (e.g. neighbouring finger and arm
muscles).  Surround inhibition that is too weak, or cortical "cross-talk" that
spreads the command to neighbours, lets a neighbouring channel cross the
movement threshold: overflow, as in writer's cramp when the arm tenses with the
fingers.  Parameters are a course design chosen to show the mechanism, not fits.

The human measurement (Sohn & Hallett 2004; Beck et al. 2008): TMS at the
onset of an index-finger movement; the MEP of a surround muscle (ADM) during
movement divided by its MEP at rest.  Healthy ratios fall below 1 at onset;
in focal hand dystonia they do not (or exceed 1).
"""
import numpy as np

from .checks import as_generator, check_number

N_CHANNELS = 9
GPI_TONIC = 1.0          # tonic GPi output (normalised)
THRESHOLD = 0.5          # motor output needed to produce movement (normalised)


def cortical_command(n_channels=N_CHANNELS, selected=None, cross_talk=0.2, width_channels=1.0):
    """Cortical drive to each channel: 1 on the selected one, cross_talk·Gaussian on neighbours.

    >>> c = cortical_command(5, 2, cross_talk=0.5)
    >>> [round(float(x), 2) for x in c]
    [0.11, 0.5, 1.0, 0.5, 0.11]
    """
    n = check_number(n_channels, "n_channels", low=3, high=1000, integer=True)
    sel = n // 2 if selected is None else check_number(selected, "selected", low=0, high=n - 1, integer=True)
    ct = check_number(cross_talk, "cross_talk", low=0.0, high=1.0)
    w = check_number(width_channels, "width_channels", low=0.0, low_inclusive=False)
    dist = np.abs(np.arange(n) - sel)
    drive = ct * np.exp(-0.5 * (dist / w) ** 2) / np.exp(-0.5 / w ** 2)
    drive[sel] = 1.0
    return drive


def select_action(command, *, surround_inhibition=1.0, direct_gain=2.5, tonic=0.6, thalamic_bias=0.5):
    """Steady state of the centre–surround circuit.

    GPiᵢ = [tonic + s·Σⱼcⱼ − d·cᵢ]₊ : diffuse STN excitation, proportional to the total
    cortical command and to the surround strength s, minus focused striatal (direct)
    inhibition of each channel's own GPi neurons.
    motorᵢ = [cᵢ + thalamic_bias − GPiᵢ]₊ : the thalamocortical target of channel i,
    released when its GPi falls silent.

    Returns
    -------
    dict
        ``gpi`` (GPi activity per channel), ``motor`` (motor output per channel),
        ``moving`` (bool per channel, motor > THRESHOLD).

    Examples
    --------
    >>> out = select_action(cortical_command(9, cross_talk=0.4), surround_inhibition=1.0)
    >>> [int(m) for m in out["moving"]]
    [0, 0, 0, 0, 1, 0, 0, 0, 0]
    >>> out = select_action(cortical_command(9, cross_talk=0.4), surround_inhibition=0.3)
    >>> [int(m) for m in out["moving"]]
    [0, 0, 0, 1, 1, 1, 0, 0, 0]
    """
    c = np.asarray(command, dtype=float)
    if c.ndim != 1 or c.size < 3 or np.any(~np.isfinite(c)) or np.any(c < 0):
        raise ValueError("command must be a 1-D array of >= 3 non-negative finite values.")
    si = check_number(surround_inhibition, "surround_inhibition", low=0.0, high=5.0)
    d = check_number(direct_gain, "direct_gain", low=0.0)
    gpi = np.clip(tonic + si * c.sum() - d * c, 0.0, None)
    motor = np.clip(c + thalamic_bias - gpi, 0.0, None)
    return {"gpi": gpi, "motor": motor, "moving": motor > THRESHOLD}


def overflow_index(motor, selected=None):
    """Largest motor output among unselected channels divided by the selected channel's output."""
    m = np.asarray(motor, dtype=float)
    sel = m.size // 2 if selected is None else int(selected)
    if m[sel] <= 0:
        return 0.0
    others = np.delete(m, sel)
    return float(others.max() / m[sel])


def neighbour_moves(surround_inhibition, cross_talk, n_channels=N_CHANNELS):
    """True when a channel other than the selected one crosses the movement threshold."""
    c = cortical_command(n_channels, cross_talk=cross_talk)
    out = select_action(c, surround_inhibition=surround_inhibition)
    moving = out["moving"].copy()
    moving[n_channels // 2] = False
    return bool(moving.any())


def surround_ratio_time_course(t_ms, *, dystonia=False, depth=0.35, tau_ms=100.0):
    """Surround-muscle MEP ratio (movement / rest) against time from movement onset (course design).

    Healthy: 1 − depth·exp(−t/τ) after onset (inhibition strongest at onset, fading over
    ~200 ms; Sohn & Hallett 2004).  Dystonia: the sign flips (facilitation, ratio > 1).
    The depth 0.35 (ratio 0.65 at onset) is illustrative.

    >>> round(float(surround_ratio_time_course(0.0)), 2)
    0.65
    >>> float(surround_ratio_time_course(0.0, dystonia=True)) > 1
    True
    """
    t = np.asarray(t_ms, dtype=float)
    d = check_number(depth, "depth", low=0.0, high=1.0)
    tau = check_number(tau_ms, "tau_ms", low=0.0, low_inclusive=False)
    shape = np.where(t >= 0, np.exp(-np.clip(t, 0, None) / tau), 0.0)
    sign = -1.0 if dystonia else 1.0
    return 1.0 - sign * d * shape


def simulate_surround_meps(n_trials, t_ms, *, dystonia=False, rest_mean_mV=1.0, log_sd=0.35, seed=None):
    """MEP amplitudes (mV) of the surround muscle at rest and at time ``t_ms`` after onset.

    Returns
    -------
    tuple of ndarray
        ``(rest, movement)``, each of length n_trials (log-normal variability).
    """
    n = check_number(n_trials, "n_trials", low=1, high=100000, integer=True)
    rng = as_generator(seed)
    ratio = float(surround_ratio_time_course(t_ms, dystonia=dystonia))
    rest = rest_mean_mV * np.exp(log_sd * rng.standard_normal(n))
    move = rest_mean_mV * ratio * np.exp(log_sd * rng.standard_normal(n))
    return rest, move
