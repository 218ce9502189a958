"""Ingest pieces not covered by the corpus: manifest, mapping file, parsers, text flags."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from kpi.errors import ExtractError, KpiError
from kpi.ingest import load_extract, load_ingest_mapping, match_key
from kpi.ingest.parse import parse_bool, parse_datetime
from kpi.params import MappingParams

VALID = Path(__file__).parent / "fixtures" / "extracts" / "valid-csv"


@pytest.fixture
def extract_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "extract"
    shutil.copytree(VALID, folder)
    return folder


def test_manifest_missing_key_is_fatal(extract_dir: Path) -> None:
    (extract_dir / "manifest.yaml").write_text('source_system: "x"\nperiod: "2024-06"\n', "utf-8")
    with pytest.raises(ExtractError, match="manifest.yaml không hợp lệ: thiếu khóa 'export_time'"):
        load_extract(extract_dir)


def test_two_files_for_one_table_is_fatal(extract_dir: Path) -> None:
    shutil.copy(extract_dir / "dossiers.csv", extract_dir / "DOSSIERS.csv")
    with pytest.raises(ExtractError, match="nhiều tệp cho bảng 'dossiers'"):
        load_extract(extract_dir)


def test_component_texts_mean_true(extract_dir: Path) -> None:
    (extract_dir / "procedures.csv").write_text(
        "MaTTHC,TrangThai,TrinhTu,CachThuc,MucDoDVC\n"
        '1.004500,Đã công khai,"Bước 1: nộp hồ sơ",,Không\n'
        "2.001234,Đã bãi bỏ,không,x,Một phần\n",
        "utf-8",
    )
    procedures = load_extract(extract_dir).tables["procedures"]
    assert procedures["has_steps"].tolist() == [True, False]
    assert procedures["has_methods"].tolist() == [False, True]
    assert procedures["status"].tolist() == ["published", "abolished"]
    # online_services blank: 1 when online_level is not "none", else 0.
    assert procedures["online_services"].tolist() == [0, 1]


def test_header_only_mapping_params_keep_value_spellings() -> None:
    mapping = MappingParams(tables={"dossiers": {"dossier_id": ["So ho so"]}})
    extract = load_extract(VALID, mapping=mapping)
    assert extract.tables["dossiers"]["status"].iloc[0] == "returned"


def test_invalid_mapping_file_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text("tables:\n  dossiers:\n    no_such_column: [X]\n", "utf-8")
    with pytest.raises(KpiError, match="mapping.yaml không hợp lệ .*no_such_column"):
        load_ingest_mapping(path)


def test_canonical_names_match_themselves() -> None:
    mapping = load_ingest_mapping()
    for table in ("procedures", "dossiers", "feedback", "announcements", "national_counts"):
        lookup = mapping.header_lookup(table)
        assert all(lookup[match_key(name)] == name for name in set(lookup.values()))


def test_datetime_offsets_become_local_time() -> None:
    values, bad = parse_datetime(pd.Series(["2024-06-03T01:00:00Z", "2024-06-03 08:00+07:00"]))
    assert values.tolist() == [pd.Timestamp("2024-06-03 08:00")] * 2
    assert not bad.any()


def test_numeric_booleans_outside_zero_one_are_bad() -> None:
    values, bad = parse_bool(pd.Series([1, 0, 2]), {})
    assert values.tolist() == [True, False, False]
    assert bad.tolist() == [False, False, True]


def test_optional_tables_load(extract_dir: Path) -> None:
    (extract_dir / "feedback.csv").write_text(
        "MaPAKN,DonViXuLy,NgayGui,PhanLoai,LuotHaiLong\n"
        "P1,CCKL,01/06/2024,Hành vi cán bộ,3\n"
        "P2,CCKL,,Khác,\n",
        "utf-8",
    )
    (extract_dir / "announcements.csv").write_text(
        "SoQuyetDinh,NgayQuyetDinh,LoaiCongBo,MaTTHC\n12/QĐ-UBND,15/05/2024,Thêm mới,1.004500\n",
        "utf-8",
    )
    (extract_dir / "national_counts.csv").write_text(
        "Ky,DonVi,SoHoSoTiepNhan\n2024-06,Chi cục Kiểm lâm,10\n2024-06,CCKL,11\n", "utf-8"
    )
    extract = load_extract(extract_dir)
    assert extract.tables["feedback"][
        ["feedback_id", "unit", "category", "likes"]
    ].values.tolist() == [["P1", "KL", "staff", 3]]
    assert extract.tables["announcements"]["change_type"].tolist() == ["new"]
    assert extract.tables["national_counts"]["received_total"].tolist() == [10]
    quarantine = extract.quarantine
    issues = list(zip(quarantine["table"], quarantine["row"], quarantine["reason"], strict=True))
    assert issues == [
        ("feedback", 3, "Thiếu giá trị bắt buộc"),
        ("national_counts", 3, "Mã bị trùng trong tệp (đã dùng bản đầu tiên ở dòng 2)"),
    ]


def test_xlsx_typed_cells(extract_dir: Path) -> None:
    import datetime as dt

    import openpyxl

    (extract_dir / "dossiers.csv").unlink()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Mã hồ sơ",
            "Mã TTHC",
            "Đơn vị xử lý",
            "Ngày tiếp nhận",
            "Trạng thái hồ sơ",
            "Kênh thực hiện",
            "Xác thực VNeID",
        ]
    )
    sheet.append(["X1", "1.004500", "KL", dt.datetime(2024, 6, 3, 8, 30), "Đang xử lý", 2, True])
    sheet.append(["X2", "1.004500", "KL", 45446.5, "Đang xử lý", 3.0, 0])
    workbook.save(extract_dir / "dossiers.xlsx")
    dossiers = load_extract(extract_dir).tables["dossiers"]
    assert dossiers["received_at"].tolist() == [
        pd.Timestamp("2024-06-03 08:30"),
        pd.Timestamp("2024-06-03 12:00"),
    ]
    assert dossiers["channel"].tolist() == [2, 3]
    assert dossiers["vneid_verified"].tolist() == [True, False]
