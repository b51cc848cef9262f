"""Figures for chapter 3 (hands-on): each draws the data and, on top, the student's own result.

Every ``plot_my_*`` function takes the student's function (or the data it needs) and
calls it itself.  If that function is still the unanswered stub (it raises
``NotImplementedError``), the figure shows the data alone and says which problem to
answer, so a reader's *Run All* never stops here.  Other errors are not caught: they
are the student's to debug.
"""
import numpy as np

from .style import COLORS, PALETTE, label_axes, new_axes, try_answer, waiting_note

_MUSCLE_ORDER = ("sternocleidomastoid_left", "sternocleidomastoid_right", "splenius_capitis_left",
                 "splenius_capitis_right", "levator_scapulae_left", "levator_scapulae_right",
                 "trapezius_left", "trapezius_right", "scalenes_left", "scalenes_right")


def _thin(n, max_points=2500):
    """A slice step that keeps at most about ``max_points`` samples of a long trace (drawing only)."""
    return slice(None, None, max(1, int(np.ceil(n / max_points))))




def _short(muscle):
    name, side = muscle.rsplit("_", 1)
    short = {"sternocleidomastoid": "SCM", "splenius_capitis": "splenius", "levator_scapulae": "levator",
             "trapezius": "trapezius", "scalenes": "scalenes"}[name]
    return f"{short} {side[0].upper()}"


# --- 03a: EMG ------------------------------------------------------------------------------
def plot_raw_emg(rec, offset_mV=None):
    """Raw EMG of both patients (one panel each), flexor above extensor; returns the figure."""
    fs = rec["fs_hz"]
    fig, axes = new_axes(2, 1, figsize=(9.0, 4.4), sharex=True)
    fig.subplots_adjust(right=0.75)
    for ax, name in zip(axes, ("X", "Y")):
        flex, ext = rec["raw"][name]["flexor"], rec["raw"][name]["extensor"]
        off = offset_mV if offset_mV is not None else 1.2 * (np.abs(flex).max() + np.abs(ext).max())
        t = np.arange(flex.size) / fs
        k = _thin(t.size, 4000)
        ax.plot(t[k], flex[k], lw=0.4, color=COLORS["agonist"], label="flexor (agonist)")
        ax.plot(t[k], ext[k] - off, lw=0.4, color=COLORS["antagonist"], label=f"extensor (antagonist),\nshifted down {off:.1f} mV")
        ax.set_xlim(0, t[-1])
        label_axes(ax, "", "Raw EMG (mV)", f"Patient {name}")
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    axes[1].set_xlabel("Time (s)")
    return fig


def plot_my_envelope(rec, patient, envelope_fn):
    """Raw EMG of one patient's two muscles (extensor shifted down) with the student's envelope drawn over each."""
    fs = rec["fs_hz"]
    fig, ax = new_axes(figsize=(9.0, 3.4))
    fig.subplots_adjust(right=0.75)
    flex, ext = rec["raw"][patient]["flexor"], rec["raw"][patient]["extensor"]
    off = 1.1 * (np.abs(flex).max() + np.abs(ext).max())
    t = np.arange(flex.size) / fs
    k = _thin(t.size, 4000)
    answered = True
    for raw, shift, color, muscle in ((flex, 0.0, COLORS["agonist"], "flexor"),
                                      (ext, -off, COLORS["antagonist"], "extensor")):
        ax.plot(t[k], raw[k] + shift, lw=0.3, color="#9a9a9a", label="raw EMG" if shift == 0.0 else None)
        env = try_answer(envelope_fn, raw.copy(), fs)
        if env is None:
            answered = False
            continue
        env = np.asarray(env, dtype=float)
        ax.plot(t[:env.size][k], env[k] + shift, color=color, lw=1.6, label=f"your {muscle} envelope")
    if not answered:
        waiting_note(ax, "Answer Problem 1 to see your envelopes here", y=0.92)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_xlim(0, t[-1])
    label_axes(ax, "Time (s)", "EMG (mV)", f"Patient {patient}: flexor (top), extensor (shifted down {off:.1f} mV)")
    return fig


def plot_my_cci(rec, envelope_fn, cci_fn):
    """Both patients' envelopes in % of each muscle's MVC, their overlap shaded, and the student's CCI."""
    fs = rec["fs_hz"]
    fig, axes = new_axes(1, 2, figsize=(9.4, 3.2), sharey=True)
    fig.subplots_adjust(right=0.82, wspace=0.25)
    for ax, name in zip(axes, ("X", "Y")):
        envs = {m: try_answer(envelope_fn, rec["raw"][name][m].copy(), fs) for m in ("flexor", "extensor")}
        peaks = {m: try_answer(envelope_fn, rec["mvc"][name][m].copy(), fs) for m in ("flexor", "extensor")}
        if any(v is None for v in list(envs.values()) + list(peaks.values())):
            waiting_note(ax, "Answer Problem 1", y=0.92)
            ax.set_xlim(0, rec["raw"][name]["flexor"].size / fs)
            ax.set_ylim(0, 100)
            label_axes(ax, "Time (s)", "Envelope (% MVC)", f"Patient {name}")
            continue
        peak = {m: float(np.max(peaks[m])) for m in peaks}
        a, b = (100 * np.asarray(envs[m], float) / peak[m] for m in ("flexor", "extensor"))
        t = np.arange(a.size) / fs
        k = _thin(t.size, 1200)
        ax.plot(t[k], a[k], color=COLORS["agonist"], label="flexor")
        ax.plot(t[k], b[k], color=COLORS["antagonist"], ls="--", label="extensor")
        ax.fill_between(t[k], 0, np.minimum(a, b)[k], color="#999999", alpha=0.4, lw=0, label="overlap\n(co-contraction)")
        ax.set_xlim(0, t[-1])
        cci = try_answer(cci_fn, envs["flexor"], envs["extensor"], peak["flexor"], peak["extensor"])
        title = f"Patient {name}" + ("" if cci is None else f": your CCI = {float(cci):.1f} %")
        if cci is None:
            waiting_note(ax, "Answer Problem 2 to see your index", y=0.92)
        label_axes(ax, "Time (s)", "Envelope (% MVC)", title)
    if axes[0].get_legend_handles_labels()[0]:
        axes[1].legend(*axes[0].get_legend_handles_labels(), fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                       frameon=False)
    return fig


# --- 03a: TMS ------------------------------------------------------------------------------
_BLOCKS = (("test_rest_mV", "test, rest"), ("sici_mV", "SICI 2.5 ms, rest"),
           ("test_active_mV", "test, active"), ("lici_mV", "LICI 100 ms, active"))


def plot_mep_session(session):
    """Every MEP of the session by condition (log scale), with each condition's geometric mean."""
    from matplotlib.ticker import NullFormatter, ScalarFormatter
    fig, ax = new_axes(figsize=(6.5, 3.2))
    rng = np.random.default_rng(0)          # horizontal jitter only
    for k, (key, label) in enumerate(_BLOCKS):
        y = session[key]
        ax.scatter(k + 0.12 * rng.standard_normal(y.size), y, s=10, alpha=0.6,
                   color=PALETTE[0] if "test" in key else PALETTE[1])
        ax.hlines(np.exp(np.mean(np.log(y))), k - 0.3, k + 0.3, color="black", lw=2)
    from matplotlib.ticker import FixedLocator
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(FixedLocator([0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0]))
    ax.yaxis.set_major_formatter(ScalarFormatter())
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xticks(range(4), [b[1] for b in _BLOCKS], fontsize=9)
    label_axes(ax, "Condition (block)", "MEP amplitude (mV, log scale)", "Each dot one pulse; bar = geometric mean")
    return fig


def plot_my_paired_pulse(session, stats_fn):
    """The student's SICI and LICI ratios, the SICI bootstrap interval and the two cut-offs."""
    fig, ax = new_axes(figsize=(4.2, 3.2))
    stats = try_answer(stats_fn, *(session[k].copy() for k, _ in _BLOCKS))
    if stats is None:
        waiting_note(ax, "Answer Problem 3 to see your ratios", y=0.92)
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylim(0, 1.4)
    else:
        low, high = stats["sici_ci"]
        ax.bar([0, 1], [stats["sici_ratio"], stats["lici_ratio"]], color=[PALETTE[1], PALETTE[3]], width=0.5)
        ax.errorbar([0], [stats["sici_ratio"]], yerr=[[stats["sici_ratio"] - low], [high - stats["sici_ratio"]]],
                    color="black", capsize=5, lw=1.5)
        ax.set_ylim(0, max(1.2, high * 1.1))
    ax.set_xticks([0, 1], ["SICI (rest)\ncut-off 0.65", "LICI (active)\ncut-off 0.50"])
    for x, cut in ((0, 0.65), (1, 0.50)):
        ax.hlines(cut, x - 0.35, x + 0.35, color="black", ls="--", lw=1.2)
    label_axes(ax, "Protocol", "Conditioned / test (ratio)", "Your ratios; dashed = cut-off")
    return fig


# --- 03a: LFP ------------------------------------------------------------------------------
def plot_my_bursts(rec, summary_fn, window_s=(5.0, 15.0)):
    """4-12 Hz envelopes off (top) and on (shifted down) over a 10 s excerpt, with the student's threshold
    and the bursts of at least 0.1 s it finds (shaded)."""
    from .. import oscillations
    fs = rec["fs_hz"]
    fig, ax = new_axes(figsize=(8.2, 3.6))
    fig.subplots_adjust(right=0.86)
    summary = try_answer(summary_fn, rec["lfp_off_uV"].copy(), rec["lfp_on_uV"].copy(), fs)
    i0, i1 = int(window_s[0] * fs), int(window_s[1] * fs)
    pad = int(2.0 * fs)                     # the excerpt plus 2 s each side is enough for the filter
    lo = max(i0 - pad, 0)
    envs = {key: oscillations.amplitude_envelope(rec[key][lo:i1 + pad], fs, (4.0, 12.0))[i0 - lo:i1 - lo]
            for key in ("lfp_off_uV", "lfp_on_uV")}
    shift = 1.15 * max(float(e.max()) for e in envs.values())
    t = np.arange(i0, i1) / fs
    k = _thin(t.size, 1500)
    labels = []
    for key, label, mean_key, y0 in (("lfp_off_uV", "DBS off", "mean_burst_off_s", 0.0),
                                     ("lfp_on_uV", "DBS on", "mean_burst_on_s", -shift)):
        env = envs[key]
        ax.plot(t[k], env[k] + y0, color=COLORS["dystonia"], lw=1.0)
        if summary is None:
            labels.append(label)
            continue
        thr = float(summary["threshold_uV"])
        ax.hlines(thr + y0, t[0], t[-1], color=COLORS["threshold"], ls="--", lw=1.2)
        above = np.concatenate([[False], env > thr, [False]]).astype(int)
        edges = np.flatnonzero(np.diff(above))
        for s_, e_ in zip(edges[::2], edges[1::2]):
            if (e_ - s_) / fs >= 0.1:
                ax.fill_between(t[s_:e_], y0, env[s_:e_] + y0, color=COLORS["stimulation"], alpha=0.45, lw=0)
        labels.append(f"{label}: mean burst {float(summary[mean_key]):.3f} s")
    if summary is None:
        waiting_note(ax, "Answer Problem 4 to see your threshold and bursts", y=0.92)
    for y0, name in ((0.0, "DBS off"), (-shift, "DBS on")):
        ax.annotate(name, (1.0, y0), xycoords=("axes fraction", "data"), xytext=(4, 0), textcoords="offset points",
                    va="bottom", fontsize=9)
    if summary is None:
        ax.set_yticks([0.0, -shift], ["0", "0"])
    else:
        thr = float(summary["threshold_uV"])
        ax.set_yticks([-shift, thr - shift, 0.0, thr], ["0", f"{thr:.2g}", "0", f"{thr:.2g}"])
    ax.set_xlim(t[0], t[-1])
    label_axes(ax, "Time (s)", "4–12 Hz amplitude (µV)",
               "   |   ".join(labels) + ("" if summary is None else "\ndashed: your threshold; shaded: bursts ≥ 0.1 s"))
    return fig


# --- 03b: toxin -----------------------------------------------------------------------------
def show_vignette(patient):
    """Display one virtual patient (from :func:`helpers.classification.virtual_cervical_patient`) as a table."""
    from IPython.display import Markdown, display
    items = patient["twstrs_items"]
    rows = "\n".join([
        "| | |", "|---|---|",
        f"| age today | {patient['age_now_years']} years |",
        f"| age when the dystonia began | {patient['age_at_onset_years']} years |",
        f"| affected regions | {', '.join(r.replace('_', ' ') for r in patient['regions'])} |",
        f"| tremor or other movement disorder | {patient['tremor']} |",
        f"| genetic test | {patient['gene_test']} |",
        f"| drugs before onset | {patient['exposure']} |",
        f"| family history | {patient['family_history']} |",
    ])
    names = " | ".join(k.replace("_", " ") for k in items)
    scores = " | ".join(str(v) for v in items.values())
    display(Markdown(rows + "\n\n**TWSTRS severity items today** (`my_patient[\"twstrs_items\"]`):\n\n| "
                     + names + " |\n|" + "---|" * len(items) + "\n| " + scores + " |"))


def show_involvement(scenario):
    """Display a scenario's EMG involvement per muscle as a table, with the rule each muscle falls under
    (as :func:`helpers.botulinum.evaluate_plan` applies it) and its limits."""
    from IPython.display import Markdown, display
    from .. import botulinum
    rows = ["| muscle | involvement (0–1) | rule | at most (U) | sites at most |", "|---|---|---|---|---|"]
    for m in (m for m in _MUSCLE_ORDER if m in scenario["involvement"]):
        w, info = scenario["involvement"][m], botulinum.MUSCLES[m]
        rule = (f"**inject** at least {info['min']} U" if w >= 0.5 else f"optional (0 or at least {info['min']} U)"
                if w > 0 else "do **not** inject")
        name, side = m.rsplit("_", 1)
        rows.append(f"| {name.replace('_', ' ')}, {side} | {w:.2f} | {rule} | {info['max']} | {info['sites']} |")
    naive = " (her first session: toxin-naive)" if scenario.get("toxin_naive") else ""
    rows.append(f"\nLimits: at most **{scenario['session_max']:g} U** in the session{naive}, "
                f"**{scenario['site_max']:g} U** per site, **{scenario['scm_max']:g} U** into the SCMs (half of it when "
                f"both are injected) and a predicted excess dysphagia risk of at most "
                f"**{100 * scenario.get('dysphagia_ceiling', botulinum.DYSPHAGIA_CEILING):g} %**.")
    display(Markdown("\n".join(rows)))


def plot_involvement(scenario):
    """EMG involvement per muscle (bars) with each muscle's allowed dose range written on it."""
    from .. import botulinum
    muscles = [m for m in _MUSCLE_ORDER if m in scenario["involvement"]]
    w = [scenario["involvement"][m] for m in muscles]
    fig, ax = new_axes(figsize=(7.5, 3.0))
    colors = [COLORS["dystonia"] if v >= 0.5 else (PALETTE[4] if v > 0 else "#cccccc") for v in w]
    ax.bar(range(len(muscles)), w, color=colors)
    for i, m in enumerate(muscles):
        info = botulinum.MUSCLES[m]
        ax.text(i, max(w[i], 0.02) + 0.03, f"{info['min']}-{info['max']} U\n≤{info['sites']} sites",
                ha="center", fontsize=7)
    ax.axhline(0.5, color=COLORS["threshold"], ls=":", lw=1)
    ax.set_xticks(range(len(muscles)), [_short(m) for m in muscles], rotation=30, fontsize=8)
    ax.set_ylim(0, 1.3)
    naive = " (toxin-naive: at most 200 U)" if scenario.get("toxin_naive") else ""
    label_axes(ax, "Muscle", "EMG involvement (0-1)", f"{scenario.get('pattern', 'your patient')}{naive}; "
               "dotted line: must be injected")
    return fig


def plot_my_plan(scenario, plan_fn):
    """The student's plan: units per muscle, one colour per site, over each muscle's range; net benefit in the title."""
    from .. import botulinum
    muscles = [m for m in _MUSCLE_ORDER if scenario["involvement"].get(m, 0) > 0]
    from matplotlib.patches import Patch
    fig, ax = new_axes(figsize=(9.0, 3.2))
    fig.subplots_adjust(right=0.76)
    plan = try_answer(plan_fn, scenario)
    for i, m in enumerate(muscles):
        info = botulinum.MUSCLES[m]
        ax.plot([i, i], [info["min"], info["max"]], color="#bbbbbb", lw=8, solid_capstyle="butt", zorder=0)
    if plan is None:
        waiting_note(ax, "Answer Problem 6 to see your plan", y=0.92)
        title = "Allowed range per muscle (grey)"
    else:
        for i, m in enumerate(muscles):
            doses = plan.get(m, [])
            doses = list(doses) if isinstance(doses, (list, tuple, np.ndarray)) else [doses]
            bottom = 0.0
            for k, d in enumerate(doses):
                ax.bar(i, d, bottom=bottom, width=0.45, color=PALETTE[k % 3], edgecolor="white")
                bottom += d
        ev = botulinum.evaluate_plan(plan, scenario)
        title = (f"Your plan: {ev['total_units']:.0f} U, improvement {ev['predicted_improvement']:.1f} %, "
                 f"dysphagia +{100 * ev['dysphagia_risk']:.0f} %, weakness +{100 * ev['neck_weakness_risk']:.0f} %"
                 f"\nnet benefit {ev['net_benefit']:.1f}" + ("" if ev["feasible"] else "  (NOT feasible)"))
    ax.set_xticks(range(len(muscles)), [_short(m) for m in muscles], rotation=30, fontsize=8)
    label_axes(ax, "Muscle", "Units (onabotulinumtoxinA)", title)
    handles = [Patch(color="#bbbbbb", label="muscle's range\n(minimum to maximum)")]
    if plan is not None:
        handles += [Patch(color=PALETTE[k], label=f"site {k + 1}") for k in range(3)]
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


def plot_my_schedule(patient, schedule_fn, horizon_days=None):
    """Effect of each injection of the student's schedule over time, the wear-off level and the minimum interval."""
    from .. import botulinum
    days = try_answer(schedule_fn, patient["n_sessions"], patient["peak_days"], patient["shape_k"],
                patient["wear_off"], patient["min_interval_days"])
    fig, ax = new_axes(figsize=(9.0, 3.0))
    fig.subplots_adjust(right=0.76)
    last = (max(days) if days else 0) + 150 if horizon_days is None else horizon_days
    t = np.arange(0.0, last, 1.0)
    if days is None:
        days = [0]
        waiting_note(ax, "Answer Problem 7 to see your schedule", y=0.92)
    total = np.zeros_like(t)
    for k, d in enumerate(days):
        effect = botulinum.time_course(np.clip(t - d, 0, None), peak_days=patient["peak_days"],
                                       shape_k=patient["shape_k"]) * (t >= d)
        total = np.maximum(total, effect)
        ax.plot(t, effect, color=PALETTE[k % len(PALETTE)], lw=1.2, label=f"injection day {d}")
        ax.axvline(d, color=PALETTE[k % len(PALETTE)], ls=":", lw=1)
    ax.axhline(patient["wear_off"], color="black", ls="--", lw=1.2, label="worn off below this")
    ax.fill_between(t, 0, 1.05, where=total < patient["wear_off"], color="#dddddd", alpha=0.6, lw=0,
                    label="no useful effect")
    ax.set_ylim(0, 1.05)
    ax.set_xlim(0, last)
    label_axes(ax, "Days since the first injection", "Relative effect (peak = 1)",
               f"Minimum interval {patient['min_interval_days']} days")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.05), frameon=False)
    return fig


def show_clinic_list(patients):
    """Display the clinic list of :func:`helpers.treatment.virtual_patients` as a table."""
    from IPython.display import Markdown, display
    lines = ["| # | onset (years) | regions | levodopa trial | toxin history | oral drugs failed |",
             "|---|---|---|---|---|---|"]
    for i, p in enumerate(patients):
        tox = p["toxin"]
        if tox is None:
            history = "never injected"
        else:
            history = (f"{'helped before' if tox['ever_responded'] else 'never helped'}; latest cycle "
                       f"{100 * tox['benefit_fraction']:.0f} % of the best"
                       + (f" ({tox['poor_cycles']} poor cycle{'s' if tox['poor_cycles'] > 1 else ''} in a row)"
                          if tox["poor_cycles"] else "")
                       + f"; antibody test: {tox['antibody_test']}"
                       + ("; work-up done, still refractory" if tox["workup_done"] else ""))
        lines.append(f"| {i} | {p['age_at_onset_years']} | {', '.join(r.replace('_', ' ') for r in p['regions'])} "
                     f"| {p['levodopa_trial']} | {history} | {'yes' if p['oral_drugs_failed'] else 'no'} |")
    display(Markdown("\n".join(lines)))


# --- 03c: DBS --------------------------------------------------------------------------------
def plot_my_battery(programmes, battery_fn):
    """Battery life against delivered power (course model), with the student's lives for programmes A and B."""
    from .. import dbs
    fig, ax = new_axes(figsize=(9.0, 3.2))
    fig.subplots_adjust(right=0.7)
    teed = np.linspace(0.0, 1500.0, 200)
    months_curve = dbs.BATTERY_BUDGET_J / ((teed + dbs.DEVICE_OVERHEAD_UW) * 1e-6) / dbs.SECONDS_PER_MONTH
    ax.plot(teed, months_curve, color=COLORS["reference"], lw=1.5, label="course battery model (both leads)")
    ax.axhline(12 * dbs.RECHARGEABLE_SERVICE_LIFE_YEARS, color=COLORS["safe"], ls=":",
               label="rechargeable generator (about 15 years)")
    z = programmes["impedance_ohm"]
    for key, color in (("A", PALETTE[0]), ("B", PALETTE[1])):
        p = programmes[key]
        months = try_answer(battery_fn, p["amplitude_mA"], p["pulse_width_us"], p["frequency_hz"], z)
        total = 2 * dbs.teed_uJ_per_s(amplitude_mA=p["amplitude_mA"], frequency_hz=p["frequency_hz"],
                                      pulse_width_us=p["pulse_width_us"], impedance_ohm=z)
        if months is None:
            waiting_note(ax, "Answer Problem 10 to see your battery lives", y=0.92)
            ax.axvline(total, color=color, ls="--", lw=1, label=f"programme {key}")
        else:
            ax.plot([total], [float(months)], "o", ms=9, color=color, label=f"programme {key}: {float(months):.1f} months")
    ax.set_ylim(0, 200)
    ax.set_xlim(0, 1500)
    label_axes(ax, "TEED of both leads (µJ/s = µW)", "Battery life (months)")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


def _draw_lead(ax, scenario):
    z = np.asarray(scenario["contact_z_mm"], dtype=float)
    a, b = scenario["capsule_distance_mm"]
    zz = np.linspace(-3.0, z.max() + 3.0, 50)
    # light insulated shaft with a black outline, dark metal contacts (as in the dbs_lead diagram)
    ax.plot([0, 0], [z.min() - 0.8, z.max() + 4.0], color="black", lw=7.5, solid_capstyle="butt", zorder=1)
    ax.plot([0, 0], [z.min() - 0.75, z.max() + 4.0], color="#e6e6e6", lw=6, solid_capstyle="butt", zorder=1.5)
    for i, zc in enumerate(z):
        ax.plot([0, 0], [zc - 0.75, zc + 0.75], color="#4d4d4d", lw=6, solid_capstyle="butt", zorder=2)
        ax.text(0.35, zc, str(i), ha="left", va="center", fontsize=8)
    ax.fill_betweenx(zz, a + b * zz, 8.0, color=PALETTE[3], alpha=0.18, lw=0)
    ax.plot(a + b * zz, zz, color=PALETTE[3], lw=1.2, label="internal capsule (medial)")
    optic = -scenario["optic_tract_below_tip_mm"]
    ax.axhspan(optic - 3.0, optic, color=PALETTE[5], alpha=0.18, lw=0)
    ax.axhline(optic, color=PALETTE[5], lw=1.2, label="optic tract (below)")
    tx, tz = scenario["target_center_mm"]      # drawn lateral of the lead (the model uses distances only)
    ax.add_patch(__import__("matplotlib").patches.Circle((-tx, tz), scenario["target_radius_mm"], fill=False,
                                                          color=COLORS["safe"], lw=2, label="sensorimotor GPi"))
    ax.set_xlim(-5.5, 5.5)
    ax.set_ylim(optic - 1.5, z.max() + 3.5)
    ax.set_aspect("equal")


def plot_lead(scenario, settings=None, title=None, ax=None):
    """The scenario's geometry (lead, contacts, target, capsule, optic tract) and, if given, a setting's VTA."""
    import matplotlib.patches as mpatches
    from .. import dbs
    if ax is None:
        fig, ax = new_axes(figsize=(7.4, 5.0))
        fig.subplots_adjust(left=0.12, right=0.62)
    _draw_lead(ax, scenario)
    if settings is not None:
        ev = dbs.evaluate_settings(settings, scenario)
        zc = scenario["contact_z_mm"][int(settings["contact"])]
        ax.add_patch(mpatches.Circle((0, zc), ev["radius_mm"], color=COLORS["stimulation"], alpha=0.35,
                                     label="activation sphere (VTA)"))
        if title is None:
            title = (f"contact {int(settings['contact'])}, {settings['amplitude_mA']:.2f} mA, "
                     f"{settings['pulse_width_us']:.0f} µs, {settings['frequency_hz']:.0f} Hz\n"
                     f"coverage {ev['coverage']:.2f}, TEED {ev['teed_uJ_per_s']:.0f} µW"
                     + ("" if ev["feasible"] else " — NOT feasible"))
    label_axes(ax, "Lateral ← distance from the lead axis (mm) → medial", "Height above the tip (mm)", title)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.04, 1.0), frameon=False)
    return ax.figure


def plot_my_settings(scenario, settings_fn):
    """The student's chosen setting on the field map of ``scenario``."""
    settings = try_answer(settings_fn, scenario)
    fig = plot_lead(scenario, settings, title=None if settings is not None else "Answer Problem 12 to see your setting")
    return fig


def plot_my_review(scenario, review_fn):
    """Each contact's side-effect threshold as the sphere that just reaches the capsule or optic tract,
    and the student's chosen contact at its programmed amplitude."""
    import matplotlib.patches as mpatches
    from .. import dbs, programming
    review = try_answer(review_fn, scenario)
    fig, ax = new_axes(figsize=(7.4, 5.0))
    fig.subplots_adjust(left=0.12, right=0.62)
    _draw_lead(ax, scenario)
    if review is None:
        waiting_note(ax, "Answer Problem 11 to see your review", y=0.92)
        title = "Monopolar review"
    else:
        for c, th in enumerate(review["threshold_mA"]):
            r = dbs.activation_radius_mm(float(th), programming.REVIEW_PULSE_WIDTH_US)
            ax.add_patch(mpatches.Circle((0, scenario["contact_z_mm"][c]), r, fill=False, ls="--", lw=0.8,
                                         color=PALETTE[c % len(PALETTE)]))
        c = int(review["contact"])
        r = dbs.activation_radius_mm(float(review["amplitude_mA"]), programming.REVIEW_PULSE_WIDTH_US)
        ax.add_patch(mpatches.Circle((0, scenario["contact_z_mm"][c]), r, color=COLORS["stimulation"], alpha=0.35,
                                     label="your programmed contact"))
        title = f"Dashed: threshold spheres; chosen contact {c} at {float(review['amplitude_mA']):.2f} mA"
    label_axes(ax, "Lateral ← distance from the lead axis (mm) → medial", "Height above the tip (mm)", title)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.04, 1.0), frameon=False)
    return fig


# --- tables of the student's own answers (03b) and the pulse-width plot (03c) ------------------------
def show_my_assessment(patient, assess_fn):
    """Display the student's assessment of ``patient`` next to the facts it rests on."""
    from IPython.display import Markdown, display
    res = try_answer(assess_fn, patient)
    if res is None:
        display(Markdown("*Answer Problem 5 to see your assessment here.*"))
        return
    facts = {"age_group": f"onset at {patient['age_at_onset_years']} (today {patient['age_now_years']})",
             "distribution": ", ".join(r.replace("_", " ") for r in patient["regions"]),
             "associated": patient["tremor"], "etiology": f"gene test: {patient['gene_test']}; drugs: {patient['exposure']}; "
             f"family: {patient['family_history']}", "twstrs_severity": "duration factor "
             f"{patient['twstrs_items']['duration']} (counts twice)"}
    rows = ["| your answer | value | from |", "|---|---|---|"]
    rows += [f"| {k} | {res.get(k, '—') if isinstance(res, dict) else '—'} | {v} |" for k, v in facts.items()]
    display(Markdown("\n".join(rows)))


def show_my_next_steps(patients, step_fn):
    """Display the clinic list with the student's next step for each patient."""
    from IPython.display import Markdown, display
    rows = ["| # | onset (years) | regions | levodopa trial | toxin | your next step |", "|---|---|---|---|---|---|"]
    answered = True
    for i, p in enumerate(patients):
        step = try_answer(step_fn, p)
        answered &= step is not None
        tox = p["toxin"]
        toxin = "never injected" if tox is None else (
            f"{'responded before' if tox['ever_responded'] else 'never helped'}, latest "
            f"{100 * tox['benefit_fraction']:.0f} % ({tox['poor_cycles']} poor in a row), test {tox['antibody_test']}"
            + (", work-up done" if tox["workup_done"] else ""))
        rows.append(f"| {i} | {p['age_at_onset_years']} | {', '.join(r.replace('_', ' ') for r in p['regions'])} | "
                    f"{p['levodopa_trial']} | {toxin} | **{step if step is not None else '?'}** |")
    if not answered:
        rows.append("\n*Answer Problem 8 to fill in the last column.*")
    display(Markdown("\n".join(rows)))


def plot_my_pulse_widths(pulse_fn, amplitude_mA=3.0):
    """Charge density against pulse width at ``amplitude_mA`` on a ring and on a directional segment,
    with the 30 µC/cm² limit and the student's longest safe pulse for each contact."""
    from .. import dbs, programming
    fig, ax = new_axes(figsize=(9.0, 3.2))
    fig.subplots_adjust(right=0.68)
    pw = np.linspace(20.0, 700.0, 200)
    contacts = (("ring contact", dbs.CONTACT_AREA_CM2, PALETTE[0]), ("directional segment", programming.segment_area_cm2(),
                                                                        PALETTE[1]))
    answered = True
    for label, area, color in contacts:
        ax.plot(pw, amplitude_mA * pw * 1e-3 / area, color=color, label=f"{label} ({area:.4f} cm²)")
        best = try_answer(pulse_fn, amplitude_mA, area)
        if best is None:
            answered = False
        else:
            ax.plot([float(best)], [amplitude_mA * float(best) * 1e-3 / area], "o", color=color, ms=8,
                    label=f"your longest safe pulse: {int(best)} µs")
    ax.axhline(dbs.CHARGE_DENSITY_LIMIT_UC_PER_CM2, color="black", ls="--", label="30 µC/cm² limit")
    if not answered:
        waiting_note(ax, "Answer Problem 9 to see your pulse widths", y=0.92)
    ax.set_ylim(0, 80)
    ax.set_xlim(0, 700)
    label_axes(ax, "Pulse width (µs)", "Charge density (µC/cm² per phase)", f"A {amplitude_mA:g} mA pulse")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig
