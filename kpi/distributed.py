"""Score dossiers partitioned on disk with Dask (optional extra ``kpi766[dask]``).

Beyond one machine's memory, the index still decomposes: every dossier-based indicator is a
sum of per-unit counts, so each partition is scored on its own and the counts added; the TTHC
indicators judged from dossiers (#7, #9, #10, #17: "at least one dossier such that…") combine
by logical OR over partitions. Indicators that read no dossiers (#1-#3, #6, #19, #20) are
computed once on the small tables. Each partition reuses the in-memory rules unchanged.

Two entry points: :func:`score_partitioned` (a Parquet dataset of canonical dossiers and the
other tables in memory, no validation) and :func:`score_dataset` / :func:`check_dataset` (a
dataset *folder* with its manifest, on a ``distributed`` cluster: chunks of row groups, each
validated and quarantined as in memory, repeated ids across files found; ``kpi766 score|check
--engine dask``).
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kpi import labels, registry
from kpi.calendar import WorkCalendar, default_calendar
from kpi.columns import REQUIRED_TABLES, TABLES, names
from kpi.errors import ExtractError
from kpi.ingest import messages as ingest_messages
from kpi.ingest.fileload import (
    FileResult,
    issues_frame,
    load_file,
    selected_columns,
)
from kpi.ingest.finalize import finalize, unit_lookup
from kpi.ingest.findings import table_findings
from kpi.ingest.headers import match_headers
from kpi.ingest.load import ACCOUNTING_COLUMNS, Extract, concat_issues
from kpi.ingest.manifest import Manifest, ensure_inside, parse_export_time, read_manifest
from kpi.ingest.mapping import IngestMapping, load_ingest_mapping
from kpi.ingest.readers import SUFFIXES, prefer_jemalloc
from kpi.params import ScoringRules, UnitsParams, load_rules, load_units
from kpi.periods import Period, parse_period
from kpi.rules import Context, Judgement
from kpi.rules.online import service_credit
from kpi.scorecard import AGENCY, Scorecard, Tally, assemble, judge, make_context, tally
from kpi.vector import is_in

if TYPE_CHECKING:
    from distributed import Client

    from kpi.extracts import PeriodAudit

# TTHC-based indicators whose verdict depends on the dossiers: OR over partitions.
ANY_DOSSIER = (7, 9, 10, 17)
SUMMED = tuple(i.code for i in registry.INDICATORS if i.basis == "dossier")
_META = {"code": "int64", "position": "int64", "numerator": "float64", "denominator": "float64"}


def partition_counts(
    dossiers: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    period: Period,
    export_time: pd.Timestamp | None,
    units: list[str],
    rules: ScoringRules,
    calendar: WorkCalendar,
) -> pd.DataFrame:
    """Counts of one partition of dossiers.

    Returns
    -------
    DataFrame
        ``code``, ``position``, ``numerator``, ``denominator``: for a summed indicator,
        ``position`` is the scope (0 = agency, then units) and the columns are its counts; for
        an :data:`ANY_DOSSIER` indicator, ``position`` is the catalogue row and ``numerator``
        is 1 when that TTHC counts in this partition.
    """
    ctx = make_context(
        {**tables, "dossiers": dossiers.reset_index(drop=True)},
        period,
        export_time=export_time,
        rules=rules,
        units=units,
        calendar=calendar,
    )
    return context_counts(ctx)


def context_counts(ctx: Context, judgements: dict[int, Judgement] | None = None) -> pd.DataFrame:
    """:func:`partition_counts` of a context whose ``dossiers`` are one partition (positions
    of summed indicators index ``[agency, *ctx.units]``); ``judgements``: those of ``ctx``
    when already judged."""
    if judgements is None:
        judgements = judge(ctx, threads=1)  # Dask runs partitions in parallel
    frames = []
    for code, judgement in judgements.items():
        if code in SUMMED:
            counts = tally(judgement, ctx)
            positions = np.arange(len(counts.numerators))
            frames.append(
                pd.DataFrame(
                    {
                        "code": code,
                        "position": positions,
                        "numerator": counts.numerators,
                        "denominator": counts.denominators,
                    }
                )
            )
        elif code in ANY_DOSSIER:
            counted = judgement.counted.astype("float64")
            frames.append(
                pd.DataFrame(
                    {
                        "code": code,
                        "position": np.arange(len(counted)),
                        "numerator": counted,
                        "denominator": 0.0,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True).astype(_META)


def score_partitioned(
    dossier_path: str | Path,
    tables: dict[str, pd.DataFrame],
    period: Period | str,
    *,
    export_time: pd.Timestamp | None = None,
    rules: ScoringRules | None = None,
    units: UnitsParams | None = None,
    calendar: WorkCalendar | None = None,
) -> pd.DataFrame:
    """The scorecard rows of ``period`` from dossiers in partitioned Parquet, with Dask.

    Parameters
    ----------
    dossier_path : path
        A Parquet dataset of canonical dossiers (a folder of files, e.g. one per month).
    tables : dict of DataFrame
        The other canonical tables (procedures required; announcements, feedback,
        national_counts optional), in memory: they are small.
    period, export_time, rules, units
        As for :func:`kpi.scorecard.score_period`.

    Returns
    -------
    DataFrame
        The same rows as ``score_period(...).indicators`` for the whole extract.
    """
    import dask.dataframe as dd

    period = parse_period(period) if isinstance(period, str) else period
    rules, units = rules or load_rules(), units or load_units()
    calendar = calendar or default_calendar()
    dossiers = dd.read_parquet(str(dossier_path))
    empty = dossiers._meta.iloc[:0]
    base = make_context(
        {**tables, "dossiers": empty},
        period,
        export_time=export_time,
        rules=rules,
        units=units,
        calendar=calendar,
    )
    seen = dossiers["unit"].dropna().unique().compute().astype(str).tolist()
    unit_list = list(dict.fromkeys([*base.units, *sorted(seen)]))
    base = make_context(
        {**tables, "dossiers": empty},
        period,
        export_time=export_time,
        rules=rules,
        units=unit_list,
        calendar=calendar,
    )
    counts = dossiers.map_partitions(
        partition_counts,
        tables=tables,
        period=period,
        export_time=export_time,
        units=unit_list,
        rules=rules,
        calendar=calendar,
        meta=_META,
    ).compute()
    return _combine(counts, base, unit_list, rules)


def _combine(
    counts: pd.DataFrame, base: Context, unit_list: list[str], rules: ScoringRules
) -> pd.DataFrame:
    """The scorecard rows from the :func:`partition_counts` of every partition; ``base`` is
    the context of the small tables with no dossier (it judges what reads no dossiers)."""
    summed = counts.groupby(["code", "position"], sort=True).agg(
        numerator=("numerator", "sum"),
        any_counted=("numerator", "max"),
        denominator=("denominator", "sum"),
    )
    base_judgements = judge(base)
    tallies: dict[int, Tally] = {}
    for code, judgement in base_judgements.items():
        if code in SUMMED and code in summed.index.get_level_values(0):
            rows = summed.loc[code].reindex(range(len(unit_list) + 1), fill_value=0)
            tallies[code] = Tally(
                rows["numerator"].to_numpy(),
                rows["denominator"].to_numpy(),
                judgement.floor,
                judgement.fallback,
                judgement.scale_by,
            )
        elif code in ANY_DOSSIER:
            flags = (
                summed.loc[code, "any_counted"]
                if code in summed.index.get_level_values(0)
                else pd.Series(dtype=float)
            )
            counted = flags.reindex(range(len(judgement.population)), fill_value=0).to_numpy()
            judged = Judgement(
                code,
                judgement.records,
                judgement.id_column,
                judgement.population,
                np.where(counted > 0, 0, 1).astype(np.int8),
                judgement.reasons,
                weight=judgement.weight,
                credit=None
                if judgement.weight is None
                else service_credit(
                    judgement.weight, counted > 0, rules.rules.online_service_credit_per_procedure
                ),
            )
            tallies[code] = tally(judged, base)
        else:
            tallies[code] = tally(judgement, base)
    return assemble(tallies, unit_list, rules)


# --- A dataset folder scored on a Dask cluster (kpi766 score|check --engine dask) -------------

DEFAULT_PARTITION_SIZE = 100_000  # rows a task holds at once (a Parquet batch)
DEFAULT_WORKERS = 2
DEFAULT_MEMORY_LIMIT = "2GiB"  # per worker of the LocalCluster started without a scheduler
# Dossier columns no rule reads: submitted_at (only validated). synced_at is read by #4 when
# present (a sync after the as-of instant has not happened yet). tests/test_dask_dataset.py
# checks that scoring without these columns gives the same scorecard: a rule that starts
# reading one must take it out of here.
UNREAD_BY_RULES = ("submitted_at",)
SCORE_COLUMNS = tuple(name for name in names("dossiers") if name not in UNREAD_BY_RULES)
DUPLICATE_COLUMNS = ("file", "row", "dossier_id", "status", "kept_file", "kept_row")
SUPERSEDED, REPEATED = "superseded", "repeated_in_file"
_KEY_HASHES = ("kpi766-dossier-1", "kpi766-dossier-2")  # two 64-bit hashes of a dossier id
_KEYS_PER_BUCKET = 2_000_000  # ~50 MB of (hash, hash, chunk, row) per reducer


@dataclass(frozen=True)
class DatasetFiles:
    """The files of a dataset folder: manifest, one file per small table, dossier Parquet files
    (``dossiers.parquet`` or every ``*.parquet`` under ``dossiers/``, in path order)."""

    folder: Path
    manifest: Manifest
    tables: dict[str, Path]
    dossiers: list[Path]


@dataclass(frozen=True)
class Chunk:
    """Consecutive row groups of one dossier file: one task of each pass.

    ``first_record`` is the number of records before the chunk in its file; a record's row
    number is ``record + 2``, as :mod:`kpi.ingest.readers` numbers Parquet rows.
    """

    number: int
    file_number: int
    path: str
    row_groups: tuple[int, ...]
    first_record: int
    rows: int


@dataclass(frozen=True)
class _Job:
    """What every task of one run shares (pickled to the workers)."""

    mapping: IngestMapping
    unit_lookup: dict[str, str]
    unit_codes: frozenset[str]
    wanted: list[str] | None
    presence_only: bool
    export_time: pd.Timestamp
    partition_size: int
    units: UnitsParams | None = None  # names and responsibilities, for the evidence
    evidence_dir: str | None = None
    calendar: WorkCalendar | None = None  # the working days, when the run scores


@dataclass
class DatasetResult:
    """A dataset loaded (and scored) on a cluster.

    Attributes
    ----------
    extract
        A :class:`kpi.ingest.Extract` whose ``accounting``, ``quarantine`` and ``findings``
        cover every table and dossier file (per file, read = used + quarantined +
        superseded), so that :func:`kpi.ingest.quality_report`, ``report_text`` and
        ``report_json`` work on it unchanged. ``tables`` holds the small tables only: the
        dossiers never come to the caller.
    scorecard
        For :func:`score_dataset`: a :class:`kpi.scorecard.Scorecard` with the same
        ``indicators`` as the in-memory one, ``period``, ``as_of``, ``rules``, ``units`` and
        ``unit_list``; its ``judgements`` are only those of the indicators that read no
        dossier (#1-#3, #6, #19, #20, as in memory) and its ``context`` has no dossier: the
        evidence of the others is written by the workers (``evidence_dir`` of
        :func:`score_dataset`). None for :func:`check_dataset`.
    duplicates
        Dossiers whose id is repeated across chunks (:data:`DUPLICATE_COLUMNS`): ``status``
        :data:`SUPERSEDED` (a copy in another file, the one in the later file in path order
        is kept, as the later folder wins a tie in :func:`kpi.ingest.load_extract`) or
        :data:`REPEATED` (again in the same file, quarantined: the first copy is kept).
    chunks
        Number of chunks (tasks of the first pass; the second loads again only the chunks
        holding a repeated id).
    """

    extract: Extract
    scorecard: Scorecard | None
    duplicates: pd.DataFrame
    chunks: int


def dataset_files(
    folder: Path | str,
    mapping: IngestMapping | None = None,
    export_time: pd.Timestamp | None = None,
) -> DatasetFiles:
    """Find the files of a dataset folder (``kpi766 synth --partitioned`` writes one).

    Raises
    ------
    ExtractError
        Missing folder or manifest, no dossier file, a required table missing, several files
        for one table, a small table given as a folder, a file outside the folder.
    """
    folder = Path(folder)
    if not folder.exists():
        raise ExtractError(ingest_messages.MISSING_FOLDER.format(folder=folder))
    if not folder.is_dir():
        raise ExtractError(ingest_messages.NOT_A_FOLDER.format(folder=folder))
    manifest = read_manifest(folder, mapping, export_time)
    tables: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        name = path.name.lower() if path.is_dir() else path.stem.lower()
        if name not in TABLES or (path.is_file() and path.suffix.lower() not in SUFFIXES):
            continue
        ensure_inside(path, folder)
        if path.is_dir() and name != "dossiers":
            raise ExtractError(labels.DATASET_TABLE_FOLDER.format(path=path, table=name))
        tables.setdefault(name, []).append(path)
    sources = tables.pop("dossiers", [])  # dossiers.parquet, or the folder dossiers/
    if len(sources) > 1:  # a file and a folder: several files for one table, as in memory
        files = ", ".join(path.name for path in sources)
        raise ExtractError(
            ingest_messages.SEVERAL_FILES.format(folder=folder, table="dossiers", files=files)
        )
    if sources and sources[0].is_dir():
        dossiers = [
            part
            for part in sorted(sources[0].rglob("*.parquet"))
            if part.is_file() and not part.name.startswith(("_", "."))
        ]
        for part in dossiers:
            ensure_inside(part, folder)
    else:
        dossiers = sources
    if not dossiers:
        raise ExtractError(labels.DATASET_NO_DOSSIERS.format(folder=folder))
    for path in dossiers:
        if path.suffix.lower() != ".parquet":
            raise ExtractError(labels.DATASET_NOT_PARQUET.format(path=path))
    for table, paths in tables.items():
        if len(paths) > 1:
            files = ", ".join(path.name for path in paths)
            raise ExtractError(
                ingest_messages.SEVERAL_FILES.format(folder=folder, table=table, files=files)
            )
    for table in REQUIRED_TABLES:
        if table != "dossiers" and table not in tables:
            raise ExtractError(ingest_messages.MISSING_TABLE.format(table=table, folder=folder))
    small = {table: tables[table][0] for table in TABLES if table in tables}
    return DatasetFiles(folder, manifest, small, dossiers)


def plan_chunks(paths: list[Path], partition_size: int) -> list[Chunk]:
    """Consecutive row groups of each file, about ``partition_size`` rows per chunk (a larger
    row group is a chunk of its own, read in batches of ``partition_size``), from the Parquet
    metadata alone."""
    chunks: list[Chunk] = []
    for file_number, path in enumerate(paths):
        metadata = pq.ParquetFile(path).metadata
        sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
        groups: list[int] = []
        first = rows = 0
        for group, size in enumerate(sizes):  # row groups, a few per file
            if groups and rows + size > partition_size:
                chunks.append(
                    Chunk(len(chunks), file_number, str(path), tuple(groups), first, rows)
                )
                groups, first, rows = [], first + rows, 0
            groups.append(group)
            rows += size
        if groups:
            chunks.append(Chunk(len(chunks), file_number, str(path), tuple(groups), first, rows))
    return chunks


def _file_columns(parquet: pq.ParquetFile, job: _Job) -> tuple[list[str], pd.DataFrame]:
    """The file's columns to read (those whose header maps to a wanted canonical column) and
    the findings about its headers (unknown, repeated), as :func:`kpi.ingest.load_extract`
    reports them."""
    headers = parquet.schema_arrow.names
    match = match_headers(list(headers), job.mapping.header_lookup("dossiers"))
    selected = set(selected_columns("dossiers", job.wanted))
    columns = [headers[pos] for pos, name in sorted(match.columns.items()) if name in selected]
    rows = [(1, header, "", ingest_messages.UNKNOWN_COLUMN) for header in match.unknown]
    rows += [
        (1, header, "", ingest_messages.REPEATED_COLUMN.format(first=name))
        for header, name in match.repeated
    ]
    return columns, pd.DataFrame(rows, columns=["row", "column", "value", "reason"])


def _batches(chunk: Chunk, job: _Job) -> Iterator[FileResult]:
    """The chunk's records, ``partition_size`` at a time, each loaded as a file by
    :func:`kpi.ingest.fileload.load_file` (the in-memory reading, parsing, validation and
    quarantine) with rows and file as in the source file."""
    prefer_jemalloc()
    parquet = pq.ParquetFile(chunk.path, memory_map=True)
    columns, header = _file_columns(parquet, job)
    offset = chunk.first_record
    path = Path(chunk.path)
    with tempfile.TemporaryDirectory(prefix="kpi766-chunk-") as scratch:
        batch_file = Path(scratch) / "dossiers.parquet"
        batches = parquet.iter_batches(
            batch_size=job.partition_size, row_groups=list(chunk.row_groups), columns=columns
        )
        for batch in batches:
            if batch.num_rows == 0:
                continue
            pq.write_table(
                pa.Table.from_batches([batch]),
                batch_file,
                compression="none",
                use_dictionary=False,
                write_statistics=False,
            )  # the cheapest write
            result = load_file(
                batch_file,
                "dossiers",
                mapping=job.mapping,
                unit_codes=job.unit_lookup,
                wanted=job.wanted,
                presence_only=job.presence_only,
                export_time=job.export_time,
            )
            quarantine = result.quarantine.assign(
                file=str(path), row=result.quarantine["row"] + offset
            )
            findings = result.findings.iloc[0:0]
            if offset == 0:  # headers: once per file
                found = issues_frame("dossiers", path, header, header["value"])
                findings = pd.concat(
                    [result.findings.assign(file=str(path)), found], ignore_index=True
                )
            used = result.used.set_axis(result.used.index + offset)
            yield FileResult("dossiers", path, used, quarantine, findings, result.rows_read)
            offset += batch.num_rows


def _write_evidence(
    ctx: Context,
    judgements: dict[int, Judgement],
    job: _Job,
    name: str,
    codes: Sequence[int] = SUMMED,
) -> None:
    """Write :func:`kpi.evidence.evidence` of each of ``codes`` judged in ``ctx`` as
    ``<evidence_dir>/indicator=NN/<name>.parquet`` (even when empty: a chunk loaded again
    replaces its files)."""
    from kpi.evidence import evidence

    card = Scorecard(
        ctx.period,
        ctx.as_of,
        pd.DataFrame(),
        judgements,
        ctx,
        ctx.rules,
        job.units or load_units(),
        ctx.units,
    )
    for code in codes:
        if code in judgements:
            path = Path(str(job.evidence_dir)) / f"indicator={code:02d}" / f"{name}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            table = pa.Table.from_pandas(evidence(card, code), preserve_index=False)
            pq.write_table(table.replace_schema_metadata(None), path)


def _keys(ids: pd.Series, chunk: int) -> pd.DataFrame:
    """Two 64-bit hashes of each id (a collision of both is ~1e-24 at 30M ids), with the
    chunk and row of the id."""
    hashes = {
        f"h{n}": pd.util.hash_pandas_object(ids, index=False, hash_key=key).to_numpy()
        for n, key in enumerate(_KEY_HASHES)
    }
    return pd.DataFrame(
        {
            **hashes,
            "chunk": np.full(len(ids), chunk, dtype=np.int32),
            "row": ids.index.to_numpy(np.int64),
        }
    )


def _load_chunk(
    chunk: Chunk,
    job: _Job,
    tables: dict[str, pd.DataFrame],
    period: Period | None,
    units: list[str],
    rules: ScoringRules | None,
    buckets: int = 0,
    drops: pd.DataFrame | None = None,
) -> tuple[dict, list[pd.DataFrame]]:
    """Load, validate and count one chunk, a batch at a time.

    Pass 1 (``buckets``): also the keys of the used rows, split into ``buckets`` by hash.
    Pass 2 (``drops``, only for chunks holding an id repeated elsewhere): those rows dropped
    from the used ones before their findings and counts.

    Returns the summary (counts read and quarantined, quarantine, header and row findings,
    units seen, rows used, rows dropped with their ids, an empty frame of the dossiers' dtypes,
    and with ``period`` the :func:`context_counts` with a ``scope`` column: the unit code of a
    summed indicator's position, "" for the agency and the catalogue rows) and the key parts.
    """
    quarantine, header, findings, counts, keys, dropped = [], [], [], [], [], []
    units_seen: set[str] = set()
    rows_read = quarantined = used_rows = 0
    empty = None
    codes = tables["procedures"]["procedure_code"] if "procedures" in tables else None
    for batch, result in enumerate(_batches(chunk, job)):
        rows_read += result.rows_read
        quarantined += int(result.quarantine["row"].nunique())
        quarantine.append(result.quarantine)
        header.append(result.findings)
        used = result.used
        empty = used.iloc[0:0] if empty is None else empty
        if drops is not None and len(drops):
            mine = drops[np.isin(drops["row"].to_numpy(), used.index.to_numpy())]
            if len(mine):
                ids = used.loc[mine["row"].to_numpy(), "dossier_id"].to_numpy()
                dropped.append(mine.assign(dossier_id=ids))
                used = used.drop(index=mine["row"].to_numpy())
        used_rows += len(used)
        units_seen.update(str(unit) for unit in used["unit"].dropna().unique().tolist())
        if buckets:
            keys.append(_keys(used["dossier_id"], chunk.number))
        tagged = used.assign(
            _file=chunk.path, _row=used.index.to_numpy(), _export_time=job.export_time
        )
        findings += table_findings(tagged, "dossiers", set(job.unit_codes), codes)
        if period is not None and rules is not None:
            ctx = make_context(
                {**tables, "dossiers": used.reset_index(drop=True)},
                period,
                export_time=job.export_time,
                rules=rules,
                units=units,
                calendar=job.calendar or default_calendar(),
            )
            judgements = judge(ctx, threads=1)  # Dask runs the chunks in parallel
            frame = context_counts(ctx, judgements)
            if job.evidence_dir is not None:
                _write_evidence(ctx, judgements, job, f"part-{chunk.number:05d}-{batch:03d}")
            labels = np.array(["", *ctx.units], dtype=object)
            summed = is_in(frame["code"], SUMMED)
            scope = np.where(summed, labels[np.where(summed, frame["position"], 0)], "")
            counts.append(frame.assign(scope=scope))
    summary = {"rows_read": rows_read, "quarantined": quarantined, "used": used_rows,
               "quarantine": _concat(quarantine), "header": _concat(header),
               "findings": _concat(findings), "units": units_seen, "empty": empty,
               "dropped": _concat(dropped), "counts": _concat(counts)}  # fmt: skip
    if not buckets:
        return summary, []
    if not keys:
        return summary, [_keys(pd.Series([], dtype="str"), chunk.number)] * buckets
    frame = pd.concat(keys, ignore_index=True)
    bucket = (frame["h0"].to_numpy() % np.uint64(buckets)).astype(np.int64)
    order = np.argsort(bucket, kind="stable")
    bounds = np.searchsorted(bucket[order], np.arange(buckets + 1))
    return summary, [frame.iloc[order[bounds[b] : bounds[b + 1]]] for b in range(buckets)]


def _pick(value: tuple, *index: int) -> object:
    for position in index:
        value = value[position]
    return value


def _repeats(*pieces: pd.DataFrame, chunk_files: np.ndarray) -> pd.DataFrame:
    """Reducer of one hash bucket: rows whose id was seen before in the same file (quarantined,
    the first copy kept, as within one file in memory) or is also in a later file
    (superseded: the copy of the latest file in path order is kept)."""
    keys = pd.concat(pieces, ignore_index=True)
    keys["file"] = chunk_files[keys["chunk"].to_numpy()]
    keys = keys.sort_values(["file", "row"], kind="stable", ignore_index=True)
    none = pd.DataFrame(
        {
            "chunk": pd.Series(dtype="int32"),
            "row": pd.Series(dtype="int64"),
            "status": pd.Series(dtype="str"),
            "kept_file": pd.Series(dtype="int64"),
            "kept_row": pd.Series(dtype="int64"),
        }
    )
    if not keys.duplicated(["h0", "h1"]).any():
        return none
    in_file = keys.duplicated(["h0", "h1", "file"], keep="first")
    first = keys.groupby(["h0", "h1", "file"], sort=False)["row"].transform("first")
    rest = keys[~in_file.to_numpy()]
    later = rest.duplicated(["h0", "h1"], keep="last")
    kept = rest.groupby(["h0", "h1"], sort=False)[["file", "row"]].transform("last")
    repeated = pd.DataFrame(
        {
            "chunk": keys.loc[in_file, "chunk"],
            "row": keys.loc[in_file, "row"],
            "status": REPEATED,
            "kept_file": keys.loc[in_file, "file"],
            "kept_row": first[in_file],
        }
    )
    superseded = pd.DataFrame(
        {
            "chunk": rest.loc[later, "chunk"],
            "row": rest.loc[later, "row"],
            "status": SUPERSEDED,
            "kept_file": kept.loc[later, "file"],
            "kept_row": kept.loc[later, "row"],
        }
    )
    return pd.concat([none, repeated, superseded], ignore_index=True)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [frame for frame in frames if frame is not None and len(frame)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


@contextlib.contextmanager
def dask_client(
    scheduler: str | Client | None = None,
    *,
    workers: int = DEFAULT_WORKERS,
    memory_limit: str | int = DEFAULT_MEMORY_LIMIT,
) -> Iterator[Client]:
    """A ``distributed.Client``: to ``scheduler`` (an address such as ``tcp://host:8786``),
    the client given, or else to a ``LocalCluster`` of ``workers`` processes of one thread
    each, ``memory_limit`` each, closed on exit (an address's or given client's cluster is
    left running)."""
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        yield scheduler
        return
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory_limit,
            dashboard_address=":0",  # any free port (no warning when 8787 is taken)
            silence_logs=logging.ERROR,  # not the nanny's warnings when the workers stop
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _small_tables(files: DatasetFiles, job: _Job) -> tuple[dict[str, pd.DataFrame], list]:
    """The small tables loaded in this process as :func:`kpi.ingest.load_extract` loads them;
    returns the tables and their file results."""
    tables, results = {}, []
    for table, path in files.tables.items():
        result = load_file(
            path,
            table,
            mapping=job.mapping,
            unit_codes=job.unit_lookup,
            export_time=job.export_time,
        )
        tables[table] = result.used
        results.append(result)
    return tables, results


def _run(
    folder: Path | str | Sequence[Path | str],
    period: Period | str | None,
    *,
    rules: ScoringRules | None,
    units: UnitsParams | None,
    scheduler: str | Client | None,
    partition_size: int,
    workers: int,
    memory_limit: str | int,
    columns: Sequence[str] | None,
    presence_only: bool,
    export_time: pd.Timestamp | str | None,
    mapping: IngestMapping | None,
    evidence_dir: Path | str | None = None,
) -> DatasetResult:
    """Both passes on a cluster; see :func:`score_dataset`."""
    mapping = mapping or load_ingest_mapping()
    units = units or load_units()
    if isinstance(export_time, str):
        given, export_time = export_time, parse_export_time(export_time)
        if export_time is None:
            raise ExtractError(ingest_messages.BAD_EXPORT_TIME.format(value=given))
    files = dataset_files(_one_folder(folder), mapping, export_time)
    manifest = files.manifest
    if evidence_dir is not None:
        evidence_dir = Path(evidence_dir)
        if evidence_dir.exists() and any(evidence_dir.iterdir()):
            raise ExtractError(labels.DATASET_EVIDENCE_NOT_EMPTY.format(path=evidence_dir))
    job = _Job(
        mapping,
        unit_lookup(units),
        frozenset(unit.code for unit in units.units),
        None if columns is None else list(columns),
        presence_only,
        manifest.export_time,
        partition_size,
        units,
        None if evidence_dir is None else str(evidence_dir),
        default_calendar() if period is not None else None,
    )
    indexed, small = _small_tables(files, job)
    tables = {table: frame.reset_index(drop=True) for table, frame in indexed.items()}
    chunks = plan_chunks(files.dossiers, partition_size)
    total = sum(chunk.rows for chunk in chunks)
    buckets = int(min(64, max(1, -(-total // _KEYS_PER_BUCKET))))
    chunk_files = np.array([chunk.file_number for chunk in chunks], dtype=np.int64)
    period = parse_period(period) if isinstance(period, str) else period
    rules = (rules or load_rules()) if period is not None else None
    configured = [unit.code for unit in units.units]
    with dask_client(scheduler, workers=workers, memory_limit=memory_limit) as client:
        shared = client.scatter(tables, broadcast=True)
        # Pass 1: every chunk validated, counted; the keys of its used rows in hash buckets.
        first = [
            client.submit(
                _load_chunk, chunk, job, shared, period, configured, rules, buckets, pure=False
            )
            for chunk in chunks
        ]
        summaries = [client.submit(_pick, future, 0) for future in first]
        reducers = [
            client.submit(
                _repeats,
                *[client.submit(_pick, future, 1, b) for future in first],
                chunk_files=chunk_files,
            )
            for b in range(buckets)
        ]
        repeated = _concat(client.gather(reducers))
        passed = client.gather(summaries)
        del first, summaries, reducers
        # Pass 2, only for the chunks holding an id repeated elsewhere: counted again without.
        redo = (
            {
                int(number): client.submit(
                    _load_chunk,
                    chunks[int(number)],
                    job,
                    shared,
                    period,
                    configured,
                    rules,
                    0,
                    drops,
                    pure=False,
                )
                for number, drops in repeated.groupby("chunk", sort=True)
            }
            if len(repeated)
            else {}
        )
        for number, (again, _) in zip(redo, client.gather(list(redo.values())), strict=True):
            passed[number] = {**passed[number], **{key: again[key] for key in (
                "used", "findings", "units", "dropped", "counts")}}  # fmt: skip
    seen = set().union(
        *(summary["units"] for summary in passed),
        *(
            frame["unit"].dropna().astype("str").unique().tolist()
            for frame in tables.values()
            if "unit" in frame.columns
        ),
    )
    # As kpi.rules.Context: the configured units, then the others found, sorted.
    unit_list = list(dict.fromkeys([*configured, *sorted(seen)]))
    return _result(files, job, tables, small, chunks, passed, period, rules, units, unit_list)


def _result(
    files: DatasetFiles,
    job: _Job,
    tables: dict[str, pd.DataFrame],
    small: list,
    chunks: list[Chunk],
    passed: list[dict],
    period: Period | None,
    rules: ScoringRules | None,
    units: UnitsParams,
    unit_list: list[str],
) -> DatasetResult:
    """Accounting, issues, duplicates and scorecard from the outputs of both passes."""
    paths = [str(path) for path in files.dossiers]
    dropped = _concat([summary["dropped"] for summary in passed])
    if len(dropped):
        dropped = dropped.assign(
            file=np.array(paths)[chunk_file(chunks, dropped["chunk"])],
            kept_file=np.array(paths)[dropped["kept_file"].to_numpy()],
        )
        dropped = dropped.sort_values(["file", "row"], kind="stable", ignore_index=True)
        duplicates = dropped[list(DUPLICATE_COLUMNS)]
    else:
        duplicates = pd.DataFrame({name: pd.Series(dtype="str") for name in DUPLICATE_COLUMNS})
    per_file = (
        pd.DataFrame(
            {
                "file": [chunk.path for chunk in chunks],
                "rows_read": [summary["rows_read"] for summary in passed],
                "rows_quarantined": [summary["quarantined"] for summary in passed],
                "rows_used": [summary["used"] for summary in passed],
            }
        )
        .groupby("file", sort=False)
        .sum()
    )
    status = (
        duplicates.groupby(["file", "status"]).size().unstack(fill_value=0)
        if len(duplicates)
        else pd.DataFrame()
    )
    per_file = per_file.reindex(paths, fill_value=0)
    for name, column in ((REPEATED, "rows_quarantined"), (SUPERSEDED, "rows_superseded")):
        extra = status[name] if name in status.columns else pd.Series(dtype="int64")
        per_file[column] = per_file.get(column, 0) + extra.reindex(paths, fill_value=0)
    accounting = [
        (
            result.table,
            str(result.path),
            result.rows_read,
            len(result.used),
            int(result.quarantine["row"].nunique()),
            0,
        )
        for result in small
    ]
    accounting += [
        (
            "dossiers",
            path,
            *per_file.loc[path, ["rows_read", "rows_used", "rows_quarantined", "rows_superseded"]]
            .astype(int)
            .tolist(),
        )
        for path in paths
    ]
    accounting_frame = pd.DataFrame(accounting, columns=list(ACCOUNTING_COLUMNS))
    again = duplicates[duplicates["status"] == REPEATED]
    repeats = pd.DataFrame(
        {
            "table": "dossiers",
            "file": again["file"],
            "row": again["row"],
            "column": "dossier_id",
            "value": again["dossier_id"],
            "reason": [ingest_messages.DUPLICATE_ID.format(first=row) for row in again["kept_row"]],
        }
    )
    quarantine = [result.quarantine for result in small]
    quarantine += [summary["quarantine"] for summary in passed] + [repeats]
    codes = tables["procedures"]["procedure_code"] if "procedures" in tables else None
    findings = [result.findings for result in small]
    for result in small:
        tagged = result.used.assign(
            _file=str(result.path), _row=result.used.index.to_numpy(), _export_time=job.export_time
        )
        findings += table_findings(tagged, result.table, set(job.unit_codes), codes)
    findings += [summary["header"] for summary in passed]
    findings += [summary["findings"] for summary in passed]
    manifest = files.manifest
    extract = Extract(
        tables=tables,
        quarantine=concat_issues(quarantine),
        findings=concat_issues(findings),
        accounting=accounting_frame,
        export_time=manifest.export_time,
        period=manifest.period,
        periods=[manifest.period],
        files=[manifest.path, *files.tables.values(), *files.dossiers],
        sources=[manifest],
    )
    scorecard = None
    if period is not None and rules is not None:
        empty = next((s["empty"] for s in passed if s["empty"] is not None), None)
        if empty is None:
            empty = finalize(
                pd.DataFrame(index=pd.RangeIndex(0)),
                "dossiers",
                selected_columns("dossiers", job.wanted),
            )
        base = make_context(
            {**tables, "dossiers": empty},
            period,
            export_time=job.export_time,
            rules=rules,
            units=unit_list,
            calendar=job.calendar or default_calendar(),
        )
        counts = _concat([summary["counts"] for summary in passed])
        if counts.empty:
            counts = pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in _META.items()})
        else:  # a summed indicator's scope → its position in the whole dataset's unit list
            positions = {"": 0} | {unit: n + 1 for n, unit in enumerate(unit_list)}
            summed = is_in(counts["code"], SUMMED)
            where = counts["scope"].map(positions).to_numpy()
            counts = counts.assign(position=np.where(summed, where, counts["position"]))
            counts = counts.drop(columns="scope").astype(_META)
        indicators = _combine(counts, base, unit_list, rules)
        # The indicators that read no dossier are judged here exactly as in memory.
        exact = {
            code: judgement
            for code, judgement in judge(base).items()
            if code not in SUMMED and code not in ANY_DOSSIER
        }
        if job.evidence_dir is not None:
            _write_evidence(base, exact, job, "part-0", codes=sorted(exact))
        scorecard = Scorecard(
            base.period, base.as_of, indicators, exact, base, rules, units, unit_list
        )
    return DatasetResult(extract, scorecard, duplicates.reset_index(drop=True), len(chunks))


def chunk_file(chunks: list[Chunk], numbers: pd.Series) -> np.ndarray:
    """File number of each chunk number in ``numbers``."""
    files = np.array([chunk.file_number for chunk in chunks], dtype=np.int64)
    return files[numbers.to_numpy(np.int64)]


def score_dataset(
    folder: Path | str | Sequence[Path | str],
    period: Period | str,
    *,
    rules: ScoringRules | None = None,
    units: UnitsParams | None = None,
    scheduler: str | Client | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    workers: int = DEFAULT_WORKERS,
    memory_limit: str | int = DEFAULT_MEMORY_LIMIT,
    columns: Sequence[str] | None = SCORE_COLUMNS,
    presence_only: bool = True,
    export_time: pd.Timestamp | str | None = None,
    mapping: IngestMapping | None = None,
    evidence_dir: Path | str | None = None,
) -> DatasetResult:
    """Load, validate and score a dataset folder on a Dask cluster.

    The folder is an extract folder whose dossiers may be many Parquet files (``kpi766 synth
    --partitioned`` writes one): ``manifest.yaml``, one file per small table, and
    ``dossiers/**/*.parquet`` (hive-style, e.g. ``dossiers/month=2024-04/part-0.parquet``) or
    ``dossiers.parquet``. The small tables are loaded here, as in memory; the dossiers only on
    the workers, in two passes over chunks of row groups, ``partition_size`` records at a time
    whatever the file sizes:

    1. every batch is loaded by the in-memory code (:func:`kpi.ingest.fileload.load_file`:
       parsing, validation, quarantine), its findings and counts (:func:`context_counts`)
       computed; the ids of its used rows are hashed into buckets, and a reducer per bucket
       finds the ids repeated across batches and files;
    2. only the chunks holding such a repeat are loaded again, the repeats dropped, their
       findings and counts computed anew. The counts are added as in
       :func:`score_partitioned`.

    Per file, rows read = used + quarantined + superseded. An id again in a later file is
    superseded (the later file in path order wins, e.g. a month's file copied twice is counted
    once and its copy reported in ``duplicates``); again in the same file, it is quarantined
    (first copy kept), as in memory. Difference with memory: such a repeat is found among
    used rows only (in memory a repeat is quarantined even when its first copy was itself
    quarantined for another reason, and only within one batch here).

    Parameters
    ----------
    folder : path
        The dataset folder (or a list of one, as ``--data`` gives).
    period, rules, units
        As for :func:`kpi.scorecard.score_period` (period as ``2024-Q2``...; rules with the
        profile chosen; defaults: the files of ``params/``).
    scheduler : str or distributed.Client, optional
        Address of a running scheduler (``tcp://10.0.0.5:8786``) or a client; default: a
        ``LocalCluster`` of ``workers`` processes with ``memory_limit`` each, started and
        closed here.
    partition_size : int
        Records a task holds at once (the bound of a worker's memory).
    columns : list of str, optional
        Dossier columns read (plus required and key columns); default :data:`SCORE_COLUMNS`,
        the columns the rules read. Rows are validated on the columns read, as by
        ``load_extract(columns=...)``: a bad value in a column not read (``submitted_at``)
        does not quarantine its row, while the in-memory ``kpi766 score``, which reads every
        column, does. None: every column (that validation; ``kpi766 check``).
    presence_only : bool
        As for :func:`kpi.ingest.load_extract` (same scores, less memory).
    export_time : Timestamp or str, optional
        Replaces the manifest's (``--export-time``).
    mapping : IngestMapping, optional
        Default ``params/mapping.yaml``.
    evidence_dir : path, optional
        A new (or empty) folder: the evidence of each indicator
        (:func:`kpi.evidence.evidence`, the same rows and columns as in memory) is written
        there as a hive-style Parquet dataset, ``indicator=NN/part-….parquet``: one file per
        batch for the dossier indicators (written by the workers: with a remote scheduler,
        a folder they all see), one file for those that read no dossier (#1-#3, #6, #19,
        #20). Not written: #7, #9, #10, #17 (TTHC judged from dossiers: only whether each
        TTHC counts is combined across chunks, not why it does not).

    Returns
    -------
    DatasetResult
        ``scorecard.indicators`` equals ``score_period(...).indicators`` of the same data in
        memory; ``extract`` carries the accounting, quarantine and findings.
    """
    return _run(
        folder,
        period,
        rules=rules,
        units=units,
        scheduler=scheduler,
        partition_size=partition_size,
        workers=workers,
        memory_limit=memory_limit,
        columns=columns,
        presence_only=presence_only,
        export_time=export_time,
        mapping=mapping,
        evidence_dir=evidence_dir,
    )


def check_dataset(
    folder: Path | str | Sequence[Path | str],
    *,
    units: UnitsParams | None = None,
    scheduler: str | Client | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    workers: int = DEFAULT_WORKERS,
    memory_limit: str | int = DEFAULT_MEMORY_LIMIT,
    export_time: pd.Timestamp | str | None = None,
    mapping: IngestMapping | None = None,
) -> DatasetResult:
    """Load and validate a dataset folder on a Dask cluster, every column, without scoring
    (``kpi766 check --engine dask``): ``result.extract`` goes to
    :func:`kpi.ingest.quality_report`, ``report_text`` and ``report_json`` as an in-memory
    :class:`~kpi.ingest.Extract` does. Parameters as for :func:`score_dataset`."""
    return _run(
        folder,
        None,
        rules=None,
        units=units,
        scheduler=scheduler,
        partition_size=partition_size,
        workers=workers,
        memory_limit=memory_limit,
        columns=None,
        presence_only=False,
        export_time=export_time,
        mapping=mapping,
    )


def _one_folder(folders: Path | str | Sequence[Path | str] | None) -> Path:
    """The dataset folder: ``folders`` itself, or the only item of a list (``--data``)."""
    if isinstance(folders, str | Path):
        return Path(folders)
    if not folders or len(folders) != 1:
        raise ExtractError(labels.DATASET_ONE_FOLDER.format(count=len(folders or ())))
    return Path(folders[0])


def audit_dataset(
    period: Period | str,
    folders: Path | str | Sequence[Path | str],
    *,
    unit: str | None = None,
    rules: ScoringRules | None = None,
    units: UnitsParams | None = None,
    scheduler: str | Client | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    workers: int = DEFAULT_WORKERS,
    memory_limit: str | int = DEFAULT_MEMORY_LIMIT,
    export_time: pd.Timestamp | str | None = None,
    evidence_dir: Path | str | None = None,
) -> PeriodAudit:
    """:func:`kpi.extracts.audit_period` on a dataset folder with Dask (``kpi766 score
    --engine dask``): the same :class:`~kpi.extracts.PeriodAudit` (``extract``,
    ``scorecard``, ``scope``), from :func:`score_dataset`.

    ``folders``: one folder (a list of one, as ``--data`` gives, is accepted). The unit is
    resolved before a cluster starts.

    Raises
    ------
    ExtractError
        Several folders, an unknown unit, or any error of :func:`score_dataset`.
    """
    from kpi.extracts import PeriodAudit, resolve_unit

    folder = _one_folder(folders)
    units = units or load_units()
    scope = resolve_unit(unit, units) if unit else AGENCY
    result = score_dataset(
        folder,
        period,
        rules=rules,
        units=units,
        scheduler=scheduler,
        partition_size=partition_size,
        workers=workers,
        memory_limit=memory_limit,
        export_time=export_time,
        evidence_dir=evidence_dir,
    )
    assert result.scorecard is not None  # score_dataset always scores
    return PeriodAudit(result.extract, result.scorecard, scope)
