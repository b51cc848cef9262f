"""How far to trust a rating: inter-rater reliability and clinically important change.

Trial outcomes in dystonia are clinician ratings (BFMDRS, TWSTRS), so two raters
scoring the same patients do not agree exactly.  This module measures that:

- the intraclass correlation coefficient (ICC) for continuous scores, in the
  three forms of Shrout & Fleiss (1979): ICC(1,1) one-way random (each patient
  rated by different raters), ICC(2,1) two-way random absolute agreement (the
  raters are a sample of possible raters), ICC(3,1) two-way mixed consistency
  (these raters only; a constant offset between raters is ignored);
- Cohen's kappa for categories, unweighted or weighted (Cohen 1968), where a
  weighted kappa gives partial credit for near misses on an ordinal scale;
- Bland-Altman limits of agreement (Bland & Altman 1986): mean difference
  ± 1.96 SD of the differences, in the scale's own units.

Minimal clinically important change (MCIC) of the TWSTRS total (0-85), anchored
to the patient's global impression of change after botulinum toxin:

- 11.9 points (95 % CI 10.0-13.9) in 304 patients with a mean baseline of 43.4,
  with thresholds from 3.2 to 18.0 points depending on baseline severity
  (Espay et al. 2018, Parkinsonism Relat Disord 52:94-97; first author from
  memory);
- at least 8 points for "minimally improved" in 479 patients of the CD PROBE
  registry (Dashtipour et al. 2019, J Neurol Sci).

A change smaller than the raters' disagreement, or than the MCIC, is not
evidence that a patient improved.
"""
import numpy as np

from .checks import check_array, check_option

#: TWSTRS total MCIC, points (see the module docstring).
TWSTRS_MCIC_POINTS = {"espay_2018": 11.9, "espay_2018_range": (3.2, 18.0), "dashtipour_2019": 8.0}
ICC_FORMS = ("1,1", "2,1", "3,1")


def _matrix(ratings):
    x = check_array(ratings, "ratings", ndim=2, min_length=2)
    if x.shape[1] < 2:
        raise ValueError(f"ratings must have at least 2 raters (columns); got shape {x.shape}.")
    return x


def icc(ratings, form="2,1"):
    """Intraclass correlation of an n_subjects × k_raters table (Shrout & Fleiss 1979).

    With mean squares for rows (subjects) MS_R, columns (raters) MS_C, error MS_E and
    within-subject MS_W:

    - ICC(1,1) = (MS_R − MS_W) / (MS_R + (k − 1) MS_W)
    - ICC(2,1) = (MS_R − MS_E) / (MS_R + (k − 1) MS_E + k (MS_C − MS_E)/n)
    - ICC(3,1) = (MS_R − MS_E) / (MS_R + (k − 1) MS_E)

    Parameters
    ----------
    ratings : array_like, shape (n_subjects, k_raters)
    form : {"1,1", "2,1", "3,1"}

    Returns
    -------
    float

    Examples
    --------
    >>> round(icc([[1, 2], [2, 3], [3, 4], [4, 5]], "3,1"), 3)   # a constant offset: perfect consistency
    1.0
    >>> round(icc([[1, 2], [2, 3], [3, 4], [4, 5]], "2,1"), 3)   # ... but not perfect agreement
    0.769
    """
    x = _matrix(ratings)
    check_option(form, "form", ICC_FORMS)
    n, k = x.shape
    grand = x.mean()
    ss_rows = k * np.sum((x.mean(axis=1) - grand) ** 2)
    ss_cols = n * np.sum((x.mean(axis=0) - grand) ** 2)
    ss_total = np.sum((x - grand) ** 2)
    ss_error = ss_total - ss_rows - ss_cols
    ms_r = ss_rows / (n - 1)
    ms_c = ss_cols / (k - 1)
    ms_e = ss_error / ((n - 1) * (k - 1))
    ms_w = (ss_total - ss_rows) / (n * (k - 1))
    if form == "1,1":
        den = ms_r + (k - 1) * ms_w
        num = ms_r - ms_w
    elif form == "2,1":
        den = ms_r + (k - 1) * ms_e + k * (ms_c - ms_e) / n
        num = ms_r - ms_e
    else:
        den = ms_r + (k - 1) * ms_e
        num = ms_r - ms_e
    if den == 0:
        raise ValueError("ratings have no variance: the ICC is undefined.")
    return float(num / den)


def cohen_kappa(rater_a, rater_b, categories=None, weights=None):
    """Cohen's kappa of two raters' categorical scores, optionally weighted (Cohen 1968).

    κ_w = 1 − Σ w_ij O_ij / Σ w_ij E_ij, with O the observed and E the chance-expected
    proportions and disagreement weights w_ij = 0 on the diagonal and 1 off it
    (unweighted), |i − j| (linear) or (i − j)² (quadratic), categories in order.

    Parameters
    ----------
    rater_a, rater_b : array_like
        Scores of the same subjects (equal length).
    categories : sequence, optional
        Ordered categories; default the sorted union of the scores.
    weights : {None, "linear", "quadratic"}

    Examples
    --------
    >>> cohen_kappa([0, 1, 2, 3], [0, 1, 2, 3])
    1.0
    >>> round(cohen_kappa([0, 0, 1, 1], [0, 1, 0, 1]), 3)   # agreement at chance level
    0.0
    """
    a = np.asarray(rater_a)
    b = np.asarray(rater_b)
    if a.ndim != 1 or a.shape != b.shape or a.size < 2:
        raise ValueError("rater_a and rater_b must be 1-D with the same length (>= 2).")
    check_option(weights, "weights", (None, "linear", "quadratic"))
    cats = list(categories) if categories is not None else sorted(set(a.tolist()) | set(b.tolist()))
    index = {c: i for i, c in enumerate(cats)}
    for value in np.concatenate([a, b]).tolist():
        if value not in index:
            raise ValueError(f"score {value!r} is not one of the categories {cats}.")
    m = len(cats)
    observed = np.zeros((m, m))
    for x, y in zip(a.tolist(), b.tolist()):
        observed[index[x], index[y]] += 1
    observed /= observed.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    i, j = np.indices((m, m))
    if weights is None:
        w = (i != j).astype(float)
    elif weights == "linear":
        w = np.abs(i - j).astype(float)
    else:
        w = ((i - j) ** 2).astype(float)
    chance = np.sum(w * expected)
    if chance == 0:
        raise ValueError("both raters used a single category: kappa is undefined.")
    return float(1.0 - np.sum(w * observed) / chance)


def bland_altman(rater_a, rater_b):
    """Bland-Altman agreement: bias (mean of a − b) and 95 % limits of agreement, in score units.

    Returns
    -------
    dict
        ``bias``, ``sd``, ``lower``, ``upper`` (bias ∓ 1.96 SD).

    >>> out = bland_altman([10, 12, 14, 16], [9, 12, 13, 17])
    >>> out["bias"], round(out["upper"] - out["lower"], 3)
    (0.25, 3.753)
    """
    a = check_array(rater_a, "rater_a", ndim=1, min_length=2)
    b = check_array(rater_b, "rater_b", ndim=1, min_length=2)
    if a.shape != b.shape:
        raise ValueError("rater_a and rater_b must have the same length.")
    d = a - b
    bias = float(np.mean(d))
    sd = float(np.std(d, ddof=1))
    return {"bias": bias, "sd": sd, "lower": bias - 1.96 * sd, "upper": bias + 1.96 * sd}


def is_clinically_important_change(before, after, mcic_points=TWSTRS_MCIC_POINTS["espay_2018"]):
    """True if a TWSTRS total fell by at least the MCIC (default 11.9 points, Espay et al. 2018).

    >>> is_clinically_important_change(44, 30), is_clinically_important_change(44, 38)
    (True, False)
    """
    b = float(before)
    a = float(after)
    return bool(b - a >= float(mcic_points) - 1e-9)
