"""Plain text and Markdown files (``.txt``, ``.md``).

Encodings: UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised; anything else
is detected by charset-normalizer (cp1252, latin-1, cp1251, ...) and the choice is recorded
in the document's metadata (``encoding``). Files that look binary are refused.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from annotator.core.importers import DocumentIn, ReadOptions, RejectedFileError, read_bytes
from annotator.core.importers.dates import parse_date
from annotator.core.importers.markdown import markdown_to_text
from annotator.core.text import normalize_text

MARKDOWN_SUFFIXES = (".md", ".markdown")
SUFFIXES = (".txt", ".text", *MARKDOWN_SUFFIXES)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_MAX_TITLE_LENGTH = 200
_FALLBACK_TITLE_LENGTH = 80
_ELLIPSES = ("…", "...")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode file bytes; return (text, encoding name).

    A byte-order mark decides; else UTF-8 when the bytes are valid UTF-8 (the common case,
    and charset-normalizer can mistake short UTF-8 for something else); else the encoding
    charset-normalizer finds most likely (cp1252, latin-1, cp1251, Shift JIS, ...)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise RejectedFileError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte {error.start}: {error.reason})"
                ) from error
    if b"\x00" in data[:65536]:
        raise RejectedFileError(f"{name}: looks like a binary file (it contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported here: it is only needed for odd files

    matches = from_bytes(data[:262144])
    best = matches.best()
    if best is None:
        raise RejectedFileError(f"{name}: not text in any encoding that could be recognised")
    encoding = best.encoding
    tied = {m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    if encoding != "cp1252" and (
        "cp1252" in tied or _western_fits(data, encoding, best.chaos, best.coherence)
    ):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("cp1252"), "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as error:
        raise RejectedFileError(
            f"{name}: not text in any encoding that could be recognised (closest: {encoding})"
        ) from error


def _western_fits(data: bytes, encoding: str, chaos: float, coherence: float) -> bool:
    """Whether Windows-1252 reads ``data`` as well as charset-normalizer's pick.

    Several single-byte code pages often fit a Western file equally well, and the library
    then picks among them by small differences in its language scores: a cp1252 file whose
    only non-ASCII bytes are quotes and accents came out as "cp1250" (same text) or "cp775"
    ("crème" became "crčme"). Windows-1252 is by far the most common of them in news files,
    so it wins when it gives the same text, or when the pick is a DOS/Mac code page (never
    the right answer for a news file when a Windows one fits) or has no language evidence,
    and Windows-1252 reads as cleanly. A real Windows-1250/1251/1254 file keeps its code page:
    read as 1252 it is either messy (Cyrillic, Greek) or the library's pick differs in text
    and is a Windows page with language evidence (Czech, Turkish)."""
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    try:
        if data.decode(encoding) == western:
            return True
    except (UnicodeDecodeError, LookupError):
        return True
    family = _family(encoding)
    if family in ("windows", "iso") and coherence > 0:
        return False
    from charset_normalizer.md import mess_ratio

    return bool(mess_ratio(western[:65536], 1.0) <= chaos + _CHAOS_MARGIN)


_CHAOS_MARGIN = 0.05
"""How much messier (charset-normalizer's measure, 0..1) the Windows-1252 reading of a file
may be than the library's pick and still be preferred: a 40-character line with a "£" and a
"€" scored 0.049 against 0.0 for cp437."""


def _family(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    if name.startswith("cp125"):
        return "windows"
    if name.startswith(("iso8859", "latin")):
        return "iso"
    return "other"


_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with byte-order mark)",
    "utf-16": "UTF-16",
    "ascii": "ASCII",
    "latin-1": "ISO-8859-1 (Latin-1)",
    "iso8859-1": "ISO-8859-1 (Latin-1)",
    "shift_jis": "Shift JIS",
    "big5": "Big5",
    "gb18030": "GB18030",
    "gb2312": "GB2312",
    "euc_jp": "EUC-JP",
    "euc_kr": "EUC-KR",
    "koi8-r": "KOI8-R",
    "koi8-u": "KOI8-U",
    "mac-roman": "Mac OS Roman",
}


def encoding_label(encoding: str) -> str:
    """The name people know an encoding by: "Windows-1252", not Python's "cp1252"."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    if name in _LABELS:
        return _LABELS[name]
    if name.startswith("cp125"):
        return "Windows-" + name[2:]
    if name.startswith("iso8859-"):
        return "ISO-8859-" + name[8:]
    if name.startswith("cp"):
        return "DOS code page " + name[2:]
    return name.upper()


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = len(_CONTROLS.findall(sample))  # a regex: per-character Python was slow
    return bool(sample) and controls / len(sample) > 0.05


def title_from_first_line(text: str) -> str:
    """The first non-empty line when it looks like a headline; else the start of that line,
    cut at a word boundary and marked with an ellipsis."""
    for line in text.split("\n"):
        line = _MARKDOWN_HEADING.sub("", line.strip())
        if not line:
            continue
        if len(line) <= _MAX_TITLE_LENGTH and (
            line.endswith(_ELLIPSES) or not line.endswith((".", ",", ";", ":"))
        ):
            return line  # a headline that trails off ("Rivals of the £400 Apple...") is whole
        if len(line) <= _FALLBACK_TITLE_LENGTH:
            return line  # a short first sentence is a title as it is
        cut = line[:_FALLBACK_TITLE_LENGTH]
        if not line[_FALLBACK_TITLE_LENGTH].isspace():  # inside a word: drop that word only
            cut = cut.rsplit(" ", 1)[0]
        return cut.rstrip(" ,;:.") + "…"
    return ""


def document_from_text(raw: str, path: Path, extra: dict[str, str]) -> DocumentIn:
    if _looks_binary(raw):
        raise RejectedFileError(f"{path.name}: looks like a binary file, not text")
    text = normalize_text(raw)
    if not text.strip():
        raise RejectedFileError(f"{path.name}: contains no text")
    return DocumentIn(text=text, origin=path.name, title=title_from_first_line(text), extra=extra)


def read(path: Path, options: ReadOptions) -> Iterator[DocumentIn]:
    """Read one plain-text or Markdown article (Markdown as plain text, see markdown.py)."""
    raw, encoding = decode(read_bytes(path, options.max_bytes), path.name)
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        yield document_from_text(raw, path, {"encoding": encoding, "format": "text"})
        return
    if _looks_binary(raw):
        raise RejectedFileError(f"{path.name}: looks like a binary file, not text")
    # Block structure needs plain line ends first (markdown_to_text splits on LF only).
    text, metadata = markdown_to_text(normalize_text(raw))
    document = document_from_text(text, path, {"encoding": encoding, "format": "markdown"})
    raw_date = metadata.get("date", "")
    if raw_date:
        document.extra["published_raw"] = raw_date
    yield replace(
        document,
        title=" ".join(metadata.get("title", "").split()) or document.title,
        author=" ".join(metadata.get("author", "").split()),
        source=" ".join(metadata.get("source", "").split()),
        url=metadata.get("url", "").strip(),
        published_at=parse_date(raw_date) if raw_date else None,
    )
