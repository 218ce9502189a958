"""Load one or several extract folders into canonical tables, with full row accounting.

Reconciliation
--------------
Per file, ``rows_read == rows_used + rows_quarantined + rows_superseded``:

- ``rows_read``: records in the file (fully blank rows are not records);
- ``rows_quarantined``: rows with at least one impossible value (listed in ``quarantine``);
- ``rows_superseded``: valid rows whose key (``KEYS``) also appears in an extract exported
  later, whose copy wins (only with several folders; ties in export time go to the folder given
  later);
- ``rows_used``: the rest, the rows of ``Extract.tables``.

Within one file a repeated key is quarantined from its second copy on, even when the first
copy is itself quarantined for another reason. ``file`` in the issue tables is the path as
given (relative paths stay relative). Findings are computed on used rows after the merge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from kpi.columns import TABLES
from kpi.errors import ExtractError
from kpi.ingest import messages
from kpi.ingest.distinct import as_category, union_categories
from kpi.ingest.fileload import ISSUE_COLUMNS, KEYS, FileResult, load_file
from kpi.ingest.finalize import CATEGORICAL, unit_lookup
from kpi.ingest.findings import table_findings
from kpi.ingest.manifest import Manifest, parse_export_time, read_manifest, table_files
from kpi.ingest.mapping import IngestMapping, load_ingest_mapping
from kpi.ingest.readers import prefer_jemalloc
from kpi.params import MappingParams, UnitsParams, load_units

ACCOUNTING_COLUMNS = (
    "table",
    "file",
    "rows_read",
    "rows_used",
    "rows_quarantined",
    "rows_superseded",
)
COUNTS = ACCOUNTING_COLUMNS[2:]
_HIDDEN = ["_file", "_row", "_export_time", "_position"]


@dataclass
class Extract:
    """An extract loaded, validated and reconciled.

    Attributes
    ----------
    tables
        Table → used rows, canonical columns and dtypes of ``kpi.columns`` (absent optional
        tables are not in the dict), fresh RangeIndex. Exception to the ``str`` of the
        contract: the low-cardinality key columns ``unit``, ``procedure_code`` and ``status``
        of ``dossiers`` and ``unit`` of ``feedback`` (``finalize.CATEGORICAL``) are pandas
        ``category``, categories = the values present, sorted, as ``str`` (missing = NaN
        code -1). Identifiers (``dossier_id``, ``feedback_id``) stay ``str``.
    quarantine, findings
        Columns ``table, file, row, column, value, reason`` (``row`` as seen in the file,
        ``value`` as text, ``reason`` in Vietnamese). Quarantined rows are not in ``tables``;
        rows with findings are.
    accounting
        One row per table file: ``table, file`` and the counts of ``ACCOUNTING_COLUMNS``.
    export_time
        Latest export time across folders (naive local time).
    period, periods
        Period of the first folder; periods of all folders in the order given.
    files
        Every file read, manifests included.
    sources
        The manifest of each folder.
    sheets
        Workbook read → ``(sheet, header row)`` of the sheet that was read (Excel files only).
    """

    tables: dict[str, pd.DataFrame]
    quarantine: pd.DataFrame
    findings: pd.DataFrame
    accounting: pd.DataFrame
    export_time: pd.Timestamp
    period: str
    periods: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    sources: list[Manifest] = field(default_factory=list)
    sheets: dict[str, tuple[str, int]] = field(default_factory=dict)

    def table_totals(self) -> dict[str, dict[str, int]]:
        """Table → ``rows_read``, ``rows_used``, ``rows_quarantined``, ``rows_superseded``."""
        return table_totals(self.accounting)


def table_totals(accounting: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per-table sums of an accounting frame, tables in canonical order."""
    sums = accounting.groupby("table", sort=False)[list(COUNTS)].sum()
    return {
        table: {name: int(sums.loc[table, name]) for name in COUNTS}
        for table in TABLES
        if table in sums.index
    }


def empty_issues() -> pd.DataFrame:
    """An issue table (quarantine or findings) without rows, with its dtypes."""
    frame = pd.DataFrame({name: pd.Series(dtype="str") for name in ISSUE_COLUMNS})
    return frame.astype({"row": "Int64"})


def concat_issues(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Issue tables (quarantine or findings) as one, in reading order: table, file, row, column."""
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return empty_issues()
    # Text columns as categoricals with sorted categories: concatenated without a string per
    # row, and sorted by their codes in the same order as the texts.
    columns = {
        name: union_categoricals(
            [pd.Categorical(frame[name]) for frame in frames], sort_categories=True
        )
        for name in ISSUE_COLUMNS
        if name != "row"
    }
    rows = pd.concat([frame["row"].astype("Int64") for frame in frames], ignore_index=True)
    issues = pd.DataFrame({**columns, "row": rows})[list(ISSUE_COLUMNS)]
    # One stable sort of integer keys (a file-level issue, without a row, after the rows)
    order = np.lexsort(
        (
            issues["column"].cat.codes.to_numpy(),
            issues["row"].to_numpy("int64", na_value=np.iinfo(np.int64).max),
            issues["file"].cat.codes.to_numpy(),
            pd.Categorical(issues["table"], categories=list(TABLES)).codes,
        )
    )
    return issues.take(order).reset_index(drop=True)


def _as_mapping(mapping: IngestMapping | MappingParams | None) -> IngestMapping:
    if isinstance(mapping, IngestMapping):
        return mapping
    default = load_ingest_mapping()
    if mapping is None:
        return default
    return default.model_copy(update={"tables": mapping.tables})


def _tagged(result: FileResult, manifest: Manifest, position: int) -> pd.DataFrame:
    used = result.used
    source = pd.Categorical.from_codes(
        np.zeros(len(used), dtype=np.int8), categories=[str(result.path)]
    )
    return used.assign(
        _file=source,
        _row=used.index.to_numpy(),
        _export_time=manifest.export_time,
        _position=position,
    )


def _merge(table: str, frames: list[pd.DataFrame]) -> tuple[pd.DataFrame, pd.Series]:
    """Concatenate the copies of ``table``; the latest export of each key wins.

    Returns the merged rows and the number of superseded rows per file.
    """
    if len(frames) == 1:
        return frames[0].reset_index(drop=True), pd.Series(dtype="int64")
    categorical = ["_file", *CATEGORICAL.get(table, ())]
    combined = pd.concat(union_categories(frames, categorical), ignore_index=True)
    order = combined.sort_values(["_export_time", "_position"], kind="stable").index
    later = combined.loc[order, list(KEYS[table])].duplicated(keep="last")
    superseded = order[later.to_numpy()]
    counts = combined.loc[superseded, "_file"].astype("str").value_counts()
    merged = combined.drop(index=superseded).reset_index(drop=True)
    names = [name for name in CATEGORICAL.get(table, ()) if name in merged.columns]
    return merged.assign(**{name: as_category(merged[name]) for name in names}), counts


def _folder(folder: Path | str) -> Path:
    path = Path(folder)
    if not path.exists():
        raise ExtractError(messages.MISSING_FOLDER.format(folder=path))
    if not path.is_dir():
        raise ExtractError(messages.NOT_A_FOLDER.format(folder=path))
    return path


def _given_export_time(value: pd.Timestamp | str | None) -> pd.Timestamp | None:
    if value is None or isinstance(value, pd.Timestamp):
        return value
    stamp = parse_export_time(value)
    if stamp is None:
        raise ExtractError(messages.BAD_EXPORT_TIME.format(value=value))
    return stamp


def load_extract(
    folders: Path | str | Sequence[Path | str],
    *,
    mapping: IngestMapping | MappingParams | None = None,
    units: UnitsParams | None = None,
    columns: Mapping[str, Sequence[str]] | None = None,
    presence_only: bool = False,
    export_time: pd.Timestamp | str | None = None,
) -> Extract:
    """Load, validate and reconcile one extract folder or several (e.g. the months of a quarter).

    Parameters
    ----------
    folders
        Extract folder(s), each with ``manifest.yaml`` and one file per table.
    mapping
        Header/value mapping; default ``params/mapping.yaml``. A ``kpi.params.MappingParams``
        replaces only the header spellings.
    units
        Units of the agency; default ``params/units.yaml``.
    columns
        Table → canonical columns to load (plus required, key and rule columns, always
        loaded). Tables not named are loaded in full. Parquet reads only these columns.
    presence_only
        Read the text columns of ``kpi.columns.PRESENCE_ONLY`` (a result code, a result file)
        as given / missing only, a categorical with the single category ``"✓"``: what the
        scores need, without their text (``kpi766 score``; ~0.8 GB less at 10M dossiers).
        Scores, quarantine and accounting are the same as without it.
    export_time
        Export time given by the user (``--export-time``), read day first like the data: it
        replaces the manifests' and makes a missing ``manifest.yaml`` not fatal.

    Returns
    -------
    Extract
        See :class:`Extract`; the accounting reconciles per file (module docstring).

    Raises
    ------
    ExtractError
        Missing folder, manifest, required table or required column; empty or unreadable file.
    """
    if isinstance(folders, str | Path):
        folders = [folders]
    if not folders:
        raise ExtractError(messages.NO_FOLDER_GIVEN)
    prefer_jemalloc()
    ingest_mapping = _as_mapping(mapping)
    given_time = _given_export_time(export_time)
    units = units or load_units()
    lookup = unit_lookup(units)
    manifests: list[Manifest] = []
    files: list[Path] = []
    loaded: dict[str, list[tuple[FileResult, pd.DataFrame]]] = {}
    for position, folder in enumerate(_folder(folder) for folder in folders):
        manifest = read_manifest(folder, ingest_mapping, given_time)
        manifests.append(manifest)
        files.append(manifest.path)
        for table, path in table_files(folder).items():
            files.append(path)
            wanted = list(columns[table]) if columns and table in columns else None
            result = load_file(
                path,
                table,
                mapping=ingest_mapping,
                unit_codes=lookup,
                wanted=wanted,
                presence_only=presence_only,
                export_time=manifest.export_time,
            )
            loaded.setdefault(table, []).append((result, _tagged(result, manifest, position)))
    return _assemble(loaded, manifests, files, {unit.code for unit in units.units})


def _assemble(
    loaded: dict[str, list[tuple[FileResult, pd.DataFrame]]],
    manifests: list[Manifest],
    files: list[Path],
    unit_codes: set[str],
) -> Extract:
    merged: dict[str, pd.DataFrame] = {}
    accounting = []
    for table, results in loaded.items():
        merged[table], superseded = _merge(table, [tagged for _, tagged in results])
        for result, _ in results:
            n_superseded = int(superseded.get(str(result.path), 0))
            n_quarantined = int(result.quarantine["row"].nunique())
            used = result.rows_read - n_quarantined - n_superseded
            accounting.append(
                (table, str(result.path), result.rows_read, used, n_quarantined, n_superseded)
            )
    procedure_codes = merged["procedures"]["procedure_code"] if "procedures" in merged else None
    findings = [result.findings for results in loaded.values() for result, _ in results]
    for table, frame in merged.items():
        findings += table_findings(frame, table, unit_codes, procedure_codes)
    quarantine = [result.quarantine for results in loaded.values() for result, _ in results]
    return Extract(
        tables={table: frame.drop(columns=_HIDDEN) for table, frame in merged.items()},
        quarantine=concat_issues(quarantine),
        findings=concat_issues(findings),
        accounting=pd.DataFrame(accounting, columns=list(ACCOUNTING_COLUMNS)),
        export_time=max(manifest.export_time for manifest in manifests),
        period=manifests[0].period,
        periods=[manifest.period for manifest in manifests],
        files=files,
        sources=manifests,
        sheets={
            str(result.path): (result.sheet, result.header_row)
            for results in loaded.values()
            for result, _ in results
            if result.sheet is not None
        },
    )
