"""Sensorimotor integration: precision-weighted estimation, the sensory trick, temporal discrimination.

The "Bayesian brain" view (Ernst & Banks 2002; Friston 2010) treats perception
as combining noisy cues, each weighted by its precision (1/variance).  The
fused estimate is more precise than any single cue.  Applied to dystonia, the
*hypothesis* is that proprioceptive signals are given too little precision,
so the brain leans on its (faulty) motor prediction; a sensory trick (geste
antagoniste) would add a new, precise cue that pulls the estimate back.  The
cue-combination mathematics is established; its application to dystonia is a
hypothesis, and this module labels it so.

The temporal discrimination threshold (TDT) is the shortest interval at which
two stimuli are perceived as two; it is abnormal in most adult-onset focal
dystonias (86 % of adult-onset patients in Bradley et al. 2009; 97 % of a cervical
dystonia cohort in an abstract by Bradley et al. 2010).
"""
import numpy as np
from scipy.special import expit

from .checks import as_generator, check_array, check_number

#: Temporal discrimination thresholds in controls, ms (Bradley et al. 2009):
#: mean ± SD and the upper limit of normal (mean + 2.5 SD), by age group.
TDT_CONTROLS_MS = {"under_50": (22.85, 8.00, 42.86), "50_and_over": (30.87, 5.48, 44.58)}


def precision_weights(sigmas):
    """Weights wᵢ = σᵢ⁻² / Σⱼ σⱼ⁻² of independent Gaussian cues.

    >>> [round(float(w), 3) for w in precision_weights([2.0, 1.0])]
    [0.2, 0.8]
    """
    s = check_array(sigmas, "sigmas", ndim=1, low=0.0)
    if np.any(s == 0):
        raise ValueError("sigmas must be > 0 (a cue with zero noise would take all the weight).")
    precision = 1.0 / s ** 2
    return precision / precision.sum()


def fuse(estimates, sigmas):
    """Precision-weighted fused estimate and its standard deviation (Ernst & Banks 2002).

    Returns
    -------
    tuple of float
        ``(estimate, sigma)`` with σ² = (Σ σᵢ⁻²)⁻¹.

    >>> est, sd = fuse([10.0, 0.0], [2.0, 1.0])
    >>> round(est, 3), round(sd, 3)
    (2.0, 0.894)
    """
    x = check_array(estimates, "estimates", ndim=1)
    s = check_array(sigmas, "sigmas", ndim=1, low=0.0)
    if x.shape != s.shape:
        raise ValueError("estimates and sigmas must have the same length.")
    w = precision_weights(s)
    return float(np.sum(w * x)), float(np.sqrt(1.0 / np.sum(1.0 / s ** 2)))


def posture_estimate(true_angle_deg, predicted_angle_deg, sigma_prediction_deg=4.0,
                     sigma_proprioception_deg=2.0, trick_sigma_deg=None):
    """Where the brain believes the head is: fusion of prediction, proprioception and an optional trick cue.

    The sensory trick is modelled as an extra cue centred on the true posture with
    precision ``1/trick_sigma_deg²`` (a course hypothesis).

    >>> round(posture_estimate(30.0, 0.0, 4.0, 2.0)[0], 1)   # healthy: close to the truth
    24.0
    >>> round(posture_estimate(30.0, 0.0, 4.0, 8.0)[0], 1)   # low proprioceptive precision
    6.0
    """
    cues = [predicted_angle_deg, true_angle_deg]
    sig = [sigma_prediction_deg, sigma_proprioception_deg]
    if trick_sigma_deg is not None:
        cues.append(true_angle_deg)
        sig.append(trick_sigma_deg)
    return fuse(cues, sig)


def tdt_psychometric(interval_ms, threshold_ms=25.0, slope_ms=5.0):
    """Probability of reporting "two stimuli" at an interval: logistic with 50 % at ``threshold_ms``.

    >>> tdt_psychometric(25.0)
    0.5
    """
    t = np.asarray(interval_ms, dtype=float)
    if np.any(~np.isfinite(t)) or np.any(t < 0):
        raise ValueError("interval_ms must be finite and >= 0.")
    thr = check_number(threshold_ms, "threshold_ms", low=0.0, low_inclusive=False)
    slope = check_number(slope_ms, "slope_ms", low=0.0, low_inclusive=False)
    value = expit((t - thr) / slope)
    return float(value) if np.ndim(value) == 0 else value


def simulate_tdt_responses(intervals_ms, n_repeats=10, threshold_ms=25.0, slope_ms=5.0, seed=None):
    """Simulated "two" responses (0/1) for each interval, ``n_repeats`` times: shape (len, n_repeats)."""
    t = check_array(intervals_ms, "intervals_ms", ndim=1, low=0.0)
    n = check_number(n_repeats, "n_repeats", low=1, high=10000, integer=True)
    rng = as_generator(seed)
    p = tdt_psychometric(t, threshold_ms, slope_ms)
    return (rng.random((t.size, n)) < p[:, None]).astype(int)


def tdt_upper_limit_ms(age_years):
    """Upper limit of normal TDT for the age group (Bradley et al. 2009), ms.

    >>> tdt_upper_limit_ms(62)
    44.58
    """
    age = check_number(age_years, "age_years", low=0.0, high=120.0)
    return TDT_CONTROLS_MS["under_50" if age < 50 else "50_and_over"][2]
