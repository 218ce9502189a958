"""``kpi766`` command line: argument parsing and messages only.

Each sub-command lives in ``kpi.commands.<name>`` with ``add_parser(subparsers)`` and
``run(args) -> int``. Expected failures (``KpiError`` and its subclasses) print one Vietnamese
message on stderr and exit with their code, without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from kpi import labels
from kpi.errors import KpiError

# argparse's own messages, in Vietnamese: argparse looks its texts up through the module's
# gettext function at call time, so replacing it translates usage, help and errors.
argparse._ = lambda text: labels.ARGPARSE_TEXTS.get(text, text)  # type: ignore[attr-defined]

COMMANDS = ("check", "score", "synth", "audit", "verify", "portal", "reconcile")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``kpi766`` with every available sub-command."""
    parser = argparse.ArgumentParser(
        prog="kpi766",
        description=labels.CLI_DESCRIPTION,
    )
    subparsers = parser.add_subparsers(
        dest="command", required=True, metavar=labels.METAVAR_COMMAND
    )
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"kpi.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"kpi.commands.{name}":
                raise
            continue
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kpi766`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except KpiError as error:
        print(labels.ERROR_PREFIX.format(error=error), file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        # The reader went away (``kpi766 score | head``): what it read is complete, the rest
        # is not wanted. Later flushes go to /dev/null instead of failing again.
        _silence_stdout()
        return 0


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def console() -> NoReturn:
    """The ``kpi766`` console script: :func:`main`, then a fast exit.

    The interpreter is not torn down object by object: after a 1M-dossier score that teardown
    (freeing the tables) takes ~0.15 s of the command's ~2 s. Output streams and logging are
    flushed first; every file the commands write is closed by then (``with`` blocks).
    """
    code = main()
    logging.shutdown()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    console()
