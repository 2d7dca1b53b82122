"""The rules that keep generator/'s listing a picture of its data flow, checked on the AST.

    __main__ -> cli -> pipeline -> output | bootstrap | recall -> plan | cargo
             -> manifest -> usage -> errors | owned -> the package's version

A unit is a top-level module or subpackage of the package. A unit imports only units on
a lower layer (never its own layer's siblings, never a higher one); ``cargo`` is read
only by ``bootstrap`` and the drift check in ``pipeline``. Across units an import names
the unit itself (``from ..plan import Job``), the public API its ``__init__`` exports,
never a module inside it. Inside a unit, modules do not import each other in a circle.
No module passes ``MAX_LINES``, and only the CLI prints or exits.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import attrs

PACKAGE = "ci_gen"
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"__main__"}),
    frozenset({"cli"}),
    frozenset({"pipeline"}),
    frozenset({"output", "bootstrap", "recall"}),
    frozenset({"plan", "cargo"}),
    frozenset({"manifest"}),
    frozenset({"usage"}),  # how ci-gen spells its own commands for people
    frozenset({"errors", "owned"}),
    frozenset({"__init__"}),  # the package itself: its version
)
ONLY_FROM = {"cargo": frozenset({"bootstrap", "pipeline"})}
MAX_LINES = 300
MAY_PRINT = frozenset({"cli", "__main__"})
PRINTS = frozenset({"print", "exit", "quit"})
PRINTS_ATTR = frozenset({("typer", "echo"), ("typer", "secho"), ("sys", "exit"), ("os", "_exit")})


@attrs.frozen
class Module:
    name: str  # dotted, e.g. ci_gen.plan.model
    path: Path
    is_package: bool

    @property
    def unit(self) -> str:
        return unit_of(self.name)


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer_of(unit: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if unit in layer)


def modules(root: Path) -> dict[str, Module]:
    """Every module under ``root`` (the folder installed as ``ci_gen``), by dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts.pop()
        name = ".".join([PACKAGE, *parts])
        found[name] = Module(name, path, package)
    return found


def imports(module: Module, known: dict[str, Module]) -> Iterator[tuple[int, str]]:
    """(line, target module) for every import of a module of the package."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"))
    here = module.name if module.is_package else module.name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(here, node.level, node.module)
            if base.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:
                target = f"{base}.{alias.name}"
                # From another unit's package a name is its API, even when a module has
                # that name; from the top package or inside a unit, a module is a module.
                inside = base == PACKAGE or unit_of(base) == module.unit
                yield node.lineno, target if inside and target in known else base


def _resolve(here: str, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    parts = here.split(".")
    base = parts[: len(parts) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def import_violations(root: Path) -> list[str]:
    known = modules(root)
    out = []
    for module in known.values():
        where = module.path.relative_to(root.parent).as_posix()
        for line, target in imports(module, known):
            problem = _cross_unit_problem(module.unit, target)
            if problem:
                out.append(f"{where}:{line}: imports {target}: {problem}")
    return out + _circles(known, root)


def _cross_unit_problem(unit: str, target: str) -> str:
    other = unit_of(target)
    if other == unit:
        return ""
    if layer_of(other) == layer_of(unit):
        return f"'{unit}' and '{other}' are siblings on one layer and must not import each other"
    if layer_of(other) < layer_of(unit):
        return f"an upward import: '{other}' is above '{unit}'"
    if other in ONLY_FROM and unit not in ONLY_FROM[other]:
        allowed = ", ".join(sorted(ONLY_FROM[other]))
        return f"'{other}' is read only by {allowed}"
    if target not in (PACKAGE, f"{PACKAGE}.{other}"):
        return f"reaches inside '{other}': import from {PACKAGE}.{other} (its __init__)"
    return ""


def _circles(known: dict[str, Module], root: Path) -> list[str]:
    """Modules of one unit that import each other in a loop (re-exports excluded)."""
    edges: dict[str, set[str]] = {}
    for module in known.values():
        if module.is_package:
            continue
        edges[module.name] = {
            t for _, t in imports(module, known) if unit_of(t) == module.unit and t != module.name
        }
    circles: dict[frozenset[str], tuple[str, ...]] = {}
    for start in sorted(edges):
        seen: set[str] = set()
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        while stack:
            name, path = stack.pop()
            for nxt in sorted(edges.get(name, ())):
                if nxt == start:
                    circles.setdefault(frozenset(path), (*path, start))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, (*path, nxt)))
    return ["a circle of imports: " + " -> ".join(path) for path in circles.values()]


def size_violations(root: Path) -> list[str]:
    out = []
    for module in modules(root).values():
        lines = len(module.path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            where = module.path.relative_to(root.parent).as_posix()
            out.append(f"{where}: {lines} lines, more than {MAX_LINES}: split it")
    return out


def output_violations(root: Path) -> list[str]:
    """Library code never prints and never exits: only the CLI talks to the terminal."""
    out = []
    for module in modules(root).values():
        if module.unit in MAY_PRINT:
            continue
        tree = ast.parse(module.path.read_text(encoding="utf-8"))
        where = module.path.relative_to(root.parent).as_posix()
        for node in ast.walk(tree):
            what = _talks(node)
            if what:
                line = getattr(node, "lineno", 0)
                out.append(f"{where}:{line}: {what}: only the CLI prints or exits")
    return out


def _talks(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in PRINTS:
            return f"{func.id}()"
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and (func.value.id, func.attr) in PRINTS_ATTR
        ):
            return f"{func.value.id}.{func.attr}()"
    if isinstance(node, ast.Raise) and node.exc is not None:
        raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        name = raised.attr if isinstance(raised, ast.Attribute) else getattr(raised, "id", "")
        if name in ("SystemExit", "Exit"):
            return f"raise {name}"
    if isinstance(node, ast.Import | ast.ImportFrom):
        names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
        if any(n.split(".")[0] == "typer" for n in names):
            return "imports typer"
    return ""


def violations(root: Path) -> list[str]:
    return import_violations(root) + size_violations(root) + output_violations(root)
