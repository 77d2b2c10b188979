"""Markdown articles as plain text: the headings' and paragraphs' words, without the markup.

Analysts code the words of an article, and an HTML page is imported as its text, so a
Markdown file is too: ``# Kim meets Putin`` becomes the line "Kim meets Putin", ``**said**``
becomes "said", a link its text, a list item its text. Paragraphs become one line each (their
source lines are soft-wrapped), separated by a blank line, as the other readers give them.

Why our own converter and not markdown-it-py: the Linux bundle is at ~149 of its 150 MB, and
plain text needs only the block structure and a handful of inline rules, which are below and
tested against markdown-it-py (tests/core/test_markdown.py). What it does not try to be: a
full CommonMark parser. Constructs it does not know stay as written, which loses nothing.
"""

from __future__ import annotations

import html
import re

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}> ?")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(?=\S)")
_ORDERED = re.compile(r"^[ \t]*(\d{1,9})[.)][ \t]+(?=\S)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+.*$")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")

_ESCAPABLE = r"""!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"""
_ESCAPE = re.compile(rf"\\([{_ESCAPABLE}])")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_DESTINATION = r"\((?:[^()\n]|\([^()\n]*\))*\)"  # one level of parentheses, as in URLs
_IMAGE = re.compile(rf"!\[([^\]]*)\]{_DESTINATION}")
_LINK = re.compile(rf"\[([^\]]+)\](?:{_DESTINATION}|\[[^\]]*\])")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]+|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# Emphasis: the delimiter hugs the text on both sides ("2 * 3 * 4" is not emphasis), and
# underscores only count outside words (snake_case_names stay as written).
_STRONG_STAR = re.compile(r"(\*\*\*?)(?=\S)(.+?)(?<=\S)\1")
_STRONG_UNDER = re.compile(r"(?<![\w])(___?)(?=\S)(.+?)(?<=\S)\1(?![\w])")
_EM_STAR = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*")
_EM_UNDER = re.compile(r"(?<![\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_PLACEHOLDER = "\x00{}\x00"
_PLACEHOLDERS = re.compile("\x00(\\d+)\x00")


def inline_text(text: str) -> str:
    """The words of one paragraph's inline Markdown, without the markup."""
    # Code spans and escapes are literal: park them so no later rule touches them.
    parked: list[str] = []

    def park(value: str) -> str:
        parked.append(value)
        return _PLACEHOLDER.format(len(parked) - 1)

    text = _CODE_SPAN.sub(lambda m: park(m.group(2).strip(" ") or m.group(2)), text)
    text = _ESCAPE.sub(lambda m: park(m.group(1)), text)
    text = _AUTOLINK.sub(lambda m: park(m.group(1)), text)
    text = _IMAGE.sub("", text)  # pictures are not text (web pages lose them too)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _STRONG_STAR.sub(r"\2", text)
    text = _STRONG_UNDER.sub(r"\2", text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDER.sub(r"\1", text)
    text = _STRIKE.sub(r"\1", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)  # "&amp;" is "&"
    return _PLACEHOLDERS.sub(lambda m: parked[int(m.group(1))], text)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """A YAML front matter block's simple ``key: value`` lines, and the text after it."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    metadata: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        if (pair := _FRONT_KEY.match(line)) and (value := pair.group(2).strip().strip("'\"")):
            metadata[pair.group(1).lower()] = value
    return metadata, text[match.end() :]


class _Blocks:
    """Collects the text's blocks: a paragraph's soft-wrapped lines are joined into one line
    (hard breaks kept); list items and table rows are lines of one block."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str]] = []
        """(kind, text): kind "item" and "row" blocks in a row are joined by one line end."""
        self._lines: list[str] = []
        self._kind = "paragraph"

    @property
    def pending(self) -> bool:
        return bool(self._lines)

    @property
    def in_table(self) -> bool:
        return bool(self.blocks) and self.blocks[-1][0] == "row" and not self._lines

    def line(self, line: str, kind: str = "paragraph") -> None:
        if kind != "paragraph":
            self.end()
            self._kind = kind
        self._lines.append(line)

    def end(self) -> None:
        lines, self._lines, kind, self._kind = self._lines, [], self._kind, "paragraph"
        if not lines:
            return
        joined = ""
        for line in lines:
            hard = line.endswith(("  ", "\\"))
            piece = line.strip().removesuffix("\\").rstrip()
            joined += piece + ("\n" if hard else " ")
        self.block(inline_text(joined.strip()).strip(), kind)

    def block(self, text: str, kind: str = "paragraph") -> None:
        self.end()
        if text.strip():
            self.blocks.append((kind, text))

    def text(self) -> str:
        self.end()
        parts: list[str] = []
        previous = ""
        for kind, text in self.blocks:
            if parts:
                parts.append("\n" if kind == previous and kind in ("item", "row") else "\n\n")
            parts.append(text)
            previous = kind
        return "".join(parts) + "\n" if parts else ""


def _table_row(line: str) -> str:
    cells = line.strip().removeprefix("|").removesuffix("|").split("|")
    return "\t".join(inline_text(cell.strip()) for cell in cells)


def _add_line(out: _Blocks, line: str, following: str) -> str | None:
    """Add one line outside code blocks; return the fence when it opens a code block."""
    while _QUOTE.match(line):
        line = _QUOTE.sub("", line, count=1)
    if opening := _FENCE.match(line):
        out.end()
        return opening.group(1)
    if not line.strip():
        out.end()
    elif heading := _ATX.match(line):
        out.block(inline_text(heading.group(2) or "").strip())
    elif _SETEXT.match(line) and out.pending:
        out.end()  # the paragraph above is a heading: its text stays, the underline goes
    elif _RULE.match(line) or _REFERENCE.match(line) or _TABLE_RULE.match(line):
        out.end()
    elif "|" in line and (_TABLE_RULE.match(following) or out.in_table):
        out.block(_table_row(line), "row")
    elif bullet := _BULLET.match(line) or _ORDERED.match(line):
        marker = bullet.group(1) + ". " if bullet.re is _ORDERED else ""
        out.line(marker + line[bullet.end() :], "item")
    else:
        out.line(line)
    return None


def markdown_to_text(source: str) -> tuple[str, dict[str, str]]:
    """(plain text, front matter metadata) of a Markdown document (LF line ends)."""
    metadata, source = front_matter(source)
    lines = source.split("\n")
    out = _Blocks()
    fence: str | None = None
    code: list[str] = []
    for number, line in enumerate(lines):
        if fence is None:
            following = lines[number + 1] if number + 1 < len(lines) else ""
            fence = _add_line(out, line, following)
        elif line.strip().startswith(fence) and not line.strip().strip(fence[0]):
            out.block("\n".join(code))  # the closing fence: the code is kept as written
            fence, code = None, []
        else:
            code.append(line)
    if fence is not None:
        out.block("\n".join(code))
    return out.text(), metadata
