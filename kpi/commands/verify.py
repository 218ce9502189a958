"""``kpi766 verify``: check a run folder against its manifest; optionally re-run it.

Exit codes: 0 intact, 1 tampered (or a re-run whose numbers differ), 2 not a run folder (missing
folder or ``manifest.json``) or re-run not available.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kpi import labels

if TYPE_CHECKING:
    from kpi.archive.verify import VerifyReport


def _sha256_hex(text: str) -> str:
    if not re.fullmatch(r"[0-9a-fA-F]{64}", text):
        raise argparse.ArgumentTypeError(labels.NOT_SHA256)
    return text.lower()


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``verify RUN_DIR [--expect-sha256 HEX] [--rerun] [--no-inputs]``."""
    parser = subparsers.add_parser(
        "verify",
        help=labels.VERIFY_HELP,
        description=labels.VERIFY_DESCRIPTION,
    )
    parser.add_argument(
        "run_dir", metavar=labels.METAVAR_RUN_FOLDER, type=Path, help=labels.HELP_RUN_FOLDER
    )
    parser.add_argument(
        "--expect-sha256",
        metavar="HEX",
        type=_sha256_hex,
        help=labels.HELP_EXPECT_SHA256,
    )
    parser.add_argument("--no-inputs", action="store_true", help=labels.HELP_NO_INPUTS)
    parser.add_argument(
        "--rerun",
        action="store_true",
        help=labels.HELP_RERUN,
    )
    parser.set_defaults(run=run)


def report_lines(report: VerifyReport, run_dir: Path, *, expected: str | None = None) -> list[str]:
    """The Vietnamese report: header, manifest hash, one line per problem/warning, verdict."""
    lines = [labels.VERIFY_HEADER.format(path=run_dir)]
    if report.manifest_sha256:
        lines.append(labels.VERIFY_MANIFEST_HASH.format(digest=report.manifest_sha256))
    if expected and expected == report.manifest_sha256:
        lines.append(labels.VERIFY_MATCHED)
    lines += [f"- {problem.message}" for problem in report.problems]
    lines += [labels.WARNING.format(message=warning.message) for warning in report.warnings]
    if report.ok:
        lines.append(labels.VERIFY_INTACT.format(n=report.n_matched))
    else:
        lines.append(labels.VERIFY_TAMPERED.format(k=len(report.problems)))
    return lines


def _rerun(run_dir: Path) -> int:
    try:
        from kpi.archive.runner import rerun
    except ImportError as error:
        print(labels.RERUN_UNAVAILABLE.format(reason=error), file=sys.stderr)
        return 2
    same, message = rerun(run_dir)
    print(labels.RERUN_SAME if same else labels.RERUN_DIFFERENT)
    if message:
        print(message)
    return 0 if same else 1


def run(args: argparse.Namespace) -> int:
    """Verify ``args.run_dir``; 0 intact, 1 tampered; ``ManifestError`` (2) when not a run folder."""
    from kpi.archive.verify import verify  # hashing and git: only for this command

    report = verify(
        args.run_dir, check_inputs=not args.no_inputs, expected_sha256=args.expect_sha256
    )
    print("\n".join(report_lines(report, args.run_dir, expected=args.expect_sha256)))
    if not report.ok:
        if args.rerun:
            print(labels.RERUN_SKIPPED)
        return 1
    return _rerun(args.run_dir) if args.rerun else 0
