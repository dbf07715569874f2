"""Agreement statistics: span matching and F1, Cohen's κ with a bootstrap interval, Gwet's AC1, Fleiss' κ.

Pure functions of labels and spans; :mod:`tools.alignment` pairs the items and :mod:`tools.agreement`
writes the report. The bootstrap draws its resamples from :class:`random.Random`'s ``random()``, the
one stream Python promises to keep across versions, so a seeded interval is the same on every machine.

Example
-------
>>> cohen_kappa(["x", "y", "x", "y"], ["x", "y", "y", "y"])
0.5
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

Span = tuple[int, int]

#: Resamples and seed of every bootstrap interval in the report (fixed, so ``--check`` is stable).
RESAMPLES = 2000
SEED = 20071010


@dataclass(frozen=True)
class SpanScores:
    """Precision, recall and F1 of one span matching, and the matched pairs."""

    precision: float
    recall: float
    f1: float
    pairs: tuple[tuple[int, int], ...]


def dice(a: Span, b: Span) -> float:
    """Return the Dice overlap of two half-open spans (1.0 when identical).

    Examples
    --------
    >>> dice((0, 10), (5, 15))
    0.5
    """
    overlap = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    size = (a[1] - a[0]) + (b[1] - b[0])
    return 2 * overlap / size if size else float(a == b)


def match_spans(first: Sequence[Span], second: Sequence[Span], threshold: float = 0.5) -> SpanScores:
    """Match spans one-to-one, best overlap first, and score the matching.

    A pair counts when its Dice overlap is at least ``threshold``; with ``threshold=1.0`` only
    identical spans match (exact-span F1). Among equal overlaps, earlier rows pair first.

    Examples
    --------
    >>> match_spans([(0, 4), (10, 20)], [(0, 4), (30, 40)]).f1
    0.5
    """
    candidates = sorted(
        ((dice(a, b), i, j) for i, a in enumerate(first) for j, b in enumerate(second)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_first: set[int] = set()
    used_second: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if score < threshold or score == 0:
            break
        if i in used_first or j in used_second:
            continue
        used_first.add(i)
        used_second.add(j)
        pairs.append((i, j))
    precision = len(pairs) / len(second) if second else 1.0
    recall = len(pairs) / len(first) if first else 1.0
    return SpanScores(precision, recall, f1_score(len(pairs), len(first), len(second)), tuple(sorted(pairs)))


def f1_score(matched: int, first: int, second: int) -> float:
    """F1 of ``matched`` items out of ``first`` on one side and ``second`` on the other: 2m / (n₁ + n₂).

    Two empty sides agree perfectly (1.0).

    Example
    -------
    >>> f1_score(3, 4, 6)
    0.6
    """
    return 2 * matched / (first + second) if first + second else 1.0


def set_f1(first: Iterable[Hashable], second: Iterable[Hashable]) -> float:
    """F1 of two sets of items (tuples of claim, entity and role, say).

    Example
    -------
    >>> set_f1({("c1", "x", "subject"), ("c1", "y", "object")}, {("c1", "x", "subject")})
    0.6666666666666666
    """
    a, b = set(first), set(second)
    return f1_score(len(a & b), len(a), len(b))


def character_f1(first: Iterable[Span], second: Iterable[Span]) -> float:
    """F1 over the sets of characters covered by each annotator's spans.

    Examples
    --------
    >>> character_f1([(0, 10)], [(5, 15)])
    0.5
    """
    chars_a = {c for a, b in first for c in range(a, b)}
    chars_b = {c for a, b in second for c in range(a, b)}
    return f1_score(len(chars_a & chars_b), len(chars_a), len(chars_b))


def cohen_kappa(labels_a: Sequence[str], labels_b: Sequence[str]) -> float:
    """Cohen's kappa for two raters' labels of the same items: (pₒ − pₑ) / (1 − pₑ).

    Returns 1.0 when both raters use one and the same label throughout (observed and expected
    agreement are both perfect), and NaN for no items.

    Examples
    --------
    >>> cohen_kappa(["x", "y", "x", "y"], ["x", "y", "y", "y"])
    0.5
    """
    if len(labels_a) != len(labels_b):
        raise ValueError("both raters must label the same items")
    n = len(labels_a)
    if n == 0:
        return float("nan")
    observed = sum(a == b for a, b in zip(labels_a, labels_b, strict=True)) / n
    count_a, count_b = Counter(labels_a), Counter(labels_b)
    expected = sum(count_a[k] * count_b[k] for k in count_a.keys() | count_b.keys()) / n**2
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1 - expected)


def gwet_ac1(labels_a: Sequence[str], labels_b: Sequence[str], categories: int = 0) -> float:
    """Gwet's AC1 for two raters: (pₒ − pₑ) / (1 − pₑ) with pₑ = Σₖ πₖ(1 − πₖ) / (Q − 1).

    πₖ is the mean of the two raters' proportions of category k; Q is ``categories``, the size of
    the label's category set, or, when smaller (or 0), the number of categories seen, and at least 2.
    AC1 stays stable where one category dominates, which makes κ swing.

    Example
    -------
    >>> round(gwet_ac1(["y"] * 20 + ["y"] * 5 + ["n"] * 10 + ["n"] * 15,
    ...                ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15), 4)
    0.4059
    """
    if len(labels_a) != len(labels_b):
        raise ValueError("both raters must label the same items")
    n = len(labels_a)
    if n == 0:
        return float("nan")
    observed = sum(a == b for a, b in zip(labels_a, labels_b, strict=True)) / n
    counts = Counter(labels_a) + Counter(labels_b)
    q = max(categories, len(counts), 2)
    expected = sum((c / (2 * n)) * (1 - c / (2 * n)) for c in counts.values()) / (q - 1)
    return (observed - expected) / (1 - expected)


def fleiss_kappa(ratings: Sequence[Sequence[str]]) -> float:
    """Fleiss' κ of items each labelled by the same number of raters (one row of labels per item).

    P̄ is the mean pairwise agreement within items, P̄ₑ = Σⱼ pⱼ² over the overall category
    proportions pⱼ; κ = (P̄ − P̄ₑ) / (1 − P̄ₑ), 1.0 when every rater uses one label throughout.

    Example
    -------
    >>> fleiss_kappa([["a", "a", "a"], ["b", "b", "b"]])
    1.0
    """
    if not ratings:
        return float("nan")
    raters = len(ratings[0])
    if raters < 2 or any(len(row) != raters for row in ratings):
        raise ValueError("every item needs the same number of raters, at least two")
    agreement = [(sum(c * c for c in Counter(row).values()) - raters) / (raters * (raters - 1)) for row in ratings]
    mean = sum(agreement) / len(ratings)
    totals = Counter(label for row in ratings for label in row)
    expected = sum((c / (raters * len(ratings))) ** 2 for c in totals.values())
    if expected == 1.0:
        return 1.0
    return (mean - expected) / (1 - expected)


@lru_cache(maxsize=8)  # the labels of one table share their n; 2,000 × n int32 each
def resample_indices(n: int, resamples: int = RESAMPLES, seed: int = SEED) -> npt.NDArray[np.int32]:
    """``resamples`` rows of ``n`` item indices drawn with replacement, the same for the same arguments.

    Index ``floor(u · n)`` for each ``u`` of ``random.Random(seed).random()``, row by row.

    Example
    -------
    >>> resample_indices(3, 2, seed=1).tolist()
    [[0, 2, 2], [0, 1, 1]]
    """
    draw = random.Random(seed).random
    indices = np.array([int(draw() * n) for _ in range(resamples * n)], dtype=np.int32).reshape(resamples, n)
    indices.flags.writeable = False
    return indices


def bootstrap_kappas(
    labels_a: Sequence[str], labels_b: Sequence[str], resamples: int = RESAMPLES, seed: int = SEED
) -> npt.NDArray[np.float64]:
    """Cohen's κ of each bootstrap resample of the item pairs (:func:`resample_indices`).

    Same conventions as :func:`cohen_kappa`: a resample whose two sides use one and the same label
    throughout has κ 1.0.

    Example
    -------
    >>> bootstrap_kappas(["x", "y"], ["x", "y"], resamples=3, seed=1).tolist()
    [1.0, 1.0, 1.0]
    """
    n = len(labels_a)
    values = sorted(set(labels_a) | set(labels_b))
    code = {v: i for i, v in enumerate(values)}
    k = len(values)
    a = np.array([code[v] for v in labels_a], dtype=np.int64)
    b = np.array([code[v] for v in labels_b], dtype=np.int64)
    idx = resample_indices(n, resamples, seed)
    cells = (np.arange(resamples)[:, None] * k * k + a[idx] * k + b[idx]).ravel()
    confusion = np.bincount(cells, minlength=resamples * k * k).reshape(resamples, k, k)
    observed = np.trace(confusion, axis1=1, axis2=2) / n
    expected = (confusion.sum(axis=2) * confusion.sum(axis=1)).sum(axis=1) / n**2
    with np.errstate(divide="ignore", invalid="ignore"):
        kappas = np.where(expected == 1.0, 1.0, (observed - expected) / (1 - expected))
    return kappas.astype(np.float64)


def percentile_interval(values: npt.NDArray[np.float64], level: float = 0.95) -> tuple[float, float]:
    """The percentile interval holding ``level`` of ``values``: their (1−level)/2 and (1+level)/2 quantiles.

    Quantiles interpolate linearly between order statistics (numpy's default).

    Example
    -------
    >>> [round(q, 9) for q in percentile_interval(np.arange(101, dtype=float))]
    [2.5, 97.5]
    """
    low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)


def kappa_interval(
    labels_a: Sequence[str], labels_b: Sequence[str], resamples: int = RESAMPLES, seed: int = SEED
) -> tuple[float, float]:
    """Bootstrap 95% percentile interval of Cohen's κ over the item pairs; NaNs for no items.

    Example
    -------
    >>> kappa_interval(["x", "y"] * 5, ["x", "y"] * 5)
    (1.0, 1.0)
    """
    if not labels_a:
        return float("nan"), float("nan")
    return percentile_interval(bootstrap_kappas(labels_a, labels_b, resamples, seed))
