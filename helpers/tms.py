"""Transcranial magnetic stimulation: input–output curve, MEP variability, paired pulses.

A single TMS pulse over motor cortex evokes a motor-evoked potential (MEP) in a
hand muscle.  Its size follows a sigmoid of stimulus intensity (Devanne et al.
1997) and varies a lot from pulse to pulse, with a right-skewed distribution;
Goetz et al. (2014) found that noise entering both before the sigmoid
(excitability) and after it (output) fits best.

Paired pulses probe intracortical circuits: a subthreshold conditioning pulse
1-5 ms before the test pulse inhibits the MEP (SICI, GABA_A; Kujirai et al.
1993), at 10-15 ms it facilitates (ICF), and a suprathreshold conditioning
pulse 50-200 ms before inhibits again (LICI; Valls-Solé et al. 1992).  The
receptor attributions come from drug studies: SICI is enhanced by the
benzodiazepine lorazepam, a positive GABA_A modulator (Ziemann, Lönnecker,
Steinhoff & Paulus 1996, Exp Brain Res 109:127-135; Di Lazzaro et al. 2000),
LICI by the GABA_B agonist baclofen (McDonnell et al. 2006).  The broader
finding that GABAergic drugs change intracortical excitability while sodium
and calcium channel blockers change motor threshold is Ziemann et al. 1996
(Ann Neurol 40:367-378), which tested vigabatrin and baclofen, not a GABA_A
modulator.  In focal dystonia SICI is reduced (Ridding et al.
1995); LICI is reduced only during voluntary activation, on the symptomatic
side, and is normal at rest (Chen et al. 1997).

Ratios below are course-design values that reproduce those qualitative
findings; real values vary widely between people (Wassermann 2002).
"""
import numpy as np

from .checks import as_generator, check_array, check_number, check_option

#: Input–output curve (course design, Devanne et al. 1997 form), intensity in % of
#: resting motor threshold (RMT).
MEP_MAX_MV = 4.0
I50_PCT_RMT = 140.0
SLOPE_PCT_RMT = 12.0
#: Two noise sources (Goetz et al. 2014): excitability jitter (sd, % RMT) and
#: multiplicative output noise (sd of log MEP).  Together they give simulated MEPs a
#: log-SD of about 0.51 (coefficient of variation 0.53) at the test intensity, inside
#: the range usually reported for single-pulse MEPs, so OUTPUT_LOG_SD is not raised.
#: Because the output noise is multiplicative and shared by test and conditioned
#: pulses, arithmetic and geometric ratios have almost the same bias and spread here:
#: the case for log MEPs is statistical (near-normal logs, less pull from outliers),
#: not a large bias in the ratio.
INPUT_NOISE_PCT_RMT = 6.0
OUTPUT_LOG_SD = 0.35
#: Test pulse giving ~1 mV on average (the usual target).
TEST_INTENSITY_PCT_RMT = 126.0

CONDITIONS = ("test", "sici", "icf", "lici")
DEFAULT_ISI_MS = {"sici": 2.5, "icf": 12.0, "lici": 100.0}

#: Conditioned/unconditioned ratios at the peak of each effect (course design):
#: healthy SICI ~0.45, ICF ~1.4, LICI ~0.35; dystonia SICI ~0.8, ICF unchanged, and
#: LICI ~0.65 only during voluntary activation (at rest it is normal; Chen et al. 1997).
PEAK_RATIO = {False: {"sici": 0.45, "icf": 1.40, "lici": 0.35},
              True: {"sici": 0.80, "icf": 1.40, "lici": 0.35}}
DYSTONIA_ACTIVE_LICI = 0.65

#: Cortical silent period in first dorsal interosseous during maximal contraction, ms:
#: controls 198 ± 39, writer's cramp 168 ± 55, 25 patients and 25 controls, shortened in
#: both hemispheres (Niehaus, von Alt-Stutterheim, Röricht & Meyer 2001, J Neurol
#: 248:51-56).  Treating these as the values at 130 % RMT is a course-design choice.
CSP_MS = {False: (198.0, 39.0), True: (168.0, 55.0)}


def mep_mean_mV(intensity_pct_rmt, mep_max_mV=MEP_MAX_MV, i50=I50_PCT_RMT, slope=SLOPE_PCT_RMT):
    """Boltzmann input–output curve: MEP_max / (1 + exp((I50 − I)/k)), mV.

    >>> round(mep_mean_mV(140.0), 2)
    2.0
    """
    i = np.asarray(intensity_pct_rmt, dtype=float)
    if np.any(~np.isfinite(i)) or np.any(i < 0) or np.any(i > 400):
        raise ValueError("intensity_pct_rmt must be between 0 and 400 % RMT.")
    value = mep_max_mV / (1.0 + np.exp((i50 - i) / slope))
    return float(value) if np.ndim(value) == 0 else value


def conditioning_ratio(isi_ms, *, dystonia=False, active=False):
    """Expected conditioned/unconditioned MEP ratio at an interstimulus interval (course design).

    SICI centred at 2.5 ms, ICF at 12 ms, LICI at 100 ms (with a suprathreshold
    conditioning pulse; LICI and SICI/ICF are different protocols, combined here
    on one axis for display).  The 100 ms LICI centre is a course-design choice (a
    common test interval); Chen et al. (1997) found inhibition, and the
    patient-control difference, largest at 60-80 ms in wrist extensors.  Voluntary
    contraction changes SICI and LICI in healthy people too, so compare patients and
    controls in the same state.  ``active`` = recorded during voluntary contraction:
    only then is LICI reduced in dystonia.

    >>> conditioning_ratio(2.5) < 0.5 < conditioning_ratio(2.5, dystonia=True)
    True
    """
    isi = np.asarray(isi_ms, dtype=float)
    if np.any(~np.isfinite(isi)) or np.any(isi <= 0) or np.any(isi > 500):
        raise ValueError("isi_ms must be > 0 and <= 500 ms.")
    peak = dict(PEAK_RATIO[bool(dystonia)])
    if dystonia and active:
        peak["lici"] = DYSTONIA_ACTIVE_LICI
    sici = (1 - peak["sici"]) * np.exp(-0.5 * ((isi - 2.5) / 1.2) ** 2)
    icf = (peak["icf"] - 1) * np.exp(-0.5 * ((isi - 12.0) / 3.0) ** 2)
    lici = (1 - peak["lici"]) * np.exp(-0.5 * ((np.log(isi) - np.log(100.0)) / 0.45) ** 2)
    value = 1.0 - sici + icf - lici
    return float(value) if np.ndim(value) == 0 else value


def simulate_mep_trials(n_trials, *, condition="test", isi_ms=None, dystonia=False, active=False,
                        intensity_pct_rmt=TEST_INTENSITY_PCT_RMT, seed=None):
    """Peak-to-peak MEP amplitudes, mV, for ``n_trials`` pulses of one condition.

    Each trial: intensity jitter (Gaussian, sd 6 % RMT) → Boltzmann curve →
    conditioning ratio → log-normal output noise (sd 0.35 of log MEP).  The result is
    right-skewed, so geometric means (means of log MEPs) describe it better than
    arithmetic means.

    Parameters
    ----------
    n_trials : int
        Number of pulses (>= 1; >= 30 per condition is recommended, Cuypers et al. 2014).
    condition : {"test", "sici", "icf", "lici"}
    isi_ms : float, optional
        Interstimulus interval; defaults to 2.5, 12 or 100 ms for sici, icf, lici.
    dystonia : bool
    active : bool
        Recorded during slight voluntary contraction (LICI is reduced in dystonia only then).
    intensity_pct_rmt : float
        Test-pulse intensity, % RMT.
    seed : None, int or numpy.random.Generator

    Examples
    --------
    >>> meps = simulate_mep_trials(40, seed=0)
    >>> meps.shape, bool(meps.min() > 0)
    ((40,), True)
    """
    n = check_number(n_trials, "n_trials", low=1, high=100000, integer=True)
    check_option(condition, "condition", CONDITIONS)
    intensity = check_number(intensity_pct_rmt, "intensity_pct_rmt", low=0.0, high=400.0)
    rng = as_generator(seed)
    if condition == "test":
        ratio = 1.0
    else:
        isi = DEFAULT_ISI_MS[condition] if isi_ms is None else check_number(isi_ms, "isi_ms", low=0.0,
                                                                            low_inclusive=False, high=500.0)
        ratio = conditioning_ratio(isi, dystonia=dystonia, active=active)
    drive = intensity + INPUT_NOISE_PCT_RMT * rng.standard_normal(n)
    mean = mep_mean_mV(np.clip(drive, 0, 400)) * ratio
    return mean * np.exp(OUTPUT_LOG_SD * rng.standard_normal(n) - OUTPUT_LOG_SD ** 2 / 2)


def geometric_mean(values):
    """exp(mean(log x)) of positive values.

    >>> round(geometric_mean([1.0, 4.0]), 6)
    2.0
    """
    x = check_array(values, "values", ndim=1)
    if np.any(x <= 0):
        raise ValueError("values must all be > 0 for a geometric mean.")
    return float(np.exp(np.mean(np.log(x))))


def paired_pulse_ratio(conditioned_mV, test_mV, geometric=True):
    """Conditioned / unconditioned MEP ratio (geometric means by default).

    A ratio < 1 is inhibition; inhibition % = 100·(1 − ratio).

    >>> paired_pulse_ratio([0.5, 0.5], [1.0, 1.0])
    0.5
    """
    if geometric:
        return geometric_mean(conditioned_mV) / geometric_mean(test_mV)
    c = check_array(conditioned_mV, "conditioned_mV", ndim=1)
    t = check_array(test_mV, "test_mV", ndim=1)
    return float(np.mean(c) / np.mean(t))


def simulate_silent_period_ms(n_trials, *, dystonia=False, intensity_pct_rmt=130.0, seed=None):
    """Cortical silent period durations, ms (Gaussian around the cohort mean; grows with intensity).

    The mean at 130 % RMT is the cohort mean of Niehaus et al. (2001); it grows by
    1.5 ms per % RMT (course design; CSP lengthens with intensity, Orth & Rothwell 2004).
    """
    n = check_number(n_trials, "n_trials", low=1, high=100000, integer=True)
    intensity = check_number(intensity_pct_rmt, "intensity_pct_rmt", low=100.0, high=200.0)
    mean, sd = CSP_MS[bool(dystonia)]
    rng = as_generator(seed)
    centre = mean + 1.5 * (intensity - 130.0)
    return np.clip(centre + 0.35 * sd * rng.standard_normal(n), 20.0, None)


# --- virtual sessions (chapter 3) ------------------------------------------------------
#: Lab control ranges for the hands-on exercise (course design, each in the state it is
#: measured in, because voluntary contraction itself reduces SICI: Ridding, Taylor &
#: Rothwell 1995): SICI at rest is "reduced" above 0.65, LICI during slight contraction
#: above 0.50 (healthy model values 0.45 and 0.35; dystonia 0.80 and 0.65).
CONTROL_CUTOFF = {"sici_rest": 0.65, "lici_active": 0.50}
#: A slight contraction makes the same pulse evoke a larger MEP; modelled as a higher
#: effective intensity (course design).
ACTIVE_FACILITATION_PCT_RMT = 8.0


def virtual_session(seed=None):
    """A paired-pulse session in two blocks: SICI at rest, LICI during a slight contraction.

    Block 1 (relaxed hand): test pulses alone and SICI pairs (2.5 ms), randomly
    interleaved.  Block 2 (slight contraction, as LICI needs to show the dystonic
    deficit, Chen et al. 1997): test pulses alone and LICI pairs (100 ms); the
    contraction enlarges every MEP (ACTIVE_FACILITATION_PCT_RMT), so each block's
    conditioned MEPs are compared with that block's own test MEPs.  Each condition has
    20-40 trials; with probability 0.7 the patient's cortex behaves like the dystonic
    model (reduced SICI, reduced active LICI).  Course design.

    Returns
    -------
    dict
        ``test_rest_mV``, ``sici_mV``, ``test_active_mV``, ``lici_mV`` (1-D arrays, mV).

    Examples
    --------
    >>> s = virtual_session(seed=2)
    >>> sorted(s)
    ['lici_mV', 'sici_mV', 'test_active_mV', 'test_rest_mV']
    """
    rng = as_generator(seed)
    dystonia = bool(rng.random() < 0.7)
    n = rng.integers(20, 41, 4)
    active = TEST_INTENSITY_PCT_RMT + ACTIVE_FACILITATION_PCT_RMT
    return {
        "test_rest_mV": simulate_mep_trials(int(n[0]), seed=rng),
        "sici_mV": simulate_mep_trials(int(n[1]), condition="sici", dystonia=dystonia, seed=rng),
        "test_active_mV": simulate_mep_trials(int(n[2]), intensity_pct_rmt=active, seed=rng),
        "lici_mV": simulate_mep_trials(int(n[3]), condition="lici", dystonia=dystonia, active=True,
                                       intensity_pct_rmt=active, seed=rng),
    }
