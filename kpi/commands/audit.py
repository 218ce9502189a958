"""``kpi766 audit``: execute the audit notebook for a period and archive the run."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from kpi import labels
from kpi.commands import add_profile_argument
from kpi.commands.check import add_export_time_argument

DEFAULT_PERIOD = "2024-06"  # a month of the bundled sample


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help=labels.AUDIT_DESCRIPTION)
    parser.add_argument(
        "--period",
        default=DEFAULT_PERIOD,
        metavar=labels.METAVAR_PERIOD,
        help=labels.HELP_AUDIT_PERIOD.format(default=DEFAULT_PERIOD),
    )
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar=labels.METAVAR_FOLDER,
        help=labels.HELP_EXTRACT_FOLDERS,
    )
    add_profile_argument(parser, default="")
    parser.add_argument(
        "--unit", default="", metavar=labels.METAVAR_UNIT, help=labels.HELP_AUDIT_UNIT
    )
    parser.add_argument(
        "--params", default="", metavar=labels.METAVAR_FILE, help=labels.HELP_AUDIT_PARAMS
    )
    parser.add_argument(
        "--compare",
        default="auto",
        metavar=labels.METAVAR_PERIOD,
        help=labels.HELP_COMPARE_PERIOD,
    )
    parser.add_argument(
        "--out",
        default=None,
        metavar=labels.METAVAR_FOLDER,
        help=labels.HELP_OUT,
    )
    parser.add_argument(
        "--portal",
        default=None,
        metavar=labels.METAVAR_FOLDER,
        help=labels.HELP_AUDIT_PORTAL,
    )
    parser.add_argument(
        "--copy-inputs",
        action="store_true",
        help=labels.HELP_COPY_INPUTS,
    )
    parser.add_argument(
        "--all-units",
        action="store_true",
        help=labels.HELP_ALL_UNITS,
    )
    add_export_time_argument(parser)
    parser.add_argument(
        "--strict",
        action="store_true",
        help=labels.HELP_AUDIT_STRICT,
    )
    parser.set_defaults(run=run)


def resolve_period(text: str, today: dt.date | None = None) -> str:
    """``previous-month`` → the month before ``today`` (``YYYY-MM``); any other text as given.

    >>> resolve_period("previous-month", dt.date(2026, 1, 15))
    '2025-12'
    """
    if text != "previous-month":
        return text
    today = today or dt.date.today()
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


def portal_folder(given: str | None, period: str, own_data: bool) -> str:
    """The portal folder to reconcile with: the one given ("" = none); by default, with the
    bundled sample, ``data/sample-portal/<period>`` when it exists."""
    from kpi import paths

    if given is not None:
        return given
    sample = paths.DATA_DIR / "sample-portal" / period
    return str(sample) if not own_data and sample.is_dir() else ""


def run(args: argparse.Namespace) -> int:
    from kpi import paths
    from kpi.archive.index import write_index
    from kpi.archive.runner import (  # papermill: only here
        run_all_units,
        run_audit,
        validate_parameters,
    )
    from kpi.errors import KpiError
    from kpi.params import load_rules

    if args.all_units and args.unit:
        raise KpiError(labels.UNIT_WITH_ALL_UNITS)
    period = resolve_period(args.period)
    parameters = validate_parameters(
        {
            "period": period,
            "data_dirs": list(args.data),
            "params_file": args.params,
            "unit": args.unit,
            "compare_period": args.compare,
            # recorded resolved, so that the manifest names the profile the scores used
            "profile": args.profile or load_rules(args.params or None).profile,
            "portal_dir": portal_folder(args.portal, period, bool(args.data)),
            "export_time": args.export_time or "",
        }
    )
    out_root = Path(args.out) if args.out is not None else paths.OUTPUTS_DIR
    color = sys.stdout.isatty()
    if not args.all_units:
        run_dir = run_audit(parameters, out_root=out_root, copy_inputs=args.copy_inputs)
        lines, warned = summary_lines(run_dir, color=color)
        print("\n".join(lines))
        print(labels.INDEX_PAGE.format(path=write_index(out_root)))
        return 2 if warned and args.strict else 0

    def started(number: int, total: int, unit: str) -> None:
        print(
            labels.AUDIT_STARTED.format(
                number=number, total=total, scope=unit or labels.WHOLE_AGENCY
            ),
            file=sys.stderr,
            flush=True,
        )

    results = run_all_units(
        parameters, out_root=out_root, copy_inputs=args.copy_inputs, on_start=started
    )
    any_warning = False
    for result in results:
        scope = result.unit or labels.WHOLE_AGENCY
        if result.run_dir is None:
            print(labels.AUDIT_FAILED.format(scope=scope, error=result.error))
            continue
        lines, warned = summary_lines(result.run_dir, color=color)
        any_warning |= warned
        print(f"— {scope} —\n" + "\n".join(lines))
    failed = [result.unit or labels.WHOLE_AGENCY for result in results if result.run_dir is None]
    print(
        labels.AUDITS_RUN.format(succeeded=len(results) - len(failed), total=len(results))
        + (labels.AUDITS_FAILED.format(units=", ".join(failed)) if failed else ".")
    )
    print(labels.INDEX_PAGE.format(path=write_index(out_root)))
    if failed:
        return 1
    return 2 if any_warning and args.strict else 0


def summary_lines(run_dir: Path, *, color: bool = False) -> tuple[list[str], bool]:
    """What the terminal shows after an audit, read from the run's own files: the folder,
    total and band, the rows used and quarantined, the data warnings (red when ``color``), and
    the manifest's SHA-256 (the value to write in a register). Second item: any warning."""
    from kpi.archive.files import MANIFEST_NAME, sha256_file

    lines = [labels.AUDIT_SAVED.format(run_dir=run_dir)]
    document_path = run_dir / "scorecard.json"
    warnings: list[str] = []
    if document_path.is_file():
        document = json.loads(document_path.read_text(encoding="utf-8"))
        total = float(document["total"])
        lines.append(
            labels.AUDIT_TOTAL.format(
                total=total,
                max_applicable=document["max_applicable"],
                band=document["band"],
                period=document["period"],
                profile=document["profile"],
            )
        )
        quality = document.get("quality") or {}
        if "rows_read" in quality:
            lines.append(
                labels.AUDIT_DATA.format(
                    rows_read=quality["rows_read"],
                    rows_used=quality["rows_used"],
                    rows_quarantined=quality["rows_quarantined"],
                    rows_superseded=quality["rows_superseded"],
                )
                + (
                    labels.AUDIT_FINDINGS.format(findings=quality["findings"])
                    if quality.get("findings") is not None
                    else ""
                )
            )
        warnings = list(quality.get("warnings") or [])
    red, reset = ("\033[31m", "\033[0m") if color else ("", "")
    lines += [labels.AUDIT_WARNING.format(red=red, text=text, reset=reset) for text in warnings]
    manifest = run_dir / MANIFEST_NAME
    if manifest.is_file():
        lines.append(
            labels.AUDIT_MANIFEST_HASH.format(manifest=MANIFEST_NAME, digest=sha256_file(manifest))
        )
    return lines, bool(warnings)
