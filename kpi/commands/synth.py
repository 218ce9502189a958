"""``kpi766 synth``: write synthetic monthly extracts of the fictional Department of Agriculture."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from kpi import labels, paths
from kpi.errors import KpiError
from kpi.synth import design

DIRTY_DIR = paths.DATA_DIR / "sample-dirty"
# = kpi.synth.dataset.DEFAULT_PARTITION_SIZE (not imported here: the generator is numpy-heavy)
DEFAULT_PARTITION_SIZE = 100_000


def _months(text: str) -> tuple[str, str]:
    match = re.fullmatch(r"(\d{4}-\d{2})(?:\.\.(\d{4}-\d{2}))?", text.strip())
    if not match or not all(1 <= int(m[5:]) <= 12 for m in match.groups() if m):
        raise argparse.ArgumentTypeError(labels.BAD_MONTH_RANGE.format(text=text))
    first, last = match.group(1), match.group(2) or match.group(1)
    if last < first:
        raise argparse.ArgumentTypeError(labels.MONTHS_REVERSED.format(last=last, first=first))
    return first, last


def _positive(text: str) -> int:
    value = int(text.replace("_", ""))
    if value <= 0:
        raise argparse.ArgumentTypeError(labels.NOT_POSITIVE_INTEGER)
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``synth``."""
    parser = subparsers.add_parser(
        "synth",
        help=labels.SYNTH_HELP,
        description=(labels.SYNTH_DESCRIPTION),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=labels.HELP_SYNTH_OUT.format(sample=paths.SAMPLE_DIR, dirty=DIRTY_DIR),
    )
    parser.add_argument(
        "--months",
        type=_months,
        default=design.SAMPLE_MONTHS,
        metavar="YYYY-MM..YYYY-MM",
        help=labels.HELP_MONTHS,
    )
    volume = parser.add_mutually_exclusive_group()
    volume.add_argument(
        "--dossiers-per-month",
        type=_positive,
        default=design.SAMPLE_DOSSIERS_PER_MONTH,
        metavar="N",
        help=labels.HELP_DOSSIERS_PER_MONTH.format(default=design.SAMPLE_DOSSIERS_PER_MONTH),
    )
    volume.add_argument(
        "--dossiers",
        type=_positive,
        default=None,
        metavar="N",
        help=labels.HELP_TOTAL_DOSSIERS,
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=design.SAMPLE_SEED,
        help=labels.HELP_SEED.format(default=design.SAMPLE_SEED),
    )
    parser.add_argument(
        "--format",
        choices=("csv", "parquet"),
        default=None,
        dest="fmt",
        help=labels.HELP_FILE_FORMAT,
    )
    parser.add_argument(
        "--layout",
        choices=("monthly", "single"),
        default="monthly",
        help=labels.HELP_LAYOUT,
    )
    parser.add_argument(
        "--partitioned",
        action="store_true",
        help=labels.HELP_PARTITIONED,
    )
    parser.add_argument(
        "--partition-size",
        type=_positive,
        default=DEFAULT_PARTITION_SIZE,
        metavar=labels.METAVAR_ROWS,
        help=labels.HELP_ROW_GROUP_SIZE,
    )
    parser.add_argument(
        "--dirty",
        action="store_true",
        help=labels.HELP_DIRTY,
    )
    parser.set_defaults(run=run)


def portal_dir(out: Path) -> Path:
    """Where the portal's responses for the extracts under ``out`` go: ``<out>-portal``."""
    return out.with_name(out.name + "-portal")


def _write_portal(out: Path, months: list[str]) -> list[Path]:
    """Score each month written and write the portal's responses for it (portal profile)."""
    from kpi.extracts import audit_period
    from kpi.params import load_rules, load_units
    from kpi.synth.portal import write_portal

    units = load_units()
    if units.portal is None:
        return []
    rules = load_rules().with_profile("portal")
    written = []
    for month in months:
        scorecard = audit_period(month, [out / month], rules=rules, units=units).scorecard
        written.append(write_portal(portal_dir(out) / month, scorecard, units.portal))
    return written


def run(args: argparse.Namespace) -> int:
    """Generate the extracts; prints one line per folder written."""
    from kpi.synth.generate import SynthConfig, generate  # numpy-heavy: only here

    first, last = args.months
    if args.partitioned and args.fmt == "csv":
        raise KpiError(labels.PARTITIONED_PARQUET_ONLY)
    layout = "partitioned" if args.partitioned else args.layout
    config = SynthConfig(
        first=first,
        last=last,
        dossiers_per_month=args.dossiers_per_month,
        dossiers_total=args.dossiers,
        seed=args.seed,
        fmt=args.fmt or ("parquet" if args.partitioned else "csv"),
        layout=layout,
        partition_size=args.partition_size,
    )
    started = time.perf_counter()
    if args.dirty:
        from kpi.synth.dirty import write_dirty

        out = args.out or DIRTY_DIR
        written_to = write_dirty(out, seed=args.seed)
        print(labels.DIRTY_WRITTEN.format(written_to=written_to))
        return 0
    out = args.out or paths.SAMPLE_DIR
    try:
        written = generate(config, out)
    except OSError as error:
        raise KpiError(labels.CANNOT_WRITE.format(out=out, error=error)) from None
    for folder, counts in written.folders.items():
        detail = ", ".join(f"{name} {count:,}".replace(",", ".") for name, count in counts.items())
        print(f"{out / folder}: {detail}")
    if layout == "monthly":
        for portal in _write_portal(out, list(written.folders)):
            print(labels.PORTAL_WRITTEN.format(portal=portal))
    print(labels.DONE_IN_SECONDS.format(seconds=time.perf_counter() - started), file=sys.stderr)
    return 0
