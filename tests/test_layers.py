"""The declared layers of ``kpi``: no module imports from a layer above its own.

Lowest first. A module belongs to the layer of its longest matching prefix; a new module must be
placed here (the test fails for an undeclared one), so the map stays the architecture's record.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KPI = Path(__file__).resolve().parents[1] / "kpi"

LAYERS: dict[str, tuple[str, ...]] = {
    # facts and parameters: what the index is, read from params/
    "foundation": ("kpi.errors", "kpi.paths", "kpi.columns", "kpi.labels", "kpi.registry",
                   "kpi.vector", "kpi.periods", "kpi.params", "kpi.calendar"),
    # scoring: pure functions of tables and parameters
    "core": ("kpi.rules", "kpi.scoring", "kpi.scorecard", "kpi.whatif", "kpi.goalseek",
             "kpi.evidence", "kpi.trend"),
    # reading what comes from outside: exports, the portal's responses, partitioned datasets
    "inputs": ("kpi.ingest", "kpi.extracts", "kpi.comparison", "kpi.portal", "kpi.distributed"),
    # what people read, and the synthetic data made from the same scoring
    "presentation": ("kpi.report", "kpi.synth"),
    # archived runs: the papermill runner, notebook building, the manifest written and verified
    "runs": ("kpi.archive",),
    # the command line
    "cli": ("kpi.cli", "kpi.commands"),
}  # fmt: skip
ORDER = list(LAYERS)


def _module(path: Path) -> str:
    parts = list(path.relative_to(KPI.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str | None:
    """The layer of ``module`` by its longest declared prefix (None: undeclared)."""
    best = None
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > len(best[1])):
                best = (layer, prefix)
    return best[0] if best else None


def _imports(path: Path) -> set[str]:
    """The kpi modules a file imports, type-checking-only imports included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "kpi":
                found |= {f"kpi.{alias.name}" for alias in node.names}
            elif node.module.startswith("kpi."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("kpi.")}
    return found


MODULES = sorted(path for path in KPI.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module(p))
def test_no_import_from_a_higher_layer(path: Path) -> None:
    module = _module(path)
    if module == "kpi":
        return  # the package's public API re-exports from every layer
    own = layer_of(module)
    assert own is not None, f"{module}: add it to a layer of tests/test_layers.py"
    upward = [
        f"{target} ({layer_of(target)})"
        for target in sorted(_imports(path))
        if layer_of(target) is not None and ORDER.index(layer_of(target)) > ORDER.index(own)
    ]
    assert not upward, f"{module} ({own}) imports from above: {', '.join(upward)}"


def test_the_map_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from kpi.archive.runner import run_audit\n", encoding="utf-8")
    assert _imports(bad) == {"kpi.archive.runner"}
    assert ORDER.index(layer_of("kpi.archive.runner")) > ORDER.index(layer_of("kpi.scoring"))


PRESENTATION_LIBRARIES = ("matplotlib", "ipywidgets", "IPython")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module(p))
def test_only_the_report_layer_draws(path: Path) -> None:
    """matplotlib, ipywidgets and IPython are imported in ``kpi.report`` only."""
    if _module(path).startswith("kpi.report"):
        return
    drawn = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else []
        )
        drawn |= {name.split(".")[0] for name in names} & set(PRESENTATION_LIBRARIES)
    assert not drawn, f"{_module(path)} imports {sorted(drawn)}: move it to kpi/report/"


CORE = ("kpi.rules", "kpi.scoring", "kpi.scorecard", "kpi.whatif", "kpi.goalseek", "kpi.evidence",
        "kpi.trend")  # fmt: skip
# Reading parameters or files: the edges' job (CLI, notebooks' glue, loaders), never the core's.
READERS = {"load_rules", "load_units", "load_calendar", "load_ingest_mapping", "default_calendar",
           "open", "read_text", "read_bytes", "read_csv", "read_parquet", "read_excel"}  # fmt: skip


@pytest.mark.parametrize(
    "path", [p for p in MODULES if _module(p).startswith(CORE)], ids=lambda p: _module(p)
)
def test_the_core_reads_no_file(path: Path) -> None:
    """Scoring takes rules, units and calendar as arguments: no hidden ``rules or load_rules()``."""
    called = {
        node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
    }
    assert not called & READERS, f"{_module(path)} calls {sorted(called & READERS)}"
