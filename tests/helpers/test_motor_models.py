"""hypertonia, movement, basal_ganglia, plasticity."""
import numpy as np
import pytest

from helpers import basal_ganglia, hypertonia, movement, plasticity


def test_spastic_resistance_depends_on_velocity_dystonic_does_not():
    v = np.array([10.0, 50.0, 100.0, 150.0])
    spastic = hypertonia.torque_velocity_curve(v, "spasticity")
    dystonic = hypertonia.torque_velocity_curve(v, "dystonia")
    assert np.all(np.diff(spastic) > 0.5)
    assert np.all(np.diff(dystonic) < 0.15), "only passive damping should grow with velocity"
    assert dystonic[0] > hypertonia.torque_velocity_curve(v, "healthy")[0] + 1.0


def test_clasp_knife_releases_resistance_during_a_fast_stretch():
    angles = np.linspace(0, 90, 181)
    tq = hypertonia.stretch_torque(angles, 300.0, "spasticity")
    peak = np.argmax(tq)
    assert peak < len(tq) - 1 and tq[peak + 1] < 0.6 * tq[peak]


def test_lambda_model_catch_angle_and_tardieu():
    """Boyd & Graham 1999: R1 = catch angle at the fastest velocity, R2 = passive range at the slowest."""
    assert hypertonia.catch_angle_deg(100.0) == pytest.approx(hypertonia.LAMBDA_DEG - hypertonia.MU_S * 100)
    t = hypertonia.tardieu()
    assert t["R1_deg"] == pytest.approx(hypertonia.catch_angle_deg(200.0))
    assert t["R2_deg"] == hypertonia.PASSIVE_RANGE_DEG
    assert t["dynamic_component_deg"] == pytest.approx(t["R2_deg"] - t["R1_deg"])
    stiff = hypertonia.tardieu(contracture_deg=25.0)
    assert stiff["R2_deg"] == pytest.approx(65.0) and stiff["R1_deg"] == t["R1_deg"]
    with pytest.raises(ValueError, match="contracture_deg"):
        hypertonia.tardieu(contracture_deg=120.0)


def test_rigidity_is_velocity_independent_and_present_from_the_start():
    """Sanger et al. 2003: rigidity resists at every speed and from the first degree of movement."""
    v = np.array([10.0, 100.0, 300.0])
    rigid = hypertonia.torque_velocity_curve(v, "rigidity")
    healthy = hypertonia.torque_velocity_curve(v, "healthy")
    assert np.allclose(rigid - healthy, hypertonia.RIGIDITY_NM)
    start = hypertonia.stretch_torque(1.0, 50.0, "rigidity") - hypertonia.stretch_torque(1.0, 50.0, "healthy")
    assert start == pytest.approx(hypertonia.RIGIDITY_NM)


def test_clasp_knife_release_is_length_dependent():
    """Rymer, Houk & Crago 1979: the give comes at a muscle length, so peak torque keeps rising with speed."""
    angles = np.linspace(0, 90, 181)
    for v in (100.0, 300.0):
        tq = hypertonia.stretch_torque(angles, v, "spasticity")
        assert angles[np.argmax(tq)] == pytest.approx(hypertonia.CLASP_KNIFE_DEG, abs=0.5)
    peaks = hypertonia.torque_velocity_curve([100.0, 200.0, 400.0], "spasticity")
    assert np.all(np.diff(peaks) > 1.0)


def test_dystonic_episodes_are_more_repeatable_than_choreic():
    d = [movement.repeatability_index(movement.simulate_episodes("dystonic", seed=s)) for s in range(3)]
    c = [movement.repeatability_index(movement.simulate_episodes("choreic", seed=s)) for s in range(3)]
    assert min(d) > 0.8 > 0.5 > max(c)


def test_repeatability_of_shifted_copies_is_one_and_bad_input_raises():
    x = np.sin(2 * np.pi * 3 * np.arange(200) / 200)  # whole cycles: a roll is an exact shift
    eps = np.vstack([np.roll(x, k) for k in (0, 3, -3)])
    assert movement.repeatability_index(eps, max_lag_samples=6) > 0.99
    with pytest.raises(ValueError):
        movement.repeatability_index(np.ones((3, 50)))
    with pytest.raises(ValueError):
        movement.simulate_episodes("athetoid")


def test_more_surround_inhibition_means_less_overflow():
    c = basal_ganglia.cortical_command(9, cross_talk=0.4)
    prev = np.inf
    for s in np.linspace(0.0, 1.2, 13):
        motor = basal_ganglia.select_action(c, surround_inhibition=s)["motor"]
        idx = basal_ganglia.overflow_index(motor)
        assert idx <= prev + 1e-12
        prev = idx


def test_overflow_threshold_matches_closed_form():
    """A neighbour moves when s < (ct(1+d) − tonic + bias − θ)/Σc (derivation in the module)."""
    ct = 0.4
    c = basal_ganglia.cortical_command(9, cross_talk=ct)
    s_star = (ct * (1 + 2.5) - 0.6 + 0.5 - basal_ganglia.THRESHOLD) / c.sum()
    assert basal_ganglia.neighbour_moves(s_star - 1e-3, ct)
    assert not basal_ganglia.neighbour_moves(s_star + 1e-3, ct)


def test_surround_ratio_healthy_below_one_dystonia_above():
    t = np.array([0.0, 50.0, 500.0])
    h = basal_ganglia.surround_ratio_time_course(t)
    d = basal_ganglia.surround_ratio_time_course(t, dystonia=True)
    assert h[0] < 1 < d[0] and abs(h[-1] - 1) < 0.01
    rest, move = basal_ganglia.simulate_surround_meps(200, 0.0, seed=1)
    assert np.exp(np.mean(np.log(move)) - np.mean(np.log(rest))) == pytest.approx(0.65, abs=0.08)


def test_digit_map_fuses_without_homeostasis_and_surround():
    healthy = plasticity.train_map(600, homeostasis=True, surround_inhibition=0.6, seed=2)["weights"]
    sick = plasticity.train_map(600, homeostasis=False, surround_inhibition=0.1, seed=2)["weights"]
    assert plasticity.digit_overlap(healthy, 2, 3) < 0.2 < 0.8 < plasticity.digit_overlap(sick, 2, 3)
    assert plasticity.digit_distance(sick, 2, 3) < 0.5 < plasticity.digit_distance(healthy, 2, 3)
    # untrained digits stay apart in both
    assert plasticity.digit_overlap(sick, 0, 1) == 0.0


def test_homeostasis_protects_at_intermediate_surround():
    on = plasticity.train_map(600, homeostasis=True, surround_inhibition=0.5, seed=1)["weights"]
    off = plasticity.train_map(600, homeostasis=False, surround_inhibition=0.5, seed=1)["weights"]
    assert plasticity.digit_distance(on, 2, 3) > plasticity.digit_distance(off, 2, 3)


def test_pas_timing_and_spread():
    assert plasticity.pas_response_percent(25.0) > 0 > plasticity.pas_response_percent(10.0)
    assert plasticity.pas_response_percent(25.0, dystonia=True) > plasticity.pas_response_percent(25.0)
    with pytest.raises(ValueError):
        plasticity.pas_response_percent(25.0, muscle="FDI")


def test_dystonic_timing_shift_does_not_wrap_the_template():
    """A shifted episode is the template delayed or advanced, with no jump at its edges.

    np.roll used to wrap the template's end (about 10 deg) round to its start, which drew
    single-sample jumps at 0 and 2 s; the template itself never moves more than 0.8 deg
    per 10 ms sample (its steepest slope is 25 deg / (4 x 0.08 s) = 78 deg/s).
    """
    eps = movement.simulate_episodes("dystonic", 30, variability=0.0, seed=2)
    assert np.abs(np.diff(eps, axis=1)).max() < 0.8
    # the shifts are real: onsets (first crossing of 12.5 deg) differ between episodes
    onsets = np.argmax(eps > 12.5, axis=1)
    assert np.ptp(onsets) >= 3
    # and the ends stay where a delayed pull puts them: near 10 deg, never near 0
    assert np.all(eps[:, -1] > 8.0) and np.all(np.abs(eps[:, 0]) < 1.0)


def test_overflow_map_shades_where_a_neighbour_moves_and_rejects_a_mismatched_grid():
    """01a's map after Problem 3: the shaded region is where basal_ganglia.neighbour_moves is True, its edge rises
    with cross-talk (a spreading command needs a stronger surround), and a grid of the wrong shape is refused."""
    import matplotlib
    matplotlib.use("Agg")
    from helpers.plots.basal_ganglia import plot_overflow_map
    cross_talks, surrounds = np.linspace(0.2, 0.6, 9), np.linspace(0.0, 1.5, 31)
    moves = np.array([[basal_ganglia.neighbour_moves(s, c) for c in cross_talks] for s in surrounds])
    edge = [surrounds[col].max() for col in moves.T]          # highest surround at which a neighbour still moves
    assert all(a <= b for a, b in zip(edge, edge[1:])) and edge[-1] > edge[0]
    fig = plot_overflow_map(cross_talks, surrounds, moves, marks={"start": (0.3, 1.0)})
    ax = fig.axes[0]
    assert ax.get_xlabel().startswith("Cortical cross-talk") and ax.get_ylabel().startswith("Surround strength")
    assert len(ax.get_legend().get_texts()) == 3
    with pytest.raises(ValueError, match="moves must have shape"):
        plot_overflow_map(cross_talks, surrounds, moves.T)
