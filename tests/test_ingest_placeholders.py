"""Placeholders (N/A, NULL, -, #N/A, không có...) are missing in every kind of column; whole
floats (1.0, 0.0) are flags and counts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kpi.ingest import load_extract, load_ingest_mapping
from kpi.ingest.parse import parse_bool, parse_number, placeholder_mask
from tests.ingest_helpers import counts, issues, write_extract

HEADER = (
    "MaHoSo,MaTTHC,DonViXuLy,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo,"
    "KenhThucHien,DaDongBo,SoLanBoSung,MaKetQua,HoSoCoThanhPhanSoHoa,PhiLePhi,DanhGia"
)
ROWS = (
    # a value in every column
    "H001,1.004500,CNTY,01/06/2024 09:00,05/06/2024,04/06/2024 10:00,Đã trả kết quả,"
    "2,1,1,KQ-1,x,50000,Hài lòng",
    # a placeholder in every optional column, spelled differently each time
    "H002,2.001234,KL,02/06/2024, N/A ,NULL,Đang xử lý,-,#N/A,không có,n/a,None,NaN,--",
    # pandas/SQL floats: 1.0 / 0.0 for flags, 2.0 for a count and a channel
    "H003,1.004500,KHTC,03/06/2024,07/06/2024,,received,2.0,1.0,2.0,,0.0,0.0,",
    # upper case and padded "KHÔNG CÓ"; "null" in a date
    "H004,1.004500,CNTY,null,07/06/2024,,submitted,1,0,  KHÔNG CÓ ,KHÔNG CÓ,0,,",
)


def _extract(tmp_path: Path):
    dossiers = "\n".join([HEADER, *ROWS]) + "\n"
    return load_extract(write_extract(tmp_path / "x", dossiers))


def test_placeholders_are_missing_never_a_value_never_quarantined(tmp_path: Path) -> None:
    extract = _extract(tmp_path)
    assert extract.quarantine.empty
    assert counts(extract) == (4, 4, 0, 0)
    d = extract.tables["dossiers"].set_index("dossier_id")
    assert d.loc["H002", "due_at"] is pd.NaT and d.loc["H002", "finished_at"] is pd.NaT
    assert d["channel"].tolist() == [2, pd.NA, 2, 1]
    assert d["synced_national"].tolist() == [True, False, True, False]
    assert d["supplement_count"].tolist() == [1, 0, 2, 0]  # "không có" → default 0
    assert d["result_code"].isna().tolist() == [False, True, True, True]
    assert d["components_digitized"].tolist() == [True, False, False, False]
    assert d["fee_amount"].tolist()[0] == 50000.0
    assert d["fee_amount"].isna().tolist() == [False, True, False, True]
    assert d["rating"].isna().tolist() == [False, True, True, True]
    assert d.loc["H004", "received_at"] is pd.NaT


def test_placeholder_result_code_is_not_an_electronic_result(tmp_path: Path) -> None:
    """Read for scores only (presence), CSV and Parquet: "N/A" is no result, as when parsed."""
    dossiers = "\n".join([HEADER, *ROWS]) + "\n"
    folder = write_extract(tmp_path / "csv", dossiers)
    presence = load_extract(folder, presence_only=True).tables["dossiers"]
    assert presence["result_code"].notna().tolist() == [True, False, False, False]
    frame = pd.read_csv(folder / "dossiers.csv", dtype="str", keep_default_na=False)
    parquet = tmp_path / "pq"
    write_extract(parquet, dossiers)
    (parquet / "dossiers.csv").unlink()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), parquet / "dossiers.parquet")
    for presence_only in (True, False):
        d = load_extract(parquet, presence_only=presence_only).tables["dossiers"]
        assert d["result_code"].notna().tolist() == [True, False, False, False]


def test_required_value_given_as_placeholder_is_missing_hence_quarantined(tmp_path: Path) -> None:
    rows = (*ROWS[:1], "N/A,2.001234,KL,02/06/2024,,,Đang xử lý,,,,,,,")
    extract = load_extract(write_extract(tmp_path / "x", "\n".join([HEADER, *rows]) + "\n"))
    assert issues(extract.quarantine) == [(3, "dossier_id", "N/A", "Thiếu mã")]


def test_a_value_spelling_of_the_column_wins_over_a_placeholder(tmp_path: Path) -> None:
    procedures = (
        "MaTTHC,TrangThai,MucDoDVC,TrinhTu,CachThuc\n"
        "1.004500,published,Không có,N/A,Trực tuyến\n"  # online_level "Không có" = none
        "2.001234,published,N/A,Nộp hồ sơ,-\n"  # text flags: a placeholder is no text
    )
    extract = load_extract(write_extract(tmp_path / "x", procedures=procedures))
    p = extract.tables["procedures"]
    assert extract.quarantine.empty
    assert p["online_level"].tolist() == ["none", "none"]
    assert p["has_steps"].tolist() == [False, True]
    assert p["has_methods"].tolist() == [True, False]


def test_placeholder_list_comes_from_mapping_yaml() -> None:
    mapping = load_ingest_mapping()
    keys = mapping.placeholder_keys("dossiers", "result_code")
    assert {"n/a", "#n/a", "null", "none", "-", "không có"} <= keys
    assert "không" not in keys  # a spelling of false, not a placeholder
    assert "none" not in mapping.placeholder_keys("procedures", "online_level")
    custom = mapping.model_copy(update={"placeholders": ["xx"]})
    assert custom.placeholder_keys("dossiers", "result_code") == frozenset({"xx"})


def test_placeholder_mask_on_text_and_categories() -> None:
    keys = frozenset({"n/a", "-", "không có"})
    text = pd.Series(["N/A", " - ", "Không Có", "Nam", "-1", None, "", "n/a/b"], dtype="str")
    expected = [True, True, True, False, False, False, False, False]
    assert placeholder_mask(text, keys).tolist() == expected
    assert placeholder_mask(text.astype("category"), keys).tolist() == expected
    assert placeholder_mask(pd.Series([1.0, None]), keys).tolist() == [False, False]
    # NFD input (a workbook saved on a Mac) is the same text
    nfd = pd.Series(["Kho\u0302ng co\u0301"], dtype="str")
    assert placeholder_mask(nfd, keys).tolist() == [True]


def test_whole_floats_are_flags_and_counts() -> None:
    lookup = load_ingest_mapping().boolean_lookup()
    values, bad = parse_bool(pd.Series(["1.0", "0.0", "1.00", "2.0", "0.5"]), lookup)
    assert values.tolist() == [True, False, True, False, False]
    assert bad.tolist() == [False, False, False, True, True]
    numbers, bad = parse_number(pd.Series(["2.0", "3", "1.5"]), integer=True)
    assert numbers.tolist()[:2] == [2, 3] and bad.tolist() == [False, False, True]


def test_excel_error_values_are_quarantined_in_any_column(tmp_path: Path) -> None:
    rows = (
        ROWS[0].replace("KQ-1", "#REF!"),  # a result code that is an error: no result
        ROWS[1],
        ROWS[2].replace(",2.0,1.0,", ",#VALUE!,1.0,"),  # a channel
        ROWS[3],
    )
    extract = load_extract(write_extract(tmp_path / "x", "\n".join([HEADER, *rows]) + "\n"))
    reason = "Ô chứa lỗi công thức Excel, không phải giá trị"
    assert issues(extract.quarantine) == [
        (2, "result_code", "#REF!", reason),
        (4, "channel", "#VALUE!", reason),
    ]
    assert counts(extract) == (4, 2, 2, 0)


def test_thousands_separators_are_whole_numbers(tmp_path: Path) -> None:
    """Vietnamese exports group thousands with dots: 1.053 dossiers is 1053, never 1.053."""
    counts_csv = (
        'Kỳ,Đơn vị,Số hồ sơ tiếp nhận\n2024-06,CNTY,1.053\n2024-06,KL,"2,004"\n2024-06,KHTC,1.5\n'
    )
    extract = load_extract(write_extract(tmp_path / "x", extra={"national_counts.csv": counts_csv}))
    assert extract.tables["national_counts"]["received_total"].tolist() == [1053, 2004]
    assert issues(extract.quarantine, "national_counts") == [
        (4, "received_total", "1.5", "Không phải số nguyên")
    ]
    numbers, bad = parse_number(pd.Series(["50.000", "1 000", "1.0000", "12.34"]))
    assert numbers.tolist()[:2] == [50000.0, 1000.0] and numbers.tolist()[2:] == [1.0, 12.34]
    assert not bad.any()
