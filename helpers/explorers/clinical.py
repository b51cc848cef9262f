"""Explorers for chapter 2: classification, toxin time course, DBS field and safety, family risk."""
import ipywidgets as widgets
import numpy as np

from .. import botulinum, classification, dbs, genetics
from ..plots.clinical import (REGION_LABELS, plot_body_map, plot_charge_map, plot_field, plot_risk_by_age,
                              plot_toxin_course)
from ..plots.style import new_axes
from .base import checkbox, float_slider, int_slider, make_explorer, register

#: Fixed field axis of the field explorer, V/mm.
FIELD_LIM_V_PER_MM = (3e-3, 40.0)


#: Regions the classification explorer offers, in body order (all of Axis I's regions).
_REGION_ORDER = ("eyes", "mouth", "speech_swallowing", "neck", "trunk", "right_arm", "left_arm",
                 "right_leg", "left_leg")


def classification_view(age_at_onset_years=35, neck=True, right_arm=False, trunk=False, legs=False, eyes=False,
                        *, mouth=False, speech_swallowing=False, left_arm=False, right_leg=False, left_leg=False):
    """Axis I for the chosen picture, shown on a body map (``legs=True`` ticks both legs)."""
    chosen = dict(eyes=eyes, mouth=mouth, speech_swallowing=speech_swallowing, neck=neck, trunk=trunk,
                  right_arm=right_arm, left_arm=left_arm, right_leg=right_leg or legs, left_leg=left_leg or legs)
    regions = {name for name in _REGION_ORDER if chosen[name]}
    fig, ax = new_axes(figsize=(6.4, 4.4))
    if not regions:
        return plot_body_map(regions, ax=ax, title="No region ticked: tick at least one affected region")
    axis1 = classification.classify_axis1(age_at_onset_years, regions)
    # the age itself, not only its consensus group: onset at 21-26 years still counts as early
    first_line = classification.suggested_first_line(axis1, age_at_onset_years=age_at_onset_years)
    return plot_body_map(regions, ax=ax,
                         title=f"Onset at {age_at_onset_years} years ({axis1['age_group']}), "
                               f"{axis1['distribution']}\nsimplified first-line choice: {first_line}")


register("classification.axis1", classification_view, {"age_at_onset_years": 35, "neck": True, "right_arm": True},
         caption="Axis I of the 2013 consensus classification (Albanese et al. 2013) for the ticked body regions "
                 "and age at onset, with the course's simplified first-line treatment (a levodopa trial first for "
                 "onset up to 26 years).",
         alt="A front-view body outline with nine regions (eyes, mouth and jaw, larynx, neck, trunk, both arms, "
             "both legs); ticked regions are hatched vermillion and named with a tick mark. The title gives the "
             "age group, the body distribution and a simplified first-line choice.")


def make_classification_explorer():
    controls = {"age_at_onset_years": int_slider(35, 0, 80, 1, "age at onset (years)")}
    for region in _REGION_ORDER:
        controls[region] = checkbox(region == "neck", REGION_LABELS[region])
    return make_explorer(classification_view, controls,
                         title="Tick regions and move the age: Axis I and a (simplified) first-line choice.")


def toxin_view(dose_units=100.0, interval_weeks=12.0, ed50_units=50.0):
    """Three injection cycles of one muscle at the chosen dose and interval."""
    t = np.arange(0, 40 * 7, 1.0)
    days = [0.0, interval_weeks * 7, 2 * interval_weeks * 7]
    eff = botulinum.repeated_effect(t, days, dose_units, ed50_units)
    warn = botulinum.interval_warnings(days)
    return plot_toxin_course(t, eff, days, threshold=0.25,
                             title=("Antibody risk: interval < 10 weeks" if warn else
                                    f"{dose_units:.0f} U every {interval_weeks:.0f} weeks"))


register("botulinum.time_course", toxin_view, {"dose_units": 60.0, "interval_weeks": 12.0},
         caption="Predicted effect of three botulinum toxin injections into one muscle at the chosen dose and "
                 "re-injection interval (a course pharmacodynamic model).",
         alt="Effect (fraction of maximal weakening, 0 to 1) against time since the first injection (0 to 40 "
             "weeks): three rises and decays, a dotted line at each injection and a dashed line at the useful "
             "effect of 0.25.")


def make_toxin_explorer():
    return make_explorer(toxin_view, {
        "dose_units": float_slider(60.0, 10.0, 100.0, 5.0, "dose into the muscle (onabotulinumtoxinA U)",
                                   readout_format=".0f"),
        "interval_weeks": float_slider(12.0, 6.0, 20.0, 1.0, "reinjection interval (weeks)", readout_format=".0f"),
        "ed50_units": float_slider(50.0, 20.0, 120.0, 5.0, "muscle ED50 (U)", readout_format=".0f"),
    }, title="Shorter intervals fill the troughs but raise antibody risk.")


def field_view(amplitude_mA=3.0, pulse_width_us=90.0):
    """Field around a point contact, activation threshold for this pulse width, and the radius."""
    r = np.linspace(0.3, 6.0, 200)
    e = dbs.field_V_per_mm(amplitude_mA, r)
    thr = dbs.threshold_field_V_per_mm(pulse_width_us)
    radius = dbs.activation_radius_mm(amplitude_mA, pulse_width_us)
    density = dbs.charge_density_uC_per_cm2(amplitude_mA, pulse_width_us)
    return plot_field(r, e, thr, radius, field_lim_V_per_mm=FIELD_LIM_V_PER_MM,
                      title=f"Charge density {density:.1f} µC/cm²/phase "
                            f"({'safe' if density <= 30 else 'OVER the 30 limit'})")


register("dbs.field", field_view, {"amplitude_mA": 3.0, "pulse_width_us": 90.0},
         caption="Electric field around a point-source DBS contact against distance, the activation threshold "
                 "for the chosen pulse width and the resulting activation radius.",
         alt="Field magnitude (V/mm, logarithmic) falling with distance from the contact (0.3 to 6 mm), a "
             "dashed horizontal activation threshold and a dash-dot vertical line where the field crosses it: "
             "the activation radius.")


def make_field_explorer():
    return make_explorer(field_view, {
        "amplitude_mA": float_slider(3.0, 0.5, 6.0, 0.1, "amplitude (mA)"),
        "pulse_width_us": float_slider(90.0, 30.0, 450.0, 10.0, "pulse width (µs)", readout_format=".0f"),
    }, title="Longer pulses lower the threshold; more current reaches further, but charge adds up.")


def safety_view(amplitude_mA=3.0, pulse_width_us=90.0):
    """Charge density map over amplitude and pulse width, with the chosen setting marked."""
    amps = np.linspace(0.5, 6.0, 56)
    pws = np.linspace(30.0, 600.0, 58)
    density = amps[:, None] * pws[None, :] * 1e-3 / dbs.CONTACT_AREA_CM2
    return plot_charge_map(amps, pws, density, dbs.CHARGE_DENSITY_LIMIT_UC_PER_CM2,
                           point=(amplitude_mA, pulse_width_us))


register("dbs.safety", safety_view, {"amplitude_mA": 3.0, "pulse_width_us": 90.0},
         caption="Charge density per phase over amplitude and pulse width for a standard cylindrical contact (1.27 mm × 1.5 mm), with the "
                 "30 µC/cm² safety limit and the chosen setting.",
         alt="A colour map of charge density (µC/cm² per phase) with pulse width (30 to 600 µs) across and "
             "amplitude (0.5 to 6 mA) up; a black-and-white dashed curve marks the 30 µC/cm² limit and a white "
             "dot the chosen setting, safe when it lies below the curve.")


def make_safety_explorer():
    return make_explorer(safety_view, {
        "amplitude_mA": float_slider(3.0, 0.5, 6.0, 0.1, "amplitude (mA)"),
        "pulse_width_us": float_slider(90.0, 30.0, 600.0, 10.0, "pulse width (µs)", readout_format=".0f"),
    }, title="Keep the white dot below the dashed limit line.")


def family_view(penetrance=0.3, prior=0.5):
    """Carrier probability of an unaffected relative against age."""
    ages = np.linspace(0, 60, 121)
    post = [genetics.posterior_carrier_given_unaffected_at_age(prior, a, penetrance) for a in ages]
    return plot_risk_by_age(ages, post, title=f"Prior {prior:.2f}, lifetime penetrance {penetrance:.2f}")


register("genetics.family", family_view, {"penetrance": 0.3, "prior": 0.5},
         caption="Probability that an unaffected relative carries a TOR1A variant, against the relative's age, "
                 "for the chosen prior and lifetime penetrance (Bayes' rule).",
         alt="One falling curve of carrier probability (0 to 1) against age (0 to 60 years): it starts at "
             "the prior, drops through the usual onset ages and levels off above zero; with a prior of 1 it "
             "stays at 1.")


def make_family_explorer():
    return make_explorer(family_view, {
        "penetrance": float_slider(0.3, 0.05, 1.0, 0.05, "lifetime penetrance"),
        "prior": float_slider(0.5, 0.05, 1.0, 0.05, "prior carrier probability"),
    }, title="Staying well past the usual onset age lowers, but never zeroes, the carrier risk.")
