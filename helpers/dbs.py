"""Deep brain stimulation physics: field, activation, charge safety, energy, planning.

The tissue is an infinite homogeneous isotropic conductor and each contact a
point (or small sphere) source.  That is the textbook first approximation
(McIntyre et al. 2004; Butson & McIntyre 2006): it ignores the electrode–tissue
interface, the lead's shape, tissue anisotropy and axon orientation.  Its
activation sphere is not a biased estimate of the "real" volume of tissue
activated (VTA) in a known direction: the size depends mostly on the threshold
chosen (fibre diameter, pulse width).  Finite-element models with axon models
give *larger* volumes than this sphere at the course's threshold: Butson, Maks &
McIntyre (2006) found a 121 mm³ difference between 790 Ω and 1244 Ω at −3 V,
90 µs, where this model gives 43 mm³ (87 − 44 mm³ at 3.80 and 2.41 mA).  Real
VTAs are also elongated along the contact.  Use the sphere to compare settings,
not to predict a patient.

Membrane polarisation follows the change of the field along an axon (the
activating function, Rattay); a field-magnitude threshold is an approximation
that works for monopolar settings and whose value changes with pulse width,
frequency and electrode configuration (Duffley et al. 2019).

Units: current in mA, voltage in V, pulse width in µs, frequency in Hz,
impedance in Ω, distances in mm, charge in µC, charge density in µC/cm²/phase,
energy in µJ per second (µW).
"""
import math

import numpy as np

from .checks import as_generator, check_number, check_option, check_positive

#: Conductivity of grey matter, S/m (a common isotropic value; McIntyre et al. 2004).
TISSUE_CONDUCTIVITY_S_PER_M = 0.2
#: Medtronic 3387/3389 contact: 1.27 mm diameter, 1.5 mm height.
CONTACT_DIAMETER_MM = 1.27
CONTACT_HEIGHT_MM = 1.5
#: Lateral area of one cylindrical contact, cm² (π·d·h = 5.98 mm²).
CONTACT_AREA_CM2 = math.pi * CONTACT_DIAMETER_MM * CONTACT_HEIGHT_MM / 100.0
#: 3389 contact centres are 2 mm apart (1.5 mm contact + 0.5 mm gap).
CONTACT_SPACING_MM = 2.0
#: Charge-density warning limit printed in DBS programming manuals, µC/cm²/phase.
CHARGE_DENSITY_LIMIT_UC_PER_CM2 = 30.0
#: Shannon (1992) damage boundary: log10(D) = k - log10(Q); damage seen for k >= 1.85.
SHANNON_K_DAMAGE = 1.85
#: Field needed to activate axons at the reference pulse width, V/mm.  0.2 V/mm is the
#: isolevel used by Åström et al. (2015) to compare DBS fields; tying it to 90 µs is a
#: course-design choice (not confirmed from the paper).
ACTIVATION_FIELD_V_PER_MM = 0.2
REFERENCE_PULSE_WIDTH_US = 90.0
#: Vercueil et al. (2007): at 130 Hz, amplitudes set 10 % below each patient's
#: side-effect threshold were on average 4.46, 3.45 and 2.47 V at 60, 120 and 450 µs,
#: with no significant difference in benefit over 10 h.  They trace the strength–duration
#: curve of the fibres that cause side effects, in *voltage* (not an iso-benefit curve).
VERCUEIL_2007_V = {60.0: 4.46, 120.0: 3.45, 450.0: 2.47}
#: Chronaxies computed from voltage–duration data are 30-40 % below the current–duration
#: values, because the electrode's load impedance grows with pulse width (Holsheimer,
#: Dijkstra, Demeulemeester & Nuttin 2000).  The mid value is used for the correction.
HOLSHEIMER_VOLTAGE_UNDERESTIMATE = 0.35


def chronaxie_from_two_points_us(pw1_us, amplitude1, pw2_us, amplitude2):
    """Chronaxie c (µs) of a Lapicque curve A(PW) ∝ 1 + c/PW through two (PW, amplitude) points.

    Solving A₂/A₁ = (1 + c/PW₂)/(1 + c/PW₁) for c.

    >>> round(chronaxie_from_two_points_us(60.0, 4.46, 450.0, 2.47), 1)   # Vercueil et al. 2007, in volts
    63.7
    """
    p1 = check_positive(pw1_us, "pw1_us")
    p2 = check_positive(pw2_us, "pw2_us")
    a1 = check_positive(amplitude1, "amplitude1")
    a2 = check_positive(amplitude2, "amplitude2")
    if p1 == p2:
        raise ValueError("pw1_us and pw2_us must differ.")
    ratio = a2 / a1
    c = (1.0 - ratio) / (ratio / p1 - 1.0 / p2)
    if not c > 0:
        raise ValueError("the two points do not follow a strength–duration curve (longer pulses must need "
                         "less amplitude).")
    return c


#: Chronaxie, µs, in current terms (the model is current-controlled).  The voltage fit to
#: Vercueil et al. (2007) at 60 and 450 µs gives 63.7 µs; corrected by Holsheimer et al.'s
#: 35 % it is 98 µs (91-106 µs for 30-40 %).  One chronaxie for target and side-effect
#: fibres is a simplification (pulse width changes which fibres fire; Anderson et al. 2020).
CHRONAXIE_VOLTAGE_US = chronaxie_from_two_points_us(60.0, VERCUEIL_2007_V[60.0], 450.0, VERCUEIL_2007_V[450.0])
CHRONAXIE_US = round(CHRONAXIE_VOLTAGE_US / (1.0 - HOLSHEIMER_VOLTAGE_UNDERESTIMATE))
#: Typical impedance range, Ω (Butson, Maks & McIntyre 2006).
IMPEDANCE_RANGE_OHM = (500.0, 1500.0)

#: Battery model of a primary-cell generator (course design, fitted to two anchors):
#:
#: - bilateral 3.5 V / 450 µs / 130 Hz at 1 kΩ (TEED 1433 µW) lasts 24 months, as
#:   generators at 130 Hz did in generalized dystonia (Isaias et al. 2009).  Isaias's
#:   abstract gives 130 Hz and long pulse widths, not these exact values: the setting is
#:   illustrative of that high-energy group;
#: - bilateral 3.0 V / 60 µs / 130 Hz at 1 kΩ (TEED 140 µW) lasts 4 years, the middle of
#:   Medtronic's "average battery life 3 to 5 years" for Activa PC/SC, an average across
#:   indications.  These are low, Parkinson-like settings; dystonia is usually stimulated
#:   with longer pulses at higher frequency (Volkmann et al. 2014: 180 Hz, 120 µs).
#:
#: Life = BATTERY_BUDGET_J / (TEED + DEVICE_OVERHEAD_UW).  The energy *delivered* to
#: tissue (TEED) is not the energy *drawn* from the cell: the electronics' own drain,
#: telemetry and the voltage converters that make amplitudes above the cell voltage all
#: cost energy.  The fitted overhead (about 1.15 mW) lumps these together.  Overhead and
#: budget are effective fit parameters, not a cell capacity: taken literally they imply a
#: 45 Wh cell and 54 months with stimulation off, which no manufacturer table was checked
#: against.  Ratios of battery lives at very low settings rest on the fitted overhead.
SECONDS_PER_MONTH = 30.4375 * 24 * 3600
BATTERY_ANCHOR_HIGH = {"voltage_V": 3.5, "pulse_width_us": 450.0, "frequency_hz": 130.0, "impedance_ohm": 1000.0,
                       "n_leads": 2, "months": 24.0}
BATTERY_ANCHOR_TYPICAL = {"voltage_V": 3.0, "pulse_width_us": 60.0, "frequency_hz": 130.0, "impedance_ohm": 1000.0,
                          "n_leads": 2, "months": 48.0}


def _anchor_teed_uW(anchor):
    return anchor["n_leads"] * anchor["voltage_V"] ** 2 * anchor["frequency_hz"] * anchor["pulse_width_us"] * 1e-6 \
        / anchor["impedance_ohm"] * 1e6


_P_HIGH, _P_TYP = _anchor_teed_uW(BATTERY_ANCHOR_HIGH), _anchor_teed_uW(BATTERY_ANCHOR_TYPICAL)
_LIFE_RATIO = BATTERY_ANCHOR_TYPICAL["months"] / BATTERY_ANCHOR_HIGH["months"]
DEVICE_OVERHEAD_UW = (_P_HIGH - _LIFE_RATIO * _P_TYP) / (_LIFE_RATIO - 1.0)
BATTERY_BUDGET_J = (_P_HIGH + DEVICE_OVERHEAD_UW) * 1e-6 * BATTERY_ANCHOR_HIGH["months"] * SECONDS_PER_MONTH
#: Rechargeable generators: Medtronic's Activa RC is replaced after about 15 years
#: (Medtronic UK patient information), independent of settings in this model; it needs
#: regular recharging, which is the patient's burden.
RECHARGEABLE_SERVICE_LIFE_YEARS = 15.0
#: Why battery planning matters more in dystonia than in Parkinson's disease: sudden loss
#: of pallidal stimulation can bring dystonia back within minutes to hours and has needed
#: emergency admission (Yianni et al. 2004, "Failure of chronic pallidal stimulation in
#: dystonic patients is a medical emergency"); after 48 h off, BFMDRS movement scores rose
#: from 24.3 ± 13.9 to 48.9 ± 19.8, back to baseline 10 h after restarting (Grabli et al. 2009).
ABRUPT_DEPLETION_RISK = {
    "grabli_2009_bfmdrs_on": 24.3, "grabli_2009_bfmdrs_off_48h": 48.9, "grabli_2009_recovery_h": 10.0,
    "advice": "replace a primary cell before it runs out (check the battery at every visit); a rechargeable "
              "generator avoids repeated replacements but a missed recharge also stops stimulation",
}


def _current(amplitude_mA):
    return check_number(amplitude_mA, "amplitude_mA", low=0.0)


def _pw(pulse_width_us):
    return check_number(pulse_width_us, "pulse_width_us", low=0.0, low_inclusive=False, high=1000.0)


def contact_area_cm2(diameter_mm=CONTACT_DIAMETER_MM, height_mm=CONTACT_HEIGHT_MM):
    """Lateral area of a cylindrical contact, cm².

    >>> round(contact_area_cm2(), 4)
    0.0598
    """
    d = check_positive(diameter_mm, "diameter_mm")
    h = check_positive(height_mm, "height_mm")
    return math.pi * d * h / 100.0


def point_source_potential_V(amplitude_mA, distance_mm, conductivity_S_per_m=TISSUE_CONDUCTIVITY_S_PER_M):
    """Potential of a monopolar point source in a homogeneous medium, V = I/(4πσr).

    Parameters
    ----------
    amplitude_mA : float or array
        Current, mA.
    distance_mm : float or array
        Distance from the source, mm (> 0).
    conductivity_S_per_m : float
        Tissue conductivity, S/m.

    Examples
    --------
    >>> round(point_source_potential_V(1.0, 1.0), 4)
    0.3979
    """
    current = np.asarray(amplitude_mA, dtype=float) * 1e-3
    r = np.asarray(distance_mm, dtype=float)
    if np.any(~np.isfinite(r)) or np.any(r <= 0):
        raise ValueError("distance_mm must be finite and > 0 (the point source is singular at 0).")
    sigma = check_positive(conductivity_S_per_m, "conductivity_S_per_m")
    value = current / (4 * np.pi * sigma * r * 1e-3)
    return float(value) if np.ndim(value) == 0 else value


def field_V_per_mm(amplitude_mA, distance_mm, conductivity_S_per_m=TISSUE_CONDUCTIVITY_S_PER_M):
    """Field magnitude of a point source, E = I/(4πσr²), in V/mm.

    >>> round(field_V_per_mm(1.0, 1.0), 4)
    0.3979
    >>> round(field_V_per_mm(1.0, 2.0), 4)   # falls as 1/r²
    0.0995
    """
    potential = np.asarray(point_source_potential_V(amplitude_mA, distance_mm, conductivity_S_per_m))
    value = potential / np.asarray(distance_mm, dtype=float)
    return float(value) if np.ndim(value) == 0 else value


def threshold_field_V_per_mm(pulse_width_us, chronaxie_us=CHRONAXIE_US,
                             reference_field_V_per_mm=ACTIVATION_FIELD_V_PER_MM,
                             reference_pulse_width_us=REFERENCE_PULSE_WIDTH_US):
    """Field needed to activate axons at a pulse width (Lapicque strength–duration).

    E_th(PW) = E_ref · (1 + c/PW) / (1 + c/PW_ref): shorter pulses need stronger fields.

    >>> threshold_field_V_per_mm(90.0) == ACTIVATION_FIELD_V_PER_MM
    True
    >>> threshold_field_V_per_mm(60.0) > threshold_field_V_per_mm(450.0)
    True
    """
    pw = np.asarray(pulse_width_us, dtype=float)
    if np.any(~np.isfinite(pw)) or np.any(pw <= 0):
        raise ValueError("pulse_width_us must be finite and > 0.")
    c = check_positive(chronaxie_us, "chronaxie_us")
    value = reference_field_V_per_mm * (1 + c / pw) / (1 + c / reference_pulse_width_us)
    return float(value) if np.ndim(value) == 0 else value


def activation_radius_mm(amplitude_mA, pulse_width_us, conductivity_S_per_m=TISSUE_CONDUCTIVITY_S_PER_M,
                         chronaxie_us=CHRONAXIE_US):
    """Radius within which the point-source field exceeds the activation threshold, mm.

    Solving I/(4πσr²) = E_th(PW) gives r = sqrt(I / (4πσ E_th)).  A course-design
    model (no interface, no lead shape, no anisotropy) that keeps the right trends
    (r ∝ sqrt(I); longer pulses reach further).  Its size is set by the threshold
    chosen; finite-element + axon models give larger volumes than this sphere (Butson,
    Maks & McIntyre 2006; see the module docstring), and elongated ones.

    Examples
    --------
    >>> round(activation_radius_mm(3.0, 90.0), 2)
    2.44
    """
    current = np.asarray(amplitude_mA, dtype=float)
    if np.any(~np.isfinite(current)) or np.any(current < 0):
        raise ValueError("amplitude_mA must be finite and >= 0.")
    sigma = check_positive(conductivity_S_per_m, "conductivity_S_per_m")
    e_th = np.asarray(threshold_field_V_per_mm(pulse_width_us, chronaxie_us)) * 1e3  # V/m
    r_m = np.sqrt(current * 1e-3 / (4 * np.pi * sigma * e_th))
    value = r_m * 1e3
    return float(value) if np.ndim(value) == 0 else value


def _amplitude_for_radius_mA(radius_mm, pulse_width_us, conductivity_S_per_m=TISSUE_CONDUCTIVITY_S_PER_M,
                            chronaxie_us=CHRONAXIE_US):
    """Current needed for an activation radius (inverse of :func:`activation_radius_mm`), mA.

    Private: deriving this inverse is a chapter 2 exercise; the lead keeps it for tests.

    >>> round(_amplitude_for_radius_mA(activation_radius_mm(2.0, 120.0), 120.0), 6)
    2.0
    """
    r = check_positive(radius_mm, "radius_mm") * 1e-3
    sigma = check_positive(conductivity_S_per_m, "conductivity_S_per_m")
    e_th = threshold_field_V_per_mm(_pw(pulse_width_us), chronaxie_us) * 1e3
    return 4 * math.pi * sigma * e_th * r ** 2 * 1e3


def volume_activated_mm3(amplitude_mA, pulse_width_us, **kwargs):
    """Volume of the activation sphere, mm³ (course-design VTA)."""
    r = np.asarray(activation_radius_mm(amplitude_mA, pulse_width_us, **kwargs))
    value = 4.0 / 3.0 * np.pi * r ** 3
    return float(value) if np.ndim(value) == 0 else value


def current_from_voltage_mA(voltage_V, impedance_ohm):
    """Ohm's law, I = V/Z, in mA.

    >>> current_from_voltage_mA(3.0, 1000.0)
    3.0
    """
    v = check_number(voltage_V, "voltage_V", low=0.0)
    z = check_positive(impedance_ohm, "impedance_ohm")
    return v / z * 1e3


def charge_per_phase_uC(amplitude_mA, pulse_width_us):
    """Charge per phase Q = I·PW, µC (mA × µs = nC).

    >>> charge_per_phase_uC(3.0, 90.0)
    0.27
    """
    return round(_current(amplitude_mA) * _pw(pulse_width_us) * 1e-3, 12)


def charge_density_uC_per_cm2(amplitude_mA, pulse_width_us, area_cm2=CONTACT_AREA_CM2):
    """Charge density per phase D = Q/A, µC/cm².

    >>> round(charge_density_uC_per_cm2(5.0, 450.0, 0.0598), 1)
    37.6
    """
    area = check_positive(area_cm2, "area_cm2")
    return charge_per_phase_uC(amplitude_mA, pulse_width_us) / area


def shannon_k(amplitude_mA, pulse_width_us, area_cm2=CONTACT_AREA_CM2):
    """Shannon's k = log10(D) + log10(Q) (Shannon 1992); damage was seen for k >= 1.85.

    >>> round(shannon_k(3.0, 600.0, 0.06), 2)
    1.73
    """
    q = charge_per_phase_uC(amplitude_mA, pulse_width_us)
    if q <= 0:
        raise ValueError("amplitude_mA and pulse_width_us must be > 0 to compute Shannon's k.")
    d = charge_density_uC_per_cm2(amplitude_mA, pulse_width_us, area_cm2)
    return math.log10(d) + math.log10(q)


def charge_safety(amplitude_mA, pulse_width_us, area_cm2=CONTACT_AREA_CM2,
                  limit_uC_per_cm2=CHARGE_DENSITY_LIMIT_UC_PER_CM2):
    """Charge, density, Shannon k and whether the setting is within the density limit.

    Returns
    -------
    dict
        ``charge_uC``, ``density_uC_per_cm2``, ``shannon_k``, ``within_limit`` (density
        <= limit), ``below_shannon_damage`` (k < 1.85), ``margin_uC_per_cm2``.
    """
    density = charge_density_uC_per_cm2(amplitude_mA, pulse_width_us, area_cm2)
    q = charge_per_phase_uC(amplitude_mA, pulse_width_us)
    k = shannon_k(amplitude_mA, pulse_width_us, area_cm2) if q > 0 else -math.inf
    return {"charge_uC": q, "density_uC_per_cm2": density, "shannon_k": k,
            "within_limit": bool(density <= limit_uC_per_cm2),
            "below_shannon_damage": bool(k < SHANNON_K_DAMAGE),
            "margin_uC_per_cm2": limit_uC_per_cm2 - density}


def max_pulse_width_us(amplitude_mA, area_cm2=CONTACT_AREA_CM2,
                       limit_uC_per_cm2=CHARGE_DENSITY_LIMIT_UC_PER_CM2):
    """Longest pulse width that keeps the charge density at or below the limit, µs.

    >>> round(max_pulse_width_us(3.0, 0.06))
    600
    """
    current = check_number(amplitude_mA, "amplitude_mA", low=0.0, low_inclusive=False)
    area = check_positive(area_cm2, "area_cm2")
    limit = check_positive(limit_uC_per_cm2, "limit_uC_per_cm2")
    return limit * area / current * 1e3


def teed_uJ_per_s(*, frequency_hz, pulse_width_us, impedance_ohm, voltage_V=None, amplitude_mA=None):
    """Total electrical energy delivered per second (TEED), µJ/s, for one contact.

    Voltage mode: V²·f·PW/Z; current mode: I²·Z·f·PW (Koss et al. 2005).  Give
    exactly one of ``voltage_V`` or ``amplitude_mA``.

    Examples
    --------
    >>> round(teed_uJ_per_s(voltage_V=3.0, frequency_hz=130, pulse_width_us=90, impedance_ohm=1000), 1)
    105.3
    >>> round(teed_uJ_per_s(amplitude_mA=3.0, frequency_hz=130, pulse_width_us=90, impedance_ohm=1000), 1)
    105.3
    """
    f = check_number(frequency_hz, "frequency_hz", low=0.0, high=10000.0)
    pw = _pw(pulse_width_us) * 1e-6
    z = check_positive(impedance_ohm, "impedance_ohm")
    if (voltage_V is None) == (amplitude_mA is None):
        raise ValueError("give exactly one of voltage_V or amplitude_mA.")
    if voltage_V is not None:
        v = check_number(voltage_V, "voltage_V", low=0.0)
        watts = v ** 2 * f * pw / z
    else:
        i = _current(amplitude_mA) * 1e-3
        watts = i ** 2 * z * f * pw
    return watts * 1e6


def battery_life_months(teed_total_uJ_per_s, overhead_uW=DEVICE_OVERHEAD_UW, budget_J=BATTERY_BUDGET_J):
    """Battery life of a primary-cell stimulator for a total delivered power, months (course design).

    life = budget / (TEED + overhead).  The defaults are fitted to 24 months at high
    dystonia settings (Isaias et al. 2009) and 4 years at low settings (Medtronic's
    average of 3-5 years for Activa PC, across indications); see BATTERY_ANCHOR_HIGH and
    BATTERY_ANCHOR_TYPICAL.  Overhead and budget are effective fit parameters, not a cell
    capacity.  The overhead stands for every cost between the cell and the tissue, so
    halving the TEED lengthens life by far less than twofold (in this model).

    Parameters
    ----------
    teed_total_uJ_per_s : float
        TEED summed over all leads, µJ/s (= µW).
    overhead_uW : float, optional
        Fixed drain referred to the delivered side, µW.
    budget_J : float, optional
        Usable energy of the cell on the same footing, J.

    Examples
    --------
    >>> round(battery_life_months(2 * 3.5**2 * 130 * 450e-6 / 1000 * 1e6))
    24
    >>> round(battery_life_months(2 * 3.0**2 * 130 * 60e-6 / 1000 * 1e6))
    48
    """
    load = check_number(teed_total_uJ_per_s, "teed_total_uJ_per_s", low=0.0)
    overhead = check_number(overhead_uW, "overhead_uW", low=0.0)
    if load + overhead <= 0:
        raise ValueError("total drain must be > 0.")
    return budget_J / ((load + overhead) * 1e-6) / SECONDS_PER_MONTH


def replacement_surgeries(horizon_years, teed_total_uJ_per_s=0.0, *, rechargeable=False):
    """Generator replacements needed over a horizon: primary cell (course battery model) or rechargeable.

    A primary cell is replaced every :func:`battery_life_months`; a rechargeable one every
    RECHARGEABLE_SERVICE_LIFE_YEARS (15 years, Activa RC), whatever the settings.

    >>> replacement_surgeries(15.0, 2 * 3.5**2 * 130 * 450e-6 / 1000 * 1e6)   # every 24 months
    7
    >>> replacement_surgeries(15.0, rechargeable=True)
    1
    """
    years = check_number(horizon_years, "horizon_years", low=0.0, high=100.0)
    if rechargeable:
        return int(math.floor(years / RECHARGEABLE_SERVICE_LIFE_YEARS + 1e-9))
    life_years = battery_life_months(teed_total_uJ_per_s) / 12.0
    return int(math.floor(years / life_years + 1e-9))


# --- planning ------------------------------------------------------------------
def default_scenario():
    """A GPi programming scenario (course design; the geometry is illustrative, not a patient's).

    A 4-contact 3389-type lead (contacts 0-3, centres 2 mm apart along z, contact 0
    deepest at z = 0) in posteroventral GPi.  The sensorimotor GPi target is a sphere.
    The posterior limb of the internal capsule lies medial and posterior to the
    ventral GPi, so it is nearest the *deepest* contacts: its distance a + b·z grows
    with contact height (b > 0).  The optic tract lies below the tip.  Activation
    reaching either causes side effects (capsular: tonic contraction, dysarthria;
    optic tract: phosphenes), as in Patel et al. (2021).

    Frequency has no effect on coverage in this model: only amplitude and pulse width
    set the activation radius.  "Least energy" therefore always means the lowest
    allowed frequency here, whereas in a patient the clinical response decides (60 Hz
    helps some patients and not others).
    """
    return {
        "contact_z_mm": [0.0, 2.0, 4.0, 6.0],
        "impedance_ohm": [1100.0, 950.0, 1000.0, 1200.0],
        "target_center_mm": (1.2, 2.6),        # (lateral distance from lead axis, z)
        "target_radius_mm": 2.0,
        "capsule_distance_mm": (2.4, 0.12),    # distance = a + b*z at each contact (grows upwards)
        "optic_tract_below_tip_mm": 2.2,       # optic tract lies this far below contact 0
        "area_cm2": CONTACT_AREA_CM2,
        "limit_uC_per_cm2": CHARGE_DENSITY_LIMIT_UC_PER_CM2,
        "amplitude_range_mA": (0.1, 6.0),
        "pulse_width_range_us": (60.0, 450.0),
        "frequency_range_hz": (100.0, 185.0),
    }


def sphere_overlap_fraction(r_act_mm, target_radius_mm, center_distance_mm):
    """Fraction of a target sphere's volume inside an activation sphere (exact lens volume).

    >>> sphere_overlap_fraction(5.0, 1.0, 0.0)
    1.0
    >>> sphere_overlap_fraction(1.0, 1.0, 3.0)
    0.0
    """
    r1 = np.asarray(r_act_mm, dtype=float)
    r2 = float(target_radius_mm)
    d = float(center_distance_mm)
    vol_target = 4.0 / 3.0 * np.pi * r2 ** 3
    with np.errstate(divide="ignore", invalid="ignore"):
        lens = (np.pi * (r1 + r2 - d) ** 2 * (d ** 2 + 2 * d * r2 - 3 * r2 ** 2 + 2 * d * r1
                                            + 6 * r1 * r2 - 3 * r1 ** 2) / (12 * d)) if d > 0 else np.zeros_like(r1)
    inside_small = 4.0 / 3.0 * np.pi * np.minimum(r1, r2) ** 3
    out = np.where(d >= r1 + r2, 0.0, np.where(d <= np.abs(r1 - r2), inside_small, lens))
    frac = np.clip(out / vol_target, 0.0, 1.0)
    return float(frac) if np.ndim(frac) == 0 else frac


def _side_effect_distances(scenario, contact):
    z = scenario["contact_z_mm"][contact]
    a, b = scenario["capsule_distance_mm"]
    return a + b * z, z + scenario["optic_tract_below_tip_mm"]


def evaluate_settings(settings, scenario=None):
    """Judge DBS settings on a scenario: safety, side effects, target coverage, energy.

    Coverage depends on contact, amplitude and pulse width only; frequency changes the
    energy (TEED) and must lie in the therapeutic range, nothing else.

    Parameters
    ----------
    settings : dict
        ``contact`` (int index), ``amplitude_mA``, ``pulse_width_us``, ``frequency_hz``.
    scenario : dict, optional
        From :func:`default_scenario` (the default).

    Returns
    -------
    dict
        ``feasible`` (bool), ``violations`` (list of str), ``coverage`` (0-1 fraction of the
        target sphere activated), ``radius_mm``, ``density_uC_per_cm2``, ``teed_uJ_per_s``.
    """
    scenario = default_scenario() if scenario is None else scenario
    if not isinstance(settings, dict):
        raise ValueError(f"settings must be a dict; got {type(settings).__name__}.")
    missing = {"contact", "amplitude_mA", "pulse_width_us", "frequency_hz"} - set(settings)
    if missing:
        raise ValueError(f"settings is missing {sorted(missing)}.")
    n_contacts = len(scenario["contact_z_mm"])
    contact = check_number(settings["contact"], "contact", low=0, high=n_contacts - 1, integer=True)
    amp = check_number(settings["amplitude_mA"], "amplitude_mA", low=0.0)
    pw = _pw(settings["pulse_width_us"])
    freq = check_number(settings["frequency_hz"], "frequency_hz", low=0.0, low_inclusive=False)
    violations = []
    lo, hi = scenario["amplitude_range_mA"]
    if not lo <= amp <= hi:
        violations.append(f"amplitude {amp} mA outside the device range {lo}-{hi} mA")
    lo, hi = scenario["pulse_width_range_us"]
    if not lo <= pw <= hi:
        violations.append(f"pulse width {pw} µs outside {lo}-{hi} µs")
    lo, hi = scenario["frequency_range_hz"]
    if not lo <= freq <= hi:
        violations.append(f"frequency {freq} Hz outside the therapeutic range {lo}-{hi} Hz")
    density = charge_density_uC_per_cm2(amp, pw, scenario["area_cm2"])
    if density > scenario["limit_uC_per_cm2"]:
        violations.append(f"charge density {density:.1f} µC/cm² above {scenario['limit_uC_per_cm2']}")
    radius = activation_radius_mm(amp, pw)
    capsule, optic = _side_effect_distances(scenario, contact)
    if radius > capsule:
        violations.append(f"activation radius {radius:.2f} mm reaches the internal capsule ({capsule:.2f} mm)")
    if radius > optic:
        violations.append(f"activation radius {radius:.2f} mm reaches the optic tract ({optic:.2f} mm)")
    tx, tz = scenario["target_center_mm"]
    dist = math.hypot(tx, tz - scenario["contact_z_mm"][contact])
    coverage = sphere_overlap_fraction(radius, scenario["target_radius_mm"], dist)
    teed = teed_uJ_per_s(amplitude_mA=amp, frequency_hz=freq, pulse_width_us=pw,
                         impedance_ohm=scenario["impedance_ohm"][contact])
    return {"feasible": not violations, "violations": violations, "coverage": float(coverage),
            "radius_mm": float(radius), "density_uC_per_cm2": float(density), "teed_uJ_per_s": float(teed)}




# --- virtual patients (per-student data) -----------------------------------------------
def sim_stimulation_target(seed=None):
    """A virtual activation goal: a radius (1.5-3.5 mm, two decimals) at a pulse width (60-210 µs, not 90).

    Course design: the ranges span the course model's radii at clinical settings
    (about 2-3 mm at 2-4 mA) and the pulse widths used in pallidal DBS.

    >>> goal = sim_stimulation_target(0)
    >>> 1.5 <= goal["radius_mm"] <= 3.5 and goal["pulse_width_us"] != 90.0
    True
    """
    rng = as_generator(seed)
    widths = [pw for pw in range(60, 220, 10) if pw != 90]
    return {"radius_mm": round(float(rng.uniform(1.5, 3.5)), 2), "pulse_width_us": float(rng.choice(widths))}


def sim_voltage_setting(seed=None):
    """A virtual voltage-controlled setting: 1.5-5 V (0.05 V steps), 550-1450 Ω (10 Ω steps), 60-450 µs (10 µs steps).

    Course design within the clinical ranges quoted in this module (impedance 500-1500 Ω).
    About one setting in sixteen exceeds 30 µC/cm² on a 3387/3389 contact.

    >>> setting = sim_voltage_setting(1)
    >>> sorted(setting)
    ['amplitude_V', 'impedance_ohm', 'pulse_width_us']
    """
    rng = as_generator(seed)
    return {"amplitude_V": round(0.05 * float(rng.integers(30, 101)), 2),
            "impedance_ohm": float(10 * rng.integers(55, 146)),
            "pulse_width_us": float(10 * rng.integers(6, 46))}


def sim_setting_pair(seed=None):
    """Two virtual voltage-controlled settings of one contact: a narrow and a wide pulse (course design).

    Setting A: 60-90 µs at 3.0-4.5 V; setting B: 180-450 µs at 1.8-3.0 V (both 0.05 V
    steps, pulse widths in 10 µs steps); both at 130 Hz or both at 180 Hz, and at one
    impedance of 600-1400 Ω (10 Ω steps).  Their TEEDs differ severalfold, as in the
    narrow-high / wide-low pairs of Vercueil et al. (2007).

    Returns
    -------
    tuple of dict
        Each with ``voltage_V``, ``frequency_hz``, ``pulse_width_us``, ``impedance_ohm``.

    >>> a, b = sim_setting_pair(3)
    >>> a["pulse_width_us"] < b["pulse_width_us"] and a["voltage_V"] > b["voltage_V"]
    True
    """
    rng = as_generator(seed)
    freq = float(rng.choice([130.0, 180.0]))
    z = float(10 * rng.integers(60, 141))
    a = {"voltage_V": round(0.05 * float(rng.integers(60, 91)), 2), "frequency_hz": freq,
         "pulse_width_us": float(10 * rng.integers(6, 10)), "impedance_ohm": z}
    b = {"voltage_V": round(0.05 * float(rng.integers(36, 60)), 2), "frequency_hz": freq,
         "pulse_width_us": float(10 * rng.integers(18, 46)), "impedance_ohm": z}
    return a, b


# --- chapter 3: virtual leads, programmes and the best achievable setting -----------------
def virtual_lead(seed=None):
    """One patient's left pallidal lead as a scenario like :func:`default_scenario` (course design).

    Impedances 700-1400 Ω (10 Ω steps); with probability 0.4 one contact is faulty: an
    open circuit (2500-6000 Ω) or a short (150-400 Ω), half the time the contact nearest
    the target.  Target centre 0.8-1.6 mm from the lead axis at z = 1.6-4.4 mm, radius
    1.6-2.2 mm; internal capsule at a + b·z with a = 1.8-2.6 mm and b = 0.05-0.15 (nearest
    the deepest contact, Patel et al. 2021); optic tract 1.6-2.4 mm below the tip.

    Examples
    --------
    >>> lead = virtual_lead(seed=2)
    >>> len(lead["impedance_ohm"]), lead["capsule_distance_mm"][1] > 0
    (4, True)
    """
    from .checks import as_generator
    rng = as_generator(seed)
    scenario = default_scenario()
    z = np.round(rng.uniform(700.0, 1400.0, 4), -1)
    tz = round(float(rng.uniform(1.6, 4.4)), 2)
    if rng.random() < 0.4:
        nearest = int(np.argmin(np.abs(np.array(scenario["contact_z_mm"]) - tz)))
        bad = nearest if rng.random() < 0.5 else int(rng.integers(4))
        z[bad] = round(float(rng.uniform(2500.0, 6000.0)), -1) if rng.random() < 0.5 else \
            round(float(rng.uniform(150.0, 400.0)), -1)
    scenario.update({
        "impedance_ohm": [float(v) for v in z],
        "target_center_mm": (round(float(rng.uniform(0.8, 1.6)), 2), tz),
        "target_radius_mm": round(float(rng.uniform(1.6, 2.2)), 2),
        "capsule_distance_mm": (round(float(rng.uniform(1.8, 2.6)), 2), round(float(rng.uniform(0.05, 0.15)), 3)),
        "optic_tract_below_tip_mm": round(float(rng.uniform(1.6, 2.4)), 2),
    })
    return scenario


def best_coverage_and_teed(scenario, coverage_fraction=0.9, *, contacts=None, amp_step_mA=0.02, pw_step_us=5.0):
    """Best feasible coverage C*, and the least TEED among settings reaching ``coverage_fraction`` × C*.

    An exhaustive grid over amplitude (``amp_step_mA``) and pulse width (``pw_step_us``)
    on the allowed ``contacts`` (default: all), at the lowest frequency of the range:
    coverage does not depend on frequency in this model, so less energy always means the
    frequency floor.  The values only, not the setting: finding one is the exercise.

    Returns
    -------
    dict
        ``best_coverage`` (0-1) and ``least_teed_uJ_per_s``.

    Examples
    --------
    >>> out = best_coverage_and_teed(default_scenario())
    >>> round(out["best_coverage"], 4), round(out["least_teed_uJ_per_s"], 2)
    (0.8249, 78.8)
    """
    frac = check_number(coverage_fraction, "coverage_fraction", low=0.0, high=1.0)
    da = check_number(amp_step_mA, "amp_step_mA", low=0.001, high=1.0)
    dp = check_number(pw_step_us, "pw_step_us", low=0.5, high=100.0)
    n_contacts = len(scenario["contact_z_mm"])
    use = list(range(n_contacts)) if contacts is None else [
        check_number(c, "contacts", low=0, high=n_contacts - 1, integer=True) for c in contacts]
    if not use:
        raise ValueError("contacts must name at least one contact.")
    amps = np.arange(scenario["amplitude_range_mA"][0], scenario["amplitude_range_mA"][1] + 1e-9, da)
    pws = np.arange(scenario["pulse_width_range_us"][0], scenario["pulse_width_range_us"][1] + 1e-9, dp)
    amp, pw = np.meshgrid(amps, pws, indexing="ij")
    freq = scenario["frequency_range_hz"][0]
    radius = activation_radius_mm(amp, pw)
    density = amp * pw * 1e-3 / scenario["area_cm2"]
    tx, tz = scenario["target_center_mm"]
    rows = []
    for c in use:
        capsule, optic = _side_effect_distances(scenario, c)
        ok = (density <= scenario["limit_uC_per_cm2"]) & (radius <= capsule) & (radius <= optic)
        cov = sphere_overlap_fraction(radius, scenario["target_radius_mm"],
                                      math.hypot(tx, tz - scenario["contact_z_mm"][c]))
        teed = (amp * 1e-3) ** 2 * scenario["impedance_ohm"][c] * freq * pw
        rows.append((ok, cov, teed))
    best = max(float(np.max(np.where(ok, cov, 0.0))) for ok, cov, _ in rows)
    least = min(float(np.min(np.where(ok & (cov >= frac * best), teed, np.inf))) for ok, cov, teed in rows)
    return {"best_coverage": best, "least_teed_uJ_per_s": least}


def virtual_programmes(seed=None):
    """Two programmes that gave the same benefit in one patient's test session (course design).

    Programme A: a short pulse (60-90 µs) at 2.5-4.0 mA and 130 Hz.  Programme B: a long
    pulse (240-450 µs) at the amplitude that gives the same activation radius in this
    model (rounded to 0.05 mA), at 130 Hz or, half the time, 60 Hz (low-frequency
    programmes helped some patients; Alterman et al. 2007, Isaias et al. 2009).  Both
    leads carry the same setting; one impedance 800-1400 Ω.

    Returns
    -------
    dict
        ``impedance_ohm``, and ``A`` and ``B``: each ``amplitude_mA``, ``pulse_width_us``,
        ``frequency_hz``.

    Examples
    --------
    >>> p = virtual_programmes(seed=0)
    >>> p["A"]["pulse_width_us"] < p["B"]["pulse_width_us"]
    True
    """
    from .checks import as_generator
    rng = as_generator(seed)
    pw_a = float(rng.choice((60.0, 70.0, 80.0, 90.0)))
    amp_a = round(float(rng.uniform(2.5, 4.0)) * 20) / 20
    pw_b = float(rng.choice((240.0, 300.0, 360.0, 450.0)))
    amp_b = round(amp_a * (1 + CHRONAXIE_US / pw_b) / (1 + CHRONAXIE_US / pw_a) * 20) / 20
    return {"impedance_ohm": float(np.round(rng.uniform(800.0, 1400.0), -1)),
            "A": {"amplitude_mA": amp_a, "pulse_width_us": pw_a, "frequency_hz": 130.0},
            "B": {"amplitude_mA": amp_b, "pulse_width_us": pw_b,
                  "frequency_hz": 60.0 if rng.random() < 0.5 else 130.0}}
