"""Implausible dates (before quality.earliest_date, or far after the export) are quarantined
with a reason naming the column; a date shortly after the export stays a finding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kpi.ingest import load_extract, load_ingest_mapping, quality_report
from kpi.ingest.mapping import QualityLimits
from tests.ingest_helpers import (
    DOSSIER_ROWS,
    counts,
    default_dossiers,
    issues,
    kept,
    write_extract,
)

# Export time 2024-07-01 08:00; window 2018-01-01 .. 2025-07-02 08:00 (366 days).
ROWS = (
    DOSSIER_ROWS[0].replace("01/06/2024 09:00", "01/01/1900"),  # H001 received in 1900 (line 2)
    DOSSIER_ROWS[1].replace("10/06/2024", "10/06/2099"),  # H002 due in 2099 (line 3)
    DOSSIER_ROWS[2].replace("03/06/2024", "2"),  # H003 Excel serial 2 = 1900-01-01 (line 4)
    "H004,1.004500,CNTY,31/12/2017 23:59,05/01/2018,,received",  # a minute early (line 5)
    "H005,1.004500,CNTY,01/01/2018,02/07/2025 08:00,03/07/2024,returned",  # edges: kept (line 6)
)
EARLY = "Ngày tiếp nhận (received_at) trước ngày 01/01/2018: ngày không hợp lý (params/mapping.yaml, quality.earliest_date)"  # noqa: E501
LATE = (
    "Ngày hẹn trả (due_at) sau ngày 02/07/2025, quá 366 ngày sau thời điểm trích xuất "
    "01/07/2024 08:00: ngày không hợp lý (params/mapping.yaml, quality.max_days_after_export)"
)


def test_dates_outside_the_window_are_quarantined_naming_the_column(tmp_path: Path) -> None:
    extract = load_extract(write_extract(tmp_path / "x", default_dossiers(rows=ROWS)))
    assert issues(extract.quarantine) == [
        (2, "received_at", "01/01/1900", EARLY),
        (3, "due_at", "10/06/2099", LATE),
        (4, "received_at", "2", EARLY),
        (5, "received_at", "31/12/2017 23:59", EARLY),
    ]
    assert counts(extract) == (5, 1, 4, 0)
    # H005: due exactly at the upper bound is kept; finished 2 days after the export: a finding.
    assert extract.tables["dossiers"]["dossier_id"].tolist() == ["H005"]
    assert issues(kept(extract.findings)) == [
        (
            6,
            "finished_at",
            "2024-07-03 00:00:00",
            "Ngày sau thời điểm trích xuất (2024-07-01 08:00:00)",
        ),
    ]


def test_the_window_comes_from_params(tmp_path: Path) -> None:
    folder = write_extract(tmp_path / "x")  # received 1, 2 and 3 June 2024
    limits = QualityLimits(earliest_date=dt.date(2024, 6, 2), max_days_after_export=0)
    mapping = load_ingest_mapping().model_copy(update={"quality": limits})
    extract = load_extract(folder, mapping=mapping)
    # H001 received on 1 June is too early; due dates (5-10 June) are before the export.
    assert [(row, column) for row, column, *_ in issues(extract.quarantine)] == [(2, "received_at")]
    assert counts(extract) == (3, 2, 1, 0)


def test_an_old_decision_announcing_a_procedure_is_not_implausible(tmp_path: Path) -> None:
    announcements = (
        "SoQuyetDinh,NgayQuyetDinh,LoaiCongBo,MaTTHC,NgayHieuLucVanBan\n"
        "QD-1,15/03/2016,Thêm mới,1.004500,01/04/2016\n"
        "QD-2,15/03/2024,Thêm mới,2.001234,01/04/2124\n"  # effective in 2124: a typo
    )
    extract = load_extract(
        write_extract(tmp_path / "x", extra={"announcements.csv": announcements})
    )
    quarantine = issues(extract.quarantine, "announcements")
    assert [(row, column) for row, column, *_ in quarantine] == [(3, "legal_basis_effective_date")]
    assert quarantine[0][3].startswith("Ngày hiệu lực văn bản căn cứ (legal_basis_effective_date)")


def test_month_first_dates_are_a_finding_and_a_warning(tmp_path: Path) -> None:
    """A US-style column: 06/13/2024 cannot be read day first (quarantined); 06/05/2024 was read
    as 6 May without an error, so the column is reported and the load warns."""
    rows = (
        "H001,1.004500,CNTY,06/03/2024,06/07/2024,,received",  # read as 6 March: plausible
        "H002,2.001234,KL,06/13/2024,06/20/2024,,received",  # month first only (line 3)
        "H003,1.004500,KHTC,06/14/2024,06/21/2024,,received",  # month first only (line 4)
    )
    extract = load_extract(write_extract(tmp_path / "x", default_dossiers(rows=rows)))
    assert counts(extract) == (3, 1, 2, 0)
    month_first = [issue for issue in issues(extract.findings) if issue[1] == "received_at"]
    assert month_first == [
        (
            1,
            "received_at",
            "06/13/2024",
            "Cột có 2 ngày chỉ đọc được theo kiểu tháng trước (tháng/ngày/năm): có thể cả cột được "
            "xuất theo tháng trước, khi đó các ngày có số ngày từ 1 đến 12 đã bị đọc sai ngày. Hãy "
            "xuất lại theo ngày/tháng/năm",
        ),
    ]
    warnings = quality_report(extract).warnings
    assert any("cột due_at, received_at" in text and "'06/20/2024'" in text for text in warnings)


def test_excel_serial_days_inside_their_range_only() -> None:
    import pandas as pd

    from kpi.ingest.parse import parse_datetime

    # 1 is the first serial day (1899-12-31 from the 1899-12-30 epoch); 2958466 (year 10000) is
    # past the last; below 1, nothing is a date. A fractional day after the year 2192 once
    # overflowed a nanosecond Timedelta (a traceback instead of a date).
    numbers = pd.Series(
        [1.0, 0.5, 0.0, 2958465.5, 2958466.0, 45446.25], index=[7, 8, 9, 10, 11, 12]
    )
    values, bad = parse_datetime(numbers)
    assert [str(value) for value in values] == [
        "1899-12-31 00:00:00", "NaT", "NaT", "9999-12-31 12:00:00", "NaT", "2024-06-03 06:00:00",
    ]  # fmt: skip
    assert bad.tolist() == [False, True, True, False, True, False]
    assert list(values.index) == list(bad.index) == [7, 8, 9, 10, 11, 12]
    text, text_bad = parse_datetime(numbers.astype(str))  # the same serials written as text
    assert str(text.iloc[0]) == "1899-12-31 00:00:00"
    assert text_bad.tolist()[:3] == [False, True, True]


def test_blank_cells_of_every_storage() -> None:
    import pandas as pd

    from kpi.ingest.parse import blank_mask

    index = [3, 4, 5, 6, 7]
    cells = ["a", "  ", None, "", "b"]
    expected = [False, True, True, True, False]
    for dtype in ("category", object, "str"):
        mask = blank_mask(pd.Series(cells, index=index, dtype=dtype))
        assert mask.tolist() == expected, dtype
        assert list(mask.index) == index, dtype
    numbers = blank_mask(pd.Series([1.0, None, 0.0], index=[1, 2, 3]))
    assert numbers.tolist() == [False, True, False]
