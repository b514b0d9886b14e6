"""The layers hold: each package imports only what its layer may (DESIGN.md, "Layers"), read from
the source with ``ast`` (imports inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "attnviz"

# what a layer must never import (a module, or any module below it)
FORBIDDEN = {
    "core": (
        "streamlit",
        "plotly",
        "tensorflow",
        "tf_keras",
        "transformers",
        "datasets",
        "attnviz.ui",
        "attnviz.render",
        "attnviz.nlp",
        "attnviz.cli",
    ),
    "render": (
        "streamlit",
        "tensorflow",
        "tf_keras",
        "transformers",
        "datasets",
        "attnviz.ui",
        "attnviz.nlp",
        "attnviz.cli",
    ),
    "nlp": ("streamlit", "attnviz.ui", "attnviz.cli"),
    "cli": ("streamlit", "attnviz.ui"),
    "benchmarks": ("streamlit.runtime", "attnviz.ui"),
    "i18n": ("streamlit", "tensorflow", "attnviz.ui", "attnviz.nlp", "attnviz.render"),
}


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """ids of the nodes under ``if TYPE_CHECKING:``: names for annotations only, never imported
    when the program runs (render draws an nlp ProbeView without importing nlp)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.If)
            and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING"
        ):
            inside |= {id(child) for statement in node.body for child in ast.walk(statement)}
    return inside


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    annotations_only = _type_checking_blocks(tree)
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in annotations_only:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def breaks(name: str, forbidden: tuple[str, ...]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer):
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files, f"attnviz/{layer} has no modules: the layer map is out of date"
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in sorted(imports_of(path))
        if breaks(name, FORBIDDEN[layer])
    ]
    assert found == []


def test_pages_hold_no_maths_and_no_tensorflow():
    """Pages (app_pages/, app.py) lay out: they import Streamlit and attnviz, never TensorFlow or numpy
    maths libraries directly."""
    found = []
    for path in [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]:
        for name in imports_of(path):
            if breaks(
                name, ("tensorflow", "tf_keras", "transformers", "datasets", "attnviz.nlp.training.job")
            ):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    assert found == []


def test_the_map_covers_every_layer():
    layers = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert layers - set(FORBIDDEN) == {"ui"}, "a new package: say in FORBIDDEN what it may not import"
