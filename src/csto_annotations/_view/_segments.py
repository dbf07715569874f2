"""Cut a text at every span boundary, in one sweep, without listing covering spans per segment.

A *segment* is a maximal stretch of text covered by one fixed set of spans.
Each segment records only what its look needs (how many claims cover it,
whether a quote or citation does, which entity type underlines each of the
first :data:`LANES` mention lanes) and the spans that begin or end there. A
span's extent is the run of segments ``first..last`` returned beside them, so
the page's size grows with the number of spans plus segments, never with
their product (issue 11, item 6).

Example
-------
>>> segments, extent = cut("abcdef", [Span("claim", "A", 1, 5), Span("mention", "M", 2, 3, "person")])
>>> [(s.text, s.claims, s.lanes) for s in segments]
[('a', 0, ('', '', '')), ('b', 1, ('', '', '')), ('c', 1, ('person', '', '')), ('de', 1, ('', '', '')), ('f', 0, ('', '', ''))]
>>> extent[Span("claim", "A", 1, 5)]
(1, 3)
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

#: How many nested mention underlines are drawn; deeper mentions share the last lane.
LANES = 3


@dataclass(frozen=True)
class Span:
    """One annotation's extent in a text: ``text[start:end]``.

    ``colour`` is the colour class of a mention's entity type (empty for the
    other kinds).

    Example
    -------
    >>> Span("claim", "CL-0001", 0, 4).end
    4
    """

    kind: str
    id: str
    start: int
    end: int
    colour: str = ""


@dataclass
class Segment:
    """A maximal stretch of text covered by one fixed set of spans.

    Example
    -------
    >>> Segment(0, 4, "CSTO").covered
    False
    """

    start: int
    end: int
    text: str
    claims: int = 0
    quoted: bool = False
    cited: bool = False
    lanes: tuple[str, ...] = ("",) * LANES
    begins: list[Span] = field(default_factory=list)
    ends: list[Span] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        """Whether any span covers this segment."""
        return bool(self.claims or self.quoted or self.cited or any(self.lanes))


def order(span: Span) -> tuple[int, int, str]:
    """Sort key that puts outer spans first: by start, then longest, then id.

    Example
    -------
    >>> sorted([Span("claim", "B", 0, 2), Span("claim", "A", 0, 5)], key=order)[0].id
    'A'
    """
    return (span.start, -span.end, span.id)


def mention_lanes(spans: Iterable[Span]) -> dict[Span, int]:
    """Give each mention the lowest underline lane that is free at its start.

    Interval partitioning with two heaps: O(n log n), however deeply the
    mentions nest.

    Example
    -------
    >>> lanes = mention_lanes([Span("mention", "A", 0, 9), Span("mention", "B", 2, 4), Span("mention", "C", 5, 6)])
    >>> sorted((s.id, lane) for s, lane in lanes.items())
    [('A', 0), ('B', 1), ('C', 1)]
    """
    lanes: dict[Span, int] = {}
    busy: list[tuple[int, int]] = []  # (end, lane) of the mentions still open
    free: list[int] = []
    for span in sorted(spans, key=order):
        while busy and busy[0][0] <= span.start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        lane = heapq.heappop(free) if free else len(busy)
        lanes[span] = lane
        heapq.heappush(busy, (span.end, lane))
    return lanes


class _Open:
    """The spans open at the sweep's position, as counts and lane holders."""

    def __init__(self, lanes: dict[Span, int]) -> None:
        self.lane_of = lanes
        self.counts = {"claim": 0, "quote": 0, "citation": 0}
        self.holder: dict[int, Span] = {}
        self.deep: list[tuple[int, str]] = []  # max-heap of (-lane, id) for the shared last lane

    def move(self, span: Span, step: int) -> None:
        """Open (``step`` 1) or close (``step`` -1) ``span``."""
        if span.kind != "mention":
            self.counts[span.kind] += step
        elif step < 0:
            self.holder.pop(self.lane_of[span], None)
        else:
            lane = self.lane_of[span]
            self.holder[lane] = span
            if lane >= LANES - 1:
                heapq.heappush(self.deep, (-lane, span.id))

    def colours(self) -> tuple[str, ...]:
        """The entity colour drawn in each lane; the last lane shows its deepest open mention."""
        while self.deep and -self.deep[0][0] not in self.holder:
            heapq.heappop(self.deep)  # lazily drop mentions that have closed
        shown = [self.holder[lane].colour if lane in self.holder else "" for lane in range(LANES - 1)]
        shown.append(self.holder[-self.deep[0][0]].colour if self.deep else "")
        return tuple(shown)


def cut(text: str, spans: Iterable[Span]) -> tuple[list[Segment], dict[Span, tuple[int, int]]]:
    """Cut ``text`` at every span boundary.

    Parameters
    ----------
    text : str
        The document text.
    spans : iterable of Span
        Spans with ``0 <= start < end <= len(text)``.

    Returns
    -------
    segments : list of Segment
        In order; their texts concatenate to ``text`` and none is empty.
    extent : dict
        Span → ``(first, last)``, the indices into ``segments`` of the run it covers.

    Example
    -------
    >>> segments, extent = cut("0123456789", [Span("quote", "Q", 2, 5), Span("claim", "C", 4, 8)])
    >>> [s.text for s in segments], extent[Span("claim", "C", 4, 8)]
    (['01', '23', '4', '567', '89'], (2, 3))
    """
    ordered = sorted(spans, key=order)
    # The spans that start and stop at each position, each group in ``order`` (sorted() is stable).
    starts = {at: list(group) for at, group in itertools.groupby(ordered, key=lambda s: s.start)}
    stops = {at: list(group) for at, group in itertools.groupby(sorted(ordered, key=lambda s: s.end), lambda s: s.end)}
    open_ = _Open(mention_lanes(s for s in ordered if s.kind == "mention"))
    cuts = sorted({0, len(text), *starts, *stops})
    segments: list[Segment] = []
    for left, right in itertools.pairwise(cuts):
        for span in stops.get(left, []):
            open_.move(span, -1)
        for span in starts.get(left, []):
            open_.move(span, 1)
        claims, quotes, citations = (open_.counts[kind] for kind in ("claim", "quote", "citation"))
        begins, ends, lanes = list(starts.get(left, [])), list(stops.get(right, [])), open_.colours()
        segments.append(Segment(left, right, text[left:right], claims, quotes > 0, citations > 0, lanes, begins, ends))
    segment_at = {position: number for number, position in enumerate(cuts)}  # the segment that starts there
    return segments, {span: (segment_at[span.start], segment_at[span.end] - 1) for span in ordered}
