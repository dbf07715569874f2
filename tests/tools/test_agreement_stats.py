"""The agreement statistics against values worked by hand or published elsewhere (tools.agreement_stats)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from tools.agreement_stats import (
    bootstrap_kappas,
    character_f1,
    cohen_kappa,
    dice,
    fleiss_kappa,
    gwet_ac1,
    kappa_interval,
    match_spans,
    percentile_interval,
    resample_indices,
    set_f1,
)
from tools.alignment import cluster_spans

# Fifty items, two raters: yes/yes 20, yes/no 5, no/yes 10, no/no 15 (Wikipedia, "Cohen's kappa", worked example).
RATER_A = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
RATER_B = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15


def test_cohen_kappa_of_the_textbook_example() -> None:
    # pₒ = 35/50 = 0.7; A says yes 25/50, B 30/50: pₑ = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5 = 0.4.
    assert cohen_kappa(RATER_A, RATER_B) == pytest.approx(0.4)


def test_kappa_is_zero_at_chance_and_negative_below() -> None:
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    assert cohen_kappa(["a", "b"], ["b", "a"]) == -1.0


def test_kappa_refuses_unequal_lengths_and_is_nan_for_no_items() -> None:
    with pytest.raises(ValueError, match="same items"):
        cohen_kappa(["a"], ["a", "b"])
    assert np.isnan(cohen_kappa([], []))


def test_gwet_ac1_of_the_textbook_example() -> None:
    # π_yes = (25 + 30)/100 = 0.55, π_no = 0.45; pₑ = (0.55·0.45 + 0.45·0.55)/(2 − 1) = 0.495;
    # AC1 = (0.7 − 0.495)/(1 − 0.495) = 0.205/0.505.
    assert gwet_ac1(RATER_A, RATER_B) == pytest.approx(0.205 / 0.505)
    # With Q = 4 categories in the scheme (two unused): pₑ = 0.495/3 = 0.165; AC1 = 0.535/0.835.
    assert gwet_ac1(RATER_A, RATER_B, categories=4) == pytest.approx(0.535 / 0.835)


def test_ac1_stays_high_where_one_label_dominates_and_kappa_falls() -> None:
    # 18 certain/certain, 1 certain/possible, 1 possible/possible: pₒ = 0.95.
    a = ["certain"] * 19 + ["possible"]
    b = ["certain"] * 18 + ["possible"] * 2
    # κ: pₑ = 0.95·0.90 + 0.05·0.10 = 0.86; κ = 0.09/0.14.  AC1 (Q = 2): π = 37/40, 3/40;
    # pₑ = 2·(37/40)(3/40) = 0.13875; AC1 = (0.95 − 0.13875)/(1 − 0.13875).
    assert cohen_kappa(a, b) == pytest.approx(0.09 / 0.14)
    assert gwet_ac1(a, b) == pytest.approx(0.81125 / 0.86125)


def test_fleiss_kappa_of_fleiss_1971_worked_example() -> None:
    # Ten subjects, fourteen raters, five categories (Wikipedia, "Fleiss' kappa", worked example):
    # P̄ = 0.378, P̄ₑ = 0.213, κ = 0.210. statsmodels 0.15 fleiss_kappa gives the same.
    table = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]  # fmt: skip
    ratings = [[str(category) for category, n in enumerate(row) for _ in range(n)] for row in table]
    assert round(fleiss_kappa(ratings), 3) == 0.210


def test_fleiss_kappa_refuses_ragged_items() -> None:
    with pytest.raises(ValueError, match="same number of raters"):
        fleiss_kappa([["a", "a"], ["a"]])


def test_resamples_follow_the_documented_stream() -> None:
    # floor(u·n) for each u of random.Random(seed).random(), row by row: the one stream Python keeps stable.
    draw = random.Random(7).random
    expected = [[int(draw() * 5) for _ in range(5)] for _ in range(4)]
    assert resample_indices(5, 4, seed=7).tolist() == expected
    assert resample_indices(5, 4, seed=7) is resample_indices(5, 4, seed=7)


def _plain_kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    pe = sum(a.count(k) * b.count(k) for k in set(a) | set(b)) / n**2
    return 1.0 if pe == 1 else (po - pe) / (1 - pe)


def test_bootstrap_kappas_are_the_kappas_of_the_resamples() -> None:
    a = ["c"] * 12 + ["p"] * 3 + ["q"]
    b = ["c"] * 11 + ["p"] * 4 + ["c"]
    found = bootstrap_kappas(a, b, resamples=50, seed=3)
    for row, kappa in zip(resample_indices(len(a), 50, 3), found):
        assert kappa == pytest.approx(_plain_kappa([a[i] for i in row], [b[i] for i in row]))


def test_kappa_interval_of_round_2_certainty_matches_scikit_learn() -> None:
    # The confusion of round 2's certainty, A vs release 2.0.0 (73 claims): 63 certain/certain, 1 certain/probable,
    # 4 certain/possible, 4 probable/probable, 1 possible/possible, in this order. scikit-learn 1.9.1's
    # cohen_kappa_score gave κ 0.642157 and, over the same 2,000 resamples (a resample with one label on both
    # sides counted as 1.0) and numpy's quantiles, the interval 0.24308–0.89587.
    a = ["certain"] * 68 + ["probable"] * 4 + ["possible"]
    b = ["certain"] * 63 + ["probable"] + ["possible"] * 4 + ["probable"] * 4 + ["possible"]
    assert cohen_kappa(a, b) == pytest.approx(0.642157, abs=1e-6)
    low, high = kappa_interval(a, b)
    assert (round(low, 5), round(high, 5)) == (0.24308, 0.89587)


def test_kappa_interval_is_seeded_and_degenerates_where_it_must() -> None:
    a, b = ["x", "y", "y", "x", "y"] * 4, ["x", "y", "x", "x", "y"] * 4
    assert kappa_interval(a, b) == kappa_interval(a, b)
    assert kappa_interval(a, b, seed=1) != kappa_interval(a, b, seed=2)
    assert kappa_interval(["x", "y"] * 5, ["x", "y"] * 5) == (1.0, 1.0)
    assert all(np.isnan(kappa_interval([], [])))


def test_percentile_interval_interpolates_between_order_statistics() -> None:
    # 0 … 40: the 2.5% quantile lies at rank 0.025·40 = 1, the 97.5% at rank 39.
    low, high = percentile_interval(np.arange(41, dtype=float))
    assert (low, high) == (pytest.approx(1.0), pytest.approx(39.0))


def test_span_f1_exact_and_overlap() -> None:
    first, second = [(0, 10), (20, 30), (40, 50)], [(0, 10), (22, 30), (60, 70)]
    # Exact: one of three on each side. Overlap: (20,30)/(22,30) has Dice 2·8/18 ≥ 0.5, so two of three.
    assert match_spans(first, second, 1.0).f1 == pytest.approx(1 / 3)
    overlap = match_spans(first, second)
    assert overlap.f1 == pytest.approx(2 / 3) and overlap.pairs == ((0, 0), (1, 1))
    assert dice((0, 10), (5, 15)) == 0.5 and match_spans([(0, 10)], [(5, 15)]).f1 == 1.0
    assert dice((0, 10), (6, 16)) == 0.4 and match_spans([(0, 10)], [(6, 16)]).f1 == 0.0
    # Characters: 0–10 both, 20–30 vs 22–30 share 8, 40–50 and 60–70 share none: 2·18/(30 + 28).
    assert character_f1(first, second) == pytest.approx(36 / 58)


def test_set_f1_counts_shared_items() -> None:
    assert set_f1({1, 2, 3}, {2, 3, 4, 5}) == pytest.approx(2 * 2 / 7)
    assert set_f1((), ()) == 1.0


def test_spans_of_three_annotators_group_only_when_every_pair_overlaps() -> None:
    # A (0,10) and B (4,14): Dice 0.6; B and C (8,18): 0.6; A and C: 0.2. A–B pairs first (earlier
    # annotators among equals); C cannot join them, since it overlaps A too little.
    assert cluster_spans([[(0, 10)], [(4, 14)], [(8, 18)]]) == [(0, 0, None), (None, None, 0)]
    # Identical spans group whatever the order in which each annotator listed them.
    assert cluster_spans([[(5, 9), (0, 3)], [(0, 3), (5, 9)], [(0, 3)]]) == [(1, 0, 0), (0, 1, None)]
