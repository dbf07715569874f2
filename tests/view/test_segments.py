"""Cutting a text into segments: invariants, crossings, and mention lanes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from csto_annotations._view._segments import LANES, Span, cut, mention_lanes

KIND = st.sampled_from(["claim", "quote", "citation", "mention"])


def test_crossing_spans_and_shared_boundaries() -> None:
    spans = [
        Span("claim", "A", 0, 6),
        Span("claim", "B", 3, 9),
        Span("mention", "M", 3, 6, "person"),
        Span("quote", "Q", 9, 10),
    ]
    segments, extent = cut("0123456789x", spans)
    got = [(s.start, s.end, s.text, s.claims, s.quoted, s.lanes[0]) for s in segments]
    assert got == [
        (0, 3, "012", 1, False, ""),
        (3, 6, "345", 2, False, "person"),
        (6, 9, "678", 1, False, ""),
        (9, 10, "9", 0, True, ""),
        (10, 11, "x", 0, False, ""),
    ]
    assert [extent[s] for s in spans] == [(0, 1), (1, 2), (1, 1), (3, 3)]
    assert [s.id for s in segments[1].begins] == ["B", "M"] and [s.id for s in segments[1].ends] == ["A", "M"]
    assert cut("abc", []) == ([segments[0].__class__(0, 3, "abc")], {})


def test_lanes_reuse_the_lowest_free_lane() -> None:
    a, b, c, d = (
        Span("mention", "A", 0, 10),
        Span("mention", "B", 1, 3),
        Span("mention", "C", 3, 5),
        Span("mention", "D", 4, 6),
    )
    assert mention_lanes([a, b, c, d]) == {a: 0, b: 1, c: 1, d: 2}


def test_deep_nesting_draws_the_deepest_open_mention_in_the_last_lane() -> None:
    nested = [Span("mention", f"M{i}", i, 20 - i, f"t{i}") for i in range(6)]
    segments, _ = cut("x" * 20, nested)
    middle = next(s for s in segments if s.start == 5)
    assert middle.lanes == ("t0", "t1", "t5")
    after = next(s for s in segments if s.start == 15)  # M5 has closed: M4 is now the deepest
    assert after.lanes == ("t0", "t1", "t4")


@settings(max_examples=300, deadline=None)
@given(
    st.text(min_size=1, max_size=40).flatmap(
        lambda text: st.tuples(
            st.just(text),
            st.lists(
                st.tuples(KIND, st.integers(0, len(text) - 1), st.integers(1, len(text))).filter(lambda p: p[1] < p[2]),
                max_size=14,
            ),
        )
    )
)
def test_cut_invariants(case) -> None:
    text, triples = case
    spans = [Span(kind, f"S{i}", a, b, "c" if kind == "mention" else "") for i, (kind, a, b) in enumerate(triples)]
    segments, extent = cut(text, spans)
    assert "".join(s.text for s in segments) == text
    assert all(s.text and text[s.start : s.end] == s.text for s in segments)
    assert set(extent) == set(spans)
    lanes = mention_lanes(s for s in spans if s.kind == "mention")
    for index, seg in enumerate(segments):
        here = [s for s in spans if extent[s][0] <= index <= extent[s][1]]
        assert all(s.start <= seg.start and seg.end <= s.end for s in here)  # the extent is exactly the span:
        outside = [s for s in spans if s not in here]
        assert all(s.end <= seg.start or s.start >= seg.end for s in outside)
        assert seg.claims == sum(s.kind == "claim" for s in here)
        assert seg.quoted == any(s.kind == "quote" for s in here) and seg.cited == any(
            s.kind == "citation" for s in here
        )
        held = {min(lanes[s], LANES - 1) for s in here if s.kind == "mention"}
        assert {lane for lane, colour in enumerate(seg.lanes) if colour} == held
        assert seg.begins == sorted([s for s in spans if s.start == seg.start], key=lambda s: (s.start, -s.end, s.id))
        assert {s.id for s in seg.ends} == {s.id for s in spans if s.end == seg.end}
    for span in spans:
        first, last = extent[span]
        assert (segments[first].start, segments[last].end) == (span.start, span.end)
    open_mentions = [[s for s in spans if s.kind == "mention" and s.start <= seg.start < s.end] for seg in segments]
    for group in open_mentions:
        assert len({lanes[s] for s in group}) == len(group), "two open mentions share a lane"
