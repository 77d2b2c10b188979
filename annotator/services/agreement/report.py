"""What ``measure_agreement`` finds: per document, pooled and per pair of coders; plain data
with ``as_dict`` for JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.services.agreement.alpha import Agreement

LAYERS = ("mentions", "statements")
"""The unitized layers: mentions (category: the actor), statements (category: the claim)."""


@dataclass(frozen=True, slots=True)
class CategoryAgreement:
    id: str
    label: str
    agreement: Agreement

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, **self.agreement.as_dict()}


@dataclass(frozen=True, slots=True)
class LayerAgreement:
    """αu of one layer: over all its categories and for each category."""

    overall: Agreement
    categories: tuple[CategoryAgreement, ...] = ()
    units: int = 0
    """How many spans the coders marked in this layer (a coder's overlapping spans of one
    category counted once)."""
    any_category: Agreement = field(default_factory=lambda: Agreement(None))
    """αu of where the layer's spans are, whatever their category (Krippendorff et al.'s
    |αu: spans against gaps)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "alpha_u": self.overall.as_dict(),
            "alpha_u_any_category": self.any_category.as_dict(),
            "units": self.units,
            "categories": [c.as_dict() for c in self.categories],
        }


@dataclass(frozen=True, slots=True)
class StatementCoding:
    """α of paired statements' claim, speaker and stance, with what could not be paired."""

    paired: int
    """Units: groups of two or more coders' statements."""
    unpaired: dict[str, int]
    """Coder name -> statements of that coder that no other coder's statement matched."""
    variables: dict[str, Agreement]

    def as_dict(self) -> dict[str, Any]:
        return {
            "paired_units": self.paired,
            "unpaired_statements": dict(self.unpaired),
            **{name: value.as_dict() for name, value in self.variables.items()},
        }


@dataclass(frozen=True, slots=True)
class Agreements:
    """Everything measured on one set of documents (one document, or all pooled)."""

    layers: dict[str, LayerAgreement]
    coding: StatementCoding

    def as_dict(self) -> dict[str, Any]:
        return {
            **{name: layer.as_dict() for name, layer in self.layers.items()},
            "statement_coding": self.coding.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    id: str
    title: str
    coders: tuple[str, ...]
    length: int
    agreements: Agreements

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "coders": list(self.coders),
            "length": self.length,
            **self.agreements.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Two coders on the documents both coded (pooled)."""

    coders: tuple[str, str]
    documents: int
    agreements: Agreements

    def as_dict(self) -> dict[str, Any]:
        return {
            "coders": list(self.coders),
            "documents": self.documents,
            **{name: layer.overall.as_dict() for name, layer in self.agreements.layers.items()},
            **{name: value.as_dict() for name, value in self.agreements.coding.variables.items()},
        }


@dataclass(frozen=True, slots=True)
class AgreementReport:
    coders: tuple[str, ...]
    min_overlap: float
    pooled: Agreements
    documents: tuple[DocumentAgreement, ...]
    """Documents coded by two or more of the coders, in import order."""
    skipped: tuple[tuple[str, str, int], ...] = ()
    """(id, title, number of coders) of the documents fewer than two of the coders coded."""
    pairs: tuple[PairAgreement, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "coders": list(self.coders),
            "min_overlap": self.min_overlap,
            "pooled": self.pooled.as_dict(),
            "documents": [d.as_dict() for d in self.documents],
            "skipped_documents": [{"id": i, "title": t, "coders": n} for i, t, n in self.skipped],
            "pairs": [p.as_dict() for p in self.pairs],
            "notes": list(self.notes),
        }
