"""Execute the audit notebook with papermill into a run folder, atomically.

``outputs/<agency>/<period>/<run-id>/`` holds the executed ``audit.ipynb`` (widget state
saved), ``audit.html``, ``scorecard.xlsx``, the evidence tables and ``manifest.json``. The run
is written into a hidden ``.<run-id>.partial`` folder and renamed only when complete; a failed
run is renamed ``<run-id>.FAILED`` (no manifest), so nothing incomplete looks like an archive.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kpi import labels, paths
from kpi.archive.build import execute, normalise
from kpi.archive.verify import inside_run
from kpi.archive.write import write_manifest
from kpi.comparison import comparison_folders
from kpi.errors import KpiError
from kpi.extracts import audit_period, resolve_unit, sample_folders
from kpi.ingest import tables_summary
from kpi.params import describe_errors, load_rules, load_units
from kpi.periods import parse_period
from kpi.registry import PROFILES
from kpi.report.document import score_json

# Characters no period, unit, or path parameter needs; refusing them keeps every value plain.
_FORBIDDEN = set("\"'`;\\$|&<>{}\n\r\t\x00")


class AuditError(KpiError):
    """The audit could not run or did not complete (message in Vietnamese)."""

    exit_code = 1


def _plain(value: str, name: str) -> str:
    if any(character in _FORBIDDEN for character in value) or not value.isprintable():
        raise ValueError(labels.PARAMETER_FORBIDDEN_CHARACTERS.format(name=name))
    return value


class AuditParameters(BaseModel):
    """The parameters of ``notebooks/audit.ipynb``, validated before anything runs.

    Unknown names are refused (papermill would only warn), types are strict, periods must
    parse, folders and files must exist, and no string may carry quotes, semicolons,
    backslashes or control characters.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    period: str
    data_dirs: list[str] = Field(default_factory=list)
    params_file: str = ""
    unit: str = ""
    compare_period: str = "auto"
    profile: str = ""
    portal_dir: str = ""
    export_time: str = ""

    @field_validator("profile")
    @classmethod
    def _profile(cls, value: str) -> str:
        if value and value not in PROFILES:
            raise ValueError(
                labels.UNKNOWN_PROFILE.format(value=value, choices=", ".join(PROFILES))
            )
        return value

    @field_validator("period", "compare_period", "unit", "params_file")
    @classmethod
    def _no_code(cls, value: str, info: object) -> str:
        return _plain(value, info.field_name)  # type: ignore[attr-defined]

    @field_validator("period")
    @classmethod
    def _period(cls, value: str) -> str:
        parse_period(value)
        return value

    @field_validator("compare_period")
    @classmethod
    def _compare(cls, value: str) -> str:
        if value not in ("", "auto"):
            parse_period(value)
        return value

    @field_validator("data_dirs")
    @classmethod
    def _folders(cls, values: list[str]) -> list[str]:
        for value in values:
            _plain(value, "data_dirs")
            if not Path(value).is_dir():
                raise ValueError(labels.DATA_FOLDER_NOT_FOUND.format(value=value))
        return [str(Path(value).resolve()) for value in values]

    @field_validator("export_time")
    @classmethod
    def _export_time(cls, value: str) -> str:
        if not value:
            return value
        from kpi.ingest.manifest import parse_export_time

        _plain(value, "export_time")
        if parse_export_time(value) is None:
            raise ValueError(labels.EXPORT_TIME_UNREADABLE.format(value=value))
        return value

    @field_validator("portal_dir")
    @classmethod
    def _portal_dir(cls, value: str) -> str:
        if not value:
            return value
        _plain(value, "portal_dir")
        if not Path(value).is_dir():
            raise ValueError(labels.PORTAL_FOLDER_NOT_FOUND.format(value=value))
        return str(Path(value).resolve())

    @field_validator("params_file")
    @classmethod
    def _params_file(cls, value: str) -> str:
        if value and not Path(value).is_file():
            raise ValueError(labels.PARAMETERS_FILE_NOT_FOUND.format(value=value))
        return str(Path(value).resolve()) if value else value


def validate_parameters(values: dict[str, object]) -> AuditParameters:
    """Validate audit parameters; raise :class:`AuditError` with every problem in Vietnamese."""
    try:
        parameters = AuditParameters.model_validate(values)
    except ValidationError as error:
        problems = "; ".join(
            f"{location or labels.PARAMETER_WORD}: {text}"
            for location, text in describe_errors(error)
        )
        raise AuditError(labels.INVALID_AUDIT_PARAMETERS.format(problems=problems)) from None
    except KpiError as error:
        raise AuditError(labels.INVALID_AUDIT_PARAMETERS.format(problems=error)) from None
    if parameters.unit:
        resolve_unit(parameters.unit)
    return parameters


def _extract_folders(parameters: AuditParameters) -> tuple[list[Path], list[Path]]:
    """The audit's extract folders and the comparison period's (those not already audited).

    The comparison folders are found by :func:`kpi.comparison.comparison_folders`, the very
    lookup the notebook uses (:func:`kpi.report.notebook.open_audit`).
    """
    data = [Path(d) for d in parameters.data_dirs] or sample_folders(parameters.period)
    found = comparison_folders(parameters.period, parameters.data_dirs, parameters.compare_period)
    seen = {folder.resolve() for folder in data}
    compare = [f for f in found[1] if f.resolve() not in seen] if found is not None else []
    return data, compare


def _files(folder: Path, *, recursive: bool = False) -> list[Path]:
    """The regular files of ``folder`` (top level, as the extract reader sees them), sorted."""
    found = folder.rglob("*") if recursive else folder.iterdir()
    return sorted(path for path in found if path.is_file())


def _inputs(parameters: AuditParameters) -> list[Path]:
    """Every file a number of the run depends on: the extracts of the period and of the
    comparison period, the portal's responses, the parameters, the notebook."""
    data, compare = _extract_folders(parameters)
    files = [f for folder in [*data, *compare] for f in _files(folder)]
    params = [paths.SCORING_FILE, paths.UNITS_FILE, paths.CALENDAR_FILE, paths.MAPPING_FILE]
    if parameters.params_file:
        params.append(Path(parameters.params_file))
    portal = (
        _files(Path(parameters.portal_dir), recursive=True) if parameters.portal_dir else []
    )  # the portal's responses a reconciliation reads, and their capture note
    unique = dict.fromkeys(Path(os.path.abspath(f)) for f in [*files, *portal, *params])
    return [*unique, paths.NOTEBOOKS_DIR / "audit.ipynb"]


INPUTS_DIR = "inputs"  # the copies of --copy-inputs, inside the run folder


def _copy_inputs(
    parameters: AuditParameters, run_dir: Path
) -> tuple[AuditParameters, dict[Path, Path]]:
    """Copy the extracts (the comparison period's too), the portal folder and a scoring
    parameters file into ``run_dir/inputs/``; the parameters that read the copies, and
    ``{copy: source}`` for every copied folder or file.

    Layout: ``inputs/data/<folder name>/`` for every extract folder (so that the comparison
    period's ``YYYY-MM`` folders sit beside the first one, where the notebook looks for them),
    ``inputs/portal/``, ``inputs/params/<file name>``.
    """
    data, compare = _extract_folders(parameters)
    target = run_dir / INPUTS_DIR / "data"
    target.mkdir(parents=True)
    copied: dict[Path, Path] = {}
    for folder in [*data, *compare]:
        copy = target / folder.name
        if copy in copied:
            raise AuditError(
                labels.COPY_SAME_NAME.format(name=folder.name, first=copied[copy], second=folder)
            )
        copy.mkdir()
        for file in _files(folder):
            shutil.copy2(file, copy / file.name)
        copied[copy] = Path(os.path.abspath(folder))
    values = parameters.model_dump()
    values["data_dirs"] = [str(target / folder.name) for folder in data]
    if parameters.portal_dir:
        copy = run_dir / INPUTS_DIR / "portal"
        shutil.copytree(parameters.portal_dir, copy, symlinks=False)
        copied[copy], values["portal_dir"] = Path(parameters.portal_dir), str(copy)
    if parameters.params_file:
        source = Path(parameters.params_file)
        copy = run_dir / INPUTS_DIR / "params" / source.name
        copy.parent.mkdir()
        shutil.copy2(source, copy)
        copied[copy], values["params_file"] = source, str(copy)
    again = validate_parameters(values)
    found = comparison_folders(again.period, again.data_dirs, again.compare_period)
    names = sorted(f.name for f in found[1]) if found is not None else []
    expected = comparison_folders(
        parameters.period, parameters.data_dirs, parameters.compare_period
    )
    if names != (sorted(f.name for f in expected[1]) if expected is not None else []):
        raise AuditError(
            labels.COPY_COMPARISON_DIFFERS.format(folders=", ".join(names) or labels.NONE)
        )
    return again, copied


def _relative_parameters(parameters: AuditParameters, run_dir: Path) -> dict[str, object]:
    """The parameters as recorded in the manifest: paths inside ``run_dir`` made relative
    to it (the copies of ``--copy-inputs``), so that they stay valid when the folder moves."""

    root = run_dir.resolve()

    def relative(value: str) -> str:
        path = Path(value).resolve()
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else value

    values = parameters.model_dump()
    values["data_dirs"] = [relative(value) for value in parameters.data_dirs]
    for key in ("portal_dir", "params_file"):
        values[key] = relative(values[key]) if values[key] else values[key]
    return values


COMPARISON_FILE = "comparison.json"


def _write_comparison(parameters: AuditParameters, run_dir: Path) -> str | None:
    """``comparison.json``: the comparison period's scores as the report compares with them
    (same folders, rules and scope as :func:`kpi.report.notebook.open_audit`); None without one.

    The notebook writes only the audited period's ``scorecard.json``; this document lets
    ``verify --rerun`` re-score the comparison period and compare it too.
    """
    found = comparison_folders(parameters.period, parameters.data_dirs, parameters.compare_period)
    if found is None:
        return None
    label, folders = found
    rules = load_rules(parameters.params_file or None).with_profile(parameters.profile or None)
    previous = audit_period(label, folders, unit=parameters.unit or None, rules=rules)
    document = score_json(previous.scorecard, previous.scope, tables_summary(previous.extract))
    target = run_dir / COMPARISON_FILE
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return label


# The report template: JupyterLab's, without any remote script (require.js, MathJax, mermaid,
# the widget renderer all load from a CDN) so that the page reads the same offline, and with
# a little CSS for tables that wrap and print.
_REPORT_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
  main { max-width: 1200px; margin: 0 auto; }
  .jp-OutputArea-output table.kpi-table { border-collapse: collapse; margin: 0.5em 0;
    font-size: 12px; table-layout: auto; }
  .jp-OutputArea-output table.kpi-table th,
  .jp-OutputArea-output table.kpi-table td { white-space: normal; vertical-align: top;
    padding: 3px 6px; border-bottom: 1px solid #ddd; max-width: 28em; }
  .jp-OutputArea-output table.kpi-table thead th { background: #eef3f8;
    border-bottom: 1px solid #999; }
  .jp-OutputArea-output img { max-width: 100%; height: auto; }
  @media print { main { max-width: none; } thead { display: table-header-group; }
    tr, img { page-break-inside: avoid; } }
</style>
{%- endblock extra_css -%}
"""


def report_title(run_dir: Path) -> str:
    """``Bộ chỉ số 766 — <agency>[ — <unit>] — kỳ <period>`` from the run's scorecard.json."""
    document = json.loads((run_dir / "scorecard.json").read_text(encoding="utf-8"))
    units = load_units()
    parts = [units.agency]
    if document.get("scope"):
        parts.append(units.unit_names().get(document["scope"], document["scope"]))
    return labels.AUDIT_TITLE.format(scope=" — ".join(parts), period=document["period"])


def _export_html(notebook: Path, title: str, book: Any = None) -> Path:
    """``audit.html``: the inspector's view of the executed notebook.

    Outputs and Markdown only (no code, no In/Out prompts), charts embedded as base64 PNG with
    a Vietnamese alternative text, no remote script, titled ``title``. The notebook itself
    stays in the run folder for re-execution. ``book``: the notebook as already read (else it
    is read from ``notebook``).
    """
    import jinja2  # here, after kpi.archive.build (see there), and only when a run exports
    import nbformat

    exporter = _report_exporter()(
        template_name="lab",
        template_file="kpi766-report.html.j2",
        extra_loaders=[jinja2.DictLoader({"kpi766-report.html.j2": _REPORT_TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    node = book if book is not None else nbformat.read(notebook, as_version=4)
    node.metadata["title"] = title
    body, _ = exporter.from_notebook_node(node, resources={"language_code": "vi"})
    alt = html.escape(labels.CHART_ALT)  # the charts: embedded PNG, the page's only images
    body = body.replace('<img src="data:image/png;', f'<img alt="{alt}" src="data:image/png;')
    # Markdown headings come as numeric references (&#272;); letters, not markup: as text
    body = _NUMERIC_REFERENCE.sub(lambda m: chr(int(m[1])) if int(m[1]) >= 160 else m[0], body)
    target = notebook.with_suffix(".html")
    target.write_text(body, encoding="utf-8")
    return target


_NUMERIC_REFERENCE = re.compile(r"&#(\d{3,7});")


def _report_exporter() -> Any:
    """nbconvert's ``HTMLExporter`` without its closing BeautifulSoup pass.

    That pass re-parses the whole page only to give images a default (English) alternative
    text and cells a ``tabindex``; on a 1M-dossier audit (12,000 follow-up rows, 7 MB) it took
    7-8 s of an 8 s export. :func:`_export_html` writes the alternative text itself. The body
    of ``from_notebook_node`` is ``HTMLExporter``'s up to that pass (nbconvert 7.16-7.17,
    pinned below 8 in ``pyproject.toml``).
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        def from_notebook_node(
            self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
        ) -> tuple[str, dict[str, Any]]:
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name", None))
            highlight = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_type)
            body, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return body, resources

    return ReportExporter


def _run_parent(out_root: Path, agency: str, period: str) -> Path:
    """``out_root/agency/period``, created; refused when it would lie outside ``out_root``.

    A symlinked agency or period folder, or a name with a path separator, would let a run
    write elsewhere: the resolved folder must stay below the resolved output root.
    """
    root = out_root.resolve()
    parent = out_root / agency / period.replace("..", "_")
    inside = parent.resolve().is_relative_to(root) and not any(
        part in ("..", "") or "/" in part or "\\" in part for part in (agency, period)
    )
    for folder in (out_root / agency, parent):
        if folder.is_symlink():
            inside = False
    if not inside:
        raise AuditError(labels.RUN_FOLDER_OUTSIDE.format(parent=parent, root=root))
    parent.mkdir(parents=True, exist_ok=True)
    return parent


_SAFE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def run_name(run_id: str, unit: str) -> str:
    """The run folder's name: ``<run-id>``, or ``<run-id>-<UNIT>`` for a unit's audit.

    >>> run_name("20240701-080000-abc123", "KL")
    '20240701-080000-abc123-KL'
    """
    if not unit:
        return run_id
    code = resolve_unit(unit)
    if not _SAFE_CODE.fullmatch(code) or ".." in code:
        raise AuditError(labels.UNIT_CODE_NOT_A_FOLDER_NAME.format(code=code))
    return f"{run_id}-{code}"


def _renames(old: Path, new: Path) -> dict[str, str]:
    """``{old: new}`` as the executed notebook's JSON writes them: the partial folder ``old``
    by the final one, so that its injected parameters (``output_dir``, the copies of
    ``--copy-inputs``) name the folder where they are once the run is complete."""
    before, after = (json.dumps(str(path), ensure_ascii=False)[1:-1] for path in (old, new))
    return {before: after}


def run_audit(
    parameters: AuditParameters,
    *,
    out_root: Path = paths.OUTPUTS_DIR,
    notebook: Path | None = None,
    progress: bool | None = None,
    copy_inputs: bool = False,
) -> Path:
    """Execute the audit notebook and archive the run; returns the complete run folder.

    ``copy_inputs``: copy the extracts (the comparison period's too), the portal folder and a
    parameters file into ``<run>/inputs/`` first and run on the copies, so that the archive
    re-runs (``kpi766 verify --rerun``) after the source folders move. The manifest then
    records each input's source path and its ``copy``, and the parameters name the copies
    relative to the run folder.

    Raises
    ------
    AuditError
        When a cell fails (the message names it) or the archive cannot be written; the
        partial folder is then renamed ``<run-id>.FAILED`` and holds no manifest.
    """
    notebook = notebook or paths.NOTEBOOKS_DIR / "audit.ipynb"
    started = dt.datetime.now().astimezone()
    run_id = run_name(f"{started:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}", parameters.unit)
    agency = load_units().agency_code
    parent = _run_parent(Path(out_root), agency, parameters.period)
    partial, final = parent / f".{run_id}.partial", parent / run_id
    partial.mkdir()
    try:
        copied: dict[Path, Path] = {}
        if copy_inputs:
            parameters, copied = _copy_inputs(parameters, partial)
        execute(
            notebook,
            partial / "audit.ipynb",
            parameters={**parameters.model_dump(), "output_dir": str(partial)},
            progress=sys.stderr.isatty() if progress is None else progress,
        )
        book = normalise(partial / "audit.ipynb", _renames(partial, final))
        _export_html(partial / "audit.ipynb", report_title(partial), book)
        compared = _write_comparison(parameters, partial)
        scorecard = json.loads((partial / "scorecard.json").read_text(encoding="utf-8"))
        write_manifest(
            partial,
            inputs=_inputs(parameters),
            parameters=_relative_parameters(parameters, partial),
            as_of=scorecard["as_of"],
            command=sys.argv,
            started_at=started,
            finished_at=dt.datetime.now().astimezone(),
            copies=copied,
            extra={"comparison_period": compared, "sheets_read": scorecard.get("sheets_read", {})},
        )
        os.replace(partial, final)
    except Exception as error:
        import papermill  # loaded by execute() already

        failed = parent / f"{run_id}.FAILED"
        if partial.exists():
            os.replace(partial, failed)
        if isinstance(error, papermill.PapermillExecutionError):
            raise AuditError(
                labels.NOTEBOOK_CELL_FAILED.format(
                    exec_count=error.exec_count,
                    ename=error.ename,
                    evalue=error.evalue,
                    failed=failed,
                )
            ) from None
        if isinstance(error, AuditError):
            raise AuditError(labels.AUDIT_ERROR_SEE.format(error=error, failed=failed)) from None
        raise AuditError(labels.AUDIT_NOT_COMPLETED.format(error=error, failed=failed)) from error
    return final


@dataclass(frozen=True)
class BatchRun:
    """One audit of :func:`run_all_units`: its scope (a unit code, "" for the agency), and
    the run folder, or the Vietnamese reason it failed."""

    unit: str
    run_dir: Path | None = None
    error: str | None = None


def run_all_units(
    parameters: AuditParameters,
    *,
    out_root: Path = paths.OUTPUTS_DIR,
    copy_inputs: bool = False,
    units: Sequence[str] | None = None,
    progress: bool | None = None,
    on_start: Callable[[int, int, str], None] | None = None,
) -> list[BatchRun]:
    """One audit for the agency, then one per unit, each in its own run folder.

    Each is a separate papermill run of the notebook (:func:`run_audit`, with ``unit`` set),
    archived and verifiable on its own; a failing one does not stop the others. ``units``:
    the unit codes (default every unit of ``params/units.yaml``, in its order);
    ``on_start(i, n, unit)`` is called before each run.
    """
    codes = list(units) if units is not None else [unit.code for unit in load_units().units]
    scopes = ["", *codes]
    results = []
    for number, unit in enumerate(scopes, 1):
        if on_start is not None:
            on_start(number, len(scopes), unit)
        try:
            scoped = validate_parameters({**parameters.model_dump(), "unit": unit})
            run_dir = run_audit(
                scoped, out_root=out_root, copy_inputs=copy_inputs, progress=progress
            )
        except KpiError as error:
            results.append(BatchRun(unit, error=str(error)))
        else:
            results.append(BatchRun(unit, run_dir=run_dir))
    return results


def _recorded_parameters(run_dir: Path, manifest: dict) -> AuditParameters:
    """The recorded parameters, with the copies of ``--copy-inputs`` (paths relative to the
    run folder) found inside ``run_dir`` wherever the folder now is."""
    values = dict(manifest["parameters"])

    def located(value: object) -> object:
        if not isinstance(value, str) or not value or Path(value).is_absolute():
            return value
        path = inside_run(run_dir, value)
        if path is None:
            raise AuditError(labels.MANIFEST_BAD_INPUT_PATH.format(value=value))
        return str(path)

    if isinstance(values.get("data_dirs"), list):
        values["data_dirs"] = [located(value) for value in values["data_dirs"]]
    for key in ("portal_dir", "params_file"):
        values[key] = located(values.get(key, ""))
    return validate_parameters(values)


_COMPARED = ("period", "as_of", "total", "max_applicable", "band", "indicators", "units")


def _differences(before: dict | None, after: dict | None) -> list[str]:
    if before is None or after is None:
        return [] if before is after else [labels.ONLY_IN_ONE_RUN]
    return [key for key in _COMPARED if before.get(key) != after.get(key)]


def _read_json(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def rerun(run_dir: Path | str) -> tuple[bool, str]:
    """Re-execute an archived run with its recorded parameters; compare the numbers.

    The recorded inputs must still be at their recorded paths, or copied in the run folder
    (``--copy-inputs``). The comparison period is re-scored too. Returns whether the
    scorecard (total, every indicator of the agency and of each unit) and the comparison
    period's (``comparison.json``) are identical, and a Vietnamese message.
    """
    run_dir = Path(run_dir)
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    parameters = _recorded_parameters(run_dir, manifest)
    with tempfile.TemporaryDirectory() as scratch:
        again = run_audit(parameters, out_root=Path(scratch), progress=False)
        before = json.loads((run_dir / "scorecard.json").read_text(encoding="utf-8"))
        after = json.loads((again / "scorecard.json").read_text(encoding="utf-8"))
        compared = _read_json(run_dir / COMPARISON_FILE), _read_json(again / COMPARISON_FILE)
        shutil.rmtree(again, ignore_errors=True)
    note = ""
    extra = manifest.get("extra") if isinstance(manifest.get("extra"), dict) else {}
    if "comparison_period" not in extra and compared[1] is not None:
        # archived before comparison.json existed: the comparison has nothing to compare with
        note = labels.RERUN_OLD_ARCHIVE
        compared = (None, None)
    problems = []
    if differing := _differences(before, after):
        problems.append(
            labels.RERUN_PERIOD_DIFFERS.format(
                period=before.get("period"), keys=", ".join(differing)
            )
        )
    if differing := _differences(*compared):
        label = (compared[0] or compared[1] or {}).get("period")
        problems.append(
            labels.RERUN_COMPARISON_DIFFERS.format(period=label, keys=", ".join(differing))
        )
    if problems:
        return False, labels.RERUN_DIFFERS_AT.format(problems="; ".join(problems))
    message = labels.RERUN_SAME_TOTAL.format(total=after["total"], period=after["period"])
    if compared[1] is not None:
        message += labels.RERUN_SAME_COMPARISON_TOTAL.format(
            period=compared[1]["period"], total=compared[1]["total"]
        )
    return True, message + note + "."
