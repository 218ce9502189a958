"""The corpus of realistic broken exports (tests/fixtures/broken, built by
tests/fixtures/make_broken_exports.py): each case is read the same as the clean extract,
quarantined with the exact reason, or refused with a Vietnamese message naming file, row and
column; and for every case, rows in = used + quarantined + superseded, no traceback, and a
score that differs from the clean one is explained by ``check``."""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi import cli
from kpi.errors import KpiError
from kpi.ingest import Extract, load_extract, quality_report
from kpi.scorecard import AGENCY
from tests.defaults import score_period

BROKEN = Path(__file__).parent / "fixtures" / "broken"
CASES = sorted(path.name for path in BROKEN.iterdir() if path.is_dir())
ABSENT = "Tệp không có cột"

SAME = [
    "placeholders", "float-flags", "cr-line-ends", "crlf-line-ends", "csv-title-rows",
    "csv-utf8-bom-semicolon", "manifest-day-first", "manifest-vietnamese-keys", "xlsx-clean",
    "xlsx-hidden-stale-sheet",
]  # fmt: skip
EARLY = (
    "Ngày tiếp nhận (received_at) trước ngày 01/01/2018: ngày không hợp lý "
    "(params/mapping.yaml, quality.earliest_date)"
)
QUARANTINED = {
    "date-1900": [(4, "received_at", "01/01/1900", EARLY)],
    "excel-serial-zero-date": [(4, "received_at", "1", EARLY)],
    "due-in-2099": [
        (5, "due_at", "14/06/2099 17:00",
         "Ngày hẹn trả (due_at) sau ngày 06/07/2025, quá 366 ngày sau thời điểm trích xuất "
         "05/07/2024 07:00: ngày không hợp lý (params/mapping.yaml, quality.max_days_after_export)"),
    ],
    "xlsx-formula-without-value": [
        (5, "synced_national", "=IF(1>0,1,0)",
         "Ô có công thức nhưng chưa có giá trị tính sẵn (tệp tạo bằng chương trình, chưa mở bằng "
         "Excel): hãy mở tệp bằng Excel, lưu lại rồi xuất lại"),
    ],
    "xlsx-error-values": [
        (5, "result_code", "#REF!", "Ô chứa lỗi công thức Excel, không phải giá trị"),
    ],
    "stray-quote": [
        (3, "status", "Đã trả kết quả,1,1,,,0\nH003,1.004500,CNTY,05/06/2024 10:00,11/06/2024 "
         "17:00,,Đang xử lý", "Trạng thái không hợp lệ"),
    ],
}  # fmt: skip
FATAL = {
    "unclosed-quote": ["unclosed-quote/dossiers.csv", "dấu ngoặc kép mở ở dòng 5"],
    "manifest-missing": ["Thiếu tệp manifest.yaml", "manifest-missing", "--export-time"],
    "missing-required-column": [
        "missing-required-column/dossiers.csv", "thiếu cột bắt buộc 'received_at'",
        "dòng tiêu đề 2 có các cột: 'MaHoSo', 'MaTTHC', 'DonViXuLy', 'NgayHenTra'",
    ],
    "xlsx-two-candidate-sheets": ["dossiers.xlsx", "'Tháng 5', 'Hồ sơ'"],
    "xls-named-xlsx": ["xls-named-xlsx/dossiers.xlsx", "Excel 97–2003 (.xls)"],
    "html-named-xlsx": ["html-named-xlsx/dossiers.xlsx", "trang HTML"],
    "xls-file": ["xls-file/dossiers.xls", "định dạng .xls"],
}  # fmt: skip
FINDINGS = {  # findings a case must add (beyond the clean extract's)
    "stray-quote": [(3, "TrangThaiHoSo")],
    "absent-result-columns": [(1, "result_code"), (1, "result_file_url")],
}


def test_every_case_has_an_expected_outcome() -> None:
    assert set(CASES) == {"clean", *SAME, *QUARANTINED, *FATAL, "absent-result-columns"}


@cache
def _load(case: str) -> Extract:
    return load_extract(BROKEN / case)


@cache
def _points(case: str) -> float:
    extract = _load(case)
    scorecard = score_period(extract.tables, "2024-06", export_time=extract.export_time)
    return round(float(scorecard.total(AGENCY)["points"]), 6)


def _issues(frame: pd.DataFrame) -> list[tuple]:
    rows = frame[frame["table"] == "dossiers"]
    return list(zip(rows["row"], rows["column"], rows["value"], rows["reason"], strict=True))


def _new_findings(case: str) -> list[tuple]:
    """Findings of ``case`` that the clean extract lacks; an absent column is compared without
    its row (the header row moves with title rows)."""

    def key(issue: tuple) -> tuple:
        row, column, value, reason = issue
        return (None if reason.startswith(ABSENT) else row, column, value, reason)

    clean = {key(issue) for issue in _issues(_load("clean").findings)}
    return [issue[:2] for issue in _issues(_load(case).findings) if key(issue) not in clean]


@pytest.mark.parametrize("case", SAME)
def test_read_the_same_as_the_clean_extract(case: str) -> None:
    clean, extract = _load("clean"), _load(case)
    pd.testing.assert_frame_equal(extract.tables["dossiers"], clean.tables["dossiers"])
    assert extract.quarantine.empty and _new_findings(case) == []
    assert extract.export_time == clean.export_time == pd.Timestamp("2024-07-05 07:00")
    assert _points(case) == _points("clean")


@pytest.mark.parametrize("case", sorted(QUARANTINED))
def test_quarantined_with_the_exact_reason(case: str) -> None:
    assert _issues(_load(case).quarantine) == QUARANTINED[case]


@pytest.mark.parametrize("case", sorted(FATAL))
def test_fatal_with_a_vietnamese_message(case: str) -> None:
    with pytest.raises(KpiError) as error:
        load_extract(BROKEN / case)
    for fragment in FATAL[case]:
        assert fragment in str(error.value)


@pytest.mark.parametrize("case", sorted(FINDINGS))
def test_findings_say_what_happened(case: str) -> None:
    assert _new_findings(case) == FINDINGS[case]


@pytest.mark.parametrize("case", CASES)
def test_rows_reconcile_no_traceback_and_a_changed_score_is_explained(
    case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["check", "--data", str(BROKEN / case)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    if case in FATAL:
        assert code == 2 and captured.err.startswith("Lỗi: ")
        return
    assert code == 0
    accounting = _load(case).accounting
    assert (
        accounting["rows_read"]
        == accounting["rows_used"] + accounting["rows_quarantined"] + accounting["rows_superseded"]
    ).all()
    if _points(case) != _points("clean"):
        extract = _load(case)
        explained = (
            not extract.quarantine.empty or _new_findings(case) or quality_report(extract).warnings
        )
        assert explained, case


# Damage of the classes above at random places of the clean CSV: reading either refuses the
# file with a Vietnamese error or reconciles, never a traceback.
_DAMAGE = ['"', "\r", "\n", ",", ";", "N/A", "1.0", "01/01/1900", "=A1", "\ufeff", "\u0300", " "]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(_DAMAGE)), max_size=6))
def test_random_damage_reconciles_or_is_refused(damage: list[tuple[int, str]]) -> None:
    text = (BROKEN / "clean" / "dossiers.csv").read_text("utf-8")
    for position, piece in damage:
        at = position % (len(text) + 1)
        text = text[:at] + piece + text[at:]
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(BROKEN / "clean", folder, dirs_exist_ok=True)
        (Path(folder) / "dossiers.csv").write_text(text, "utf-8")
        try:
            extract = load_extract(folder)
        except KpiError as error:
            assert str(error).strip()
            return
    accounting = extract.accounting
    assert (
        accounting["rows_read"]
        == accounting["rows_used"] + accounting["rows_quarantined"] + accounting["rows_superseded"]
    ).all()
