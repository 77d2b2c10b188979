"""Inter-coder agreement (issue #19.3): Krippendorff's α and unitizing αu, no Qt, read-only.

``measure_agreement(project, coders=..., documents=...)`` is the entry point; docs/agreement.md
gives the formulas, the pairing of statements and a worked example."""

from annotator.services.agreement.alpha import Agreement, alpha
from annotator.services.agreement.measure import measure_agreement
from annotator.services.agreement.pairing import DEFAULT_MIN_OVERLAP
from annotator.services.agreement.report import AgreementReport

__all__ = ["DEFAULT_MIN_OVERLAP", "Agreement", "AgreementReport", "alpha", "measure_agreement"]
