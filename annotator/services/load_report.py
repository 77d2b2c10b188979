"""What a dataset load did: rows inserted, updated, unchanged or rejected per table, the
reasons for each rejection, and the files that differ from their manifest."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

OUTCOMES = ("inserted", "updated", "unchanged", "rejected")


@dataclass
class LoadReport:
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    """Files that differ from their manifest, or a codebook that was ignored (issue #13.7)."""

    def count(self, table: str, outcome: str) -> None:
        self.counts.setdefault(table, Counter())[outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    def summary(self) -> str:
        words = ", ".join(f"{outcome} {self.total(outcome)}" for outcome in OUTCOMES)
        problems = len(self.file_problems)
        if problems:
            words += f"; {problems} file problem{'s' if problems > 1 else ''}"
        return words

    def by_table(self) -> list[str]:
        """One line per table that something happened to ("actors: inserted 9"), so a
        total of 15 says 15 of what."""
        return [
            f"{table}: " + ", ".join(f"{o} {counter[o]}" for o in OUTCOMES if counter[o])
            for table, counter in sorted(self.counts.items())
            if any(counter[o] for o in OUTCOMES)
        ]

    @property
    def partial(self) -> bool:
        """Whether something was left out or may be missing (exit code 3)."""
        return bool(self.total("rejected") or self.file_problems)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tables": {t: {o: c[o] for o in OUTCOMES} for t, c in sorted(self.counts.items())},
            **{o: self.total(o) for o in OUTCOMES},
            "messages": self.messages,
            "file_problems": self.file_problems,
        }
