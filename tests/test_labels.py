"""User-facing Vietnamese text lives in the message catalogues, not scattered through ``kpi``.

Every module of ``kpi/`` is parsed with :mod:`ast`; a string literal (docstrings excluded, the
constant parts of f-strings included) holding a Vietnamese letter with diacritics fails the test
unless the module is a declared catalogue, or the literal's exact value is declared in
``DATA_LITERALS`` for that module, with the reason it is data (letters a program works with) and
not text shown to anyone. There is no whole-module allowance.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

KPI = Path(__file__).resolve().parents[1] / "kpi"

# The modules whose business is Vietnamese text: the catalogues of messages and labels, the
# domain names of indicators, groups and columns (facts), the synthetic department's names (data).
CATALOGUES: tuple[str, ...] = (
    "kpi.labels",
    "kpi.ingest.messages",
    "kpi.portal.messages",
    "kpi.archive.files",
    "kpi.registry",
    "kpi.columns",
    "kpi.synth",
)

# Vietnamese literals that are data, not user text: module → {exact literal value: reason}. Only
# these values are exempt in only that module; any other Vietnamese literal there still fails.
DATA_LITERALS: dict[str, dict[str, str]] = {
    "kpi.ingest.mapping": {
        "đ": "match_key folds the letter đ to d when it normalises a header (not shown to anyone)",
        "Đ": "match_key folds the letter Đ to D when it normalises a header (not shown to anyone)",
    },
    "kpi.ingest.textfile": {
        "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY": "the Vietnamese vowels whose toned forms tell a file's "
        "encoding (not shown to anyone)",
        "đĐ": "the Vietnamese letters đ/Đ, also counted when telling a file's encoding (not shown "
        "to anyone)",
    },
}

VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ]"
)


def _module(path: Path) -> str:
    parts = list(path.relative_to(KPI.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_catalogue(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in CATALOGUES)


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring constants of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.add(id(first.value))
    return found


def vietnamese_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every Vietnamese string literal of a file that is not a docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstrings(tree)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and VIETNAMESE.search(node.value)
    )


def _modules() -> dict[str, Path]:
    return {_module(path): path for path in sorted(KPI.rglob("*.py"))}


def _text_literals(module: str, path: Path) -> list[tuple[int, str]]:
    """The Vietnamese literals of a module that are not its declared data literals."""
    data = DATA_LITERALS.get(module, {})
    return [(line, text) for line, text in vietnamese_literals(path) if text not in data]


def test_vietnamese_text_lives_in_the_catalogues() -> None:
    found = {
        module: literals
        for module, path in _modules().items()
        if not _is_catalogue(module)
        for literals in [_text_literals(module, path)]
        if literals
    }
    report = "\n".join(
        f"{module}:{line}: {text!r}"
        for module, literals in found.items()
        for line, text in literals
    )
    assert not found, (
        f"Vietnamese literals outside the catalogues (move them to kpi.labels):\n{report}"
    )


def test_the_data_literals_are_current() -> None:
    modules = _modules()
    assert set(DATA_LITERALS) <= set(modules), "DATA_LITERALS names a module that does not exist"
    assert not [name for name in DATA_LITERALS if _is_catalogue(name)], (
        "a catalogue needs no exemption"
    )
    stale = sorted(
        (module, text)
        for module, exempt in DATA_LITERALS.items()
        for text in set(exempt) - {value for _, value in vietnamese_literals(modules[module])}
    )
    assert not stale, f"these exempt values are no longer literals of their module: {stale}"
    assert all(
        VIETNAMESE.search(text) and reason.strip()
        for exempt in DATA_LITERALS.values()
        for text, reason in exempt.items()
    ), "an exemption needs a Vietnamese value and a reason"


def test_the_detector() -> None:
    assert VIETNAMESE.search("Tổng điểm")
    assert VIETNAMESE.search("Đ")
    assert not VIETNAMESE.search("Total points: {n}")
