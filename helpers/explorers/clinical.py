"""Explorers for chapter 2: classification, toxin time course, DBS field and safety, family risk."""
import ipywidgets as widgets
import numpy as np

from .. import botulinum, classification, dbs, genetics
from ..plots.clinical import plot_charge_map, plot_field, plot_risk_by_age, plot_toxin_course
from ..plots.style import COLORS, label_axes, new_axes
from .base import float_slider, int_slider, make_explorer, register


def classification_view(age_at_onset_years=35, neck=True, right_arm=False, trunk=False, legs=False, eyes=False):
    """Axis I for the chosen picture, shown on a body-region chart."""
    regions = {name for name, on in (("neck", neck), ("right_arm", right_arm), ("trunk", trunk),
                                     ("eyes", eyes)) if on}
    if legs:
        regions |= {"right_leg", "left_leg"}
    if not regions:
        regions = {"neck"}
    axis1 = classification.classify_axis1(age_at_onset_years, regions)
    fig, ax = new_axes(figsize=(5.5, 3.0))
    names = list(classification.REGIONS)
    ax.barh(names, [1 if r in regions else 0 for r in names],
            color=[COLORS["dystonia"] if r in regions else "#dddddd" for r in names])
    ax.set_xticks([])
    label_axes(ax, "Affected (shaded)", "Body region",
               f"{axis1['age_group']} onset, {axis1['distribution']}: "
               f"{classification.suggested_first_line(axis1)}")
    return fig


register("classification.axis1", classification_view, {"age_at_onset_years": 35, "neck": True, "right_arm": True})


def make_classification_explorer():
    return make_explorer(classification_view, {
        "age_at_onset_years": int_slider(35, 0, 80, 1, "age at onset (years)"),
        "neck": widgets.Checkbox(value=True, description="neck"),
        "right_arm": widgets.Checkbox(value=False, description="right arm"),
        "trunk": widgets.Checkbox(value=False, description="trunk"),
        "legs": widgets.Checkbox(value=False, description="both legs"),
        "eyes": widgets.Checkbox(value=False, description="eyes"),
    }, title="Tick regions and move the age: Axis I and a (simplified) first-line choice.")


def toxin_view(dose_units=100.0, interval_weeks=12.0, ed50_units=50.0):
    """Three injection cycles of one muscle at the chosen dose and interval."""
    t = np.arange(0, 40 * 7, 1.0)
    days = [0.0, interval_weeks * 7, 2 * interval_weeks * 7]
    eff = botulinum.repeated_effect(t, days, dose_units, ed50_units)
    warn = botulinum.interval_warnings(days)
    return plot_toxin_course(t, eff, days, threshold=0.25,
                             title=("Antibody risk: interval < 10 weeks" if warn else
                                    f"{dose_units:.0f} U every {interval_weeks:.0f} weeks"))


register("botulinum.time_course", toxin_view, {"dose_units": 100.0, "interval_weeks": 12.0})


def make_toxin_explorer():
    return make_explorer(toxin_view, {
        "dose_units": float_slider(100.0, 10.0, 300.0, 10.0, "dose (onabotulinumtoxinA U)", readout_format=".0f"),
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
    return plot_field(r, e, thr, radius, title=f"Charge density {density:.1f} µC/cm²/phase "
                                               f"({'safe' if density <= 30 else 'OVER the 30 limit'})")


register("dbs.field", field_view, {"amplitude_mA": 3.0, "pulse_width_us": 90.0})


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


register("dbs.safety", safety_view, {"amplitude_mA": 3.0, "pulse_width_us": 90.0})


def make_safety_explorer():
    return make_explorer(safety_view, {
        "amplitude_mA": float_slider(3.0, 0.5, 6.0, 0.1, "amplitude (mA)"),
        "pulse_width_us": float_slider(90.0, 30.0, 600.0, 10.0, "pulse width (µs)", readout_format=".0f"),
    }, title="Keep the white dot below the red line.")


def family_view(penetrance=0.3, prior=0.5):
    """Carrier probability of an unaffected relative against age."""
    ages = np.linspace(0, 60, 121)
    post = [genetics.posterior_carrier_given_unaffected_at_age(prior, a, penetrance) for a in ages]
    return plot_risk_by_age(ages, post, title=f"Prior {prior:.2f}, lifetime penetrance {penetrance:.2f}")


register("genetics.family", family_view, {"penetrance": 0.3, "prior": 0.5})


def make_family_explorer():
    return make_explorer(family_view, {
        "penetrance": float_slider(0.3, 0.05, 1.0, 0.05, "lifetime penetrance"),
        "prior": float_slider(0.5, 0.05, 1.0, 0.05, "prior carrier probability"),
    }, title="Staying well past the usual onset age lowers, but never zeroes, the carrier risk.")
