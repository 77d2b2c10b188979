"""What network to build: the options of ``annotator network`` as one checked value, and the
parsing of its small languages (stance values ``support=1,oppose=-1``, periods ``1y``, ``3m``).

The definitions follow Leifeld's Discourse Network Analyzer (DNA); docs/networks.md gives the
formulas and where ours differ on purpose.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.core.errors import AnnotatorError
from annotator.core.models import name_key

NETWORK_TYPES = ("two-mode", "congruence", "conflict", "subtract")
ONE_MODE_TYPES = ("congruence", "conflict", "subtract")
MODES = ("actors", "claims")
QUALIFIERS = ("ignore", "subtract", "combine")
NORMALIZATIONS = ("none", "activity", "prominence", "average", "jaccard", "cosine")
TWO_MODE_NORMALIZATIONS = ("none", "activity", "prominence")
ONE_MODE_NORMALIZATIONS = ("none", "average", "jaccard", "cosine")
DUPLICATES = ("all", "document", "week", "month", "year")
DEFAULT_STANCE_VALUES: Mapping[str, float] = {"support": 1.0, "oppose": -1.0, "neutral": 0.0}
"""Values of the default scale's labels; any other label needs ``--stance-values``."""


class NetworkOptionsError(AnnotatorError):
    """The network options contradict each other or name something unknown."""


@dataclass(frozen=True, slots=True)
class Period:
    """A length of calendar time: ``count`` days, weeks, months or years."""

    count: int
    unit: str  # "d", "w", "m" or "y"

    @classmethod
    def parse(cls, text: str) -> Period:
        match = re.fullmatch(r"\s*(\d+)\s*([dwmy])\s*", text.lower())
        if match is None or int(match.group(1)) == 0:
            raise NetworkOptionsError(
                f"period {text!r} is not a positive number followed by d, w, m or y "
                "(days, weeks, months, years), such as 1y or 3m"
            )
        return cls(int(match.group(1)), match.group(2))

    def after(self, day: dt.date) -> dt.date:
        """``day`` moved forward by this period (month ends are kept within the month)."""
        if self.unit == "d":
            return day + dt.timedelta(days=self.count)
        if self.unit == "w":
            return day + dt.timedelta(weeks=self.count)
        months = self.count * (12 if self.unit == "y" else 1)
        year, month = divmod(day.month - 1 + months, 12)
        year += day.year
        last = calendar.monthrange(year, month + 1)[1]
        return dt.date(year, month + 1, min(day.day, last))

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


@dataclass(frozen=True)
class NetworkOptions:
    """One network request; :meth:`check` says what is wrong with it."""

    type: str = "two-mode"
    mode: str = "actors"
    """Nodes of a one-mode network: actors (linked through claims) or claims (through actors)."""
    qualifier: str | None = None
    """How the stance counts: None for the type's own rule (two-mode: ignore), ``ignore``
    (co-occurrence), or for two-mode ``subtract`` / ``combine``."""
    normalize: str = "none"
    stance_values: Mapping[str, float] | None = None
    """Value of each stance label; None: the default scale's values."""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    window: Period | None = None
    step: Period | None = None
    claims: str | None = None
    """A claim (id or label): only statements on it and the claims below it."""
    coders: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    """Only statements with one of these stances (none: every stance)."""
    duplicates: str = "all"

    @property
    def one_mode(self) -> bool:
        return self.type in ONE_MODE_TYPES

    @property
    def aggregation(self) -> str:
        """How statements' stances combine: ignore, subtract, combine (two-mode) or the
        one-mode type."""
        if self.qualifier is not None:
            return self.qualifier
        return self.type if self.one_mode else "ignore"

    def check(self) -> None:
        _choose("network type", self.type, NETWORK_TYPES)
        _choose("mode", self.mode, MODES)
        _choose("normalisation", self.normalize, NORMALIZATIONS)
        _choose("duplicates setting", self.duplicates, DUPLICATES)
        if self.qualifier is not None:
            _choose("qualifier setting", self.qualifier, QUALIFIERS)
        if self.one_mode and self.qualifier not in (None, "ignore"):
            raise NetworkOptionsError(
                f"--qualifier {self.qualifier} is for two-mode networks; a one-mode network "
                "uses the stance as its type says (or --qualifier ignore)"
            )
        allowed = ONE_MODE_NORMALIZATIONS if self.one_mode else TWO_MODE_NORMALIZATIONS
        if self.normalize not in allowed:
            kind = "one-mode" if self.one_mode else "two-mode"
            raise NetworkOptionsError(
                f"--normalize {self.normalize} is not defined for {kind} networks "
                f"(have: {', '.join(allowed)})"
            )
        if self.aggregation == "combine" and self.normalize != "none":
            raise NetworkOptionsError(
                "--qualifier combine gives codes, not amounts: it cannot be normalised"
            )
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise NetworkOptionsError("--from is after --to")
        if self.step is not None and self.window is None:
            raise NetworkOptionsError("--step needs --window")


def _choose(what: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise NetworkOptionsError(f"no {what} {value!r} (have: {', '.join(allowed)})")


def parse_stance_values(text: str) -> dict[str, float]:
    """``support=1,oppose=-1,neutral=0`` -> {label: value}."""
    values: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        label, sep, number = part.rpartition("=")
        try:
            value = float(number)
        except ValueError:
            value = math.nan
        if not sep or not label.strip() or not math.isfinite(value):
            raise NetworkOptionsError(
                f"stance value {part!r} is not LABEL=NUMBER (as in support=1,oppose=-1)"
            )
        values[label.strip()] = value
    if not values:
        raise NetworkOptionsError("--stance-values is empty")
    return values


def scale_values(scale: Sequence[str], given: Mapping[str, float] | None) -> dict[str, float]:
    """The value of every label of the project's stance ``scale``, from ``given`` (labels
    matched regardless of case) or the defaults; raises when a label has none or a given
    label is not on the scale."""
    by_key = {name_key(label): value for label, value in (given or {}).items()}
    on_scale = {name_key(label) for label in scale}
    unknown = [label for label in (given or {}) if name_key(label) not in on_scale]
    if unknown:
        raise NetworkOptionsError(
            f"stance {unknown[0]!r} is not on this project's stance scale ({', '.join(scale)})"
        )
    values: dict[str, float] = {}
    for label in scale:
        key = name_key(label)
        value = by_key.get(key, DEFAULT_STANCE_VALUES.get(key))
        if value is None:
            raise NetworkOptionsError(
                f"the stance {label!r} has no value: give every stance of the scale "
                f"({', '.join(scale)}) one with --stance-values LABEL=NUMBER,..."
            )
        values[label] = value
    return values
