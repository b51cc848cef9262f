"""Patterned (dystonic) against random, flowing (choreic) involuntary movement.

Dystonic movements are patterned: the same muscles pull the same way, so each
episode looks like the last.  Chorea is a random-appearing flow of movement
fragments, each episode different (Sanger et al. 2010).  To make the contrast
measurable this course uses a repeatability index: the mean, over all pairs of
episodes, of the peak normalised cross-correlation (allowing a small time shift).
That index is a course-design choice, not a clinical standard.
"""
import numpy as np
from scipy import signal

from .checks import as_generator, check_array, check_number, check_option

KINDS = ("dystonic", "choreic")


def _smooth_noise(n, fs_hz, cutoff_hz, rng):
    sos = signal.butter(2, cutoff_hz, fs=fs_hz, output="sos")
    x = signal.sosfiltfilt(sos, rng.standard_normal(n + 200))[100:-100]
    return x / x.std()


def _dystonic_template(t_s, duration_s):
    """The template pull, deg: a sustained twist to 25 deg at 30 % of the episode, partly released at 75 %."""
    return 25.0 * (1 / (1 + np.exp(-(t_s - 0.3 * duration_s) / 0.08)) -
                   0.6 / (1 + np.exp(-(t_s - 0.75 * duration_s) / 0.1)))


def simulate_episodes(kind="dystonic", n_episodes=8, duration_s=2.0, fs_hz=100.0, *, variability=0.2,
                      seed=None):
    """Joint-angle traces (deg) of repeated involuntary episodes, shape (n_episodes, n_samples).

    Dystonic: one template pull (a slow sustained twist) repeated with small amplitude,
    timing and noise variability; a timing shift delays or advances the whole pull
    (sd 30 ms), without wrapping its end round to the start.  Choreic: independent
    random smooth fragments.

    Examples
    --------
    >>> simulate_episodes("choreic", 3, seed=0).shape
    (3, 200)
    """
    check_option(kind, "kind", KINDS)
    n_ep = check_number(n_episodes, "n_episodes", low=2, high=1000, integer=True)
    duration = check_number(duration_s, "duration_s", low=0.2, high=60.0)
    fs = check_number(fs_hz, "fs_hz", low=10.0, high=2000.0)
    var = check_number(variability, "variability", low=0.0, high=2.0)
    rng = as_generator(seed)
    n = int(round(duration * fs))
    t = np.arange(n) / fs
    if kind == "dystonic":
        episodes = []
        for _ in range(n_ep):
            shift_s = rng.normal(0, 0.03 * fs) / fs
            amp = 1 + var * 0.5 * rng.standard_normal()
            noise = var * 8.0 * _smooth_noise(n, fs, 3.0, rng)
            # the pull starts shift_s later (or earlier): the template is evaluated at shifted
            # times, so nothing wraps from one end of the episode to the other
            episodes.append(amp * _dystonic_template(t - shift_s, duration) + noise)
        return np.array(episodes)
    return np.array([15.0 * _smooth_noise(n, fs, 2.0, rng) for _ in range(n_ep)])


def repeatability_index(episodes, max_lag_samples=10):
    """Mean pairwise peak normalised cross-correlation of episodes (−1 to 1; course design).

    Each episode is demeaned and scaled to unit norm; for every pair the largest
    correlation within ±``max_lag_samples`` is taken; the index is their mean.

    >>> x = np.sin(np.linspace(0, 6, 100))
    >>> round(repeatability_index(np.vstack([x, x, x])), 6)
    1.0
    """
    e = check_array(episodes, "episodes", ndim=2, min_length=2)
    lag = check_number(max_lag_samples, "max_lag_samples", low=0, high=e.shape[1] - 1, integer=True)
    z = e - e.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    if np.any(norms == 0):
        raise ValueError("an episode is constant: its correlation is undefined.")
    z = z / norms
    peaks = []
    for i in range(len(z)):
        for j in range(i + 1, len(z)):
            full = signal.correlate(z[i], z[j], mode="full")
            centre = len(z[j]) - 1
            peaks.append(full[centre - lag:centre + lag + 1].max())
    return float(np.mean(peaks))
