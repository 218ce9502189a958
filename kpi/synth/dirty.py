"""The deliberately dirty extract: one month as a careless Excel export, with planted problems.

It is the June 2024 extract of the sample, rewritten with a few Vietnamese / DVCQG headers
(:data:`DOSSIER_HEADERS`), day-first dates without seconds (``dd/mm/yyyy HH:MM``) and the
problems of :data:`PLANTED`, each at a fixed data row (1-based, header excluded). The list is
documented in ``data/README.md`` and checked by ``tests/test_synth.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from kpi.synth import design
from kpi.synth.generate import SynthConfig, generate

PERIOD = "2024-06"
DOSSIER_HEADERS = {
    "dossier_id": "Mã hồ sơ",
    "procedure_code": "Mã TTHC",
    "received_at": "Ngày tiếp nhận",
    "due_at": "Ngày hẹn trả",
    "status": "Trạng thái hồ sơ",
    "channel": "Kênh thực hiện",
    "finished_at": "NgayKetThucXuLy",
    "paid_online": "DuocThanhToanTrucTuyen",
}
# (table, data row 1-based, column, planted value or None for special handling, description)
PLANTED: list[tuple[str, int, str, str, str]] = [
    ("dossiers", 3, "received_at", "31/06/2024 08:15", "unparseable date (31 June)"),
    ("dossiers", 8, "finished_at", "", "finished before received (finished_at 2 days earlier)"),
    ("dossiers", 15, "channel", "7", "channel 7 (allowed: 1, 2, 3, blank)"),
    ("dossiers", 22, "status", "Chờ phê duyệt", "unknown status"),
    ("dossiers", 30, "dossier_id", "", "empty dossier_id"),
    ("dossiers", 41, "dossier_id", "", "duplicated dossier_id (exact copy of row 40)"),
    ("dossiers", 55, "procedure_code", "1.009999", "TTHC not in the catalogue"),
    ("dossiers", 63, "finished_at", "15/07/2024 09:30", "finished_at after the export time "
                                                        "(status returned)"),
    ("dossiers", 77, "due_at", "", "due_at before received_at (5 days earlier)"),
    ("dossiers", 90, "supplement_count", "-1", "negative supplement_count"),
    ("dossiers", 104, "paid_online", "5", "paid_online 5 (allowed: 0, 1, 2)"),
    ("dossiers", 118, "unit", "CCXYZ", "unit code not in params/units.yaml"),
    ("dossiers", 131, "received_at", "", "status returned but never received (blank)"),
    ("dossiers", 145, "received_at", "excel", "received_at as an Excel serial number (same "
                                             "instant; a tolerated format, not an error)"),
    ("feedback", 3, "published_at", "", "published before answered (1 day earlier)"),
    ("feedback", 5, "feedback_id", "", "duplicated feedback_id (same id as row 4)"),
]  # fmt: skip

ISO = r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):\d{2}$"


def _day_first(frame: pd.DataFrame) -> pd.DataFrame:
    """ISO datetimes → ``dd/mm/yyyy HH:MM``; midnight-only columns → ``dd/mm/yyyy``."""
    out = frame.copy()
    for name in out.columns:
        text = out[name]
        if not text.str.match(ISO).any():
            continue
        day_first = text.str.replace(ISO, r"\3/\2/\1 \4:\5", regex=True)
        if text[text != ""].str.endswith("00:00:00").all():
            day_first = day_first.str.replace(" 00:00", "", regex=False)
        out[name] = day_first
    return out


def _shift(text: str, days: int) -> str:
    stamp = pd.Timestamp(pd.to_datetime(text, format="%d/%m/%Y %H:%M")) + pd.Timedelta(days=days)
    return stamp.strftime("%d/%m/%Y %H:%M")


def _duplicate_row() -> int:
    return next(p[1] for p in PLANTED if p[0] == "dossiers" and "duplicated" in p[4])


def _plant_dossiers(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame.copy()
    for table, row, column, value, _ in PLANTED:
        if table != "dossiers":
            continue
        i = row - 1 - (row > _duplicate_row())  # rows after the inserted copy shift by one
        if column == "dossier_id" and "duplicated" in _:
            continue
        if "before received" in _ and column == "finished_at":
            rows.loc[i, "finished_at"] = _shift(rows.loc[i, "received_at"], -2)
            rows.loc[i, "status"] = "returned"
        elif "after the export" in _:
            rows.loc[i, ["finished_at", "status"]] = [value, "returned"]
        elif column == "due_at":
            rows.loc[i, "due_at"] = _shift(rows.loc[i, "received_at"], -5)
        elif value == "excel":
            stamp = pd.to_datetime(rows.loc[i, column], format="%d/%m/%Y %H:%M")
            serial = (stamp - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1)
            rows.loc[i, column] = format(serial, ".6f").rstrip("0").rstrip(".")
        elif "never received" in _:
            rows.loc[i, ["received_at", "status"]] = ["", "returned"]
        else:
            rows.loc[i, column] = value
    at = _duplicate_row() - 1  # the copy becomes data row ``at + 1``
    rows = pd.concat([rows.iloc[:at], rows.iloc[[at - 1]], rows.iloc[at:]], ignore_index=True)
    return rows


def _plant_feedback(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame.copy()
    for table, row, column, _, _ in PLANTED:
        if table != "feedback":
            continue
        i = row - 1
        if column == "published_at":
            rows.loc[i, column] = _shift(rows.loc[i, "answered_at"], -1)
        else:
            rows.loc[i, column] = rows.loc[i - 1, column]
    return rows


def write_dirty(out: Path, seed: int = design.SAMPLE_SEED) -> Path:
    """Write the dirty extract of :data:`PERIOD` under ``out``; returns its folder."""
    with tempfile.TemporaryDirectory() as tmp:
        generate(SynthConfig(first=design.SAMPLE_MONTHS[0], last=PERIOD, seed=seed), Path(tmp))
        source = Path(tmp) / PERIOD
        folder = out / PERIOD
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "manifest.yaml").write_bytes((source / "manifest.yaml").read_bytes())
        for name in ("procedures", "announcements", "feedback", "dossiers", "national_counts"):
            frame = pd.read_csv(source / f"{name}.csv", dtype=str, keep_default_na=False)
            frame = _day_first(frame)
            if name == "dossiers":
                frame = _plant_dossiers(frame).rename(columns=DOSSIER_HEADERS)
            elif name == "feedback":
                frame = _plant_feedback(frame)
            frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return folder
