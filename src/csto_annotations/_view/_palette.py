"""The viewer's colours, chosen for WCAG 2.1 AA contrast.

Text pairs reach at least 4.5:1; mention underlines, the citation frame, the
rules and the focus outline reach at least 3:1 against every background they
are drawn on (WCAG 1.4.11, non-text contrast). ``tests/view`` computes both.

Example
-------
>>> ENTITY_COLOURS["person"]
'#c2410c'
"""

from __future__ import annotations

#: Entity type → colour of its mention underline.
ENTITY_COLOURS: dict[str, str] = {
    "person": "#c2410c",
    "organization": "#1d4ed8",
    "media_outlet": "#7e22ce",
    "country": "#047857",
    "place": "#0e6a83",
    "facility": "#6b4423",
    "group": "#c026d3",
    "event": "#b91c1c",
    "award": "#4d7c0f",
    "other": "#475569",
}

#: Named colours of the page, emitted as CSS custom properties (``--name``).
PALETTE: dict[str, str] = {
    "ink": "#1b1b1b",
    "muted": "#4a4a4a",
    "paper": "#ffffff",
    "chrome": "#f3f4f6",
    "rule": "#767676",
    "claim-1": "#fff3bf",
    "claim-2": "#ffe38a",
    "claim-3": "#ffd35c",
    "selected": "#bcd9ff",
    "focus-ent": "#0b3d91",
    "focus-ent-ink": "#ffffff",
    "pressed": "#1f4e9c",
    "pressed-ink": "#ffffff",
    "quote-badge": "#5b2a86",
    "quote-badge-ink": "#ffffff",
    "citation": "#7a4b00",
    "outline": "#1a56db",
}
