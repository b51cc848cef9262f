"""Homeostatic synaptic scaling and what happens when it is slow (torsinA).

Neurons keep their firing near a set point by scaling all their excitatory
synapses up or down (Turrigiano et al. 1998), a process that needs receptors to
be trafficked to and from the membrane.  TorsinA, the AAA+ ATPase encoded by
TOR1A, lives in the endoplasmic reticulum and nuclear envelope; its mutation
disturbs protein trafficking, and DYT-TOR1A models show abnormal synaptic
plasticity.  A slower homeostatic controller is a course-design stand-in for
"impaired trafficking": the model shows why a slow controller acting on a
neuron with recurrent excitation over- and undershoots after a perturbation.

Model (rate units, Hz; time in hours), after the argument that Hebbian plasticity is
a positive feedback that only a fast enough homeostatic control keeps stable
(Turrigiano 2008; Zenke, Gerstner & Ganguli 2017):

    τ_r dr/dt = −r + min(w·(g·r + I), r_max)          recurrent excitation g, input I
    τ_s ds/dt = r − s                                 slow activity sensor (calcium)
    dw/dt = w·[η_H·(r − r₀) − (s − r₀)/τ_w] / r₀      Hebbian drive minus homeostatic scaling

The Hebbian term pushes w up whenever the neuron fires above its set point r₀;
scaling pulls it back with time constant τ_w.  Impaired trafficking lengthens
τ_w (course-design stand-in for torsinA dysfunction; the torsinA → trafficking
→ scaling link is a hypothesis without direct evidence).

Stability, read carefully: linearised about the set point the loop is stable
iff 1/τ_w > η_H, i.e. trafficking > τ_w,healthy·η_H = 1/3 with the defaults.
There is no threshold in the size of the perturbation (the model is not
bistable).  Below the critical trafficking rate the set point itself is
unstable: *any* disturbance, even a 1 % rise in input, runs away, and a run
that starts exactly on the set point stays there only because nothing
disturbs it.  An episode of intense practice reveals the instability; it does
not create it.  The healthy τ_w of 4 h is a course-design value, faster than
measured synaptic scaling (24-48 h; Turrigiano et al. 1998).
"""
import numpy as np
from scipy.integrate import solve_ivp

from .checks import check_number

TARGET_RATE_HZ = 5.0
TAU_RATE_H = 0.05          # rate dynamics, hours (fast relative to scaling)
TAU_SENSOR_H = 2.0         # activity sensor (calcium integration), hours
TAU_SCALING_H = 4.0        # healthy scaling time constant, hours (course design; measured scaling takes 24-48 h)
HEBBIAN_RATE_PER_H = 1.0 / 12.0   # Hebbian potentiation rate, 1/h (course design)
RECURRENT_GAIN = 0.5
MAX_RATE_HZ = 100.0
MAX_WEIGHT = 4.0            # synapses cannot grow without bound (course design)


def critical_trafficking(tau_scaling_h=TAU_SCALING_H, hebbian_rate_per_h=HEBBIAN_RATE_PER_H):
    """Trafficking efficiency below which the set point is unstable: τ_w·η_H (1/3 with the defaults).

    >>> round(critical_trafficking(), 4)
    0.3333
    """
    tau = check_number(tau_scaling_h, "tau_scaling_h", low=0.0, low_inclusive=False)
    eta = check_number(hebbian_rate_per_h, "hebbian_rate_per_h", low=0.0)
    return tau * eta


def simulate_scaling(duration_h=96.0, *, tau_scaling_h=TAU_SCALING_H, trafficking=1.0, perturbation=0.5,
                     perturb_at_h=12.0, perturb_duration_h=6.0, hebbian_rate_per_h=HEBBIAN_RATE_PER_H,
                     target_rate_hz=TARGET_RATE_HZ, recurrent_gain=RECURRENT_GAIN, n_points=961):
    """Firing rate and synaptic scale when the input rises by ``perturbation`` for a while.

    Parameters
    ----------
    duration_h : float
        Simulated time, hours.
    tau_scaling_h : float
        Healthy scaling time constant, hours.
    trafficking : float
        0-1 efficiency of receptor trafficking (1 healthy; torsinA-like impairment < 1);
        the effective scaling time constant is tau_scaling_h / trafficking.
    perturbation : float
        Fractional rise in input (0.5 = +50 %) from ``perturb_at_h`` for ``perturb_duration_h``.
    hebbian_rate_per_h : float
        η_H, 1/h.

    Returns
    -------
    dict
        ``t_h``, ``rate_hz``, ``weight``.

    Examples
    --------
    >>> out = simulate_scaling(96.0)
    >>> round(float(out["rate_hz"][-1]), 1)
    5.0
    >>> bool(simulate_scaling(96.0, trafficking=0.2)["rate_hz"][-1] > 20)
    True
    """
    duration = check_number(duration_h, "duration_h", low=0.0, low_inclusive=False, high=10000.0)
    eff = check_number(trafficking, "trafficking", low=0.0, low_inclusive=False, high=1.0)
    tau_w = check_number(tau_scaling_h, "tau_scaling_h", low=0.0, low_inclusive=False) / eff
    rise = check_number(perturbation, "perturbation", low=0.0, high=5.0)
    eta = check_number(hebbian_rate_per_h, "hebbian_rate_per_h", low=0.0)
    target = check_number(target_rate_hz, "target_rate_hz", low=0.0, low_inclusive=False)
    g = check_number(recurrent_gain, "recurrent_gain", low=0.0, high=0.95)
    base_input = target * (1 - g)  # so that w = 1 gives the target rate
    t_on = check_number(perturb_at_h, "perturb_at_h", low=0.0)
    t_off = t_on + check_number(perturb_duration_h, "perturb_duration_h", low=0.0)

    def rhs(t, y):
        r, sensor, w = y
        drive = base_input * (1 + rise if t_on <= t < t_off else 1.0)
        dr = (-r + min(max(w * (g * r + drive), 0.0), MAX_RATE_HZ)) / TAU_RATE_H
        ds = (r - sensor) / TAU_SENSOR_H
        dw = w * (eta * (r - target) - (sensor - target) / tau_w) / target
        if dw > 0:
            dw *= max(1.0 - w / MAX_WEIGHT, 0.0)
        return [dr, ds, dw]

    t_eval = np.linspace(0.0, duration, int(n_points))
    sol = solve_ivp(rhs, (0.0, duration), [target, target, 1.0], t_eval=t_eval, method="LSODA",
                    rtol=1e-6, atol=1e-8, max_step=0.25)
    return {"t_h": sol.t, "rate_hz": sol.y[0], "weight": sol.y[2]}


def recovery_time_h(t_h, rate_hz, target_rate_hz=TARGET_RATE_HZ, tolerance=0.1, after_h=12.0):
    """Time after ``after_h`` until the rate stays within ±tolerance of target for good, hours.

    Returns ``inf`` if it never settles.
    """
    t = np.asarray(t_h)
    r = np.asarray(rate_hz)
    outside = (np.abs(r - target_rate_hz) > tolerance * target_rate_hz) & (t >= after_h)
    if not np.any(outside):
        return 0.0
    last = np.flatnonzero(outside)[-1]
    if last == len(t) - 1:
        return float("inf")
    return float(t[last + 1] - after_h)


def overshoot_fraction(rate_hz, target_rate_hz=TARGET_RATE_HZ):
    """Largest excursion above target, as a fraction of target (0 = none)."""
    return float(max(np.max(rate_hz) - target_rate_hz, 0.0) / target_rate_hz)
