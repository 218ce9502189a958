"""``kpi766 check``: load an extract and report what was read, used, quarantined and found.

Exit 0 when the extract is usable (even with quarantined rows); a fatal problem raises
``ExtractError`` (exit 2, one Vietnamese message from the dispatcher, no traceback). With
``--strict``, a load above the warning thresholds of ``params/mapping.yaml`` (``quality``)
exits 2 too, after the report.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from kpi import labels

if TYPE_CHECKING:
    from kpi.ingest import QualityReport

__all__ = ["add_export_time_argument", "add_parser", "add_strict_argument", "run", "strict_exit"]
STRICT_EXIT = 2


def add_strict_argument(parser: argparse.ArgumentParser) -> None:
    """``--strict``: exit 2 when the load crosses a warning threshold."""
    parser.add_argument(
        "--strict",
        action="store_true",
        help=labels.HELP_CHECK_STRICT,
    )


def add_export_time_argument(parser: argparse.ArgumentParser) -> None:
    """``--export-time``: the export time, day first; replaces the manifests' and makes a
    missing ``manifest.yaml`` not fatal."""
    parser.add_argument(
        "--export-time",
        metavar=labels.METAVAR_DATETIME,
        help=labels.HELP_EXPORTED_AT,
    )


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """``--engine pandas|dask``, ``--scheduler``, ``--partition-size``: score or check a
    partitioned dataset (``kpi766 synth --partitioned``) on a Dask cluster."""
    parser.add_argument(
        "--engine",
        choices=("pandas", "dask"),
        default="pandas",
        help=labels.HELP_ENGINE,
    )
    parser.add_argument(
        "--scheduler",
        metavar=labels.METAVAR_ADDRESS,
        help=labels.HELP_SCHEDULER,
    )
    parser.add_argument(
        "--partition-size",
        type=int,
        default=100_000,
        metavar=labels.METAVAR_ROWS,
        help=labels.HELP_CHUNK_SIZE,
    )


def strict_exit(quality: QualityReport, strict: bool) -> int:
    """The exit code: 2 under ``--strict`` when ``quality`` has a warning (said on stderr),
    else 0."""
    from kpi.ingest import messages

    if strict and quality.warnings:
        print(messages.STRICT_FAILED, file=sys.stderr)
        return STRICT_EXIT
    return 0


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``check`` with ``--data DIR`` (repeatable) and ``--format table|json``."""
    parser = subparsers.add_parser(
        "check",
        help=labels.CHECK_HELP,
        description=labels.CHECK_DESCRIPTION,
    )
    parser.add_argument(
        "--data",
        action="append",
        required=True,
        metavar=labels.METAVAR_FOLDER,
        help=labels.HELP_CHECK_FOLDERS,
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=labels.HELP_FORMAT_DEFAULT_TABLE,
    )
    parser.add_argument(
        "--details",
        metavar=labels.METAVAR_PARQUET_FILE,
        help=labels.HELP_ISSUES_OUT,
    )
    add_strict_argument(parser)
    add_export_time_argument(parser)
    add_engine_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load ``args.data`` and print the report; 0 when the extract is usable (2 under
    ``--strict`` when it crosses a warning threshold)."""
    # heavy: only here
    from kpi.ingest import load_extract, quality_report, report_json, report_text
    from kpi.ingest.report import use_color

    if args.engine == "dask":
        from kpi.distributed import check_dataset

        extract = check_dataset(
            args.data,
            scheduler=args.scheduler,
            partition_size=args.partition_size,
            export_time=args.export_time,
        ).extract
    else:
        extract = load_extract(args.data, export_time=args.export_time)
    quality = quality_report(extract)
    if args.details:
        from kpi.ingest.report import write_issue_details

        write_issue_details(extract, args.details)
    if args.format == "json":
        document = {**report_json(extract), "quality": quality.as_json()}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        lines = quality.lines(color=use_color(sys.stdout))
        sys.stdout.write(report_text(extract) + "\n\n" + "\n".join(lines) + "\n")
    return strict_exit(quality, args.strict)
