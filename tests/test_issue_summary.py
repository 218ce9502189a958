"""Findings summarised by cause: one line per distinct problem wherever people read them, the
full list in Parquet only (issue 17, item 1)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kpi import paths
from kpi.cli import main
from kpi.ingest import load_extract
from kpi.ingest.report import ISSUE_DETAIL_LIMIT, issue_details, summarise_issues
from kpi.report import present


@pytest.fixture(scope="module")
def unknown_units(tmp_path_factory) -> Path:
    """June of the sample with every dossier's unit spelled as no unit of params/units.yaml:
    three spellings, one dossier in three each."""
    folder = tmp_path_factory.mktemp("extract") / "2024-06"
    shutil.copytree(paths.SAMPLE_DIR / "2024-06", folder)
    dossiers = pd.read_csv(folder / "dossiers.csv", dtype=str, keep_default_na=False)
    dossiers["unit"] = [f"Chi cục 0{i % 3}" for i in range(len(dossiers))]
    dossiers.to_csv(folder / "dossiers.csv", index=False)
    return folder


def test_summary_hand_worked() -> None:
    issues = pd.DataFrame(
        {
            "table": ["dossiers"] * 5,
            "file": ["a.csv"] * 5,
            "row": [9, 2, 5, 7, 3],
            "column": ["unit", "unit", "unit", "due_at", "due_at"],
            "value": ["X", "X", "Y", "2024-01-01", "2024-02-02"],
            "reason": [
                "Đơn vị lạ",
                "Đơn vị lạ",
                "Đơn vị lạ",
                "Hẹn trả trước tiếp nhận",
                "Hẹn trả trước tiếp nhận",
            ],
        }
    )
    summary = summarise_issues(issues, first=1)
    # a unit's value is the problem itself; a date's is only an example
    assert summary[["column", "value", "count", "first_rows"]].values.tolist() == [
        ["unit", "X", 2, "2…"],
        ["due_at", "2024-02-02", 2, "3…"],
        ["unit", "Y", 1, "5"],
    ]


def test_check_prints_one_line_per_problem(unknown_units, tmp_path, capsys) -> None:
    details = tmp_path / "details.parquet"
    assert main(["check", "--data", str(unknown_units), "--details", str(details)]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) <= 24  # a screenful, not a line per dossier
    assert "Chi cục 00" in out and "Chi cục 02" in out and "2, 5, 8, 11, 14…" in out
    full = pd.read_parquet(details)
    extract = load_extract([unknown_units])
    assert len(full) == len(extract.findings) + len(extract.quarantine) > ISSUE_DETAIL_LIMIT
    assert set(full["kind"]) == {"finding"}


def test_report_table_and_details_agree(unknown_units) -> None:
    extract = load_extract([unknown_units])
    table = present.issues_table(extract.findings)
    assert len(table) == 3 and table["Số dòng"].sum() == len(extract.findings)
    assert len(issue_details(extract)) == len(extract.findings)
    small = present.issues_table(extract.findings.head(5))  # few: one row per record
    assert len(small) == 5 and "Dòng" in small.columns


def test_the_values_of_one_cause_share_a_line() -> None:
    from kpi.ingest import report

    # 20 unknown unit values; value k has k + 1 rows: 210 rows, 20 problems of one cause
    values = [f"Chi cục {k:02d}" for k in range(20) for _ in range(k + 1)]
    issues = pd.DataFrame(
        {"table": "dossiers", "file": "/x/2024-06/a.csv", "row": range(2, 2 + len(values)),
         "column": "unit", "value": values, "reason": "Đơn vị không có trong danh mục"}
    )  # fmt: skip
    lines = report._issue_lines("Phát hiện ({count}):", issues)
    shown = [line for line in lines if line.startswith("dossiers")]
    assert len(shown) == 1
    cells = shown[0].split("  ")
    assert "2024-06/a.csv" in cells and "/x/" not in shown[0]
    assert "20 giá trị: Chi cục 19 (20), Chi cục 18 (19), Chi cục 17 (18)…" in shown[0]
    assert re.search(r"  210 +2, 3, 4, 5, 6…$", shown[0])


def test_a_screenful_shows_the_most_frequent_causes_and_counts_the_rest() -> None:
    from kpi.ingest import report

    # 8 causes (columns), cause k with 10 * (k + 1) rows: 360 rows; the 6 largest shown
    columns = [f"c{k}" for k in range(8) for _ in range(10 * (k + 1))]
    issues = pd.DataFrame(
        {"table": "dossiers", "file": "a.csv", "row": range(2, 2 + len(columns)),
         "column": columns, "value": "v", "reason": "Sai"}
    )  # fmt: skip
    lines = report._issue_lines("Phát hiện ({count}):", issues)
    shown = [line for line in lines if line.startswith("dossiers")]
    assert len(shown) == report.PROBLEM_LINES == 6
    assert " c7 " in shown[0] and " c2 " in shown[-1]
    assert lines[-1].startswith("… và 2 vấn đề khác, 30 dòng")  # c0 (10) and c1 (20)


def test_causes_merge_counts_and_first_rows() -> None:
    from kpi.ingest.report import summarise_causes

    summary = pd.DataFrame(
        {"table": "dossiers", "file": "a.csv", "column": ["unit", "unit", "due_at"],
         "reason": ["Lạ", "Lạ", "Sai"], "value": ["X", "Y", "2024-01-01"], "count": [2, 6, 1],
         "first_rows": ["8, 9", "3, 4, 10, 11, 12…", "7"]}
    )  # fmt: skip
    causes = summarise_causes(summary, named=2)
    assert causes[["column", "value", "count", "first_rows"]].values.tolist() == [
        ["unit", "2 giá trị: Y (6), X (2)", 8, "3, 4, 8, 9, 10…"],
        ["due_at", "2024-01-01", 1, "7"],
    ]
