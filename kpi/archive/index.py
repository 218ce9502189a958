"""The index page of an output folder: every archived run, with its period, scope and verdict.

``outputs/index.html`` lists every complete run folder ``<agency>/<period>/<run>/`` (one with a
``manifest.json``) found under the output root: period, scope (the agency or a unit), total,
band, profile, as-of and run time, the manifest's SHA-256, and links to ``audit.html`` and
``manifest.json``. It reads each run's ``scorecard.json`` and ``manifest.json`` only; nothing
is re-hashed (``kpi766 verify`` does that). The page is Vietnamese, self-contained (inline
CSS, no script), and every value read from a run is HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kpi import labels
from kpi.archive.files import sha256_file
from kpi.params import UnitsParams, load_units
from kpi.periods import parse_period
from kpi.registry import PROFILE_NAMES

INDEX_NAME = "index.html"


@dataclass(frozen=True)
class RunEntry:
    """One archived run as the index shows it (None where the run's files do not say)."""

    folder: str  # POSIX path relative to the output root
    agency: str
    period: str
    scope: str | None  # unit code; None for the whole agency
    total: float | None = None
    max_applicable: float | None = None
    band: str | None = None
    profile: str | None = None
    as_of: str | None = None
    started_at: str | None = None
    manifest_sha256: str | None = None
    copied_inputs: bool = False
    has_report: bool = False
    problem: str | None = None  # why the run's files could not be read


def _read(path: Path) -> dict:
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise ValueError(labels.NOT_A_JSON_OBJECT)
    return document


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _entry(root: Path, run: Path) -> RunEntry:
    agency, period, folder = run.parent.parent.name, run.parent.name, run.relative_to(root)
    try:
        manifest = _read(run / "manifest.json")
        scorecard = _read(run / "scorecard.json")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        return RunEntry(
            folder.as_posix(),
            agency,
            period,
            None,
            problem=labels.RUN_FILES_UNREADABLE.format(reason=reason),
        )
    parameters = manifest.get("parameters")
    unit = parameters.get("unit") if isinstance(parameters, dict) else None
    inputs = manifest.get("inputs")
    return RunEntry(
        folder=folder.as_posix(),
        agency=agency,
        period=_text(scorecard.get("period")) or period,
        scope=_text(scorecard.get("scope")) or _text(unit) or None,
        total=_number(scorecard.get("total")),
        max_applicable=_number(scorecard.get("max_applicable")),
        band=_text(scorecard.get("band")),
        profile=_text(scorecard.get("profile")),
        as_of=_text(scorecard.get("as_of")),
        started_at=_text(manifest.get("started_at")),
        manifest_sha256=sha256_file(run / "manifest.json"),
        copied_inputs=isinstance(inputs, list)
        and any(isinstance(entry, dict) and "copy" in entry for entry in inputs),
        has_report=(run / "audit.html").is_file(),
    )


def _period_key(label: str) -> tuple[str, str]:
    try:
        period = parse_period(label)
    except Exception:  # a folder name that is no period: sorted by its text, last
        return ("", label)
    return (period.end.isoformat(), period.start.isoformat())


def find_runs(
    out_root: str | os.PathLike[str], *, units: UnitsParams | None = None
) -> list[RunEntry]:
    """Every complete run folder ``<agency>/<period>/<run>/`` under ``out_root``.

    A run is complete when it holds a ``manifest.json``; hidden (``.<id>.partial``) and
    ``.FAILED`` folders and symbolic links are left out. Sorted by period (latest end first;
    of two ending together, the shorter first), then the agency before its units (in the
    order of ``params/units.yaml``, unknown codes last), then the latest run first.
    """
    order = {unit.code: rank for rank, unit in enumerate((units or load_units()).units)}
    root = Path(out_root)
    if not root.is_dir():
        return []
    entries = []
    for manifest in root.glob("*/*/*/manifest.json"):
        run = manifest.parent
        parts = run.relative_to(root).parts
        if any(part.startswith(".") or part.endswith(".FAILED") for part in parts):
            continue
        if any((root.joinpath(*parts[:n])).is_symlink() for n in range(1, 4)):
            continue
        if manifest.is_symlink() or not manifest.is_file():
            continue
        entries.append(_entry(root, run))
    entries.sort(key=lambda e: e.started_at or "", reverse=True)
    entries.sort(
        key=lambda e: (e.scope is not None, order.get(e.scope or "", len(order)), e.scope or "")
    )
    entries.sort(key=lambda e: _period_key(e.period), reverse=True)
    return entries


_STYLE = """
  body { font-family: "Segoe UI", "Noto Sans", Arial, sans-serif; margin: 24px; color: #222; }
  h1 { font-size: 22px; margin-bottom: 4px; }
  p.note { color: #555; font-size: 13px; margin-top: 0; }
  table { border-collapse: collapse; font-size: 13px; width: 100%; }
  th, td { padding: 4px 8px; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }
  thead th { background: #eef3f8; border-bottom: 1px solid #999; position: sticky; top: 0; }
  td.period { white-space: nowrap; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  td.hash { font-family: monospace; font-size: 12px; }
  tr.period-start td { border-top: 2px solid #7a8ca0; }
  .problem { color: #a00; }
  @media print { thead { display: table-header-group; } tr { page-break-inside: avoid; } }
"""


def _when(text: str | None) -> str:
    if not text:
        return "—"
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return f"{moment:%d/%m/%Y %H:%M}"


def _link(folder: str, name: str, label: str) -> str:
    href = html.escape(quote(f"{folder}/{name}"), quote=True)
    return f'<a href="{href}">{html.escape(label)}</a>'


def _row(entry: RunEntry, units: UnitsParams, first_of_period: bool) -> str:
    e = html.escape
    names = units.unit_names()
    if entry.scope is None:
        scope = units.agency if entry.agency == units.agency_code else entry.agency
        scope = labels.INDEX_AGENCY_SCOPE.format(agency=e(scope))
    else:
        scope = e(names.get(entry.scope, entry.scope)) + f" ({e(entry.scope)})"
    if entry.problem is not None:
        total = band = profile = "—"
        scope = f'{scope}<br><span class="problem">{e(entry.problem)}</span>'
    else:
        total = (
            f"{entry.total:.2f}/{entry.max_applicable:g}"
            if entry.total is not None and entry.max_applicable is not None
            else "—"
        )
        band = e(entry.band or "—")
        profile = e(PROFILE_NAMES.get(entry.profile or "", entry.profile or "—"))
    links = [_link(entry.folder, "audit.html", labels.REPORT)] if entry.has_report else []
    links.append(_link(entry.folder, "manifest.json", "Manifest"))
    digest = entry.manifest_sha256 or ""
    short = f'<span title="{e(digest)}">{e(digest[:16])}…</span>' if digest else "—"
    inputs = labels.INPUTS_COPIED if entry.copied_inputs else labels.INPUTS_IN_PLACE
    cells = [
        f'<td class="period">{e(entry.period)}</td>',
        f"<td>{scope}</td>",
        f'<td class="num">{total}</td>',
        f"<td>{band}</td>",
        f"<td>{profile}</td>",
        f"<td>{e(_when(entry.as_of))}</td>",
        f"<td>{e(_when(entry.started_at))}<br><small>{e(entry.folder)}</small></td>",
        f"<td>{' · '.join(links)}</td>",
        f'<td class="hash">{short}</td>',
        f"<td>{inputs}</td>",
    ]
    css = ' class="period-start"' if first_of_period else ""
    return f"<tr{css}>" + "".join(cells) + "</tr>"


HEADERS = (labels.PERIOD, labels.SCOPE, labels.TOTAL, labels.BAND, labels.PROFILE_SHORT, labels.AS_OF,
           labels.RUN_AT, labels.RUN_FOLDER, labels.MANIFEST_SHA256, labels.INPUT_DATA)  # fmt: skip


def render_index(
    runs: list[RunEntry],
    *,
    units: UnitsParams | None = None,
    generated_at: dt.datetime | None = None,
) -> str:
    """The index page (HTML, Vietnamese, no script, every value escaped)."""
    units = units or load_units()
    generated_at = generated_at or dt.datetime.now().astimezone()
    rows, previous = [], None
    for entry in runs:
        rows.append(_row(entry, units, previous is not None and entry.period != previous))
        previous = entry.period
    head = "".join(f"<th>{html.escape(name)}</th>" for name in HEADERS)
    body = "\n".join(rows) or (labels.INDEX_NO_RUNS.format(columns=len(HEADERS)))
    periods = len({entry.period for entry in runs})
    agency = html.escape(units.agency)
    note = labels.INDEX_NOTE.format(runs=len(runs), periods=periods, generated_at=generated_at)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{labels.INDEX_TITLE.format(agency=agency)}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{labels.INDEX_HEADING.format(agency=agency)}</h1>
<p class="note">{note}</p>
<table>
<thead><tr>{head}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""


def write_index(out_root: str | os.PathLike[str], *, units: UnitsParams | None = None) -> Path:
    """Write (or refresh) ``out_root/index.html`` from the runs found there; its path."""
    root = Path(out_root)
    root.mkdir(parents=True, exist_ok=True)
    target = root / INDEX_NAME
    partial = root / f".{INDEX_NAME}.partial"
    partial.write_text(render_index(find_runs(root, units=units), units=units), encoding="utf-8")
    os.replace(partial, target)
    return target
