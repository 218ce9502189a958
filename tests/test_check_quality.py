"""Loud counts: score and check print the quarantine and findings counts, warn above the
thresholds of params/mapping.yaml (quality), and exit 2 under --strict."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kpi import cli
from kpi.ingest import load_extract, quality_report
from kpi.ingest.mapping import QualityLimits
from kpi.ingest.report import RED, use_color
from kpi.report.document import quality_document
from tests.ingest_helpers import DOSSIER_HEADER, DOSSIER_ROWS, default_dossiers, write_extract

# H002's received date cannot be read: 1 of 3 dossiers quarantined (33.33 %).
ONE_BAD = default_dossiers(
    rows=(
        DOSSIER_ROWS[0],
        DOSSIER_ROWS[1].replace("02/06/2024,10", "32/13/2024,10"),
        DOSSIER_ROWS[2],
    )
)


def test_clean_extract_counts_and_no_warning(tmp_path: Path) -> None:
    report = quality_report(load_extract(write_extract(tmp_path / "x")))
    assert report.totals == {
        "rows_read": 5,
        "rows_used": 5,
        "rows_quarantined": 0,
        "rows_superseded": 0,
    }
    assert report.warnings == []
    assert report.line.startswith("Dữ liệu đầu vào: đọc 5 dòng, dùng 5, cách ly 0")


def test_quarantine_above_threshold_warns_with_the_share(tmp_path: Path) -> None:
    extract = load_extract(write_extract(tmp_path / "x", ONE_BAD))
    report = quality_report(extract)
    assert report.totals["rows_quarantined"] == 1
    assert report.warnings == [
        "bảng 'dossiers' có 1/3 dòng bị cách ly (33,33 %), vượt ngưỡng 2 % (params/mapping.yaml, "
        "quality.max_quarantined_pct): điểm tính trên phần còn lại có thể sai."
    ]
    assert quality_report(extract, QualityLimits(max_quarantined_pct=34)).warnings == []
    assert len(quality_report(extract, QualityLimits(max_quarantined_pct=33)).warnings) == 1


def test_required_table_without_a_used_row_warns(tmp_path: Path) -> None:
    empty = DOSSIER_HEADER + "\n"
    report = quality_report(load_extract(write_extract(tmp_path / "x", empty)))
    assert report.warnings == [
        "bảng bắt buộc 'dossiers' không có dòng nào được sử dụng (đọc 0, cách ly 0): "
        "không thể chấm điểm đúng."
    ]


def test_warning_lines_are_red_only_on_a_terminal(tmp_path: Path) -> None:
    report = quality_report(load_extract(write_extract(tmp_path / "x", ONE_BAD)))
    plain, red = report.lines(), report.lines(color=True)
    assert plain[1].startswith("CẢNH BÁO: ") and RED not in plain[1]
    assert red[1].startswith(RED) and red[0] == plain[0]

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert use_color(Terminal()) and not use_color(io.StringIO())


def test_check_prints_counts_and_strict_exits_two(tmp_path: Path, capsys) -> None:
    folder = str(write_extract(tmp_path / "x", ONE_BAD))
    assert cli.main(["check", "--data", folder]) == 0
    out = capsys.readouterr().out
    assert "Dữ liệu đầu vào: đọc 5 dòng, dùng 4, cách ly 1" in out
    assert "CẢNH BÁO: bảng 'dossiers' có 1/3 dòng bị cách ly" in out
    assert cli.main(["check", "--data", folder, "--strict"]) == 2
    assert "--strict" in capsys.readouterr().err
    assert cli.main(["check", "--data", folder, "--format", "json"]) == 0
    quality = json.loads(capsys.readouterr().out)["quality"]
    # findings: the 32 optional columns the hand-made files lack (18 dossiers, 14 procedures)
    assert (quality["rows_quarantined"], quality["findings"], len(quality["warnings"])) == (
        1,
        32,
        1,
    )


def test_score_strict_clean_extract_exits_zero(tmp_path: Path, capsys) -> None:
    folder = str(write_extract(tmp_path / "x"))
    assert cli.main(["score", "--data", folder, "--period", "2024-06", "--strict"]) == 0
    assert "cách ly 0" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_score_says_what_was_quarantined(tmp_path: Path, capsys, fmt: str) -> None:
    folder = str(write_extract(tmp_path / "x", ONE_BAD))
    argv = ["score", "--data", folder, "--period", "2024-06", "--format", fmt]
    assert cli.main(argv) == 0
    captured = capsys.readouterr()
    if fmt == "json":
        quality = json.loads(captured.out)["quality"]
        assert quality["tables"]["dossiers"]["rows_quarantined"] == 1
        assert (quality["rows_read"], quality["rows_quarantined"], quality["findings"]) == (
            5,
            1,
            32,
        )
        assert len(quality["warnings"]) == 1
        assert "CẢNH BÁO" in captured.err
    else:
        shown = captured.out if fmt == "table" else captured.err
        assert "cách ly 1" in shown and "CẢNH BÁO" in shown
    assert cli.main([*argv, "--strict"]) == 2


def test_quality_document_wraps_a_bare_table_summary() -> None:
    tables = {"dossiers": {"rows_read": 3, "rows_used": 2, "rows_quarantined": 1,
                           "rows_superseded": 0}}  # fmt: skip
    document = quality_document(tables)
    assert document["tables"] == tables and document["rows_quarantined"] == 1
    assert document["findings"] is None and document["warnings"] is None
