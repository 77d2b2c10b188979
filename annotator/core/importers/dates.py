"""Publication dates as news exports and web pages write them, parsed into real dates.

The original string is always kept in the document's metadata (``published_raw``), so a
date read the wrong way can be checked and corrected. Numeric dates with two small numbers
(``03/04/2023``) are ambiguous; they are read day first, as most of the world and most news
databases outside the US write them, unless the second number cannot be a month
(``05/17/2023``).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janvier", "januar", "enero"),
            ("feb", "february", "février", "fevrier", "februar", "febrero"),
            ("mar", "march", "mars", "märz", "marz", "marzo"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "juni", "junio"),
            ("jul", "july", "juillet", "juli", "julio"),
            ("aug", "august", "août", "aout", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "octobre", "oktober", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "décembre", "decembre", "dezember", "diciembre"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$")
_WORDS = re.compile(r"[^\W\d_]+\.?|\d+", re.UNICODE)


def _date(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _numeric(first: int, second: int, third: int) -> dt.date | None:
    if first > 31:  # 2023/05/17
        return _date(first, second, third)
    if first > 12:  # 17/05/2023
        return _date(third, second, first)
    if second > 12:  # 05/17/2023: US order
        return _date(third, first, second)
    return _date(third, second, first)  # ambiguous: day first


def _with_month_name(text: str) -> dt.date | None:
    month = None
    numbers: list[int] = []
    for token in _WORDS.findall(text.lower()):
        if token.isdigit():
            numbers.append(int(token))
        elif month is None and token.rstrip(".") in _MONTHS:
            month = _MONTHS[token.rstrip(".")]
    if month is None or len(numbers) < 2:
        return None
    years = [n for n in numbers if n > 31]
    days = [n for n in numbers if 1 <= n <= 31]
    if years and days:
        return _date(years[0], month, days[0])
    return None


def parse_date(value: str) -> dt.date | None:
    """The date in ``value`` or None when it holds none that can be read with confidence.

    Understands ISO 8601 (with a time), ``20230517``, ``17.05.2023``, ``17/05/2023``,
    ``2023/05/17``, ``17 May 2023``, ``May 17, 2023``, ``Wednesday, 17 May 2023 10:00`` and
    RFC 2822 (``Wed, 17 May 2023 10:00:00 +0000``, as in RSS and e-mail)."""
    text = " ".join(value.split())
    if not text:
        return None
    if match := _ISO.match(text):
        return _date(*(int(g) for g in match.groups()))
    if match := _COMPACT.match(text):
        return _date(*(int(g) for g in match.groups()))
    if match := _NUMERIC.match(text.split(" ")[0]):
        return _numeric(*(int(g) for g in match.groups()))
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date()
    return _with_month_name(text)
