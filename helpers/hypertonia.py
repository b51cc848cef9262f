"""Hypertonia at one joint: spasticity (velocity-dependent) against dystonia and rigidity (not).

A clinician stretches a relaxed elbow at different speeds.  In spasticity the
tonic stretch reflex is hyperexcitable: resistance grows with stretch velocity
(Lance 1980) and may give way abruptly as the stretch continues (the
"clasp-knife" phenomenon).  In dystonia the resistance is not
velocity-dependent; it comes from involuntary co-contraction that is present
at rest or triggered by attempts to move (Sanger et al. 2003).  Rigidity, the
third hypertonia of Sanger et al. (2003), is also velocity-independent, resists
equally in both directions of movement from the first degree of the stretch
("lead-pipe") and is not provoked by movements elsewhere.  Dystonia and
spasticity often coexist (for example in cerebral palsy), which a choice
between the conditions cannot express.

Spasticity uses the threshold-control (λ) model (Feldman; Levin & Feldman
1994): the reflex recruits when the joint angle exceeds a velocity-dependent
threshold θ* = λ − μω, giving torque G·[θ − θ*]₊ while the muscle lengthens.
The clasp-knife phenomenon, a sudden give after the catch, is length-dependent:
it is attributed to inhibition from group II and III muscle afferents that grows
as the muscle lengthens (Rymer, Houk & Crago 1979), not to Golgi tendon organ
("autogenic") inhibition, and it is absent in many upper-limb cases.  It is
modelled as the reflex falling to 30 % once the joint passes a release angle
(course design), so peak resistance keeps growing with velocity.
Dystonic resistance is a co-contraction torque that does not depend on
velocity and grows when the patient attempts a task.

Angles in degrees, velocities in deg/s, torques in N·m.
"""
import numpy as np

from .checks import check_number, check_option

PASSIVE_STIFFNESS_NM_PER_DEG = 0.02
PASSIVE_DAMPING_NM_S_PER_DEG = 0.002
#: λ-model parameters for a spastic elbow flexor (course design, plausible magnitudes).
LAMBDA_DEG = 60.0        # tonic stretch-reflex threshold at zero velocity
MU_S = 0.25              # velocity sensitivity of the threshold, s (θ* = λ − μω)
REFLEX_GAIN_NM_PER_DEG = 0.12
CLASP_KNIFE_DEG = 70.0   # length at which the clasp-knife release happens (course design)
CLASP_KNIFE_NM = 8.0     # legacy torque-triggered release level (only used if passed explicitly)
DYSTONIC_COCONTRACTION_NM = 3.0
RIGIDITY_NM = 2.5        # lead-pipe resistance, independent of angle and velocity (course design)
#: Range of the simulated stretch, degrees (elbow from flexion towards extension): the
#: passive range of motion of a joint without contracture, Tardieu's R2.
PASSIVE_RANGE_DEG = 90.0
CONDITIONS = ("healthy", "spasticity", "dystonia", "rigidity")


def stretch_torque(angle_deg, velocity_deg_s, condition="healthy", *, task_attempt=0.0,
                   lam_deg=LAMBDA_DEG, mu_s=MU_S, reflex_gain=REFLEX_GAIN_NM_PER_DEG,
                   clasp_knife_nm=None, cocontraction_nm=DYSTONIC_COCONTRACTION_NM,
                   clasp_knife_deg=CLASP_KNIFE_DEG, rigidity_nm=RIGIDITY_NM):
    """Resistive torque (N·m) at an angle during a constant-velocity stretch.

    Parameters
    ----------
    angle_deg : float or array
        Joint angle from full flexion, degrees (the stretch increases it).
    velocity_deg_s : float
        Stretch velocity, deg/s (>= 0: lengthening).
    condition : {"healthy", "spasticity", "dystonia", "rigidity"}
    task_attempt : float
        0-1, how strongly the person tries to move (triggers dystonic co-contraction).
    clasp_knife_deg : float or None, optional, default: CLASP_KNIFE_DEG
        Joint angle past which the spastic reflex gives way (length-dependent release);
        None for no release.
    clasp_knife_nm : float or None, optional, default: None
        Legacy release once the reflex torque exceeds this level (overrides the angle).
    rigidity_nm : float, optional
        Lead-pipe torque of the rigid condition, N·m (the same moving either way).

    Examples
    --------
    >>> round(stretch_torque(60.0, 200.0, "spasticity") - stretch_torque(60.0, 20.0, "spasticity"), 2)
    5.76
    >>> round(stretch_torque(60.0, 200.0, "dystonia") - stretch_torque(60.0, 20.0, "dystonia"), 2)
    0.36
    """
    check_option(condition, "condition", CONDITIONS)
    theta = np.asarray(angle_deg, dtype=float)
    omega = check_number(velocity_deg_s, "velocity_deg_s", low=0.0, high=2000.0)
    attempt = check_number(task_attempt, "task_attempt", low=0.0, high=1.0)
    passive = PASSIVE_STIFFNESS_NM_PER_DEG * theta + PASSIVE_DAMPING_NM_S_PER_DEG * omega
    if condition == "healthy":
        active = np.zeros_like(theta)
    elif condition == "spasticity":
        threshold = lam_deg - mu_s * omega
        active = reflex_gain * np.clip(theta - threshold, 0.0, None)
        if clasp_knife_nm is not None:
            released = active > clasp_knife_nm
        elif clasp_knife_deg is not None:
            released = (theta > clasp_knife_deg) & (active > 0)
        else:
            released = np.zeros(np.shape(active), dtype=bool)
        if np.any(released):
            first = np.argmax(released)
            active = np.where(np.arange(active.size).reshape(active.shape) >= first, 0.3 * active, active) \
                if active.ndim else 0.3 * active
    elif condition == "rigidity":
        active = rigidity_nm * np.ones_like(theta)
    else:
        active = cocontraction_nm * (0.6 + 0.4 * attempt) * np.ones_like(theta)
    value = passive + active
    return float(value) if np.ndim(value) == 0 else value


def peak_torque(velocity_deg_s, condition, angles_deg=None, **kwargs):
    """Peak resistance over a 0-90° stretch (elbow from flexion to near extension) at one velocity, N·m."""
    angles = np.linspace(0, 90, 181) if angles_deg is None else np.asarray(angles_deg, dtype=float)
    return float(np.max(stretch_torque(angles, velocity_deg_s, condition, **kwargs)))


def torque_velocity_curve(velocities_deg_s, condition, **kwargs):
    """Peak torque at each stretch velocity (the clinical "catch" grows with speed only in spasticity)."""
    return np.array([peak_torque(v, condition, **kwargs) for v in np.atleast_1d(velocities_deg_s)])


def catch_angle_deg(velocity_deg_s, *, lam_deg=LAMBDA_DEG, mu_s=MU_S, max_angle_deg=120.0):
    """Angle at which the spastic reflex catches, θ* = λ − μω (Tardieu R1 at fast speed; R2 at slow).

    >>> catch_angle_deg(0.0), catch_angle_deg(200.0)
    (60.0, 10.0)
    """
    omega = check_number(velocity_deg_s, "velocity_deg_s", low=0.0)
    return float(np.clip(lam_deg - mu_s * omega, 0.0, max_angle_deg))


def tardieu(slow_deg_s=10.0, fast_deg_s=200.0, *, passive_range_deg=PASSIVE_RANGE_DEG, contracture_deg=0.0,
            **kwargs):
    """Simulated Tardieu angles (Boyd & Graham 1999), degrees.

    R1 is the angle of the catch during a fast stretch (V3); R2 is the passive range
    of motion during the slowest stretch (V1), limited by muscle length (contracture),
    not by the reflex; R2 − R1 is the dynamic (spastic) component.  The λ-model's
    catch during the slow stretch is returned too: with λ inside the range a tonic
    reflex would resist even a slow stretch, which the bedside measure assumes away.
    With the defaults the dynamic component is 80°, exaggerated for clarity: clinical
    Tardieu series usually report tens of degrees.

    Parameters
    ----------
    slow_deg_s, fast_deg_s : float
        V1 and V3, deg/s.
    passive_range_deg : float
        Passive range of motion without contracture, degrees.
    contracture_deg : float
        Range lost to contracture, degrees (0 to passive_range_deg).

    Returns
    -------
    dict
        ``R1_deg``, ``R2_deg``, ``dynamic_component_deg``, ``slow_catch_deg``.

    >>> tardieu()["R1_deg"], tardieu()["R2_deg"], tardieu(contracture_deg=30)["dynamic_component_deg"]
    (10.0, 90.0, 50.0)
    """
    rom = check_number(passive_range_deg, "passive_range_deg", low=0.0, low_inclusive=False, high=180.0)
    lost = check_number(contracture_deg, "contracture_deg", low=0.0, high=rom)
    r1 = catch_angle_deg(fast_deg_s, **kwargs)
    r2 = rom - lost
    return {"R1_deg": r1, "R2_deg": r2, "dynamic_component_deg": r2 - r1,
            "slow_catch_deg": catch_angle_deg(slow_deg_s, **kwargs)}
