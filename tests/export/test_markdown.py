"""Values written into Markdown render as their own text, never as markup (pandoc's GitHub reader)."""

from __future__ import annotations

import html

import pytest

from csto_annotations._markdown import markdown_code, markdown_fence, markdown_prose, markdown_text
from hostile.rendering import links, markdown_html, tags

HOSTILE = [
    "![x](http://e/)", "[a](b)", "[a]: http://e/", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "`code`", "a``b", "*em* _em_ __strong__ ~~del~~", "&amp; &#60;", "www.e.com", "a@b.com", "http://e/x",
    "https://e/x?a=1", "# heading", "- item", "+ item", "1. item", "2) item", "> quote", "---", "===", "| a | b |",
    "$x$", "[^1]", "\\", "a\\", "<!-- x -->", "-->", "{{ 7*7 }}", "</td></tr>", "x<y>z", "a\nb\n\n# c",
]  # fmt: skip


def rendered_text(markdown: str) -> str:
    """The text pandoc renders, tags removed and entities decoded, whitespace collapsed."""
    out = markdown_html(markdown)
    for tag in ("<p>", "</p>", "<code>", "</code>", "<td>", "</td>"):
        out = out.replace(tag, "")
    return " ".join(html.unescape(out).split())


@pytest.mark.parametrize("value", HOSTILE)
def test_text_renders_as_itself(value: str) -> None:
    written = markdown_text(value)
    assert tags(markdown_html(written)) <= {"p"}, markdown_html(written)
    assert rendered_text(written) == " ".join(value.split())
    assert tags(markdown_html(f"Title: {markdown_text(value, line_start=False)}")) <= {"p"}


@pytest.mark.parametrize("value", HOSTILE)
def test_a_code_span_renders_as_itself(value: str) -> None:
    out = markdown_html(markdown_code(value))
    assert tags(out) == {"p", "code"}
    shown = html.unescape(out.split("<code>")[1].split("</code>")[0])
    assert " ".join(shown.split()) == " ".join(value.replace("\n", "\\x0a").split())


@pytest.mark.parametrize("value", HOSTILE)
def test_a_table_cell_stays_one_cell(value: str) -> None:
    table = f"| a | b |\n| --- | --- |\n| {markdown_code(value, in_table=True)} | {markdown_text(value, line_start=False)} |\n"
    out = markdown_html(table)
    assert out.count("<td>") == 2 and not links(out), out
    assert tags(out) <= {"table", "thead", "tbody", "tr", "th", "td", "code"}


def test_prose_keeps_its_own_code_spans_and_nothing_else() -> None:
    written = markdown_prose("Key of `documents`; *not* ![x](http://e/) <b>bold</b>")
    out = markdown_html(written)
    assert tags(out) == {"p", "code"} and "<code>documents</code>" in out and not links(out)


@pytest.mark.parametrize("value", ["```\n# not a heading\n```", "````", "a\n~~~\nb"])
def test_a_fence_cannot_be_closed_by_its_content(value: str) -> None:
    out = markdown_html("\n".join([*markdown_fence(value, "text"), "", "after"]))
    assert tags(out) <= {"pre", "code", "p"} and out.count("<pre") == 1 and "<h1" not in out
    assert html.unescape(out).split("<code>")[1].split("</code>")[0].rstrip("\n") == value
