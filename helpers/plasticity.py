"""Maladaptive plasticity: Hebbian learning on a digit map, with and without homeostasis; PAS.

Intense, stereotyped practice drives Hebbian potentiation ("fire together,
wire together") between inputs that are active together.  Surround inhibition
and homeostatic synaptic scaling (Turrigiano et al. 1998) normally keep
cortical representations of different fingers sharp.  If they fail, the
representations of co-activated digits grow and merge, the "smeared"
homunculus of dystonic musicians and writers (Elbert et al. 1998;
Bara-Jimenez et al. 1998), also produced by repetitive use in monkeys (Byl,
Merzenich & Jenkins 1996).

The map studies are of the *somatosensory* hand area, in focal hand dystonia,
and they are debated: high-resolution fMRI found intact finger maps in
musician's dystonia (Sadnicka et al. 2023), and plasticity protocols vary
widely between healthy people (Sadnicka & Hamada 2020).  The fusion shown here
is a hypothesis made concrete, not an established trait, and it is specific to
the co-activated digits, which does not explain why dystonia is task-specific.

The map here is a 1-D cortical sheet of ``n_units`` neurons receiving five
digit inputs.  Learning is Hebbian with a BCM sliding threshold (Bienenstock,
Cooper & Munro 1982); homeostasis is multiplicative synaptic scaling toward a
target rate; surround inhibition subtracts a broad blur of activity.  The
sizes are relative (course design): no millimetres are claimed.  The model
shows *overlap*, not enlargement: without homeostasis the fused D3/D4 field
shrinks (2 units above half-maximum against 5 at the start, with
``train_map(600, homeostasis=False, surround_inhibition=0.1, seed=2)``), whereas
Byl, Merzenich & Jenkins (1996) reported enlarged, overlapping receptive fields.

Paired associative stimulation (PAS; Stefan et al. 2000) pairs a median-nerve
shock with a TMS pulse 25 ms later: MEPs of the targeted muscle (APB) grow
for an hour (LTP-like).  In writer's cramp the response is larger and spreads
to a non-targeted muscle (ADM) (Quartarone et al. 2003; Weise et al. 2006).
"""
import numpy as np

from .checks import as_generator, check_number

N_UNITS = 50
N_DIGITS = 5
LEARNING_RATE = 0.02
TARGET_RATE = 0.2
SURROUND_GAIN = 2.5       # strength of the lateral-inhibition blur at surround_inhibition = 1 (course design)
SCALING_EXPONENT = 0.05   # per-trial multiplicative scaling exponent (course design)


def initial_map(n_units=N_UNITS, width_units=2.5):
    """Topographic weights (n_units × 5): each digit drives a Gaussian patch of cortex."""
    n = check_number(n_units, "n_units", low=10, high=2000, integer=True)
    w = check_number(width_units, "width_units", low=0.1)
    centres = (np.arange(N_DIGITS) + 0.5) * n / N_DIGITS
    units = np.arange(n)[:, None]
    return np.exp(-0.5 * ((units - centres[None, :]) / w) ** 2)


def _surround_kernel(n, width=6.0):
    d = np.arange(n)[:, None] - np.arange(n)[None, :]
    k = np.exp(-0.5 * (d / width) ** 2)
    return k / k.sum(axis=1, keepdims=True)


def practice_patterns(n_trials, *, co_activated=(2, 3), stereotypy=0.8, seed=None):
    """Input patterns (n_trials × 5): with probability ``stereotypy`` the co-activated digits fire
    together (the practised movement), otherwise one random digit fires alone (normal use)."""
    n = check_number(n_trials, "n_trials", low=1, high=1_000_000, integer=True)
    p = check_number(stereotypy, "stereotypy", low=0.0, high=1.0)
    rng = as_generator(seed)
    x = np.zeros((n, N_DIGITS))
    joint = rng.random(n) < p
    x[np.flatnonzero(joint)[:, None], list(co_activated)] = 1.0
    solo = np.flatnonzero(~joint)
    x[solo, rng.integers(0, N_DIGITS, solo.size)] = 1.0
    return x


def train_map(n_trials=600, *, stereotypy=0.8, homeostasis=True, surround_inhibition=0.6,
              learning_rate=LEARNING_RATE, co_activated=(2, 3), n_units=N_UNITS, seed=None):
    """Train the digit map on practice patterns and return the weights and snapshots.

    Each trial: activity y = [Wx − 2.5·s·K(Wx)]₊ (K a broad Gaussian blur: surround
    inhibition), BCM update ΔW = η·y(y − θ)xᵀ with θ tracking ⟨y²⟩, and, if
    ``homeostasis``, multiplicative scaling of each unit's weights toward the target
    rate plus a cap on total input weight.

    Returns
    -------
    dict
        ``weights`` (n_units × 5), ``snapshots`` (list of weight matrices every 10 % of
        training), ``trial`` (trial index of each snapshot).

    Examples
    --------
    >>> healthy = train_map(300, seed=0)
    >>> smeared = train_map(300, homeostasis=False, surround_inhibition=0.1, seed=0)
    >>> digit_overlap(smeared["weights"], 2, 3) > digit_overlap(healthy["weights"], 2, 3)
    True
    """
    n = check_number(n_trials, "n_trials", low=1, high=100000, integer=True)
    s = check_number(surround_inhibition, "surround_inhibition", low=0.0, high=1.0)
    eta = check_number(learning_rate, "learning_rate", low=0.0)
    patterns = practice_patterns(n, co_activated=co_activated, stereotypy=stereotypy, seed=seed)
    w = initial_map(n_units)
    kernel = _surround_kernel(w.shape[0])
    theta = np.full(w.shape[0], TARGET_RATE)
    mean_rate = np.full(w.shape[0], TARGET_RATE)
    snapshots, trials = [w.copy()], [0]
    every = max(n // 10, 1)
    for k, x in enumerate(patterns, start=1):
        drive = w @ x
        y = np.clip(drive - s * SURROUND_GAIN * (kernel @ drive), 0.0, None)
        w += eta * np.outer(y * (y - theta), x)
        np.clip(w, 0.0, 2.0, out=w)
        theta += (y ** 2 - theta) / 50.0
        mean_rate += (y - mean_rate) / 50.0
        if homeostasis:
            w *= (TARGET_RATE / np.maximum(mean_rate, 1e-3))[:, None] ** SCALING_EXPONENT
            total = w.sum(axis=1, keepdims=True)
            w /= np.maximum(total / 1.0, 1.0)
        if k % every == 0:
            snapshots.append(w.copy())
            trials.append(k)
    return {"weights": w, "snapshots": snapshots, "trial": trials}


def representation(weights, digit, fraction=0.5):
    """Boolean mask of units whose weight from ``digit`` exceeds ``fraction`` of its maximum."""
    col = np.asarray(weights, dtype=float)[:, int(digit)]
    if col.max() <= 0:
        return np.zeros(col.shape, dtype=bool)
    return col >= fraction * col.max()


def digit_overlap(weights, d1, d2, fraction=0.5):
    """Jaccard overlap of two digits' representations (0 = separate, 1 = identical).

    >>> digit_overlap(initial_map(), 0, 4)
    0.0
    """
    a = representation(weights, d1, fraction)
    b = representation(weights, d2, fraction)
    union = np.sum(a | b)
    return float(np.sum(a & b) / union) if union else 0.0


def digit_centroid(weights, digit):
    """Weight-weighted centre of a digit's representation, in units along the sheet."""
    col = np.asarray(weights, dtype=float)[:, int(digit)]
    return float(np.sum(np.arange(col.size) * col) / np.sum(col))


def digit_distance(weights, d1, d2):
    """Distance between two digits' centroids, as a fraction of the initial distance."""
    init = initial_map(np.asarray(weights).shape[0])
    return abs(digit_centroid(weights, d1) - digit_centroid(weights, d2)) / \
        abs(digit_centroid(init, d1) - digit_centroid(init, d2))


# --- PAS --------------------------------------------------------------------------------
#: PAS after-effects (course design, illustrative): healthy APB +40 %, ADM +5 %;
#: dystonia larger and spread to ADM (Quartarone et al. 2003; Weise et al. 2006).
PAS_GAIN = {False: 40.0, True: 80.0}
PAS_SPREAD = {False: 0.12, True: 0.8}


def pas_response_percent(isi_ms=25.0, *, dystonia=False, muscle="APB"):
    """Change in MEP amplitude (%) after PAS at an interval (N20-locked timing rule, course design).

    Intervals near 25 ms (cortex reached by the afferent volley just before TMS) give
    LTP-like facilitation (PAS25; Stefan et al. 2000); near 10 ms, LTD-like
    depression (PAS10; Wolters et al. 2003, J Neurophysiol 89:2339-2345).

    >>> round(pas_response_percent(25.0), 1)
    40.0
    >>> pas_response_percent(25.0, dystonia=True, muscle="ADM") > pas_response_percent(25.0, muscle="ADM")
    True
    """
    isi = check_number(isi_ms, "isi_ms", low=-100.0, high=200.0)
    if muscle not in ("APB", "ADM"):
        raise ValueError(f"muscle must be 'APB' or 'ADM'; got {muscle!r}.")
    timing = np.exp(-0.5 * ((isi - 25.0) / 3.0) ** 2) - 0.6 * np.exp(-0.5 * ((isi - 10.0) / 3.0) ** 2)
    spread = 1.0 if muscle == "APB" else PAS_SPREAD[bool(dystonia)]
    return float(PAS_GAIN[bool(dystonia)] * timing * spread)


BENCHMARKS = {"train_map_600": lambda: train_map(600, seed=0)}
