"""Chapter 1 additions to the science modules: oscillations.synchrony_by_coupling."""
import numpy as np
import pytest

from helpers import oscillations


def test_vectorised_run_equals_one_network_at_a_time():
    couplings = [4.0, 11.0]
    together = oscillations.synchrony_by_coupling(couplings, n_oscillators=200, duration_s=1.0, transient_s=0.4)
    alone = [oscillations.mean_synchrony(1.0, 0.4, n_oscillators=200, coupling=k, dt_s=2e-3, seed=8) for k in couplings]
    np.testing.assert_allclose(together, alone, rtol=1e-10, atol=1e-12)


def test_steady_values_away_from_kc_match_the_lorentzian_formula():
    """Kuramoto (1984), Strogatz (2000): a Lorentzian of half-width γ locks at K_c = 2γ, then R = sqrt(1 - K_c/K)."""
    kc = oscillations.critical_coupling(half_width_hz=0.5)          # 2π rad/s
    couplings = np.array([3.0, 10.0, 12.0, 16.0, 24.0])
    r = oscillations.synchrony_by_coupling(couplings)
    assert r[0] < 0.15                                              # incoherent below K_c
    np.testing.assert_allclose(r[1:], np.sqrt(1 - kc / couplings[1:]), atol=0.01)
    assert np.mean(couplings[1:] * (1 - r[1:] ** 2)) == pytest.approx(kc, rel=0.01)


def test_a_short_run_near_kc_is_not_at_steady_state():
    """Critical slowing down: at K = 8 rad/s (1.27 K_c) R is still below sqrt(1 - K_c/K) for most starts."""
    theory = np.sqrt(1 - oscillations.critical_coupling(half_width_hz=0.5) / 8.0)
    short = [oscillations.synchrony_by_coupling([8.0], duration_s=4.0, transient_s=2.0, seed=s)[0] for s in range(4)]
    assert np.mean(short) < theory - 0.03


@pytest.mark.parametrize("kwargs", [{"couplings": [-1.0]}, {"couplings": [[1.0]]}, {"couplings": [5.0], "transient_s": 4.0},
                                    {"couplings": [5.0], "n_oscillators": 1}])
def test_bad_arguments_name_the_argument(kwargs):
    name = [k for k in kwargs if k != "couplings"] or ["couplings"]
    with pytest.raises(ValueError, match=name[-1]):
        oscillations.synchrony_by_coupling(**kwargs)
