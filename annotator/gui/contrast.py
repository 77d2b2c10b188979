"""Colours that stay readable on the palette in use, light or dark (WCAG 2.x).

A code's colour is chosen once (a claim's colour, an actor kind's); what is painted is fitted
to the background it is painted on: a statement's fill is the colour blended into the page,
only as far as the text on it keeps a contrast of 4.5:1, and a mention's underline (or an
actor's name in the codebook) is the colour taken lighter on a dark page and darker on a
light one until it stands out by 3:1 (4.5:1 for text). Plain Python on ``#rrggbb`` strings.
"""

from __future__ import annotations

TEXT_CONTRAST = 4.5
"""WCAG 2.x 1.4.3: normal text against its background."""
MARK_CONTRAST = 3.0
"""WCAG 2.x 1.4.11: a graphical mark (an underline) against what is next to it."""
STATEMENT_ALPHA = 0.43
"""How much of a claim's colour a statement's fill has at most (before the text needs less)."""

RGB = tuple[int, int, int]


def rgb(colour: str) -> RGB:
    """``#rrggbb`` (or ``#rgb``) as three 0-255 integers."""
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def hex_of(value: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(max(0, min(255, round(c))) for c in value))


def luminance(colour: str) -> float:
    """The relative luminance of ``colour`` (0 black, 1 white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(colour: str, base: str, share: float) -> str:
    """``share`` of ``colour`` painted over ``base`` (what a translucent fill looks like)."""
    return hex_of(
        tuple(share * c + (1 - share) * b for c, b in zip(rgb(colour), rgb(base), strict=True))  # type: ignore[arg-type]
    )


def statement_fill(colour: str, base: str, text: str) -> str:
    """The fill of a statement in ``colour`` on a page ``base`` under ``text``: as much of
    the colour as keeps the text readable on it."""
    share = STATEMENT_ALPHA
    while share > 0.05 and contrast(mix(colour, base, share), text) < TEXT_CONTRAST:
        share -= 0.01
    fill = mix(colour, base, share)
    return fill if contrast(fill, text) >= TEXT_CONTRAST else base


def standing_out(colour: str, base: str, minimum: float = MARK_CONTRAST) -> str:
    """``colour``, or the nearest shade of it (towards white on a dark page, towards black
    on a light one) that reaches ``minimum`` contrast against ``base``."""
    away = "#ffffff" if luminance(base) < 0.18 else "#000000"
    share = 0.0
    shade = colour
    while contrast(shade, base) < minimum and share < 1.0:
        share = min(1.0, share + 0.05)
        shade = mix(away, colour, share)
    return shade
