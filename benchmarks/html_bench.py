"""HTML extraction cost, measured apart from the rest of an import (issue: importers).

The generated articles are wrapped in a news-site page (menus, ads, comments, footer) and
read through the HTML importer (trafilatura) and, for the baseline, the plain-text importer
on the same texts; both per article, in the same run.
"""

from __future__ import annotations

import html
import statistics
import time
from pathlib import Path
from typing import Any

from annotator.core.importers import ReadOptions, plaintext
from annotator.core.importers import html as html_reader

_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Example News</title><meta name="author" content="Desk {number}">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-09-{day:02d}T08:00:00Z"></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<div class="ad">Advertisement: subscribe for $1 a week</div><article><h1>{title}</h1>
{paragraphs}</article><section class="comments"><div class="comment">First!</div></section>
<footer>© 2023 Example News · Privacy · Cookies</footer></body></html>"""


def _page(text: str, number: int) -> str:
    title, _, body = text.partition("\n")
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    return _PAGE.format(
        title=html.escape(title), paragraphs=paragraphs, number=number, day=1 + number % 28
    )


def run(texts: list[Path], folder: Path, count: int = 300) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for number, path in enumerate(texts[:count]):
        page = folder / f"{number:05d}.html"
        page.write_text(_page(path.read_text(encoding="utf-8"), number), encoding="utf-8")
        pages.append(page)
    options = ReadOptions()
    html_ms, text_ms = [], []
    for page, text in zip(pages, texts, strict=False):
        begun = time.perf_counter()
        list(html_reader.read(page, options))
        html_ms.append((time.perf_counter() - begun) * 1000)
        begun = time.perf_counter()
        list(plaintext.read(text, options))
        text_ms.append((time.perf_counter() - begun) * 1000)
    return {
        "html_pages": len(pages),
        "html_extract_ms_per_article": round(statistics.mean(html_ms[1:] or html_ms), 2),
        "text_read_ms_per_article": round(statistics.mean(text_ms[1:] or text_ms), 3),
        "html_extract_2000_s": round(statistics.mean(html_ms[1:] or html_ms) * 2000 / 1000, 2),
    }
