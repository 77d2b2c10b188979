"""docs/dataset.md is generated from the definitions the exporter uses; they must not drift."""

from pathlib import Path

from annotator.core.dataset_dictionary import data_dictionary

DOC = Path(__file__).resolve().parents[2] / "docs" / "dataset.md"


def test_the_data_dictionary_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == data_dictionary(), (
        "regenerate it: python -m annotator.core.dataset_dictionary > docs/dataset.md"
    )
