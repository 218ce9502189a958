"""Hostile or broken extract files (issue #9): refused with a Vietnamese error naming the file,
or read safely. Big files are generated here at run time (never committed).

Limits: ``kpi/ingest/limits.py``; encodings: ``kpi/ingest/textfile.py``.
"""

from __future__ import annotations

import codecs
import os
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from kpi.errors import ExtractError
from kpi.ingest import load_extract
from kpi.ingest.limits import MAX_MANIFEST_BYTES

EXTRACTS = Path(__file__).parent / "fixtures" / "extracts"
VALID = EXTRACTS / "valid-csv"
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    folder = tmp_path / "extract"
    shutil.copytree(VALID, folder)
    return folder


def _refused(folder: Path) -> str:
    with pytest.raises(ExtractError) as error:
        load_extract(folder)
    return str(error.value)


# --- nothing outside the extract folder is read ------------------------------------------------


def test_table_file_linked_outside_is_refused(extract: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    shutil.move(extract / "dossiers.csv", secret)
    (extract / "dossiers.csv").symlink_to(secret)
    assert _refused(extract) == (
        f"Tệp {extract / 'dossiers.csv'} là liên kết tượng trưng trỏ ra ngoài thư mục trích "
        f"xuất {extract}: không đọc tệp này."
    )


def test_link_to_a_system_file_is_refused_not_read(extract: Path) -> None:
    (extract / "feedback.csv").symlink_to("/dev/zero")  # reading it would never end
    assert "feedback.csv là liên kết tượng trưng trỏ ra ngoài" in _refused(extract)


def test_manifest_linked_outside_is_refused(extract: Path, tmp_path: Path) -> None:
    shutil.move(extract / "manifest.yaml", tmp_path / "other.yaml")
    (extract / "manifest.yaml").symlink_to(tmp_path / "other.yaml")
    assert _refused(extract) == (
        f"Tệp {extract / 'manifest.yaml'} là liên kết tượng trưng trỏ ra ngoài thư mục trích "
        f"xuất {extract}: không đọc tệp này."
    )


def test_linked_folder_and_links_inside_it_are_fine(extract: Path, tmp_path: Path) -> None:
    (extract / "data").mkdir()
    shutil.move(extract / "dossiers.csv", extract / "data" / "d.csv")
    (extract / "dossiers.csv").symlink_to(Path("data") / "d.csv")
    link = tmp_path / "link"
    link.symlink_to(extract, target_is_directory=True)
    loaded = load_extract(link)
    assert len(loaded.tables["dossiers"]) == 3
    assert link / "dossiers.csv" in loaded.files


def test_path_like_manifest_keys_are_ignored(extract: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text("MaHoSo\nX\n", "utf-8")
    manifest = extract / "manifest.yaml"
    manifest.write_text(
        manifest.read_text("utf-8")
        + f"dossiers: {outside}\nfiles:\n  dossiers: ../outside.csv\nfolder: /etc\n",
        "utf-8",
    )
    loaded = load_extract(extract)
    assert all(path.parent == extract for path in loaded.files)
    assert loaded.tables["dossiers"]["dossier_id"].tolist() == ["H001", "H002", "H003"]


def test_python_tag_in_manifest_is_refused_not_run(extract: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    manifest = extract / "manifest.yaml"
    manifest.write_text(
        f'source_system: !!python/object/apply:os.system ["touch {marker}"]\n'
        'export_time: 2024-07-01 08:00:00\nperiod: "2024-06"\n',
        "utf-8",
    )
    assert _refused(extract) == (
        f"Tệp {manifest} không hợp lệ: có thẻ YAML không được phép "
        "'tag:yaml.org,2002:python/object/apply:os.system' (manifest chỉ chứa khóa và giá trị "
        "đơn giản, không chứa đối tượng Python)."
    )
    assert not marker.exists()


def test_alias_bomb_in_manifest_is_refused(extract: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines += ["source_system: *a9", "export_time: 2024-07-01 08:00:00", 'period: "2024-06"']
    manifest = extract / "manifest.yaml"
    manifest.write_text("\n".join(lines) + "\n", "utf-8")
    assert _refused(extract) == (
        f"Tệp {manifest} không hợp lệ: khóa 'source_system' phải là một giá trị đơn "
        "(chữ, số hoặc ngày giờ)."
    )


def test_oversized_manifest_is_refused(extract: Path) -> None:
    manifest = extract / "manifest.yaml"
    manifest.write_text(manifest.read_text("utf-8") + "#" * MAX_MANIFEST_BYTES + "\n", "utf-8")
    size = manifest.stat().st_size
    assert _refused(extract) == (
        f"Tệp {manifest} quá lớn ({size} byte, tối đa 65536 byte): không phải tệp manifest."
    )


# --- oversized or malformed files: a clear error, nothing partial --------------------------------


def test_empty_xlsx_is_refused(extract: Path) -> None:
    (extract / "dossiers.csv").unlink()
    (extract / "dossiers.xlsx").write_bytes(b"")
    path = extract / "dossiers.xlsx"
    assert _refused(extract) == f"Tệp {path} rỗng (0 byte): không có dòng tiêu đề nào."


def _declare_size(path: Path, member: str, size: int) -> None:
    """Patch the uncompressed size that the zip directory declares for ``member``."""
    data = bytearray(path.read_bytes())
    position = data.find(b"PK\x01\x02")  # central directory headers
    while position >= 0:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        name = bytes(data[position + 46 : position + 46 + name_length]).decode()
        if name == member:
            struct.pack_into("<I", data, position + 24, size)
        position = data.find(b"PK\x01\x02", position + 4)
    path.write_bytes(bytes(data))


def _no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl must not open a refused archive")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_zip_declaring_a_huge_member_is_refused_before_opening(
    extract: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_openpyxl(monkeypatch)
    (extract / "dossiers.csv").unlink()
    path = extract / "dossiers.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(SHEET, "<worksheet/>")
    _declare_size(path, SHEET, 300 * 1024 * 1024)
    assert _refused(extract) == (
        f"Tệp {path}: nội dung nén giải ra tới 300 MB, vượt giới hạn 200 MB "
        "(có thể là “bom zip”): không mở tệp."
    )


def test_real_zip_bomb_is_refused_before_opening(
    extract: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_openpyxl(monkeypatch)
    (extract / "dossiers.csv").unlink()
    path = extract / "dossiers.xlsx"
    zeros = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open(SHEET, "w", force_zip64=True) as member,
    ):
        for _ in range(201):
            member.write(zeros)
    assert path.stat().st_size < 2 * 1024 * 1024  # a small file that inflates to 201 MiB
    assert _refused(extract) == (
        f"Tệp {path}: nội dung nén giải ra tới 201 MB, vượt giới hạn 200 MB "
        "(có thể là “bom zip”): không mở tệp."
    )


def test_zip_with_too_many_members_is_refused(
    extract: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_openpyxl(monkeypatch)
    (extract / "dossiers.csv").unlink()
    path = extract / "dossiers.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for number in range(10_001):
            archive.writestr(f"x/{number}", b"")
    assert _refused(extract) == (
        f"Tệp {path}: có 10001 thành phần nén, vượt giới hạn 10000 "
        "(không giống tệp Excel thật): không mở tệp."
    )


def test_csv_with_a_ten_megabyte_line_is_refused(extract: Path) -> None:
    path = extract / "dossiers.csv"
    header = path.read_bytes().split(b"\n", 1)[0]
    path.write_bytes(header + b"\nH001," + b"x" * (10 * 1024 * 1024) + b"\nH002,1\n")
    assert _refused(extract) == (
        f"Tệp {path}: dòng 2 dài 10485765 byte, vượt giới hạn 1048576 byte một dòng "
        "(tệp hỏng hoặc không phải CSV)."
    )


def test_csv_without_line_ends_is_refused(extract: Path) -> None:
    path = extract / "dossiers.csv"
    path.write_bytes(b"MaHoSo," * (300 * 1024))
    assert _refused(extract) == (
        f"Tệp {path}: dòng 1 dài 2150400 byte, vượt giới hạn 1048576 byte một dòng "
        "(tệp hỏng hoặc không phải CSV)."
    )


# --- encodings: decoded exactly, or refused (never mojibake) -----------------------------------

UTF8_TEXT = (VALID / "dossiers.csv").read_bytes()


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        pytest.param(
            "MaHoSo,TrangThaiHoSo\nH001,Niño señor\n".encode("cp1252"),
            "không phải UTF-8 (byte không hợp lệ ở dòng 2) và cũng không phải văn bản tiếng "
            "Việt mã Windows-1258 ('ñ' ở dòng 2)",
            id="cp1252-spanish",
        ),
        pytest.param(
            "MaHoSo,DonViXuLy\nH001,phòng KH-TC\n".encode().replace(b"TC", b"T\xff"),
            "không phải UTF-8 (byte không hợp lệ ở dòng 2) và cũng không phải văn bản tiếng "
            "Việt mã Windows-1258 ('²' ở dòng 2)",
            id="utf8-with-a-broken-byte",
        ),
        pytest.param(
            b"MaHoSo,MaTTHC\nH001,\x81\x8d\n",
            "không phải UTF-8 (byte không hợp lệ ở dòng 2) và cũng không phải văn bản tiếng "
            "Việt mã Windows-1258 (byte 0x81 ở dòng 2)",
            id="bytes-undefined-in-cp1258",
        ),
        pytest.param(
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U0#\xf4\x00\x00\x00",
            "có ký tự điều khiển U+0003 ở dòng 1 (tệp nhị phân?)",
            id="binary-zip-named-csv",
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + "MaHoSo\nH001\n".encode("utf-16-le")[:-1],
            "mã hóa UTF-16 bị hỏng ở dòng 2",
            id="truncated-utf16",
        ),
    ],
)
def test_undecodable_text_is_refused(extract: Path, data: bytes, detail: str) -> None:
    path = extract / "dossiers.csv"
    path.write_bytes(data)
    assert _refused(extract) == (
        f"Tệp {path} không phải văn bản CSV đọc được: {detail}. Hãy xuất lại tệp dạng CSV UTF-8."
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_accepted_encodings_give_the_same_text(extract: Path, encoding: str) -> None:
    if encoding == "cp1258":  # tone marks as combining characters, as Windows-1258 stores them
        data = (EXTRACTS / "csv-cp1258" / "dossiers.csv").read_bytes()
        assert b"\xd2" in data  # the combining hook above of "Kiểm"
    else:
        data = UTF8_TEXT.decode("utf-8").encode(encoding)
    (extract / "dossiers.csv").write_bytes(data)
    dossiers = load_extract(extract).tables["dossiers"]
    assert dossiers["status"].astype("str").tolist() == ["returned", "processing", "received"]
    assert dossiers["unit"].astype("str").tolist() == ["CNTY", "KL", "KHTC"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16", "utf-8"])
def test_vietnamese_headers_in_utf16_without_bom(extract: Path, encoding: str) -> None:
    text = (EXTRACTS / "headers-vietnamese" / "dossiers.csv").read_text("utf-8")
    (extract / "dossiers.csv").write_bytes(text.encode(encoding))
    assert len(load_extract(extract).tables["dossiers"]) == 3


def test_hostile_cases_leave_no_partial_state(extract: Path, tmp_path: Path) -> None:
    """A refusal raises before anything is returned; a later good load is unaffected."""
    (extract / "feedback.csv").write_bytes(b"MaPAKN\n" + b"y" * (2 * 1024 * 1024) + b"\n")
    assert "feedback.csv: dòng 2 dài" in _refused(extract)
    os.remove(extract / "feedback.csv")
    assert len(load_extract(extract).tables["dossiers"]) == 3
