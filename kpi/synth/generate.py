"""Orchestration: generate the true history month by month and write as-of extracts.

Months are generated in order with their own random sub-streams, so a month's dossiers do not
depend on the layout or on which months are exported. Only the dossiers still open at the next
month's start are carried in memory (the *pool*), which keeps 10M-dossier runs bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kpi.synth import design
from kpi.synth.announcements import build_announcements
from kpi.synth.catalogue import build_catalogue
from kpi.synth.dataset import DEFAULT_PARTITION_SIZE, PartitionedDossiers, receipt_months
from kpi.synth.dossiers import UNITS, Arrays, generate_month
from kpi.synth.extract import CsvAppender, ParquetAppender, write_manifest, write_table
from kpi.synth.feedback import feedback_as_of, generate_feedback
from kpi.synth.snapshot import (
    announcements_as_of,
    dossiers_as_of,
    export_time,
    in_window,
    procedures_as_of,
)

CHUNK_ROWS = 1_000_000  # rows per written chunk (row group) in the single layout


@dataclass(frozen=True)
class SynthConfig:
    """What to generate. Exactly one of ``dossiers_per_month`` / ``dossiers_total`` applies
    (``dossiers_total`` wins when set)."""

    first: str = design.SAMPLE_MONTHS[0]
    last: str = design.SAMPLE_MONTHS[1]
    dossiers_per_month: int = design.SAMPLE_DOSSIERS_PER_MONTH
    dossiers_total: int | None = None
    seed: int = design.SAMPLE_SEED
    fmt: str = "csv"
    layout: str = "monthly"  # monthly | single | partitioned (Parquet, kpi.synth.dataset)
    partition_size: int = DEFAULT_PARTITION_SIZE  # rows per row group (partitioned layout)


@dataclass
class Written:
    """Summary of a run: folder → row counts per table."""

    folders: dict[str, dict[str, int]] = field(default_factory=dict)


def months(first: str, last: str) -> list[str]:
    """``YYYY-MM`` labels from ``first`` to ``last`` inclusive."""
    span = np.arange(np.datetime64(first, "M"), np.datetime64(last, "M") + 1)
    return [str(m) for m in span]


def month_counts(config: SynthConfig) -> dict[str, int]:
    """Exact dossier count of every generated month (warm-up months included)."""
    exported = months(config.first, config.last)
    warm = [str(np.datetime64(config.first, "M") - k) for k in range(design.WARMUP_MONTHS, 0, -1)]
    factors = np.array([design.MONTH_VOLUME[int(p[5:7]) - 1] for p in warm + exported])
    mean = float(np.mean(design.MONTH_VOLUME))
    if config.dossiers_total is not None:
        share = factors[len(warm) :] / factors[len(warm) :].sum() * config.dossiers_total
        counts = np.floor(share).astype(np.int64)
        remainder = config.dossiers_total - counts.sum()
        counts[np.argsort(-(share - counts), kind="stable")[:remainder]] += 1
        per_month = config.dossiers_total / len(exported)
        warm_counts = np.round(factors[: len(warm)] / mean * per_month).astype(np.int64)
        counts = np.concatenate([warm_counts, counts])
    else:
        counts = np.round(factors / mean * config.dossiers_per_month).astype(np.int64)
    return dict(zip(warm + exported, (int(c) for c in counts), strict=True))


def span_label(first: str, last: str) -> str:
    """Period label of a span: ``2024-01``, ``2024-Q1``, ``2024-H1``, ``2024`` or a range."""
    a, b = np.datetime64(first, "M"), np.datetime64(last, "M")
    year, m1, m2 = first[:4], int(first[5:7]), int(last[5:7])
    if a == b:
        return first
    if year == last[:4]:
        if (m1, m2) == (1, 12):
            return year
        if m2 - m1 == 2 and m1 % 3 == 1:
            return f"{year}-Q{(m1 + 2) // 3}"
        if m2 - m1 == 5 and m1 in (1, 7):
            return f"{year}-H{1 if m1 == 1 else 2}"
    return f"{first}..{last}"


def _concat(parts: list[Arrays]) -> Arrays:
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[-1]}


def _take(hist: Arrays, mask: np.ndarray | slice) -> Arrays:
    return {key: value[mask] for key, value in hist.items()}


def _received_by_unit(frame: pd.DataFrame, start: np.datetime64, end: np.datetime64) -> np.ndarray:
    received = frame["received_at"]
    inside = frame.loc[(received >= start) & (received < end), "unit"]
    return inside.value_counts().reindex(list(UNITS), fill_value=0).to_numpy().astype(np.int64)


def _national_counts(period: str, counts: np.ndarray) -> pd.DataFrame:
    """BCQG counts: ours, except Thủy lợi whose paper dossiers never reach the system (+5%)."""
    totals = counts.copy()
    totals[UNITS.index("TL")] = int(np.ceil(totals[UNITS.index("TL")] * 1.05))
    return pd.DataFrame({"period": period, "unit": list(UNITS), "received_total": totals})


def generate(config: SynthConfig, out: Path) -> Written:
    """Generate and write the extracts of ``config`` under ``out``."""
    catalogue = build_catalogue(config.seed)
    announcements, events = build_announcements(catalogue, config.seed)
    counts = month_counts(config)
    exported = set(months(config.first, config.last))
    written = Written()
    pool: Arrays | None = None
    feedback: list[pd.DataFrame] = []
    partitioned = config.layout == "partitioned"
    single = config.layout == "single" or partitioned  # one snapshot at the end of the span
    span_start = np.datetime64(config.first, "D").astype("datetime64[s]")
    span_end = (np.datetime64(config.last, "M") + 1).astype("datetime64[D]").astype("datetime64[s]")
    final_at = export_time(config.last, design.EXPORT_DAY, design.EXPORT_HOUR)
    label = span_label(config.first, config.last)
    appender: ParquetAppender | CsvAppender | None = None
    parts: PartitionedDossiers | None = None  # the partitioned layout's dossiers
    national: list[pd.DataFrame] = []
    total_rows = 0
    fmt = "parquet" if partitioned else config.fmt
    if partitioned:
        parts = PartitionedDossiers(out / label, config.partition_size)
    elif single:
        cls = ParquetAppender if config.fmt == "parquet" else CsvAppender
        appender = cls(out / label / f"dossiers.{config.fmt}", "dossiers")
    for period, count in counts.items():
        hist = generate_month(catalogue, events, period, count, config.seed)
        hist["ym"] = np.full(hist["seq"].size, int(period[2:4] + period[5:7]), dtype=np.int64)
        unit_counts = np.bincount(hist["unit"], minlength=len(UNITS))
        feedback.append(generate_feedback(period, unit_counts, config.seed))
        rows = hist if pool is None else _concat([pool, hist])
        start = np.datetime64(period, "D").astype("datetime64[s]")
        end = (np.datetime64(period, "M") + 1).astype("datetime64[D]").astype("datetime64[s]")
        if period in exported and single:
            part = rows if period == config.first else hist
            part = _take(part, in_window(part, start, end))
            size = part["seq"].size
            counts_here = np.zeros(len(UNITS), dtype=np.int64)
            for lo in range(0, size, CHUNK_ROWS):  # bounded memory for 10M-row runs
                chunk = _take(part, slice(lo, lo + CHUNK_ROWS))
                frame = dossiers_as_of(chunk, catalogue, final_at)
                if parts is not None:
                    parts.append(frame, receipt_months(chunk["received"], chunk["submitted"]))
                elif appender is not None:
                    appender.append(frame)
                counts_here += _received_by_unit(frame, start, end)
                del frame
            total_rows += size
            national.append(_national_counts(period, counts_here))
        elif period in exported:
            at = export_time(period, design.EXPORT_DAY, design.EXPORT_HOUR)
            frame = dossiers_as_of(_take(rows, in_window(rows, start, end)), catalogue, at)
            tables = {
                "procedures": procedures_as_of(catalogue, events, at),
                "announcements": announcements_as_of(announcements, at),
                "dossiers": frame,
                "feedback": feedback_as_of(pd.concat(feedback), start, end, at),
                "national_counts": _national_counts(period, _received_by_unit(frame, start, end)),
            }
            folder = out / period
            write_manifest(folder, period, at)
            for name, table in tables.items():
                write_table(table, folder, name, config.fmt)
            written.folders[period] = {name: len(table) for name, table in tables.items()}
        pool = _take(rows, rows["finished"] >= end)
    writer = parts if parts is not None else appender
    if single and writer is not None:
        writer.close()
        folder = out / label
        write_manifest(folder, label, final_at)
        tables = {
            "procedures": procedures_as_of(catalogue, events, final_at),
            "announcements": announcements_as_of(announcements, final_at),
            "feedback": feedback_as_of(pd.concat(feedback), span_start, span_end, final_at),
            "national_counts": pd.concat(national, ignore_index=True),
        }
        for name, table in tables.items():
            write_table(table, folder, name, fmt)
        written.folders[label] = {"dossiers": total_rows} | {k: len(v) for k, v in tables.items()}
    return written
