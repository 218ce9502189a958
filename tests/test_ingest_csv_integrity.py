"""CSV integrity: CR-only line ends, title rows before the header, records counted against
physical lines (a stray quote), and the header row shown when a required column is missing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kpi.errors import ExtractError
from kpi.ingest import load_extract, quality_report
from kpi.ingest.readers import _unclosed_quote_line
from tests.ingest_helpers import (
    DOSSIER_HEADER,
    counts,
    default_dossiers,
    issues,
    kept,
    write_extract,
)

CLEAN = default_dossiers()


def _same_as_clean(extract) -> None:
    dossiers = extract.tables["dossiers"]
    assert dossiers["dossier_id"].tolist() == ["H001", "H002", "H003"]
    assert dossiers["received_at"].tolist() == [
        pd.Timestamp("2024-06-01 09:00"),
        pd.Timestamp("2024-06-02"),
        pd.Timestamp("2024-06-03"),
    ]
    assert extract.quarantine.empty and counts(extract) == (3, 3, 0, 0)


@pytest.mark.parametrize("end", ["\r", "\r\n"])
def test_other_line_ends_read_the_same(tmp_path: Path, end: str) -> None:
    data = CLEAN.replace("\n", end).encode("utf-8")
    extract = load_extract(write_extract(tmp_path / "x", data))
    _same_as_clean(extract)
    assert kept(extract.findings).empty


def test_title_rows_before_the_header_are_skipped(tmp_path: Path) -> None:
    titled = "BÁO CÁO HỒ SƠ THÁNG 6/2024\nĐơn vị: Sở NN&PTNT,,\n" + CLEAN
    extract = load_extract(write_extract(tmp_path / "x", titled))
    _same_as_clean(extract)
    bad = titled.replace("02/06/2024,10/06", "32/06/2024,10/06")  # H002, line 5 of the file
    extract = load_extract(write_extract(tmp_path / "y", bad))
    assert issues(extract.quarantine) == [(5, "received_at", "32/06/2024", "Ngày không đọc được")]


def test_missing_column_message_shows_the_header_row_found(tmp_path: Path) -> None:
    titled = "BÁO CÁO\n\n" + CLEAN.replace("NgayTiepNhan", "NgayNhan")
    with pytest.raises(ExtractError) as error:
        load_extract(write_extract(tmp_path / "x", titled))
    message = str(error.value)
    assert "thiếu cột bắt buộc 'received_at' (Ngày tiếp nhận)" in message
    assert "dòng tiêu đề 3 có các cột: 'MaHoSo', 'MaTTHC', 'DonViXuLy', 'NgayNhan'," in message


# Lines 2-5: H001; a stray quote opens on line 3 in the status cell and closes on line 4, so
# H002 and H003 are one record; H004 on line 5 must keep its own line number.
STRAY = (
    DOSSIER_HEADER + "\n"
    "H001,1.004500,CNTY,01/06/2024 09:00,05/06/2024,04/06/2024 10:00,Đã trả kết quả\n"
    'H002,2.001234,KL,02/06/2024,10/06/2024,,"Đang xử lý\n'
    'H003,1.004500,KHTC,03/06/2024,07/06/2024,,received"\n'
    "H004,1.004500,CNTY,31/06/2024,07/06/2024,,received\n"
)


def test_stray_quote_is_reported_with_the_line_it_opened(tmp_path: Path) -> None:
    extract = load_extract(write_extract(tmp_path / "x", STRAY))
    merged = [issue for issue in issues(extract.findings) if issue[0] == 3]
    assert merged == [
        (
            3,
            "TrangThaiHoSo",
            "",
            "Bản ghi bắt đầu ở dòng 3 kéo dài 2 dòng (đến dòng 4): dấu ngoặc kép mở ở dòng 3 trong "
            "cột này chưa đóng, các dòng sau bị gộp vào một ô. Tệp có 4 dòng dữ liệu nhưng chỉ đọc "
            "được 3 bản ghi: kiểm tra dấu ngoặc kép",
        ),
    ]
    # H002's merged status is no status (quarantined, line 3); H004 is on line 5, not 4.
    assert [(row, column) for row, column, *_ in issues(extract.quarantine)] == [
        (3, "status"),
        (5, "received_at"),
    ]
    assert counts(extract) == (3, 1, 2, 0)
    warnings = quality_report(extract).warnings
    assert any("1 bản ghi gộp nhiều dòng" in text and "dòng 3" in text for text in warnings)


def test_quote_never_closed_is_fatal_naming_the_line(tmp_path: Path) -> None:
    broken = STRAY.replace('received"\n', "received\n")
    with pytest.raises(ExtractError) as error:
        load_extract(write_extract(tmp_path / "x", broken))
    assert "dossiers.csv: dấu ngoặc kép mở ở dòng 3 không được đóng" in str(error.value)


def test_unclosed_quote_line() -> None:
    assert _unclosed_quote_line('a,b\n1,"x""y\n2,3\n') == 2
    assert _unclosed_quote_line('a,b\n"1\n",2\n3,"4\n') == 4


def test_header_repeated_on_every_page_is_no_record(tmp_path: Path) -> None:
    lines = CLEAN.splitlines()
    paged = "\n".join([lines[0], lines[1], lines[0], lines[2], lines[3]]) + "\n"  # line 3
    extract = load_extract(write_extract(tmp_path / "x", paged))
    assert extract.tables["dossiers"]["dossier_id"].tolist() == ["H001", "H002", "H003"]
    assert extract.quarantine.empty and counts(extract) == (3, 3, 0, 0)
    assert issues(kept(extract.findings)) == [
        (
            3,
            "",
            "",
            "Dòng lặp lại dòng tiêu đề (bản in có tiêu đề mỗi trang): không phải bản "
            "ghi, đã bỏ qua",
        ),
    ]
