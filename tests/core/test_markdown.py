"""Markdown is imported as plain text (issue #17 item 5): the words of headings, paragraphs,
lists, quotes and tables, without the markup. Checked on exact examples and against the words
markdown-it-py (an independent CommonMark implementation) renders from the same sources."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from annotator.core.importers import DocumentIn, ReadOptions
from annotator.core.importers.markdown import inline_text, markdown_to_text
from annotator.core.importers.plaintext import read

ARTICLE = """---
title: "Kim and Putin meet"
author: Jane Reporter
date: 2023-09-14
---
# Kim meets *Putin* in Vladivostok #

By **Jane Reporter**

North Korean leader Kim Jong Un met Russian President
Vladimir Putin, [state media](https://kcna.kp) said. The snake_case_name
and 2 * 3 * 4 stay as written.

> "We will support Russia," Kim said.

- first *point*
- second point
  continued here

| Who | What |
|-----|------|
| Kim | **met** |

Analysis
--------

![a photo](x.png) Escaped \\*stars\\*, `code *kept*` and <https://example.org>.

[ref]: https://example.org
"""

EXPECTED = """Kim meets Putin in Vladivostok

By Jane Reporter

North Korean leader Kim Jong Un met Russian President Vladimir Putin, state media said. \
The snake_case_name and 2 * 3 * 4 stay as written.

"We will support Russia," Kim said.

first point
second point continued here

Who\tWhat
Kim\tmet

Analysis

Escaped *stars*, code *kept* and https://example.org.
"""


def test_markdown_becomes_its_words_without_markup():
    text, metadata = markdown_to_text(ARTICLE)
    assert text == EXPECTED
    assert metadata == {
        "title": "Kim and Putin meet",
        "author": "Jane Reporter",
        "date": "2023-09-14",
    }


def test_a_markdown_file_is_imported_as_plain_text_with_its_front_matter(tmp_path):
    path = tmp_path / "summit.md"
    path.write_text(ARTICLE.replace("\n", "\r\n"), encoding="utf-8")
    (document,) = read(path, ReadOptions())
    assert isinstance(document, DocumentIn)
    assert document.text == EXPECTED
    assert document.title == "Kim and Putin meet"
    assert document.author == "Jane Reporter"
    assert str(document.published_at) == "2023-09-14"
    assert document.extra["format"] == "markdown"
    for markup in ("#", "**", "](", "|---"):
        assert markup not in document.text


def test_without_front_matter_the_first_heading_is_the_title(tmp_path):
    path = tmp_path / "brief.markdown"
    path.write_text("## Talks *resume*\n\nIn Geneva, on **Monday**.\n", encoding="utf-8")
    (document,) = read(path, ReadOptions())
    assert isinstance(document, DocumentIn)
    assert (document.title, document.text) == (
        "Talks resume",
        "Talks resume\n\nIn Geneva, on Monday.\n",
    )


def test_a_txt_file_keeps_its_asterisks():
    # Plain text is not Markdown: only .md/.markdown files are converted.
    assert inline_text("**bold**") == "bold"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a **b** c", "a b c"),
        ("a __b__ c", "a b c"),
        ("a *b* c _d_ ~~e~~", "a b c d e"),
        ("***both***", "both"),
        ("snake_case_name", "snake_case_name"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("price_in_usd and *x*", "price_in_usd and x"),
        ("`a *b*`", "a *b*"),
        (r"\*not\*", "*not*"),
        ("[text](http://x.org/a_(b)) end", "text end"),
        ("[text][ref]", "text"),
        ("<a href='x'>link</a>", "link"),
        ("x < y > z", "x < y > z"),
        ("mail <me@example.org>", "mail me@example.org"),
    ],
)
def test_inline_markup(source, expected):
    assert inline_text(source) == expected


_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "br", "hr", "td", "th", "tr"}


class _Words(HTMLParser):
    """The text of markdown-it's HTML, as a browser shows it (no alt texts)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")


SAMPLES = [
    ARTICLE.split("---\n", 2)[2],
    "Title\n=====\n\nOne *two* **three** `four` [five](six) ![seven](eight) nine.\n",
    "1. first\n2. second *item*\n\n> quoted **text**\n> more\n\n---\n\nEnd_of_it and a_b_c.\n",
    "Line one  \nline two\\\nline three\n\n    indented code\n\n```python\nx = *y*\n```\n",
    "Text with a_b and *emphasis that\nspans lines* and __strong__.\n\n* * *\n\n+ plus item\n",
    "Autolink <https://a.org/x_y> and &amp; entity and \\# hash.\n",
]


def _reference_words(source: str) -> list[str]:
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough")
    parser = _Words()
    parser.feed(html.render(source))
    return "".join(parser.parts).split()


@pytest.mark.parametrize("source", SAMPLES)
def test_the_words_are_those_a_commonmark_renderer_shows(source):
    text, _metadata = markdown_to_text(source)
    ours = [w for w in text.split() if not re.fullmatch(r"\d+\.", w)]  # we keep list numbers
    assert ours == _reference_words(source)
