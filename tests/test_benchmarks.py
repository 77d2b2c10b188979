"""The benchmark suite runs end to end (on a tiny corpus; figures are not judged here)."""

import json

import pytest

from benchmarks.__main__ import main


@pytest.mark.slow
def test_the_benchmark_suite_writes_its_figures(tmp_path, capsys):
    out = tmp_path / "results.json"
    assert (
        main(
            [
                "--documents",
                "40",
                "--scale",
                "1",
                "--queries",
                "14",
                "--out",
                str(out),
                "--export-statements",
                "500",
                "--network-statements",
                "300",
                "--statements",
                "400",
            ]
        )
        == 0
    )
    results = json.loads(out.read_text())
    for key in ("import_s", "raw_whoosh_index_s", "search_p95_ms", "search_hl_p95_ms"):
        assert isinstance(results[key], int | float), key
    assert results["documents"] == 40
    assert results["export_csv_1m_s_500"] > 0
    assert results["html_extract_ms_per_article"] > 0
    assert results["startup_s"] > 0
    assert results["network_congruence_actors_s_300"] >= 0
    assert results["network_draw_500_s"] > 0
    assert results["statements_window_rows_400"] == 440  # with the mentions
    assert results["statements_first_page_ms_400"] > 0
    assert "| search_hl_p95_ms |" in capsys.readouterr().out
    assert out.with_suffix(".md").is_file()
