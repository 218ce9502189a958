"""Write an audit's tables beside its notebook: the Excel workbook, full evidence, JSON."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict, Field

from kpi import evidence, labels, paths, registry
from kpi.evidence import ALL_EVIDENCE_COLUMNS, EVIDENCE_COLUMNS, FOLLOW_UP_RECORD_COLUMNS
from kpi.extracts import PeriodAudit
from kpi.ingest import quality_report
from kpi.ingest.report import issue_details
from kpi.labels import thousands
from kpi.params import validate_yaml
from kpi.portal.messages import RECONCILE_SHEETS
from kpi.portal.reconcile import Reconciliation, display_tables, reconcile_document
from kpi.report import narrative, present
from kpi.report.document import score_json
from kpi.report.excel import MAX_DATA_ROWS, neutralise_frame, write_workbook
from kpi.scorecard import AGENCY, Scorecard

VERDICT_SHEET, MATRIX_SHEET, FOLLOW_UP_SHEET = (
    labels.SHEET_VERDICT,
    labels.SHEET_MATRIX,
    labels.SHEET_FOLLOW_UP_RECORDS,
)
SHEET_MAX_ROWS = 50_000  # the other sheets (reconciliation gaps), a note when cut
OUTPUTS_FILE = paths.PARAMS_DIR / "outputs.yaml"
EVIDENCE_DIR = "evidence"
PARQUET_PLACE = labels.EVIDENCE_PARQUET_PLACE
CSV_CAPPED = labels.EVIDENCE_CSV_CAPPED


class OutputLimits(BaseModel):
    """``params/outputs.yaml``: rows in the human-readable copies of the record lists."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    follow_up_sheet_rows: int = Field(ge=0, le=MAX_DATA_ROWS)
    evidence_csv_rows: int = Field(ge=0)


def load_output_limits(path: Path | str | None = None) -> OutputLimits:
    """Load ``params/outputs.yaml`` (or ``path``), validated."""
    return validate_yaml(OutputLimits, Path(path) if path else OUTPUTS_FILE)


def _readable(rows: pd.DataFrame) -> pd.DataFrame:
    """Failing evidence rows for people: Vietnamese headers and record types, no ``counted``."""
    return present.readable_records(rows.reindex(columns=ALL_EVIDENCE_COLUMNS))


class _Step:
    """Adds the seconds of a ``with`` block to ``timings[name]`` (when timings are asked for)."""

    def __init__(self, timings: dict[str, float] | None, name: str) -> None:
        self.timings, self.name, self.start = timings, name, 0.0

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *_: object) -> None:
        if self.timings is not None:
            elapsed = time.perf_counter() - self.start
            self.timings[self.name] = self.timings.get(self.name, 0.0) + elapsed


def follow_up_head(
    scorecard: Scorecard, scope: str, failing: Mapping[int, pd.DataFrame], limit: int
) -> tuple[pd.DataFrame, int]:
    """The first ``limit`` rows of :func:`kpi.evidence.follow_up_records` and its length,
    from the failing evidence rows of each indicator (``failing[code]``, as
    :func:`kpi.evidence.evidence` gives them, filtered to ``counted`` false).

    Same rows and order as ``follow_up_records(scorecard, scope).head(limit)``, without
    building and sorting the whole list: the (responsible unit, indicator) blocks are counted
    and put in that list's order, and only the blocks that reach into the first ``limit`` rows
    are gathered and sorted as it sorts them (the same stable sort, on a prefix of blocks).
    """
    names = scorecard.units.unit_names()
    order = {names.get(u, u): position for position, u in enumerate(scorecard.unit_list)}
    losses = [
        (int(code), str(name))
        for code, name in evidence.losses(scorecard, scope)[["code", "name"]].itertuples(
            index=False
        )
    ]
    blocks = []  # (unit position, unit name, indicator, rows): one per unit and indicator
    for code, _ in losses:
        rows = failing.get(code)
        if rows is None or rows.empty:
            continue
        counts = rows["responsible_unit"].astype("category").value_counts(sort=False)
        for unit, size in zip(counts.index, counts.to_numpy(), strict=True):
            if size > 0:
                blocks.append((order.get(str(unit), len(order)), str(unit), code, int(size)))
    blocks.sort(key=lambda block: block[:3])  # the order of follow_up_records
    sizes = np.cumsum([block[3] for block in blocks])
    reach = int(np.searchsorted(sizes, limit)) + 1  # the blocks that reach into the head
    wanted: dict[int, list[str]] = {}
    for _, unit, code, _ in blocks[: reach if limit > 0 else 0]:
        wanted.setdefault(code, []).append(unit)
    frames = []
    for code, name in losses:  # the concatenation order of follow_up_records
        if code not in wanted:
            continue
        rows = failing[code]
        rows = rows[rows["responsible_unit"].isin(wanted[code]).to_numpy(bool)]
        rows = rows.assign(name=name, responsible_unit=rows["responsible_unit"].astype(str))
        frames.append(rows.reindex(columns=FOLLOW_UP_RECORD_COLUMNS))
    total = int(sizes[-1]) if len(sizes) else 0
    if not frames:
        return pd.DataFrame(columns=FOLLOW_UP_RECORD_COLUMNS), total
    table = pd.concat(frames, ignore_index=True)
    position = table["responsible_unit"].map(order).fillna(len(order))
    table = table.assign(_order=position, record_id=table["record_id"].astype(str))
    table = table.sort_values(["_order", "responsible_unit", "code", "record_id"], kind="stable")
    return table.drop(columns="_order").head(limit).reset_index(drop=True), total


def _csv_note(path: Path, shown: int, total: int) -> None:
    """Write the UTF-8 BOM and, when the CSV stops short, its first line saying so."""
    with path.open("wb") as handle:
        handle.write(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel opens Vietnamese text correctly
        if total > shown:
            text = CSV_CAPPED.format(
                shown=thousands(shown), total=thousands(total), where=PARQUET_PLACE
            )
            handle.write(('"' + text.replace('"', '""') + '"\n').encode("utf-8"))


def write_evidence(rows: pd.DataFrame, path: Path) -> None:
    """One indicator's evidence as Parquet (as ``rows.to_parquet``), without column statistics:
    one row group per file leaves a column's min/max nothing to skip, and computing them took a
    quarter of the write (1M dossiers, 4 indicators alternated 5 times: 1.45 → 1.06 s)."""
    table = pa.Table.from_pandas(rows, preserve_index=False)
    pq.write_table(table, path, write_statistics=False)


def _write_evidence_files(scorecard: Scorecard, unit: str | None, folder: Path) -> list[Path]:
    """``folder/indicator-NN.parquet`` for each indicator with records (:func:`write_evidence`)."""
    written = []
    for indicator in registry.INDICATORS:
        if indicator.code not in scorecard.judgements:
            continue
        rows = evidence.evidence(scorecard, indicator.code, unit=unit)
        if rows.empty:
            continue
        path = folder / f"indicator-{indicator.code:02d}.parquet"
        write_evidence(rows, path)
        written.append(path)
    return written


def write_outputs(
    audit: PeriodAudit,
    output_dir: str | Path,
    reconciliation: Reconciliation | None = None,
    *,
    previous: PeriodAudit | None = None,
    limits: OutputLimits | None = None,
    timings: dict[str, float] | None = None,
) -> list[Path]:
    """Write the audit's tables into ``output_dir`` (which must exist), each once.

    - ``evidence/indicator-NN.parquet``: every record of every indicator's population (a
      Parquet dataset: read the folder as one table). The only complete record list.
    - ``evidence.csv``: the records that do not count (what an inspector acts on), at most
      ``limits.evidence_csv_rows`` of them; when it stops short, its first line says how many
      it shows of how many and where the full list is.
    - ``scorecard.xlsx``: first the verdict (agency, period, total, band, change since
      ``previous``, groups), then one sheet per view (scorecard, groups, units, units ×
      indicators in colour, follow-up per unit and indicator, the follow-up list of failing
      records per responsible unit, quarantine, findings, definitions) with Vietnamese
      headers and real Excel dates; the follow-up list holds its first
      ``limits.follow_up_sheet_rows`` rows (a note beside its header and in ``Ghi chú``
      says when it stops short, of how many, and where the full list is). Written in
      constant memory (write-only sheets).
    - ``quarantine.csv``, ``findings.csv`` (one row per record, or per distinct problem beyond
      :data:`kpi.ingest.report.ISSUE_DETAIL_LIMIT` rows, as in the workbook), ``issues.parquet``
      (every quarantined row and finding), ``scorecard.json``.
    - With a ``reconciliation`` (:func:`kpi.portal.reconcile.reconcile`): its sheets in the
      workbook (indicators, the 5 and the 6 groups, the records behind each gap) and
      ``reconcile.json`` (the ``kpi766 reconcile --format json`` document).

    ``limits``: default ``params/outputs.yaml``. ``timings``: when given, the seconds of each
    step are added to it (``evidence``, ``csv``, ``tables``, ``follow_up``, ``workbook``,
    ``issues``, ``json``, and ``evidence_wait``: the Parquet files still being written). Text
    from the data is neutralised against formula injection in the workbook and the CSV files.

    Returns
    -------
    list of Path
        The files written.
    """
    limits = limits or load_output_limits()
    folder = Path(output_dir)
    unit = None if audit.scope == AGENCY else audit.scope
    (folder / EVIDENCE_DIR).mkdir(exist_ok=True)
    # Every record of every indicator goes to Parquet on a thread: encoding releases the GIL,
    # so the files are written while the readable copies are built (one indicator's rows held
    # at a time). Those copies need only the records that do not count.
    with ThreadPoolExecutor(max_workers=1) as writer:  # joined even when a copy fails
        evidence_files = writer.submit(
            _write_evidence_files, audit.scorecard, unit, folder / EVIDENCE_DIR
        )
        written = _write_readable(audit, folder, reconciliation, previous, limits, timings)
        with _Step(timings, "evidence_wait"):
            return [*evidence_files.result(), *written]


def _write_readable(
    audit: PeriodAudit,
    folder: Path,
    reconciliation: Reconciliation | None,
    previous: PeriodAudit | None,
    limits: OutputLimits,
    timings: dict[str, float] | None,
) -> list[Path]:
    """Everything :func:`write_outputs` writes but the evidence Parquet files."""
    scorecard, scope = audit.scorecard, audit.scope
    unit = None if scope == AGENCY else scope
    written: list[Path] = []
    with _Step(timings, "evidence"):
        failing = {
            indicator.code: evidence.evidence(
                scorecard, indicator.code, unit=unit, failing_only=True
            )
            for indicator in registry.INDICATORS
            if indicator.code in scorecard.judgements
        }
    with _Step(timings, "csv"):
        n_failing = sum(len(rows) for rows in failing.values())
        head, room = [], limits.evidence_csv_rows
        for rows in failing.values():  # the first rows, in indicator order
            if room > 0 and len(rows):
                head.append(rows.head(room))
                room -= len(head[-1])
        chosen = (
            pd.concat(head, ignore_index=True) if head else pd.DataFrame(columns=EVIDENCE_COLUMNS)
        )
        csv_path = folder / "evidence.csv"
        _csv_note(csv_path, len(chosen), n_failing)
        neutralise_frame(_readable(chosen)).to_csv(csv_path, mode="a", index=False)
        n_in_csv = len(chosen)
        written.append(csv_path)
    with _Step(timings, "follow_up"):
        follow_up, n_follow_up = follow_up_head(
            scorecard, scope, failing, limits.follow_up_sheet_rows
        )
    with _Step(timings, "tables"):
        summary = narrative.verdict_summary(
            scorecard,
            previous.scorecard if previous is not None else None,
            scope,
            totals=audit.extract.table_totals(),
        )
        sheets = {
            VERDICT_SHEET: present.verdict_sheet(summary, scorecard.groups(scope)),
            labels.SHEET_SCORECARD: present.scorecard_table(scorecard, scope),
            labels.SHEET_GROUPS: present.groups_table(scorecard, scope),
            labels.SHEET_UNITS: present.unit_table(scorecard),
            MATRIX_SHEET: present.unit_matrix_table(scorecard),
            labels.SHEET_FOLLOW_UP_UNITS: present.follow_up_table(scorecard),
            FOLLOW_UP_SHEET: present.readable_records(follow_up, dates_as_text=False),
            labels.SHEET_QUARANTINE: present.issues_table(audit.extract.quarantine),
            labels.SHEET_FINDINGS: present.issues_table(audit.extract.findings),
            labels.SHEET_DEFINITIONS: present.definitions_table(scorecard.rules),
            labels.SHEET_BANDS: present.bands_table(scorecard.rules),
        }  # fmt: skip
        if reconciliation is not None:
            tables = display_tables(reconciliation)
            sheets.update({RECONCILE_SHEETS[key]: tables[key] for key in RECONCILE_SHEETS})
    notes = {
        labels.FAILING_RECORDS: labels.FAILING_RECORDS_NOTE.format(
            n_failing=thousands(n_failing),
            parquet_place=PARQUET_PLACE,
            n_in_csv=thousands(n_in_csv),
            sheet=FOLLOW_UP_SHEET,
            n_shown=thousands(len(follow_up)),
            n_follow_up=thousands(n_follow_up),
        )
    }
    title = labels.AUDIT_TITLE.format(
        scope=present.scope_name(scorecard, scope), period=scorecard.period.label
    )
    with _Step(timings, "workbook"):
        written.append(
            write_workbook(
                folder / "scorecard.xlsx",
                sheets,
                title=title,
                notes=notes,
                max_rows=SHEET_MAX_ROWS,
                heat=[MATRIX_SHEET],
                totals={FOLLOW_UP_SHEET: (n_follow_up, PARQUET_PLACE)},
            )
        )
    with _Step(timings, "issues"):
        for name, sheet in (
            ("quarantine", labels.SHEET_QUARANTINE),
            ("findings", labels.SHEET_FINDINGS),
        ):
            path = folder / f"{name}.csv"  # the readable copy (by problem when long)
            neutralise_frame(sheets[sheet]).to_csv(path, index=False, encoding="utf-8-sig")
            written.append(path)
        path = folder / "issues.parquet"  # every quarantined row and finding, one per record
        issue_details(audit.extract).to_parquet(path, index=False)
        written.append(path)
    with _Step(timings, "json"):
        document = score_json(scorecard, scope, quality_report(audit.extract).as_json())
        # which worksheet of each workbook was read, and its header row (also in the manifest)
        document["sheets_read"] = {
            file: {"sheet": sheet, "header_row": row}
            for file, (sheet, row) in audit.extract.sheets.items()
        }
        path = folder / "scorecard.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
        if reconciliation is not None:
            path = folder / "reconcile.json"
            document = reconcile_document(reconciliation, audit.scorecard)
            path.write_text(
                json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            written.append(path)
    return written
