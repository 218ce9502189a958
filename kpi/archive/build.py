"""``make notebooks``: re-execute the committed notebooks on the sample data, in place.

Their stored outputs are what nbval compares in CI, so they must come from this command, not
from an interactive session. papermill's wall-clock metadata is removed.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

# nbformat imports jsonschema, which registers an "iri" format check when the optional package
# rfc3987_syntax is installed (JupyterLab's jupyter-events brings it); importing that package
# compiles a Lark grammar: 1.5-2.5 s on every audit. nbformat validates with fastjsonschema
# (its default validator), which never calls jsonschema's format checks, so this process keeps
# the package out, unless something loaded it already. Must run before nbformat is imported:
# kpi.archive.runner imports nbformat, papermill and nbconvert only after this module.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import nbformat  # noqa: E402
import papermill  # noqa: E402
from traitlets.config import Config  # noqa: E402

from kpi import labels, paths  # noqa: E402

NOTEBOOKS = ("audit.ipynb", "explore.ipynb", "trend.ipynb")


_MAX_SOCKET_PREFIX = 90  # bytes of a Unix socket path before "-<port>" (limit 104 on macOS)
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_MODEL_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")  # also in IPY_MODEL_<id>


def _widget_order(book: nbformat.NotebookNode, state: dict) -> list[str]:
    """The saved widget models in an order that does not depend on their random ids: depth
    first from the widgets the cells display, following references in sorted-key order; then
    any model nothing displays, by its content with ids left out."""
    order: list[str] = []
    pending = [
        output["data"][_WIDGET_VIEW]["model_id"]
        for cell in book.cells
        for output in cell.get("outputs", [])
        if _WIDGET_VIEW in output.get("data", {})
    ][::-1]
    while pending:
        model = pending.pop()
        if model in state and model not in order:
            order.append(model)
            pending += _MODEL_ID.findall(json.dumps(state[model], sort_keys=True))[::-1]
    rest = [model for model in state if model not in order]
    return order + sorted(
        rest, key=lambda model: _MODEL_ID.sub("", json.dumps(state[model], sort_keys=True))
    )


def normalise(path: Path, renames: Mapping[str, str] | None = None) -> nbformat.NotebookNode:
    """Make an executed notebook file depend on its inputs only; return it as written.

    Drops papermill's timing metadata, and renames the widgets' random model ids (uuid4 hex)
    to their rank in :func:`_widget_order` (``000…01``, ``000…02``, …) wherever they appear
    (outputs, saved widget state, references between widgets), so that re-running gives the
    same bytes. ``renames``: texts replaced in the file's JSON (e.g. a run's partial folder by
    its final name). The file is read and written once (the widget branch parses twice).
    """
    book = nbformat.read(path, as_version=4)
    book.metadata.pop("papermill", None)
    for cell in book.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    state = book.metadata.get("widgets", {}).get(_WIDGET_STATE, {}).get("state", {})
    text = nbformat.writes(book)  # validated here
    if state:
        ranks = {model: f"{rank:032x}" for rank, model in enumerate(_widget_order(book, state), 1)}
        text = _MODEL_ID.sub(lambda found: ranks.get(found[0], found[0]), text)
        text = nbformat.writes(nbformat.reads(text, as_version=4))  # keys sorted by the new ids
    for before, after in (renames or {}).items():
        text = text.replace(before, after)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return nbformat.reads(text, as_version=4)


def execute(
    source: Path, target: Path, parameters: dict | None = None, progress: bool = False
) -> None:
    """Run ``source`` with papermill into ``target``, its kernel started in ``notebooks/``.

    The kernel talks to papermill over Unix sockets in a private temporary folder, not over
    TCP on localhost: no port is open to other users of the machine, and ipykernel (≥ 7.3)
    has nothing to warn about on stderr.
    """
    with tempfile.TemporaryDirectory(prefix="kpi766-kernel-") as sockets:
        prefix = str(Path(sockets) / "k")
        # Unix sockets only where they exist and the path fits; else TCP on localhost.
        ipc = os.name == "posix" and len(prefix.encode()) <= _MAX_SOCKET_PREFIX
        config = Config({"KernelManager": {"transport": "ipc", "ip": prefix}} if ipc else {})
        papermill.execute_notebook(
            source,
            target,
            parameters=parameters,
            kernel_name="python3",
            cwd=str(paths.NOTEBOOKS_DIR),
            progress_bar=progress,
            config=config,
        )


def build(names: tuple[str, ...] = NOTEBOOKS) -> None:
    """Execute each notebook with its default parameters and replace it with the result."""
    for name in names:
        source = paths.NOTEBOOKS_DIR / name
        with tempfile.TemporaryDirectory() as scratch:
            target = Path(scratch) / name
            execute(source, target, progress=sys.stderr.isatty())
            normalise(target)
            source.write_bytes(target.read_bytes())
        print(labels.NOTEBOOK_REBUILT.format(path=source.relative_to(paths.PROJECT_ROOT)))


if __name__ == "__main__":
    build(tuple(sys.argv[1:]) or NOTEBOOKS)
