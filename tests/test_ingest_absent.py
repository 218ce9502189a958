"""An absent optional column is a finding naming the indicators it feeds and the default."""

from __future__ import annotations

from pathlib import Path

from kpi.columns import TABLES
from kpi.ingest import load_extract
from kpi.ingest.absent import INDICATORS_OF
from kpi.registry import CODES
from tests.ingest_helpers import issues, write_extract

FULL_HEADER = (
    "MaHoSo,MaTTHC,DonViXuLy,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo,"
    "SoLanBoSung,NgayYeuCauBoSung,NgayHoanThanhBoSung,KenhThucHien,DaDongBo,"
    "DuocThanhToanTrucTuyen,PhiLePhi,HoSoCoThanhPhanSoHoa,DuocSoHoa,DuocLayTuKhoDMQG,"
    "KetQuaDongBoKho,TaiKhoanDuocXacThucVoiVNeID,DungCSDLDanCu,CapBanSaoDienTu,DanhGia,CoPhanAnh"
)
# every indicator-relevant dossier column but the result code and file, and the channel
ROW = "H001,1.004500,CNTY,01/06/2024,05/06/2024,04/06/2024,Đã trả kết quả," + ",".join(
    ["0", "", "", "", "1", "0", "", "1", "0", "0", "0", "0", "0", "0", "", "0"]
)


def test_absent_columns_name_indicators_and_default(tmp_path: Path) -> None:
    extract = load_extract(write_extract(tmp_path / "x", FULL_HEADER + "\n" + ROW + "\n"))
    # header line 1; channel (KenhThucHien) is in the header, the result columns are not
    found = issues(extract.findings)
    assert found == [
        (
            1,
            "result_code",
            "",
            "Tệp không có cột 'Mã kết quả' (result_code), cột này ảnh hưởng đến chỉ số #12: "
            "mọi dòng lấy giá trị mặc định — trống",
        ),
        (
            1,
            "result_file_url",
            "",
            "Tệp không có cột 'Tệp kết quả điện tử' (result_file_url), cột này ảnh hưởng đến chỉ "
            "số #12: mọi dòng lấy giá trị mặc định — trống",
        ),
    ]
    assert extract.quarantine.empty


def test_defaults_are_named_by_kind(tmp_path: Path) -> None:
    header = "MaHoSo,MaTTHC,DonViXuLy,NgayTiepNhan,TrangThaiHoSo"
    extract = load_extract(
        write_extract(tmp_path / "x", header + "\nH1,1.004500,CNTY,01/06/2024,received\n")
    )
    reasons = {column: reason for _, column, _, reason in issues(extract.findings)}
    assert reasons["channel"].endswith(
        "#7, #8: mọi dòng lấy giá trị mặc định — trống (tính là nộp trực tiếp)"
    )
    assert reasons["due_at"].endswith("#5: mọi dòng lấy giá trị mặc định — không có ngày")
    assert reasons["supplement_count"].endswith("mặc định — 0")
    assert reasons["synced_national"].endswith("#4: mọi dòng lấy giá trị mặc định — sai (không)")
    assert "submitted_at" not in reasons  # no indicator reads it: not reported
    procedures = {column: reason for _, column, _, reason in issues(extract.findings, "procedures")}
    assert procedures["online_services"].endswith(
        "#7: mọi dòng lấy giá trị mặc định — 1 nếu TTHC có dịch vụ công trực tuyến, ngược lại 0"
    )
    assert "online_level" not in procedures  # present in the hand-made procedures file


def test_the_map_names_real_optional_columns_and_indicators() -> None:
    for table, columns in INDICATORS_OF.items():
        optional = {col.name for col in TABLES[table] if not col.required}
        assert set(columns) <= optional, table
        assert all(codes and set(codes) <= set(CODES) for codes in columns.values())
