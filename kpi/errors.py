"""Exceptions with Vietnamese messages that the CLI prints without a traceback."""

from __future__ import annotations


class KpiError(Exception):
    """An expected failure: bad input, bad parameters, a failed run. ``exit_code`` for the CLI."""

    exit_code = 2


class ExtractError(KpiError):
    """A fatal problem with an extract: missing folder, table, column, or unreadable file."""

    exit_code = 2


class PeriodError(KpiError, ValueError):
    """A period string that does not parse."""

    exit_code = 2
