"""Network rhythms: Kuramoto synchrony with stimulation, LFP simulation, spectra, bursts.

The LFP tools sit beside the field's own packages: the 1/f background is shaped with
``neurodsp`` (Cole et al. 2019), and :func:`field_bursts` and :func:`aperiodic_fit` run
``neurodsp``'s dual-threshold burst detector and a ``fooof`` aperiodic fit (Donoghue et
al. 2020) for comparison with the course's own pipeline.

Pallidal local field potentials (LFPs) recorded through DBS leads in dystonia
carry relatively more 4-10 Hz and less 11-30 Hz power than in Parkinson's
disease (Silberstein et al. 2003, whose bands these are; the course rounds them
to 4-12 and 13-30 Hz).  The dystonic excess was clearest on the most rostral
contact pair, presumed to lie in GPe, and there are no healthy control
recordings: the comparison is dystonia against Parkinson's disease.  Pallidal
theta tracks cervical dystonia severity (Neumann et al. 2017); pallido-cerebellar
alpha coherence was inversely related to severity (Neumann et al. 2015).  Beta is
not absent in dystonia: in the subthalamic nucleus beta peaks were as common in
dystonia (11/12) as in Parkinson's disease (26/28; Wang et al. 2016, an STN
study), and beta-oscillating pallidal neurons occur in both disorders
(Weinberger et al. 2012).  The difference is relative dominance.  Pallidal
stimulation suppresses the low-frequency activity in patients with phasic
dystonic movements (Barow et al. 2014).

The Kuramoto model (Kuramoto 1984; Strogatz 2000) is the simplest network that
synchronises: phase oscillators with spread natural frequencies and
all-to-all coupling K.  Above a critical coupling K_c = 2/(π g(0)) a
synchronised cluster appears (K_c = 2γ for a Lorentzian of half-width γ).
Near K_c the approach to the steady state is slow (critical slowing down: the
relaxation rate shrinks as K − K_c), so steady values need long runs
(:func:`steady_synchrony`).

Stimulation in :func:`simulate_kuramoto` is a sinusoidal drive at the
stimulation frequency that reaches oscillator i with its own phase offset φᵢ.
That is a teaching device with two stated assumptions, not a mechanism of DBS:

- The desynchronisation of the raw order parameter R comes entirely from the
  offsets.  With uniform random offsets (the default) a strong drive entrains
  each oscillator separately and R falls; with identical offsets the network
  locks to the drive and R stays near 1, although its shared 6 Hz rhythm is
  gone (measure that with :func:`band_synchrony`).  A realistic latency spread
  cannot make offsets uniform at 130 Hz: a 2 ms spread still leaves them about
  0.89 coherent.
- Its frequency dependence is not physiological.  An oscillator locks to the
  drive when A > 2π|f_s − f_i|, which is easier at *lower* stimulation
  frequencies, so the model desynchronises better at 60 Hz than at 180 Hz.
  That is not physiological, and it is unrelated to the mixed clinical evidence:
  pallidal DBS is usually programmed at 130 Hz or more, yet one centre's
  uncontrolled series at 60 Hz did well (Alterman et al. 2007b; Isaias et al.
  2009), and one patient did better at 80 than at 60 Hz (Alterman et al. 2007a).
- Below the locking strength the drive mainly shifts the collective frequency
  (by about A²/(2Δω), Δω the gap between drive and rhythm in rad/s) rather than
  breaking synchrony: R stays high while the rhythm leaves the 4-12 Hz band
  (:func:`mean_field_frequency_hz`, :func:`band_synchrony`).

How DBS works is debated (axonal activation, an "informational lesion" that
replaces the pathological pattern by a regular one, synaptic depression;
Grill, Snyder & Miocinovic 2004).  Coordinated reset stimulation (Tass 2003) is
the design in which phase-shifted delivery to sub-populations is deliberate.
"""
import numpy as np
from scipy import signal

from .checks import as_generator, check_array, check_number

THETA_ALPHA_HZ = (4.0, 12.0)
BETA_HZ = (13.0, 30.0)
TOTAL_HZ = (1.0, 45.0)           # range used for relative power (course design)
BURST_PERCENTILE = 75.0          # threshold used in the LFP burst literature
MIN_BURST_S = 0.1


# --- Kuramoto ------------------------------------------------------------------------------
def lorentzian_frequencies_hz(n, center_hz=6.0, half_width_hz=0.5):
    """Deterministic natural frequencies: the n quantiles of a Lorentzian (Cauchy) distribution.

    >>> f = lorentzian_frequencies_hz(5, 6.0, 0.5)
    >>> round(float(np.median(f)), 6)
    6.0
    """
    n = check_number(n, "n", low=2, high=100000, integer=True)
    check_number(half_width_hz, "half_width_hz", low=0.0, low_inclusive=False)
    q = (np.arange(1, n + 1) - 0.5) / n
    return center_hz + half_width_hz * np.tan(np.pi * (q - 0.5))


def critical_coupling(half_width_hz=None, sd_hz=None):
    """Critical coupling K_c in rad/s: 2γ for a Lorentzian, 2/(π g(0)) = σ·sqrt(8/π) for a Gaussian.

    Give ``half_width_hz`` (Lorentzian) or ``sd_hz`` (Gaussian).

    >>> round(critical_coupling(half_width_hz=0.5), 4)
    6.2832
    """
    if (half_width_hz is None) == (sd_hz is None):
        raise ValueError("give exactly one of half_width_hz or sd_hz.")
    if half_width_hz is not None:
        return 2.0 * 2 * np.pi * check_number(half_width_hz, "half_width_hz", low=0.0, low_inclusive=False)
    return float(2 * np.pi * check_number(sd_hz, "sd_hz", low=0.0, low_inclusive=False) * np.sqrt(8 / np.pi))


def order_parameter(phases):
    """Kuramoto order parameter R = |mean(exp(iθ))| (along the last axis).

    >>> order_parameter(np.zeros(10))
    1.0
    """
    theta = np.asarray(phases, dtype=float)
    value = np.abs(np.mean(np.exp(1j * theta), axis=-1))
    return float(value) if np.ndim(value) == 0 else value


def simulate_kuramoto(duration_s=2.0, *, n_oscillators=200, coupling=12.0, center_hz=6.0, half_width_hz=0.5,
                      stim_amplitude=0.0, stim_frequency_hz=130.0, dt_s=2.5e-4, seed=None,
                      initial_phases=None, stim_offsets=None, stim_phase_spread=1.0, t0_s=0.0):
    """Kuramoto network with an optional sinusoidal stimulation drive (Euler integration).

    dθᵢ/dt = ωᵢ + K R sin(ψ − θᵢ) + A sin(2π f_s t + φᵢ − θᵢ).

    The stimulus offsets φᵢ are drawn uniformly over ``stim_phase_spread`` × 2π (1 = the
    default, uniform over the circle; 0 = identical).  Read the module docstring: the
    desynchronisation of R comes from these offsets, and the frequency dependence is
    not physiological.

    Parameters
    ----------
    duration_s : float
        Simulated time, s.
    n_oscillators : int
    coupling : float
        K, rad/s.
    center_hz, half_width_hz : float
        Lorentzian natural-frequency distribution (deterministic quantiles).
    stim_amplitude : float
        A, rad/s (0 = stimulation off).
    stim_frequency_hz : float
        Stimulation frequency, Hz.
    dt_s : float
        Time step, s (must resolve the stimulation: dt < 1/(8 f_s)).
    seed : None, int or Generator
        Initial phases and stimulation phase offsets (both are always drawn, in that
        order, so a seed gives the same offsets whether or not phases are passed in).
    initial_phases : array, optional
        Starting phases, rad (length n_oscillators), e.g. ``out["phases"]`` of a previous
        segment; default random.
    stim_offsets : array, optional
        φᵢ, rad (length n_oscillators), e.g. ``out["stim_offsets"]`` of a previous
        segment; overrides ``stim_phase_spread``.
    stim_phase_spread : float, optional, default: 1.0
        0-1, spread of the random offsets as a fraction of 2π.
    t0_s : float, optional, default: 0.0
        Time at the start of this segment, s (keeps the drive's phase continuous
        when a run is split into segments).

    Returns
    -------
    dict
        ``t_s`` (time from t0_s), ``R`` (order parameter over time), ``mean_field``
        (complex z = R e^{iψ} over time), ``phases`` (final phases, rad),
        ``stim_offsets`` (φᵢ, rad), ``t_end_s`` (t0_s + duration_s).

    Examples
    --------
    >>> out = simulate_kuramoto(0.5, n_oscillators=50, coupling=20.0, seed=0)
    >>> bool(out["R"][-1] > 0.5)
    True
    >>> nxt = simulate_kuramoto(0.5, n_oscillators=50, coupling=20.0, initial_phases=out["phases"],
    ...                         stim_offsets=out["stim_offsets"], t0_s=out["t_end_s"])
    >>> bool(abs(nxt["R"][0] - out["R"][-1]) < 0.05)
    True
    """
    duration = check_number(duration_s, "duration_s", low=0.0, low_inclusive=False, high=120.0)
    n = check_number(n_oscillators, "n_oscillators", low=2, high=20000, integer=True)
    k = check_number(coupling, "coupling", low=0.0)
    amp = check_number(stim_amplitude, "stim_amplitude", low=0.0)
    fs_stim = check_number(stim_frequency_hz, "stim_frequency_hz", low=0.0, low_inclusive=False, high=10000.0)
    dt = check_number(dt_s, "dt_s", low=0.0, low_inclusive=False)
    spread = check_number(stim_phase_spread, "stim_phase_spread", low=0.0, high=1.0)
    t0 = check_number(t0_s, "t0_s", low=0.0)
    if amp > 0 and dt > 1.0 / (8 * fs_stim):
        raise ValueError(f"dt_s = {dt} is too coarse for {fs_stim} Hz stimulation; use dt_s <= {1 / (8 * fs_stim):.2e}.")
    rng = as_generator(seed)
    omega = 2 * np.pi * lorentzian_frequencies_hz(n, center_hz, half_width_hz)
    theta = rng.uniform(0, 2 * np.pi, n)
    offsets = spread * rng.uniform(0, 2 * np.pi, n)
    if initial_phases is not None:
        theta = check_array(initial_phases, "initial_phases", ndim=1).copy()
        if theta.size != n:
            raise ValueError(f"initial_phases must have n_oscillators = {n} entries; got {theta.size}.")
    if stim_offsets is not None:
        offsets = check_array(stim_offsets, "stim_offsets", ndim=1).copy()
        if offsets.size != n:
            raise ValueError(f"stim_offsets must have n_oscillators = {n} entries; got {offsets.size}.")
    steps = int(round(duration / dt))
    z_trace = np.empty(steps, dtype=complex)
    w_stim = 2 * np.pi * fs_stim
    for step in range(steps):
        # mean field z = <e^{iθ}> = x + iy;  K·Im(z e^{-iθᵢ}) = K (y cos θᵢ − x sin θᵢ)
        cos_t, sin_t = np.cos(theta), np.sin(theta)
        x, y = cos_t.mean(), sin_t.mean()
        z_trace[step] = complex(x, y)
        dtheta = omega + k * (y * cos_t - x * sin_t)
        if amp:
            dtheta += amp * np.sin(w_stim * (t0 + step * dt) + offsets - theta)
        theta = theta + dt * dtheta
    return {"t_s": np.arange(steps) * dt, "R": np.abs(z_trace), "mean_field": z_trace,
            "phases": np.mod(theta, 2 * np.pi), "stim_offsets": offsets, "t_end_s": t0 + steps * dt}


def mean_synchrony(duration_s=2.0, transient_s=1.0, **kwargs):
    """Mean order parameter after a transient (a scalar summary of :func:`simulate_kuramoto`).

    Near K_c a 2 s run with a 1 s transient is not at steady state (critical slowing
    down); use :func:`steady_synchrony` for steady values.
    """
    out = simulate_kuramoto(duration_s, **kwargs)
    keep = out["t_s"] >= transient_s
    if not np.any(keep):
        raise ValueError("transient_s must be shorter than duration_s.")
    return float(np.mean(out["R"][keep]))


def steady_synchrony(coupling, *, n_oscillators=3000, duration_s=10.0, transient_s=6.0, dt_s=2e-3, seed=8,
                     **kwargs):
    """Steady-state order parameter R at one coupling (10 s run, 6 s transient, dt 2 ms by default).

    Long enough for the slow relaxation near K_c: with a Lorentzian half-width of 0.5 Hz
    (K_c = 2π rad/s) the estimates K(1 − R²) at K = 8-20 rad/s average to K_c within 2 %,
    where a 2 s run with a 1 s transient overestimates it by about 9 %.

    >>> r = steady_synchrony(20.0, n_oscillators=1000, duration_s=4.0, transient_s=2.0)
    >>> bool(abs(r - np.sqrt(1 - 2 * np.pi / 20.0)) < 0.03)
    True
    """
    return mean_synchrony(duration_s, transient_s, n_oscillators=n_oscillators, coupling=coupling, dt_s=dt_s,
                          seed=seed, **kwargs)


def synchrony_by_coupling(couplings, *, n_oscillators=1000, duration_s=4.0, transient_s=2.0, dt_s=2e-3,
                          center_hz=6.0, half_width_hz=0.5, seed=8):
    """Mean order parameter R after a transient at several couplings, all simulated together.

    One Euler run advances an array of networks, one row per coupling, each starting
    from the same random phases (drawn from ``seed``).  For an integer seed each value
    equals ``mean_synchrony(duration_s, transient_s, coupling=k, n_oscillators=...,
    dt_s=..., seed=seed)`` to rounding, at a fraction of the cost (the loop over time
    steps is shared).  There is no stimulation.

    A 4 s run with a 2 s transient is at steady state only away from K_c: the
    relaxation rate shrinks like K − K_c (critical slowing down), so at K ≈ 1.3 K_c the
    network is still climbing after 4 s.  With the defaults (Lorentzian half-width
    0.5 Hz, K_c = 2π rad/s) couplings of 10-24 rad/s give K(1 − R²) within 1 % of K_c.

    Parameters
    ----------
    couplings : array_like
        K values, rad/s (1-D, >= 0).
    n_oscillators : int
        Oscillators per network.
    duration_s, transient_s : float
        Run length and the initial part left out of the average, s.
    dt_s : float
        Euler time step, s.
    center_hz, half_width_hz : float
        Lorentzian natural-frequency distribution (deterministic quantiles).
    seed : None, int or Generator
        Initial phases (shared by every coupling).

    Returns
    -------
    numpy.ndarray
        Time-averaged R (0-1), one per coupling.

    Examples
    --------
    >>> r = synchrony_by_coupling([3.0, 20.0], n_oscillators=500)
    >>> bool(r[0] < 0.2), bool(abs(r[1] - np.sqrt(1 - 2 * np.pi / 20.0)) < 0.01)
    (True, True)
    """
    k = check_array(couplings, "couplings", ndim=1, low=0.0)
    n = check_number(n_oscillators, "n_oscillators", low=2, high=20000, integer=True)
    duration = check_number(duration_s, "duration_s", low=0.0, low_inclusive=False, high=120.0)
    transient = check_number(transient_s, "transient_s", low=0.0, high=duration, high_inclusive=False)
    dt = check_number(dt_s, "dt_s", low=0.0, low_inclusive=False, high=0.1)
    omega = 2 * np.pi * lorentzian_frequencies_hz(n, center_hz, half_width_hz)
    theta = np.tile(as_generator(seed).uniform(0, 2 * np.pi, n), (k.size, 1))
    gain = k[:, None]
    total = np.zeros(k.size)
    kept = 0
    for step in range(int(round(duration / dt))):
        cos_t, sin_t = np.cos(theta), np.sin(theta)
        x = cos_t.mean(axis=1, keepdims=True)
        y = sin_t.mean(axis=1, keepdims=True)
        if step * dt >= transient:
            total += np.abs(x[:, 0] + 1j * y[:, 0])
            kept += 1
        theta = theta + dt * (omega + gain * (y * cos_t - x * sin_t))
    return total / kept


def band_synchrony(out, band_hz=THETA_ALPHA_HZ, transient_s=0.3, order=2):
    """Synchrony within a frequency band: mean |band-passed mean field| after a transient.

    The complex mean field z(t) = R e^{iψ} is band-pass filtered (zero-phase Butterworth,
    real and imaginary parts) and its magnitude averaged.  A network that oscillates
    together at 6 Hz scores close to R (a little less: filter gain and the build-up
    after the transient); one that is locked to a 130 Hz drive has R near 1
    but scores near 0: its shared low-frequency rhythm is gone (the "jamming" or
    informational-lesion idea; Grill, Snyder & Miocinovic 2004).  Below the locking
    amplitude the drive mainly shifts the collective frequency (≈ A²/(2Δω)), so a drop
    in this measure can mean a shifted rhythm, not a lost one: read it beside
    :func:`mean_field_frequency_hz`.

    Parameters
    ----------
    out : dict
        From :func:`simulate_kuramoto` (needs ``t_s`` and ``mean_field``).
    band_hz : tuple of float
        Band, Hz.
    transient_s : float
        Time discarded at each end (filter edges), s.

    Returns
    -------
    float
    """
    t = check_array(out["t_s"], "t_s", ndim=1, min_length=16)
    z = np.asarray(out["mean_field"])
    fs = 1.0 / (t[1] - t[0])
    lo, hi = band_hz
    if not 0 < lo < hi < fs / 2:
        raise ValueError(f"band_hz must satisfy 0 < low < high < fs/2 = {fs / 2:g}; got {band_hz}.")
    edge = check_number(transient_s, "transient_s", low=0.0)
    keep = (t >= t[0] + edge) & (t <= t[-1] - edge)
    if not np.any(keep):
        raise ValueError("the run is too short for the requested transient_s.")
    sos = signal.butter(order, band_hz, btype="bandpass", fs=fs, output="sos")
    zb = signal.sosfiltfilt(sos, z.real) + 1j * signal.sosfiltfilt(sos, z.imag)
    return float(np.mean(np.abs(zb[keep])))


def mean_field_frequency_hz(out, transient_s=0.1):
    """Frequency of the collective rhythm: the mean rate of the mean field's phase ψ, Hz.

    With z(t) = R e^{iψ}, the frequency is the average of dψ/dt / 2π after a transient.
    An unstimulated network near 6 Hz gives about 6 Hz; a sub-locking drive raises it.

    >>> round(mean_field_frequency_hz(simulate_kuramoto(1.0, n_oscillators=200, seed=0)), 1)
    6.0
    """
    t = check_array(out["t_s"], "t_s", ndim=1, min_length=16)
    psi = np.unwrap(np.angle(np.asarray(out["mean_field"])))
    keep = t >= t[0] + check_number(transient_s, "transient_s", low=0.0)
    if np.count_nonzero(keep) < 2:
        raise ValueError("the run is too short for the requested transient_s.")
    tk, pk = t[keep], psi[keep]
    return float((pk[-1] - pk[0]) / (tk[-1] - tk[0]) / (2 * np.pi))


# --- LFP ----------------------------------------------------------------------------------
def aperiodic_noise(n_samples, fs_hz, exponent=1.5, seed=None):
    """Gaussian noise with a 1/f^exponent power spectrum, zero mean and unit variance.

    White noise drawn from the course's seeded generator is spectrally rotated by
    ``neurodsp``'s ``rotate_timeseries``, the method of ``neurodsp.sim.sim_powerlaw``
    (Cole et al. 2019), then z-scored.  ``neurodsp``'s own simulators draw from numpy's
    global random state, so the course draws the white noise itself: every student's data
    stay reproducible from a seed.

    Parameters
    ----------
    n_samples : int
        Length, samples (>= 16).
    fs_hz : float
        Sampling rate, Hz.
    exponent : float, optional, default: 1.5
        Aperiodic exponent χ of the power spectrum P(f) ∝ 1/f^χ (``fooof``'s convention).
    seed : None, int or numpy.random.Generator

    Examples
    --------
    >>> x = aperiodic_noise(4000, 1000.0, seed=0)
    >>> round(float(x.mean()), 12), round(float(x.std()), 12)
    (0.0, 1.0)
    """
    from neurodsp.sim.modulate import rotate_timeseries
    rng = as_generator(seed)
    n = check_number(n_samples, "n_samples", low=16, integer=True)
    fs = check_number(fs_hz, "fs_hz", low=0.0, low_inclusive=False)
    chi = check_number(exponent, "exponent", low=0.0, high=4.0)
    noise = rotate_timeseries(rng.standard_normal(n), fs, chi)
    return (noise - noise.mean()) / noise.std()


def burst_train(t_s, rate_hz, mean_duration_s, freq_range_hz, seed=None):
    """Bursty oscillation: bursts at random times (Poisson), each a Gaussian-envelope sinusoid.

    ``t_s`` must be evenly sampled.  Each burst's envelope is computed only within
    ±3 SD of its centre, which keeps long recordings cheap.
    """
    rng = as_generator(seed)
    t = np.asarray(t_s, dtype=float)
    out = np.zeros_like(t)
    dt = t[1] - t[0]
    n_bursts = rng.poisson(rate_hz * (t[-1] - t[0]))
    for _ in range(n_bursts):
        centre = rng.uniform(t[0], t[-1])
        sd = rng.gamma(4.0, mean_duration_s / 4.0) / 2.5
        freq = rng.uniform(*freq_range_hz)
        phase = rng.uniform(0, 2 * np.pi)
        lo = max(int((centre - 3 * sd - t[0]) / dt), 0)
        hi = min(int((centre + 3 * sd - t[0]) / dt) + 1, t.size)
        seg = t[lo:hi]
        out[lo:hi] += np.exp(-0.5 * ((seg - centre) / sd) ** 2) * np.sin(2 * np.pi * freq * seg + phase)
    return out


def simulate_lfp(duration_s=20.0, fs_hz=1000.0, *, theta_alpha_amplitude_uV=4.0, beta_amplitude_uV=1.0,
                 burst_rate_hz=1.5, mean_burst_s=0.35, aperiodic_exponent=1.5, background_uV=3.0,
                 dbs_on=False, dbs_suppression=0.7, seed=None):
    """Pallidal LFP, µV: 1/f background plus bursty 4-12 Hz and 13-30 Hz rhythms.

    Defaults mimic dystonia (theta-alpha dominant; Silberstein et al. 2003); swap the
    amplitudes for a Parkinson-like beta-dominant recording.  ``dbs_on`` scales the
    burst amplitudes by (1 − dbs_suppression) and shortens bursts (course design,
    after Barow et al. 2014).  Stimulation artefact is not modelled.

    Examples
    --------
    >>> lfp = simulate_lfp(4.0, seed=0)
    >>> lfp.shape
    (4000,)
    """
    duration = check_number(duration_s, "duration_s", low=1.0, high=3600.0)
    fs = check_number(fs_hz, "fs_hz", low=100.0, high=20000.0)
    ta = check_number(theta_alpha_amplitude_uV, "theta_alpha_amplitude_uV", low=0.0)
    beta = check_number(beta_amplitude_uV, "beta_amplitude_uV", low=0.0)
    rate = check_number(burst_rate_hz, "burst_rate_hz", low=0.0)
    supp = check_number(dbs_suppression, "dbs_suppression", low=0.0, high=1.0)
    rng = as_generator(seed)
    t = np.arange(int(round(duration * fs))) / fs
    scale = (1 - supp) if dbs_on else 1.0
    mean_len = mean_burst_s * (0.6 if dbs_on else 1.0)
    lfp = background_uV * aperiodic_noise(t.size, fs, aperiodic_exponent, seed=rng)
    lfp += ta * scale * burst_train(t, rate, mean_len, (5.0, 9.0), seed=rng)
    lfp += beta * scale * burst_train(t, rate, mean_len * 0.6, (16.0, 24.0), seed=rng)
    return lfp


# --- spectra and bursts ----------------------------------------------------------------------
def welch_psd(lfp, fs_hz, window_s=2.0, overlap=0.5):
    """Welch power spectral density (Hann windows), µV²/Hz.

    Returns
    -------
    tuple
        ``(freqs_hz, psd)``.
    """
    x = check_array(lfp, "lfp", ndim=1, min_length=16)
    fs = check_number(fs_hz, "fs_hz", low=0.0, low_inclusive=False)
    nper = int(round(check_number(window_s, "window_s", low=0.0, low_inclusive=False) * fs))
    nper = min(nper, x.size)
    return signal.welch(x, fs=fs, window="hann", nperseg=nper, noverlap=int(nper * overlap), detrend="constant")


def band_power(freqs_hz, psd, band_hz, relative=False, total_hz=TOTAL_HZ):
    """Power in a band, µV² (rectangle rule over the PSD); relative = band / total-range power.

    >>> f = np.arange(0, 50, 0.5); p = np.ones_like(f)
    >>> band_power(f, p, (4, 12))
    8.0
    """
    f = check_array(freqs_hz, "freqs_hz", ndim=1, min_length=2)
    p = check_array(psd, "psd", ndim=1, min_length=2, low=0.0)
    if f.shape != p.shape:
        raise ValueError("freqs_hz and psd must have the same length.")
    lo, hi = band_hz
    if not 0 <= lo < hi:
        raise ValueError(f"band_hz must be (low, high) with 0 <= low < high; got {band_hz}.")
    df = f[1] - f[0]
    mask = (f >= lo) & (f < hi)
    power = float(np.sum(p[mask]) * df)
    if not relative:
        return power
    tmask = (f >= total_hz[0]) & (f < total_hz[1])
    return power / float(np.sum(p[tmask]) * df)


def amplitude_envelope(lfp, fs_hz, band_hz, order=4):
    """Band-pass (zero-phase Butterworth) then Hilbert amplitude, µV."""
    x = check_array(lfp, "lfp", ndim=1, min_length=16)
    sos = signal.butter(order, band_hz, btype="bandpass", fs=fs_hz, output="sos")
    return np.abs(signal.hilbert(signal.sosfiltfilt(sos, x)))


def detect_bursts(lfp, fs_hz, band_hz=THETA_ALPHA_HZ, percentile=BURST_PERCENTILE, min_duration_s=MIN_BURST_S,
                  threshold_uV=None):
    """Bursts: runs where the band amplitude exceeds a threshold for at least ``min_duration_s``.

    The threshold is the ``percentile`` of the recording's own amplitude envelope unless
    ``threshold_uV`` is given (e.g. the DBS-off threshold applied to the DBS-on recording).

    Returns
    -------
    list of tuple
        ``(start_s, end_s)`` per burst.
    """
    env = amplitude_envelope(lfp, fs_hz, band_hz)
    thr = np.percentile(env, percentile) if threshold_uV is None else float(threshold_uV)
    above = np.concatenate([[False], env > thr, [False]])
    edges = np.flatnonzero(np.diff(above.astype(int)))
    starts, ends = edges[::2], edges[1::2]
    keep = (ends - starts) / fs_hz >= min_duration_s
    return [(s / fs_hz, e / fs_hz) for s, e in zip(starts[keep], ends[keep])]


# --- the field's tools: neurodsp (bursts) and fooof (aperiodic fits) ----------------------------
#: Frequency range of the aperiodic fits, Hz (above the 1 Hz edge of the Welch spectrum, below
#: line noise; course design).
FIT_RANGE_HZ = (2.0, 40.0)


def _fooof():
    """Import fooof 1.1 without its deprecation notice.

    fooof 1.1 announces its successor (specparam 2.0, still a release candidate) on import,
    after setting the warnings filter to "always"; the notice would land on a notebook's stderr.
    ``catch_warnings`` restores the filters and records the notice instead of printing it.
    """
    import warnings
    with warnings.catch_warnings(record=True):
        import fooof
    return fooof


def aperiodic_fit(freqs_hz, psd, freq_range_hz=FIT_RANGE_HZ, max_n_peaks=3):
    """Spectral parameters of a power spectrum with ``fooof`` (Donoghue et al. 2020).

    The spectrum is modelled, in log10 power, as an aperiodic component
    ``offset − log10(f^exponent)`` (no knee) plus Gaussian peaks above it.

    Parameters
    ----------
    freqs_hz, psd : 1-D arrays
        A power spectrum (e.g. :func:`welch_psd`), µV²/Hz.
    freq_range_hz : tuple of float, optional
        Range fitted, Hz.
    max_n_peaks : int, optional
        Most peaks fitted.

    Returns
    -------
    dict
        ``exponent`` (χ of 1/f^χ), ``offset`` (log10 µV²/Hz), ``peaks`` (list of
        ``(centre_hz, power_above_aperiodic_log10, bandwidth_hz)``), ``r_squared``,
        ``aperiodic_psd`` (the fitted aperiodic power at ``freqs``, µV²/Hz) and ``freqs``.

    Examples
    --------
    >>> f, p = welch_psd(aperiodic_noise(60_000, 1000.0, exponent=2.0, seed=1), 1000.0)
    >>> round(aperiodic_fit(f, p)["exponent"], 1)
    2.0
    """
    import warnings
    f = check_array(freqs_hz, "freqs_hz", ndim=1, min_length=8)
    p = check_array(psd, "psd", ndim=1, min_length=8, low=0.0)
    if f.shape != p.shape:
        raise ValueError("freqs_hz and psd must have the same length.")
    lo, hi = freq_range_hz
    if not 0 < lo < hi <= f[-1]:
        raise ValueError(f"freq_range_hz must satisfy 0 < low < high <= {f[-1]:g} Hz; got {freq_range_hz}.")
    model = _fooof().FOOOF(peak_width_limits=(1.0, 8.0), max_n_peaks=int(max_n_peaks), aperiodic_mode="fixed",
                           verbose=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(f, p, [lo, hi])
    offset, exponent = (float(v) for v in model.aperiodic_params_)
    peaks = [tuple(float(v) for v in row) for row in np.atleast_2d(model.peak_params_) if row.size == 3]
    return {"exponent": exponent, "offset": offset, "peaks": peaks, "r_squared": float(model.r_squared_),
            "freqs": model.freqs, "aperiodic_psd": 10 ** (offset - exponent * np.log10(model.freqs))}


def field_bursts(lfp, fs_hz, band_hz=THETA_ALPHA_HZ, dual_thresh=(1.0, 1.5), min_duration_s=None):
    """Bursts by ``neurodsp``'s dual-threshold detector (Cole et al. 2019), as ``(start_s, end_s)`` pairs.

    ``neurodsp`` divides the band's amplitude envelope by its **median** and marks a burst
    where it rises above ``dual_thresh[1]``, extended to where it stays above
    ``dual_thresh[0]``.  Bursts shorter than three cycles of the band's lowest frequency
    (0.75 s at 4 Hz) are dropped unless ``min_duration_s`` is given.  Its band-pass is
    neurodsp's own FIR filter, not the course's Butterworth.

    Parameters
    ----------
    lfp : 1-D array
        Recording, µV.
    fs_hz : float
        Sampling rate, Hz.
    band_hz : tuple of float, optional
        Band, Hz.
    dual_thresh : tuple of float, optional
        Lower and upper thresholds, multiples of the median amplitude.
    min_duration_s : float, optional
        Shortest burst kept, s (None: neurodsp's default of 3 cycles).

    Returns
    -------
    list of tuple
    """
    import warnings
    from neurodsp.burst import detect_bursts_dual_threshold
    x = check_array(lfp, "lfp", ndim=1, min_length=16)
    fs = check_number(fs_hz, "fs_hz", low=0.0, low_inclusive=False)
    kwargs = {} if min_duration_s is None else {"min_n_cycles": None,
                                                "min_burst_duration": check_number(min_duration_s, "min_duration_s",
                                                                                   low=0.0, low_inclusive=False)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        is_burst = detect_bursts_dual_threshold(x, fs, tuple(dual_thresh), f_range=tuple(band_hz), **kwargs)
    above = np.concatenate([[False], np.asarray(is_burst, dtype=bool), [False]])
    edges = np.flatnonzero(np.diff(above.astype(int)))
    return [(s / fs, e / fs) for s, e in zip(edges[::2], edges[1::2])]


def burst_summary(bursts, duration_s):
    """Count, mean duration (s) and fraction of time in bursts of a list of ``(start_s, end_s)``.

    >>> burst_summary([(1.0, 1.5), (3.0, 3.3)], 10.0)
    {'n_bursts': 2, 'mean_duration_s': 0.4, 'fraction_of_time': 0.08}
    """
    lengths = np.array([e - s for s, e in bursts], dtype=float)
    total = check_number(duration_s, "duration_s", low=0.0, low_inclusive=False)
    return {"n_bursts": int(lengths.size), "mean_duration_s": round(float(lengths.mean()), 12) if lengths.size else 0.0,
            "fraction_of_time": round(float(lengths.sum() / total), 12)}


def compare_with_field_tools(lfp_off_uV, lfp_on_uV, fs_hz):
    """The course's pipeline beside ``neurodsp`` and ``fooof`` on one off/on pair (03a).

    Returns
    -------
    dict
        For ``"off"`` and ``"on"``: ``relative_power`` (4-12 Hz / 1-45 Hz, the course's
        measure), ``course_bursts`` (75th percentile of the DBS-off amplitude, >= 0.1 s),
        ``neurodsp_default`` (dual threshold 1/1.5 × median, >= 3 cycles),
        ``neurodsp_matched`` (the same, >= 0.1 s) as :func:`burst_summary` dicts, and
        ``fit`` (:func:`aperiodic_fit` of the Welch spectrum, 2-40 Hz).
    """
    fs = check_number(fs_hz, "fs_hz", low=0.0, low_inclusive=False)
    off = check_array(lfp_off_uV, "lfp_off_uV", ndim=1, min_length=16)
    on = check_array(lfp_on_uV, "lfp_on_uV", ndim=1, min_length=16)
    threshold = float(np.percentile(amplitude_envelope(off, fs, THETA_ALPHA_HZ), BURST_PERCENTILE))
    out = {}
    for label, x in (("off", off), ("on", on)):
        f, p = welch_psd(x, fs)
        duration = x.size / fs
        out[label] = {
            "relative_power": band_power(f, p, THETA_ALPHA_HZ, relative=True),
            "course_bursts": burst_summary(detect_bursts(x, fs, threshold_uV=threshold), duration),
            "neurodsp_default": burst_summary(field_bursts(x, fs), duration),
            "neurodsp_matched": burst_summary(field_bursts(x, fs, min_duration_s=MIN_BURST_S), duration),
            "fit": aperiodic_fit(f, p),
        }
    return out


BENCHMARKS = {
    "kuramoto_2s_200": lambda: simulate_kuramoto(2.0, n_oscillators=200, seed=0),
    "simulate_lfp_60s": lambda: simulate_lfp(60.0, seed=0),
}


# --- virtual recordings (chapter 3) -------------------------------------------------------
def virtual_recordings(seed=None):
    """Pallidal LFPs of one patient, DBS off then on (artefact removed), with her own rhythm.

    Sampling rate 500 or 1000 Hz; 40, 50 or 60 s per recording; theta-alpha burst
    amplitude 3-6 µV, 1-2 bursts per second lasting 0.25-0.45 s on average, and a DBS
    suppression of 30-70 % of burst amplitude (course design; DBS suppresses pallidal
    low-frequency activity, Barow et al. 2014).

    Returns
    -------
    dict
        ``fs_hz``, ``lfp_off_uV``, ``lfp_on_uV`` (1-D arrays, µV).

    Examples
    --------
    >>> rec = virtual_recordings(seed=1)
    >>> rec["lfp_off_uV"].size == rec["lfp_on_uV"].size
    True
    """
    rng = as_generator(seed)
    fs = float(rng.choice((500.0, 1000.0)))
    duration = float(rng.choice((40.0, 50.0, 60.0)))
    params = {"theta_alpha_amplitude_uV": rng.uniform(3.0, 6.0), "burst_rate_hz": rng.uniform(1.0, 2.0),
              "mean_burst_s": rng.uniform(0.25, 0.45)}
    suppression = rng.uniform(0.3, 0.7)
    off = simulate_lfp(duration, fs, dbs_on=False, seed=rng, **params)
    on = simulate_lfp(duration, fs, dbs_on=True, dbs_suppression=suppression, seed=rng, **params)
    return {"fs_hz": fs, "lfp_off_uV": off, "lfp_on_uV": on}
