"""Autosomal-dominant inheritance with reduced penetrance (DYT-TOR1A).

The common TOR1A variant (c.907_909delGAG, p.Glu303del) is dominant, but only
about 30 % of carriers ever develop dystonia (Ozelius et al. 1997), and
almost all who do show it by their late twenties.  Penetrance turns a simple
Mendelian 50 % into probabilities that depend on what we already know about
a relative: Bayes' rule does the bookkeeping.
"""
import numpy as np

from .checks import check_number

#: Lifetime penetrance of DYT-TOR1A (Ozelius et al. 1997; ~30 %).
PENETRANCE_TOR1A = 0.30
#: Age-dependent penetrance (course design): the fraction of eventual cases that have
#: started by a given age follows a logistic curve with median MEDIAN_ONSET_YEARS;
#: onset in DYT-TOR1A is mostly in childhood and adolescence, rarely after 26.
MEDIAN_ONSET_YEARS = 12.0
ONSET_SPREAD_YEARS = 3.0


def _p(value, name):
    return check_number(value, name, low=0.0, high=1.0)


def child_carrier_probability(parent_carrier_probability=1.0):
    """Probability that a child inherits the variant from one parent (dominant: ½ per carrier parent).

    >>> child_carrier_probability(1.0)
    0.5
    """
    return 0.5 * _p(parent_carrier_probability, "parent_carrier_probability")


def affected_probability(carrier_probability, penetrance=PENETRANCE_TOR1A):
    """Probability of developing dystonia: P(carrier) × penetrance.

    >>> affected_probability(0.5)
    0.15
    """
    return round(_p(carrier_probability, "carrier_probability") * _p(penetrance, "penetrance"), 12)


def posterior_carrier_probability(prior, penetrance=PENETRANCE_TOR1A):
    """Probability that an *unaffected* relative is a carrier, by Bayes' rule.

    P(C | unaffected) = p(1 − f) / (p(1 − f) + (1 − p)), with prior p and penetrance f.

    >>> round(posterior_carrier_probability(0.5, 0.3), 4)
    0.4118
    """
    p = _p(prior, "prior")
    f = _p(penetrance, "penetrance")
    denominator = p * (1 - f) + (1 - p)
    if denominator == 0:
        raise ValueError("an unaffected relative cannot be a carrier when prior = 1 and penetrance = 1.")
    return p * (1 - f) / denominator


def onset_fraction_by_age(age_years, median_years=MEDIAN_ONSET_YEARS, spread_years=ONSET_SPREAD_YEARS):
    """Fraction of eventual DYT-TOR1A cases whose dystonia has started by ``age_years`` (course design).

    >>> onset_fraction_by_age(12.0)
    0.5
    """
    age = np.asarray(age_years, dtype=float)
    if np.any(~np.isfinite(age)) or np.any(age < 0) or np.any(age > 120):
        raise ValueError("age_years must be between 0 and 120.")
    value = 1.0 / (1.0 + np.exp(-(age - median_years) / spread_years))
    return float(value) if np.ndim(value) == 0 else value


def penetrance_by_age(age_years, penetrance=PENETRANCE_TOR1A, **kwargs):
    """Probability that a carrier is affected by ``age_years``: lifetime penetrance × onset fraction."""
    return _p(penetrance, "penetrance") * onset_fraction_by_age(age_years, **kwargs)


def posterior_carrier_given_unaffected_at_age(prior, age_years, penetrance=PENETRANCE_TOR1A):
    """Carrier probability of a relative still unaffected at ``age_years`` (age-dependent Bayes).

    Younger relatives have had less time to show dystonia, so staying unaffected tells us less.

    >>> posterior_carrier_given_unaffected_at_age(0.5, 5) > posterior_carrier_given_unaffected_at_age(0.5, 40)
    True
    """
    f_age = float(penetrance_by_age(age_years, penetrance))
    return posterior_carrier_probability(prior, f_age)
