"""Load and validate the files of ``params/``; errors are Vietnamese and name file and key."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kpi import labels, paths
from kpi.errors import KpiError
from kpi.registry import CODES, GROUPS, INDICATORS, PORTAL_GROUPS

_M = TypeVar("_M", bound="BaseModel")

# libyaml's safe loader when PyYAML has it (several times faster), else the pure-Python one.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ZeroDenominatorPolicy = Literal["no_score", "zero", "max"]
RatioRounding = Literal["none", "percent_2"]
Profile = Literal["portal", "decision"]  # the keys of kpi.registry.PROFILES (tested)


class ParamsError(KpiError, ValueError):
    """A file of ``params/`` is missing, unreadable or invalid (message in Vietnamese)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndicatorRule(_Strict):
    """Tunable scoring numbers of one indicator."""

    max_points: float = Field(gt=0)
    target: float = Field(gt=0, le=1)
    zero_denominator: ZeroDenominatorPolicy
    ratio_rounding: RatioRounding = "none"
    applicable: bool = True


class Band(_Strict):
    """A rating band: totals at or above ``min_points`` get ``label``."""

    min_points: float = Field(ge=0, le=100)
    label: str = Field(min_length=1)


class RuleOptions(_Strict):
    """Choices inside the indicator rules (each documented in ``params/assumptions.md``)."""

    announcement_lead_wd: int = Field(5, ge=0)
    publication_wd: int = Field(5, ge=0)
    missing_deadline: Literal["late", "on_time", "exclude"] = "late"
    online_service_credit_per_procedure: int = Field(1, ge=1)
    feedback_reject_wd: int = Field(2, ge=0)
    feedback_supplement_wd: int = Field(5, ge=0)
    feedback_answer_wd: int = Field(15, ge=0)
    feedback_publish_wd: int = Field(2, ge=0)


class ScoringRules(_Strict):
    """The whole of ``params/scoring.yaml``."""

    profile: Profile = "portal"
    indicators: dict[int, IndicatorRule]
    bands: list[Band]
    rules: RuleOptions = RuleOptions()

    @model_validator(mode="after")
    def _complete_and_consistent(self) -> ScoringRules:
        missing = sorted(set(CODES) - set(self.indicators))
        unknown = sorted(set(self.indicators) - set(CODES))
        if missing or unknown:
            raise ValueError(labels.NEED_21_INDICATORS.format(missing=missing, unknown=unknown))
        if not self.bands or min(band.min_points for band in self.bands) != 0:
            raise ValueError(labels.BANDS_NEED_ZERO)
        return self

    def rule(self, code: int) -> IndicatorRule:
        """Scoring numbers of indicator ``code``."""
        return self.indicators[code]

    def with_profile(self, profile: str | None) -> ScoringRules:
        """These rules under another scoring profile (``portal`` or ``decision``); None keeps
        the file's."""
        if profile is None or profile == self.profile:
            return self
        try:
            return ScoringRules.model_validate({**self.model_dump(), "profile": profile})
        except ValidationError as error:
            problems = "; ".join(f"{where}: {text}" for where, text in describe_errors(error))
            raise ParamsError(labels.INVALID_SCORING_RULES.format(problems=problems)) from None

    def group_max(self, group_code: str) -> float:
        """Sum of the maxima of the indicators of one group (I-V or III.1/III.2)."""
        return sum(
            self.indicators[i.code].max_points
            for i in INDICATORS
            if group_code in (i.group, i.portal_group)
        )


class Unit(_Strict):
    """A unit of the agency; ``aliases`` are other spellings found in exports."""

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    aliases: list[str] = []


class Responsibility(_Strict):
    """Who answers for an indicator in the seed plan, what they deliver and how often."""

    indicators: list[int]
    responsible: str
    deliverable: str
    frequency: str


class PortalEntity(_Strict):
    """How the national portal (Cổng DVCQG) names the agency and its province: the
    ``departmentId`` (the only key on every endpoint), ``departmentCode`` and name."""

    department_id: str = Field(min_length=1)
    department_code: str = ""
    department_name: str = ""
    province_id: str = ""
    province_code: str = ""
    province_name: str = ""


class UnitsParams(_Strict):
    """The whole of ``params/units.yaml``: the agency, its units and the responsibility matrix."""

    agency: str
    agency_code: str
    coordinator: str
    units: list[Unit]
    responsibilities: list[Responsibility]
    portal: PortalEntity | None = None  # the agency on the portal (kpi766 reconcile)

    @model_validator(mode="after")
    def _every_indicator_once(self) -> UnitsParams:
        covered = [code for row in self.responsibilities for code in row.indicators]
        if sorted(covered) != list(CODES):
            raise ValueError(labels.ASSIGNMENTS_ONCE_EACH)
        codes = [unit.code for unit in self.units]
        if len(codes) != len(set(codes)):
            raise ValueError(labels.DUPLICATE_UNIT_CODES)
        return self

    def responsibility(self, code: int) -> Responsibility:
        """The responsibility row of indicator ``code``."""
        return next(row for row in self.responsibilities if code in row.indicators)

    def unit_names(self) -> dict[str, str]:
        """Unit code → Vietnamese name."""
        return {unit.code: unit.name for unit in self.units}


class CalendarDay(_Strict):
    """A day of ``extra_holidays`` / ``extra_workdays`` and the notice that decided it."""

    date: dt.date
    notice: str = ""


class UnconfirmedDay(_Strict):
    """A day off or make-up day found in no public notice: what the ``holidays`` package says
    about it and the answer chosen in ``params/calendar.yaml``, ``holiday`` (a day off) or
    ``workday``."""

    date: dt.date
    occasion: str = Field(min_length=1)
    package: Literal["holiday", "workday"]
    choice: Literal["holiday", "workday"]
    note: str = ""


class CalendarParams(_Strict):
    """``params/calendar.yaml``: decisions newer than the ``holidays`` package, and the days
    whose status is unconfirmed. A plain date in ``extra_holidays``/``extra_workdays`` stands
    for ``{date: ...}`` without a notice (older files)."""

    first_year: int = Field(2018, ge=2000)
    last_year: int = Field(2030, le=2100)
    extra_holidays: list[CalendarDay] = []
    extra_workdays: list[CalendarDay] = []
    unconfirmed: list[UnconfirmedDay] = []

    @model_validator(mode="before")
    @classmethod
    def _plain_dates(cls, data: object) -> object:
        if isinstance(data, dict):
            data = dict(data)
            for key in ("extra_holidays", "extra_workdays"):
                if isinstance(data.get(key), list):
                    data[key] = [d if isinstance(d, dict) else {"date": d} for d in data[key]]
        return data

    @model_validator(mode="after")
    def _unconfirmed_once(self) -> CalendarParams:
        dates = [day.date for day in self.unconfirmed]
        twice = sorted({d for d in dates if dates.count(d) > 1})
        if twice:
            raise ValueError(
                labels.UNCONFIRMED_TWICE.format(dates=", ".join(f"{d:%d/%m/%Y}" for d in twice))
            )
        return self


class MappingParams(BaseModel):
    """``params/mapping.yaml``: per table, canonical column → header spellings in exports.

    Only the header spellings; the value spellings of the same file are read by
    :func:`kpi.ingest.load_ingest_mapping`, hence extra keys are ignored here.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    tables: dict[str, dict[str, list[str]]]


def describe_errors(error: ValidationError) -> list[tuple[str, str]]:
    """(location, Vietnamese message) of each problem of a pydantic validation error.

    The location joins the keys with dots (empty for the whole document). Our own validators
    already raise Vietnamese text, which is kept; an unknown error type is named as it is.

    Examples
    --------
    >>> try:
    ...     IndicatorRule.model_validate({"max_points": 6, "target": 2, "zero_denominator": "x"})
    ... except ValidationError as error:
    ...     describe_errors(error)
    [('target', 'phải nhỏ hơn hoặc bằng 1'), ('zero_denominator', "phải là một trong các giá trị 'no_score', 'zero', 'max'")]
    """
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"])
        kind, context = item["type"], dict(item.get("ctx", {}))
        if "expected" in context:  # "'a', 'b' or 'c'": the list without the English "or"
            context["expected"] = str(context["expected"]).replace(" or ", ", ")
        context = {  # bounds as people write them: 1, not 1.0
            key: int(value) if isinstance(value, float) and value.is_integer() else value
            for key, value in context.items()
        }
        if kind == "value_error":
            text = str(item["msg"]).removeprefix("Value error, ")
        elif kind in labels.PARAMS_ERROR_TEXTS:
            text = labels.PARAMS_ERROR_TEXTS[kind].format(**context)
        else:
            text = labels.INVALID_VALUE_KIND.format(kind=kind)
        problems.append((location, text))
    return problems


def _read_yaml(path: Path) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_SAFE_LOADER)  # noqa: S506 (a safe loader)
    except FileNotFoundError:
        raise ParamsError(labels.PARAMS_FILE_NOT_FOUND.format(path=path)) from None
    except yaml.YAMLError as error:
        raise ParamsError(labels.PARAMS_BAD_YAML.format(path=path, error=error)) from None


def validate_yaml(model: type[_M], path: Path) -> _M:
    """Read the YAML file ``path`` safely and validate it with the pydantic ``model``.

    Raises
    ------
    ParamsError
        Missing file, bad YAML, or invalid content; the Vietnamese message names each bad key.
    """
    content = _read_yaml(path)
    try:
        return model.model_validate(content)
    except ValidationError as error:
        problems = "; ".join(
            labels.PARAMS_KEY_PROBLEM.format(key=location or labels.PARAMS_ROOT_KEY, text=text)
            for location, text in describe_errors(error)
        )
        raise ParamsError(labels.PARAMS_INVALID.format(path=path, problems=problems)) from None


@lru_cache(maxsize=16)
def load_rules(path: Path | str | None = None) -> ScoringRules:
    """Load ``params/scoring.yaml`` (or ``path``), validated.

    Raises
    ------
    ParamsError
        Missing file, bad YAML, or an invalid key; the Vietnamese message names the key.
    """
    path = Path(path) if path else paths.SCORING_FILE
    rules = validate_yaml(ScoringRules, path)
    check_group_maxima(rules, path)
    return rules


def check_group_maxima(rules: ScoringRules, path: Path | str) -> None:
    """Refuse a parameter file whose indicator maxima do not add up to each group's maximum of
    the decision (:data:`kpi.registry.GROUPS`, :data:`kpi.registry.PORTAL_GROUPS`).

    Only files are checked: a what-if may change a maximum on purpose.
    """
    wrong = [
        labels.GROUP_MAXIMA_MISMATCH.format(
            code=group.code, group_max=rules.group_max(group.code), max_points=group.max_points
        )
        for group in (*GROUPS, *PORTAL_GROUPS)
        if abs(rules.group_max(group.code) - group.max_points) > 1e-9
    ]
    if wrong:
        raise ParamsError(
            labels.PARAMS_MAXIMA_MISMATCH.format(path=path, problems="; ".join(wrong))
        )


@lru_cache(maxsize=4)
def load_units(path: Path | str | None = None) -> UnitsParams:
    """Load ``params/units.yaml`` (or ``path``), validated."""
    return validate_yaml(UnitsParams, Path(path) if path else paths.UNITS_FILE)


@lru_cache(maxsize=4)
def load_calendar(path: Path | str | None = None) -> CalendarParams:
    """Load ``params/calendar.yaml`` (or ``path``), validated."""
    path = Path(path) if path else paths.CALENDAR_FILE
    try:
        return validate_yaml(CalendarParams, path)
    except ParamsError:
        raise
    except ValueError:  # PyYAML builds YYYY-MM-DD dates itself: 2026-02-30 fails in the reader
        raise ParamsError(labels.PARAMS_IMPOSSIBLE_DATE.format(path=path)) from None


@lru_cache(maxsize=4)
def load_mapping(path: Path | str | None = None) -> MappingParams:
    """Load ``params/mapping.yaml`` (or ``path``), validated."""
    return validate_yaml(MappingParams, Path(path) if path else paths.MAPPING_FILE)


def group_maxima_match(rules: ScoringRules) -> dict[str, tuple[float, float]]:
    """Groups whose indicator maxima in ``rules`` do not add up to the registry's maximum."""
    return {
        group.code: (rules.group_max(group.code), group.max_points)
        for group in GROUPS
        if abs(rules.group_max(group.code) - group.max_points) > 1e-9
    }
