"""The dataset card of a release: every value from the package renders as text (pandoc's GitHub reader)."""

from __future__ import annotations

from pathlib import Path

import csto_annotations
from helpers import REPO
from hostile import edits
from hostile.rendering import links, markdown_html, tags
from tools import datacard


def test_the_card_escapes_every_value_from_the_package(tmp_path: Path) -> None:
    root = edits.fresh_copy(tmp_path / "pkg")
    data = edits.descriptor(root)
    data["title"] = "<script>alert(1)</script> ![x](http://e/)"
    data["description"] = "Rows of `claims`; # not a heading <img src=x> [a](javascript:alert(1))"
    data["created"] = "<b>2026</b>"
    data["contributors"][0]["title"] = "*team* | `x`"
    data["sources"][0]["path"] = "javascript:alert(1)"
    data["licenses"][0]["title"] = "[CC](http://e/)"
    edits.write_descriptor(root, data)
    ds = csto_annotations.load(root)
    files = {name: (REPO / name).read_bytes() for name in ("CHANGELOG.md", "docs/annotation-report.md")}
    card = datacard.render(ds, files, "csto-annotations.zip")
    html = markdown_html(card)
    assert "script" not in tags(html) and "img" not in tags(html) and "b" not in tags(html)
    assert all(link.startswith(("https://", "#")) for link in links(html)), links(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ![x](http://e/)</h1>" in html.replace("\n", " ")
    assert "<code>claims</code>" in html and "<code>javascript:alert(1)</code>" in html
