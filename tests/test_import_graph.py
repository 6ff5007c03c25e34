"""The house's rooms and their one-way arrows, read from every module's imports (its AST).

cli -> indexer, webapp, engine; indexer -> engine; webapp -> engine. Every import goes through the
`newsfacet` namespace the folders install as. Views get the request context from webapp.context,
never from the package's `__init__`.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("cli", "engine", "indexer", "webapp")
NAMESPACE = "newsfacet"

# room -> top-level names it must never import
FORBIDDEN = {
    "engine": {"cli", "indexer", "webapp", "flask", "click", "werkzeug", "flask_limiter"},
    "indexer": {"cli", "webapp", "flask"},
    "webapp": {"cli", "indexer", "click"},
}


def modules(room: str) -> list[Path]:
    return sorted((ROOT / room).rglob("*.py"))


def imported_names(path: Path) -> set[str]:
    """Dotted names a module imports, anywhere in it (lazy imports inside functions count too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def room_of(name: str) -> str:
    """`newsfacet.engine.model` -> `engine`; a third-party name -> its top-level package."""
    parts = name.split(".")
    return parts[1] if parts[0] == NAMESPACE and len(parts) > 1 else parts[0]


def test_every_room_has_modules() -> None:
    for room in ROOMS:
        assert (ROOT / room / "__init__.py").is_file(), room
        assert len(modules(room)) >= 2, room


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_arrows_point_one_way(room: str) -> None:
    crossings = sorted(f"{path.relative_to(ROOT)} imports {name}" for path in modules(room)
                       for name in imported_names(path) if room_of(name) in FORBIDDEN[room])
    assert crossings == []


def test_cli_uses_the_rooms_below_it() -> None:
    used = {room_of(name) for path in modules("cli") for name in imported_names(path)}
    assert {"engine", "indexer", "webapp"} <= used


def test_webapp_modules_take_names_from_submodules_not_the_package() -> None:
    """`from newsfacet.webapp import X` is allowed only when X is a module (webapp/X.py), not get_backend & co."""
    submodules = {path.stem for path in (ROOT / "webapp").glob("*.py")}
    offenders = []
    for path in modules("webapp"):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == f"{NAMESPACE}.webapp" and node.level == 0:
                offenders += [f"{path.name}: {alias.name}" for alias in node.names if alias.name not in submodules]
    assert offenders == []


def test_the_checks_see_a_crossing(tmp_path: Path) -> None:
    """The walker finds imports in functions and `from` forms, so a real crossing would be caught."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from newsfacet.webapp import get_backend\n    import click.testing\n",
                      encoding="utf-8")
    names = imported_names(sample)
    assert {"newsfacet.webapp.get_backend", "click.testing", "newsfacet.webapp"} <= names
    assert {room_of(name) for name in names} == {"webapp", "click"}


def test_no_module_imports_a_room_outside_the_namespace() -> None:
    """`from engine import x` would only work from a source checkout, never from an installed package."""
    folders = (*ROOMS, "mappings", "scripts", "tests")
    bare = sorted(f"{path.relative_to(ROOT)} imports {name}"
                  for folder in folders for path in sorted((ROOT / folder).rglob("*.py"))
                  for name in imported_names(path) if name.split(".")[0] in (*ROOMS, "mappings"))
    assert bare == []
