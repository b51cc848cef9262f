"""DBS programming as it is done: impedance check, monopolar review, directional contacts.

After implantation a pallidal stimulator is programmed in steps (Picillo et al.
2016, the Toronto Western algorithms; Koeglsperger et al. 2019):

1. **Impedance check.**  Each contact's impedance is measured; clinical values lie
   around 500-1500 Ω (Butson, Maks & McIntyre 2006).  Much higher values suggest
   an open circuit (a broken wire), much lower a short circuit.
2. **Monopolar review.**  Each contact in turn is made the cathode, with the
   generator case as anode, at a fixed pulse width and frequency.  The amplitude
   is raised until a side effect appears: tonic muscle contraction or dysarthria
   when current reaches the internal capsule, phosphenes when it reaches the optic
   tract.  That amplitude is the contact's side-effect threshold.
3. **Choice of contact and amplitude.**  In dystonia the benefit is usually
   delayed (weeks to months), so the acute test rarely shows it; contacts are
   chosen by their thresholds and their position in the sensorimotor GPi, and
   the amplitude is set a little below threshold: 0.5 V below it in the trial of
   Volkmann et al. (2014), 10 % below it in Vercueil et al. (2007).

This module scripts those steps on the course's point-source model
(:mod:`helpers.dbs`): a threshold is the amplitude at which the activation
radius first reaches the nearer side-effect structure, and "benefit" is the
model's target coverage, a stand-in for anatomy-guided choice.  Everything here
is a teaching model, not programming advice.

Directional leads split a ring level into segments.  A segment has a smaller
area, so the same current gives a higher charge density (Shannon's k rises),
while the field can be steered away from the capsule.  Closed-loop ("adaptive")
DBS that adjusts stimulation to a sensed pallidal low-frequency signal is
investigational in dystonia (Piña-Fuentes et al. 2020); it is described here as
data only.

Units as in :mod:`helpers.dbs`: mA, V, µs, Hz, Ω, mm, µC, µC/cm².
"""
import math

from . import dbs
from .checks import check_number, check_option, check_positive

#: Clinical impedance range, Ω (Butson, Maks & McIntyre 2006).
IMPEDANCE_NORMAL_OHM = dbs.IMPEDANCE_RANGE_OHM
#: Settings used while testing thresholds (course design; typical of published reviews).
REVIEW_PULSE_WIDTH_US = 60.0
REVIEW_FREQUENCY_HZ = 130.0
#: Safety margins below the side-effect threshold.
MARGIN_V = 0.5           # Volkmann et al. 2014 (0.5 V below the adverse-effect threshold)
MARGIN_FRACTION = 0.10   # Vercueil et al. 2007 (10 % below the side-effect threshold)
SIDE_EFFECTS = {"capsule": "tonic muscle contraction or dysarthria (internal capsule)",
                "optic tract": "phosphenes (optic tract)"}

#: Directional level: three segments, each spanning about 90° of the 1.27 mm x 1.5 mm
#: cylinder once the insulating gaps are removed (illustrative geometry, course design).
SEGMENT_ARC_FRACTION = 0.25
ADAPTIVE_DBS_NOTE = (
    "Adaptive (closed-loop) DBS senses a pallidal signal, such as low-frequency (theta-alpha) power, and "
    "changes stimulation when it rises; in dystonia it is investigational (Piña-Fuentes et al. 2020).")


def impedance_status(impedance_ohm, normal_range_ohm=IMPEDANCE_NORMAL_OHM):
    """Classify one contact's impedance: "normal", "high" (open circuit?) or "low" (short circuit?).

    >>> [impedance_status(z) for z in (300.0, 1000.0, 4000.0)]
    ['low', 'normal', 'high']
    """
    z = check_positive(impedance_ohm, "impedance_ohm")
    low, high = normal_range_ohm
    if z < low:
        return "low"
    if z > high:
        return "high"
    return "normal"


def side_effect_threshold(scenario, contact, pulse_width_us=REVIEW_PULSE_WIDTH_US):
    """Amplitude at which the activation sphere of ``contact`` first reaches a side-effect structure.

    Parameters
    ----------
    scenario : dict
        From :func:`helpers.dbs.default_scenario`.
    contact : int
        Contact index (0 = deepest).
    pulse_width_us : float
        Pulse width of the test, µs.

    Returns
    -------
    dict
        ``threshold_mA``, ``threshold_V`` (= I·Z at the contact's impedance),
        ``structure`` ("capsule" or "optic tract"), ``side_effect`` (what the patient
        reports), ``distance_mm``.

    Examples
    --------
    >>> th = side_effect_threshold(dbs.default_scenario(), 0)
    >>> th["structure"], round(th["distance_mm"], 2)
    ('optic tract', 2.2)
    """
    n_contacts = len(scenario["contact_z_mm"])
    c = check_number(contact, "contact", low=0, high=n_contacts - 1, integer=True)
    capsule, optic = dbs._side_effect_distances(scenario, c)
    structure, distance = ("capsule", capsule) if capsule <= optic else ("optic tract", optic)
    amp = dbs._amplitude_for_radius_mA(distance, pulse_width_us)
    z = scenario["impedance_ohm"][c]
    return {"threshold_mA": amp, "threshold_V": amp * 1e-3 * z, "structure": structure,
            "side_effect": SIDE_EFFECTS[structure], "distance_mm": distance}


def programmed_amplitude_mA(threshold_mA, impedance_ohm, margin="0.5V"):
    """Amplitude to program below a side-effect threshold, mA.

    ``margin="0.5V"``: 0.5 V below threshold at the contact's impedance (Volkmann et al.
    2014); ``margin="10%"``: 10 % below it (Vercueil et al. 2007).  Never below 0.

    >>> programmed_amplitude_mA(3.0, 1000.0), programmed_amplitude_mA(3.0, 1000.0, "10%")
    (2.5, 2.7)
    """
    th = check_number(threshold_mA, "threshold_mA", low=0.0)
    z = check_positive(impedance_ohm, "impedance_ohm")
    check_option(margin, "margin", ("0.5V", "10%"))
    if margin == "0.5V":
        return max(th - MARGIN_V / z * 1e3, 0.0)
    return round(th * (1.0 - MARGIN_FRACTION), 12)


def monopolar_review(scenario=None, *, pulse_width_us=REVIEW_PULSE_WIDTH_US, frequency_hz=REVIEW_FREQUENCY_HZ,
                     margin="0.5V"):
    """Scripted monopolar review: per contact, impedance status, threshold, programmed amplitude, coverage.

    Parameters
    ----------
    scenario : dict, optional
        From :func:`helpers.dbs.default_scenario` (the default).
    pulse_width_us, frequency_hz : float
        Test settings.
    margin : {"0.5V", "10%"}
        How far below threshold to program (see :func:`programmed_amplitude_mA`).

    Returns
    -------
    list of dict
        One per contact: ``contact``, ``impedance_ohm``, ``impedance_status``,
        ``threshold_mA``, ``threshold_V``, ``side_effect``, ``amplitude_mA``,
        ``coverage`` (model target coverage at that amplitude), ``teed_uJ_per_s``,
        ``usable`` (impedance normal and the programmed setting feasible).
    """
    scenario = dbs.default_scenario() if scenario is None else scenario
    pw = check_number(pulse_width_us, "pulse_width_us", low=0.0, low_inclusive=False, high=1000.0)
    f = check_number(frequency_hz, "frequency_hz", low=0.0, low_inclusive=False)
    rows = []
    for c, z in enumerate(scenario["impedance_ohm"]):
        th = side_effect_threshold(scenario, c, pw)
        amp = programmed_amplitude_mA(th["threshold_mA"], z, margin)
        ev = dbs.evaluate_settings({"contact": c, "amplitude_mA": amp, "pulse_width_us": pw, "frequency_hz": f},
                                   scenario)
        status = impedance_status(z)
        rows.append({"contact": c, "impedance_ohm": z, "impedance_status": status,
                     "threshold_mA": th["threshold_mA"], "threshold_V": th["threshold_V"],
                     "side_effect": th["side_effect"], "amplitude_mA": amp, "coverage": ev["coverage"],
                     "teed_uJ_per_s": ev["teed_uJ_per_s"], "usable": status == "normal" and ev["feasible"]})
    return rows


def choose_contact(review):
    """The usable contact with the largest coverage (ties: less energy); None if none is usable.

    >>> choose_contact(monopolar_review())["contact"]
    1
    """
    usable = [r for r in review if r["usable"]]
    if not usable:
        return None
    return max(usable, key=lambda r: (round(r["coverage"], 9), -r["teed_uJ_per_s"]))


def segment_area_cm2(arc_fraction=SEGMENT_ARC_FRACTION, diameter_mm=dbs.CONTACT_DIAMETER_MM,
                     height_mm=dbs.CONTACT_HEIGHT_MM):
    """Area of one directional segment: the fraction ``arc_fraction`` of a ring contact's area, cm².

    >>> round(segment_area_cm2(), 4)   # about a quarter of the 0.0598 cm² ring
    0.015
    """
    frac = check_number(arc_fraction, "arc_fraction", low=0.0, low_inclusive=False, high=1.0)
    return frac * dbs.contact_area_cm2(diameter_mm, height_mm)


def ring_vs_segment(amplitude_mA, pulse_width_us, arc_fraction=SEGMENT_ARC_FRACTION):
    """Charge density and Shannon k of the same pulse on a ring contact and on one segment.

    Returns
    -------
    dict
        ``ring`` and ``segment``: each the :func:`helpers.dbs.charge_safety` dict;
        ``density_ratio`` (segment/ring = 1/arc_fraction).

    >>> out = ring_vs_segment(6.0, 90.0)
    >>> round(out["density_ratio"], 1), out["ring"]["within_limit"], out["segment"]["within_limit"]
    (4.0, True, False)
    """
    ring = dbs.charge_safety(amplitude_mA, pulse_width_us, dbs.CONTACT_AREA_CM2)
    seg = dbs.charge_safety(amplitude_mA, pulse_width_us, segment_area_cm2(arc_fraction))
    return {"ring": ring, "segment": seg, "density_ratio": seg["density_uC_per_cm2"] / ring["density_uC_per_cm2"]}


def max_safe_amplitude_mA(pulse_width_us, area_cm2, limit_uC_per_cm2=dbs.CHARGE_DENSITY_LIMIT_UC_PER_CM2):
    """Largest current that keeps the charge density at the limit for a contact area, mA.

    >>> round(max_safe_amplitude_mA(60.0, dbs.CONTACT_AREA_CM2), 1), round(max_safe_amplitude_mA(60.0, segment_area_cm2()), 1)
    (29.9, 7.5)
    """
    pw = check_number(pulse_width_us, "pulse_width_us", low=0.0, low_inclusive=False, high=1000.0)
    area = check_positive(area_cm2, "area_cm2")
    limit = check_positive(limit_uC_per_cm2, "limit_uC_per_cm2")
    return limit * area / pw * 1e3


def shannon_k_at_limit(area_cm2, limit_uC_per_cm2=dbs.CHARGE_DENSITY_LIMIT_UC_PER_CM2):
    """Shannon k of a pulse that just reaches the density limit on a contact of ``area_cm2``.

    At D = 30 µC/cm² the charge is Q = D·A, so k = log10(D) + log10(D·A): 1.73 for a
    0.0598 cm² ring, 1.13 for a 0.015 cm² segment, 2.03 for a 0.12 cm² contact (beyond
    the 1.85 damage boundary): the density limit alone is safe only for small contacts.

    >>> [round(shannon_k_at_limit(a), 2) for a in (0.0598, 0.015, 0.12)]
    [1.73, 1.13, 2.03]
    """
    area = check_positive(area_cm2, "area_cm2")
    d = check_positive(limit_uC_per_cm2, "limit_uC_per_cm2")
    return math.log10(d) + math.log10(d * area)
