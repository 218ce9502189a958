"""What a rule decides about each record of an indicator's population."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

COUNTED = 0  # reason code of a record that counts


@dataclass
class Judgement:
    """The verdict of one indicator on the records of one table.

    Attributes
    ----------
    code : int
        Indicator number.
    records : DataFrame
        The records judged (dossiers, TTHC, PAKN...): must have ``id_column`` and ``unit``.
    id_column : str
        Column identifying a record (``dossier_id``, ``procedure_code``, ``feedback_id``).
    population : ndarray of bool
        Records in the denominator.
    reason : ndarray of int8
        0 where the record counts in the numerator, else an index into ``reasons``.
    reasons : tuple of str
        Vietnamese reasons a record does not count; ``{n}`` is replaced by ``detail``.
    detail : ndarray, optional
        A number per record for the reason text (e.g. working days late).
    weight, credit : ndarray, optional
        Denominator weight and numerator credit per record (#7 counts online services, not
        TTHC); default 1 each, and the credit defaults to the weight.
    floor : dict, optional
        Minimum denominator per scope (None = agency, else a unit code): #4's national counts.
    fallback : dict, optional
        Denominator per scope when it would be 0: #4's previous-year average.
    scale_by : int, optional
        Multiply the ratio by the ratio of this indicator (#8 by the sync ratio of #4).
    """

    code: int
    records: pd.DataFrame
    id_column: str
    population: np.ndarray
    reason: np.ndarray
    reasons: tuple[str, ...] = ("",)
    detail: np.ndarray | None = None
    weight: np.ndarray | None = None
    credit: np.ndarray | None = None
    floor: dict[str | None, float] = field(default_factory=dict)
    fallback: dict[str | None, float] = field(default_factory=dict)
    scale_by: int | None = None

    @property
    def counted(self) -> np.ndarray:
        """Records of the population that count in the numerator."""
        return self.population & (self.reason == COUNTED)


def verdict(*failures: tuple[np.ndarray, int]) -> np.ndarray:
    """Reason codes from (mask, code) pairs; the first failing check gives the reason.

    Examples
    --------
    >>> verdict((np.array([True, False, True]), 1), (np.array([True, True, False]), 2))
    array([1, 2, 1], dtype=int8)
    """
    reason = np.zeros(len(failures[0][0]), dtype=np.int8)
    for mask, code in reversed(failures):
        reason[mask] = code
    return reason
