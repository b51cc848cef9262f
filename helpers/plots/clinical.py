"""Figures for the clinical modules: botulinum toxin, DBS, genetics."""
import numpy as np
from matplotlib import patheffects
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, FancyBboxPatch, Patch
from matplotlib.ticker import NullLocator

from .style import COLORS, label_axes, new_axes


def plot_toxin_course(t_days, effect, injection_days=(), ax=None, title=None, threshold=None):
    """Predicted toxin effect (fraction of maximal weakening) over weeks."""
    if ax is None:
        fig, ax = new_axes(figsize=(7.8, 3.2))
        fig.subplots_adjust(right=0.74)
    ax.plot(np.asarray(t_days) / 7.0, effect, color=COLORS["dystonia"], label="predicted effect")
    for i, d in enumerate(injection_days):
        ax.axvline(d / 7.0, color=COLORS["reference"], ls=":", lw=1.2, label="injection" if i == 0 else None)
    if threshold is not None:
        ax.axhline(threshold, color=COLORS["threshold"], ls="--", lw=1, label="useful effect")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    ax.set_ylim(0, 1.02)
    label_axes(ax, "Time since first injection (weeks)", "Effect (fraction of maximum)", title)
    return ax.figure


def plot_field(distance_mm, field_V_per_mm, threshold_V_per_mm, radius_mm, ax=None, title=None, *,
               field_lim_V_per_mm=None):
    """Field magnitude against distance from the contact, the activation threshold and radius.

    Field (blue, solid), threshold (grey, dashed) and radius (black, dash-dot)
    differ in colour *and* line style; ``field_lim_V_per_mm`` fixes the y-axis.
    """
    if ax is None:
        fig, ax = new_axes(figsize=(7.4, 3.3))
        fig.subplots_adjust(right=0.68)
    ax.semilogy(distance_mm, field_V_per_mm, color=COLORS["healthy"], label="field |E|")
    ax.axhline(threshold_V_per_mm, color=COLORS["threshold"], ls="--", label="activation threshold")
    ax.axvline(radius_mm, color=COLORS["reference"], ls="-.", label=f"activation radius\n{radius_mm:.2f} mm")
    if field_lim_V_per_mm is not None:
        ax.set_ylim(*field_lim_V_per_mm)
    ax.yaxis.set_minor_locator(NullLocator())   # decades are enough; minor ticks cost a third of the draw
    label_axes(ax, "Distance from contact centre (mm)", "Electric field (V/mm, log scale)", title)
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax.figure


def plot_charge_map(amplitudes_mA, pulse_widths_us, density, limit, ax=None, point=None):
    """Charge density over amplitude × pulse width with the safety limit contour."""
    if ax is None:
        fig, ax = new_axes(figsize=(5.5, 3.6))
    mesh = ax.pcolormesh(pulse_widths_us, amplitudes_mA, density, shading="auto", cmap="viridis")
    # black dashes on a white halo: visible on both ends of viridis
    contour = ax.contour(pulse_widths_us, amplitudes_mA, density, levels=[limit], colors=["black"],
                         linewidths=2.2, linestyles="--")
    contour.set(path_effects=[patheffects.Stroke(linewidth=4.5, foreground="white"), patheffects.Normal()])
    if point is not None:
        ax.plot(point[1], point[0], "o", ms=9, color="white", mec="black", mew=1.5)
    ax.figure.colorbar(mesh, ax=ax, label="Charge density (µC/cm²/phase)")
    label_axes(ax, "Pulse width (µs)", "Amplitude (mA)", f"Dashed line: the {limit:g} µC/cm² limit")
    return ax.figure


def plot_risk_by_age(ages_years, posterior, ax=None, title=None):
    """Carrier probability of an unaffected relative against age.

    The probability axis is fixed at 0-1, so every prior (up to 1) stays in view and
    curves for different settings can be compared.
    """
    if ax is None:
        fig, ax = new_axes(figsize=(5.5, 3.2))
    ax.plot(ages_years, posterior, color=COLORS["dystonia"])
    ax.set_ylim(0, 1.02)
    label_axes(ax, "Age of the unaffected relative (years)", "Probability of carrying the variant", title)
    return ax.figure


#: Where each body region of :data:`helpers.classification.REGIONS` is drawn on the
#: body map: (kind, centre x, centre y, width, height) in axes units (0-10).
BODY_PARTS = {
    "eyes": ("ellipse", 5.0, 9.05, 1.3, 0.42),
    "mouth": ("ellipse", 5.0, 8.45, 0.8, 0.32),
    "speech_swallowing": ("box", 5.0, 7.85, 0.55, 0.42),
    "neck": ("box", 5.0, 7.35, 1.2, 0.5),
    "trunk": ("box", 5.0, 5.6, 2.6, 2.9),
    "right_arm": ("box", 3.05, 5.75, 0.75, 2.6),   # the patient's right, drawn on the viewer's left
    "left_arm": ("box", 6.95, 5.75, 0.75, 2.6),
    "right_leg": ("box", 4.35, 2.35, 0.95, 3.3),
    "left_leg": ("box", 5.65, 2.35, 0.95, 3.3),
}

#: Readable names of the regions (no identifiers on a figure).
REGION_LABELS = {"eyes": "eyes", "mouth": "mouth and jaw", "speech_swallowing": "larynx (speech, swallowing)",
                 "neck": "neck", "trunk": "trunk", "right_arm": "right arm", "left_arm": "left arm",
                 "right_leg": "right leg", "left_leg": "left leg"}


def plot_body_map(affected, ax=None, title=None):
    """A front-view body outline with the affected regions shaded (the patient's right on the left).

    ``affected`` is a set of region names from :data:`helpers.classification.REGIONS`.
    Affected regions are vermillion with hatching, the others light grey, and each
    region is named beside the figure, so colour is never the only cue.
    """
    if ax is None:
        fig, ax = new_axes(figsize=(6.4, 4.2))
    affected = set(affected)
    ax.add_patch(Ellipse((5.0, 8.8), 1.7, 1.5, facecolor="white", edgecolor="#555555", lw=1))   # head
    for region, (kind, x, y, w, h) in BODY_PARTS.items():
        on = region in affected
        style = dict(facecolor=COLORS["dystonia"] if on else "#E4E4E4", edgecolor="#333333", lw=1,
                     hatch="///" if on else None, zorder=3 if region in ("eyes", "mouth", "speech_swallowing") else 2)
        if kind == "ellipse":
            ax.add_patch(Ellipse((x, y), w, h, **style))
        else:
            ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.02,rounding_size=0.15",
                                        **style))
        side = -1 if region in ("eyes", "speech_swallowing", "right_arm", "right_leg") else 1
        ty = 4.3 if region == "trunk" else y     # below the arm, so the leader line crosses nothing
        tx = 1.4 if side < 0 else 8.6
        # a plain leader line and a text (annotate's arrow patches cost a third of the draw)
        ax.plot([x + side * w / 2, tx + side * 0.1], [ty, ty], color="#888888", lw=0.6)
        ax.text(tx, ty, REGION_LABELS[region] + (" ✓" if on else ""), ha="right" if side < 0 else "left",
                va="center", fontsize=9, fontweight="bold" if on else "normal")
    ax.set_xlim(-2.5, 12.5)
    ax.set_ylim(0.4, 9.8)
    ax.set_aspect("equal")
    ax.xaxis.set_major_locator(NullLocator())
    ax.yaxis.set_major_locator(NullLocator())
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.legend(handles=[Patch(facecolor=COLORS["dystonia"], hatch="///", edgecolor="#333333", label="affected"),
                       Patch(facecolor="#E4E4E4", edgecolor="#333333", label="not affected")],
              loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False, fontsize=9)
    ax._course_diagram = True   # a drawing, not a data plot: it has no axis labels
    ax.text(-2.4, 9.7, "front view", fontsize=8.5, color="#444444", va="top")
    if title:
        ax.set_title(title, fontsize=11)
    return ax.figure


def plot_dbs_scenario(scenario, contact=None, radius_mm=None, ax=None, title=None):
    """The programming scenario's geometry in the plane of the lead, with an optional activation sphere.

    ``scenario`` is :func:`helpers.dbs.default_scenario` (or one like it): contact
    centres along the lead (z, mm), the target sphere (lateral distance, z; radius),
    the internal capsule at lateral distance ``a + b z`` from the lead axis, and the
    optic tract a fixed distance below contact 0.  With ``contact`` and
    ``radius_mm`` the activation sphere of that setting is drawn (dashed), so a
    reader sees what it reaches.  Distances are to scale (mm).
    """
    if ax is None:
        fig, ax = new_axes(figsize=(6.2, 5.0))
    z = np.asarray(scenario["contact_z_mm"], dtype=float)
    width = 1.27
    ax.add_patch(FancyBboxPatch((-width / 2, z[0] - 0.75), width, z[-1] - z[0] + 6, boxstyle="round,pad=0,rounding_size=0.6",
                                facecolor="#DDDDDD", edgecolor="black", lw=1))
    for k, zc in enumerate(z):
        ax.add_patch(FancyBboxPatch((-width / 2, zc - 0.75), width, 1.5, boxstyle="square,pad=0",
                                    facecolor="#4D4D4D" if k != contact else COLORS["stimulation"], edgecolor="black"))
        ax.annotate(f"{k}", (-width / 2, zc), xytext=(-12, 0), textcoords="offset points", ha="right", va="center",
                    fontsize=9)
    (tx, tz), tr = scenario["target_center_mm"], scenario["target_radius_mm"]
    ax.add_patch(Ellipse((tx, tz), 2 * tr, 2 * tr, facecolor=COLORS["safe"], alpha=0.25, edgecolor=COLORS["safe"],
                         lw=1.5, label="target (sensorimotor GPi)"))
    a, b = scenario["capsule_distance_mm"]
    zz = np.linspace(z[0] - 3, z[-1] + 3, 50)
    ax.plot(a + b * zz, zz, "--", color=COLORS["dystonia"], lw=2.5, label="internal capsule")
    optic = z[0] - scenario["optic_tract_below_tip_mm"]
    ax.axhline(optic, color=COLORS["chorea"], ls=":", lw=2.5, label="optic tract")
    if contact is not None and radius_mm is not None:
        ax.add_patch(Ellipse((0, z[contact]), 2 * radius_mm, 2 * radius_mm, fill=False, ls="-.", lw=2,
                             edgecolor=COLORS["stimulation"], label=f"activation, contact {contact} ({radius_mm:.1f} mm)"))
    ax.set_xlim(-5, 7)
    ax.set_ylim(optic - 1.5, z[-1] + 4)
    ax.set_aspect("equal")
    label_axes(ax, "Lateral distance from the lead axis (mm)", "Height along the lead (mm)", title)
    ax.legend(fontsize=8.5, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax.figure
