"""What every rule needs, computed once per audit: the period, the as-of instant, the tables
restricted to what happened as of then, and the masks several indicators share."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from kpi import registry
from kpi.calendar import WorkCalendar
from kpi.columns import COMPLETED_STATUSES, PUBLISHED_STATUSES, TERMINAL_STATUSES
from kpi.params import ScoringRules
from kpi.periods import Period
from kpi.vector import is_in

# Catalogue attributes the dossier rules read, joined onto each dossier by procedure_code.
_PROCEDURE_ATTRIBUTES = (
    "has_fee",
    "paper_result_required",
    "is_certification",
    "max_processing_time",
    "processing_time_unit",
)


def _category(values: pd.Series, categories: list[str] | None = None) -> pd.Series:
    """``values`` as a categorical (with exactly ``categories`` when given); cheap when it
    already is one."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        if categories is None or list(values.cat.categories) == categories:
            return values
        return values.cat.set_categories(categories)
    return values.astype(pd.CategoricalDtype(categories))


def _happened(times: pd.Series, as_of: pd.Timestamp) -> np.ndarray:
    """True where the timestamp exists and is not after the as-of instant."""
    values = times.to_numpy("datetime64[us]")
    return ~np.isnat(values) & (values <= np.datetime64(as_of, "us"))


@dataclass
class Context:
    """Inputs of one audit.

    Parameters
    ----------
    tables : dict of DataFrame
        Canonical tables (``kpi.columns``); a missing optional table makes its indicators
        "no data".
    period : Period
        The audit period.
    as_of : Timestamp
        The instant the audit is computed at: the period's last instant for a closed period,
        the export time for the open one. Events after it are treated as not yet happened.
    units : list of str
        Unit codes in display order; unknown units found in the data are appended.
    """

    tables: dict[str, pd.DataFrame]
    period: Period
    as_of: pd.Timestamp
    units: list[str]
    rules: ScoringRules
    calendar: WorkCalendar
    memo: dict[str, object] = field(default_factory=dict, repr=False)  # results shared by rules
    _locks: dict[str, threading.Lock] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        seen = [
            value
            for table in self.tables.values()
            if "unit" in table.columns
            for value in table["unit"].dropna().unique().tolist()
        ]
        self.units = list(dict.fromkeys([*self.units, *sorted(map(str, seen))]))

    # --- time -------------------------------------------------------------------------------
    @property
    def start(self) -> np.datetime64:
        """First instant of the period."""
        return np.datetime64(self.period.start, "us")

    @property
    def as_of_day(self) -> pd.Timestamp:
        """The calendar day of the as-of instant (midnight)."""
        return self.as_of.normalize()

    @property
    def closed(self) -> bool:
        """True when the as-of instant is the period's last instant (a closed period)."""
        return self.as_of >= self.period.end_instant

    def in_period(self, times: pd.Series) -> np.ndarray:
        """True where the timestamp falls in [period start, as-of]."""
        values = times.to_numpy("datetime64[us]")
        return _happened(times, self.as_of) & (values >= self.start)

    def happened(self, times: pd.Series) -> np.ndarray:
        """True where the timestamp exists and is not after the as-of instant."""
        return _happened(times, self.as_of)

    # --- tables -------------------------------------------------------------------------------
    def has(self, *names: str) -> bool:
        """True when every named table was provided."""
        return all(name in self.tables for name in names)

    @cached_property
    def procedures(self) -> pd.DataFrame:
        """The catalogue, with ``published`` (status published or published_amended)."""
        procedures = self.tables["procedures"]
        return procedures.assign(published=procedures["status"].isin(PUBLISHED_STATUSES))

    @cached_property
    def dossiers(self) -> pd.DataFrame:
        """Dossiers received as of the as-of instant, with the catalogue attributes joined.

        ``unit`` (categories: :attr:`units`), ``procedure_code`` and ``status`` are
        categoricals, so that grouping and joining work on integer codes.
        """
        dossiers = self.tables["dossiers"]
        received = self.happened(dossiers["received_at"])
        if not received.all():
            dossiers = dossiers[received]
        procedure_codes = _category(dossiers["procedure_code"])
        catalogue = self.procedures.set_index("procedure_code")
        catalogue = catalogue[~catalogue.index.duplicated()].reindex(
            procedure_codes.cat.categories.astype("str")
        )
        positions = procedure_codes.cat.codes.to_numpy()
        known = positions >= 0
        joined: dict[str, object] = {
            "unit": _category(dossiers["unit"], self.units),
            "procedure_code": procedure_codes,
            "status": _category(dossiers["status"]),
        }
        for name in _PROCEDURE_ATTRIBUTES:
            values = catalogue[name].to_numpy()[np.where(known, positions, 0)]
            if name in ("has_fee", "paper_result_required", "is_certification"):
                joined[name] = known & (values == True)  # noqa: E712 (object array of bools/NA)
            elif name == "max_processing_time":
                joined[name] = np.where(known, values.astype("float64"), np.nan)
            else:  # a few distinct texts: a categorical built from catalogue-level codes
                per_procedure = pd.Categorical(catalogue[name].to_numpy())
                codes = per_procedure.codes[np.where(known, positions, 0)]
                joined[name] = pd.Categorical.from_codes(
                    np.where(known, codes, -1), per_procedure.categories
                )
        return dossiers.assign(**joined).reset_index(drop=True)

    # --- shared dossier masks ---------------------------------------------------------------
    @cached_property
    def received(self) -> np.ndarray:
        """Dossiers received in the period (as of the as-of instant)."""
        return self.in_period(self.dossiers["received_at"])

    @cached_property
    def finished(self) -> np.ndarray:
        """Dossiers in a terminal status whose ``finished_at`` is not after the as-of instant."""
        dossiers = self.dossiers
        return is_in(dossiers["status"], TERMINAL_STATUSES) & self.happened(dossiers["finished_at"])

    @cached_property
    def processed(self) -> np.ndarray:
        """#5's population: dossiers received as of the as-of instant and not finished before
        the period start (received and processed in the period, carry-over included)."""
        finished_at = self.dossiers["finished_at"].to_numpy("datetime64[us]")
        return ~(self.finished & (finished_at < self.start))

    def population(self, code: int) -> np.ndarray:
        """The dossiers indicator ``code`` counts over in this context's scoring profile
        (:data:`kpi.registry.PROFILES`); all false for an indicator awarded flat points."""
        declared = registry.population(code, self.rules.profile)
        if declared.dossiers is None:
            return np.zeros(len(self.dossiers), dtype=bool)
        mask = getattr(self, declared.dossiers)
        if declared.only is not None:
            mask = mask & self.dossiers[declared.only].to_numpy(bool)
        return mask

    @cached_property
    def completed_in_period(self) -> np.ndarray:
        """Dossiers done or returned, finished in the period."""
        dossiers = self.dossiers
        return is_in(dossiers["status"], COMPLETED_STATUSES) & self.in_period(
            dossiers["finished_at"]
        )

    @cached_property
    def electronic_result(self) -> np.ndarray:
        """Dossiers with both a result code and a result file, finished as of the as-of instant
        (an electronic result exists only for a finished dossier)."""
        dossiers = self.dossiers
        return (
            dossiers["result_code"].notna().to_numpy()
            & dossiers["result_file_url"].notna().to_numpy()
            & self.finished
        )

    @cached_property
    def online(self) -> np.ndarray:
        """Dossiers submitted online (channel 2); a null channel counts as direct (1)."""
        return (self.dossiers["channel"] == 2).fillna(False).to_numpy(bool)

    def shared(self, key: str, compute: Callable[[], object]) -> object:
        """``compute()``, run once per context for ``key`` even when rules on several threads
        ask for it at the same time (the others wait for the first one's result)."""
        if key not in self.memo:
            with self._locks.setdefault(key, threading.Lock()):  # setdefault is atomic
                if key not in self.memo:
                    self.memo[key] = compute()
        return self.memo[key]

    def record_unit_codes(self, records: pd.DataFrame) -> np.ndarray:
        """:meth:`unit_codes` of a records table, computed once per table (every dossier
        indicator judges the same table)."""
        key = f"unit_codes:{id(records)}"
        cached = self.memo.get(key)
        if not isinstance(cached, tuple) or cached[0] is not records:  # kept: no id reuse
            cached = (records, self.unit_codes(records["unit"]))
            self.memo[key] = cached
        return cached[1]

    def unit_codes(self, units: pd.Series) -> np.ndarray:
        """Position of each record's unit in :attr:`units` (-1 when the unit is missing)."""
        if (
            isinstance(units.dtype, pd.CategoricalDtype)
            and list(units.cat.categories) == self.units
        ):
            return units.cat.codes.to_numpy(np.int64)
        return pd.Index(self.units).get_indexer(units).astype(np.int64)
