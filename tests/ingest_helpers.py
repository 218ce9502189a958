"""Tiny extract folders written by the tests themselves (hand-made tables, hand-worked answers)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

MANIFEST = 'source_system: "Một cửa điện tử tỉnh"\nexport_time: {time}\nperiod: "2024-06"\n'
PROCEDURES = (
    "MaTTHC,TenTTHC,DonViChuTri,TrangThai,MucDoDVC\n"
    "1.004500,Cấp giấy chứng nhận A,CNTY,Đã công khai,Toàn trình\n"
    "2.001234,Cấp phép B,KL,published,partial\n"
)
DOSSIER_HEADER = "MaHoSo,MaTTHC,DonViXuLy,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo"
DOSSIER_ROWS = (
    "H001,1.004500,CNTY,01/06/2024 09:00,05/06/2024,04/06/2024 10:00,Đã trả kết quả",
    "H002,2.001234,KL,02/06/2024,10/06/2024,,Đang xử lý",
    "H003,1.004500,KHTC,03/06/2024,07/06/2024,,received",
)


def write_extract(
    folder: Path,
    dossiers: str | bytes | None = None,
    *,
    procedures: str | None = None,
    manifest: str | None = None,
    time: str = "2024-07-01 08:00:00",
    extra: dict[str, str | bytes] | None = None,
) -> Path:
    """A folder with ``manifest.yaml``, ``procedures.csv`` and ``dossiers.csv`` (text or bytes);
    ``extra`` adds or replaces files by name (a value None removes nothing)."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, str | bytes | None] = {
        "manifest.yaml": MANIFEST.format(time=time) if manifest is None else manifest,
        "procedures.csv": PROCEDURES if procedures is None else procedures,
        "dossiers.csv": dossiers if dossiers is not None else default_dossiers(),
        **(extra or {}),
    }
    for name, content in files.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        elif content is not None:
            (folder / name).write_text(content, encoding="utf-8")
    return folder


def default_dossiers(header: str = DOSSIER_HEADER, rows: tuple[str, ...] = DOSSIER_ROWS) -> str:
    return "\n".join([header, *rows]) + "\n"


def issues(frame: pd.DataFrame, table: str = "dossiers") -> list[tuple]:
    rows = frame[frame["table"] == table]
    return list(zip(rows["row"], rows["column"], rows["value"], rows["reason"], strict=True))


def kept(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings other than the absent optional columns (the hand-made files have few)."""
    return findings[~findings["reason"].str.startswith("Tệp không có cột")]


def counts(extract, table: str = "dossiers") -> tuple[int, int, int, int]:
    row = extract.accounting[extract.accounting["table"] == table].iloc[0]
    return tuple(
        int(row[name]) for name in ("rows_read", "rows_used", "rows_quarantined", "rows_superseded")
    )


def write_workbook(
    path: Path,
    sheets: dict[str, list[list[object]]],
    hidden: tuple[str, ...] = (),
    created: dt.datetime | None = None,
) -> Path:
    """A workbook with one sheet per item (rows as lists), some hidden, at ``path``;
    ``created`` fixes its timestamps (so that a generated fixture has the same bytes)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    if created is not None:
        workbook.properties.created = workbook.properties.modified = created
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path
