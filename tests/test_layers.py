"""The packages stand in floors, and no module imports from a floor above its own.

A domain (archive, sources, exhibitions) knows nothing of the surfaces built on
it (search, the API, the back office, the public site); glue that needs several
domains sits above them. Read from the code's own import statements (every
`import`, also inside functions), so a new upward import fails here.
"""

import ast
from pathlib import Path

import memoria

ROOT = Path(memoria.__file__).parent

#: Bottom to top. A package may import from its own floor's packages only when listed in
#: SAME_FLOOR_ALLOWED, and from any floor below.
FLOORS = [
    {"names", "core", "ratelimit", "jobs"},
    {"sources"},
    {"archive"},
    {"exhibitions"},
    {"iiif", "search"},
    {"labels", "linked_data", "demo", "contributions", "texts", "duplicates"},
    {"imports", "interop", "api", "backoffice", "benchmarks"},
    {"public"},
    {"urls", "wsgi", "__main__", "settings", "settings_test", "formats", "locale"},
]
FLOOR_OF = {package: level for level, packages in enumerate(FLOORS) for package in packages}


def _modules():
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts:
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield "memoria." + ".".join(parts) if parts else "memoria", path


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_package_has_a_floor():
    packages = {_package(module) for module, _path in _modules()} - {""}
    assert packages <= set(FLOOR_OF), f"give these packages a floor in FLOORS: {sorted(packages - set(FLOOR_OF))}"


def test_no_module_imports_from_a_floor_above_its_own():
    upward = []
    for module, path in _modules():
        mine = _package(module)
        for target, _names in _imports(path):
            if not target.startswith("memoria.") or _package(target) in ("", mine):
                continue
            if FLOOR_OF[_package(target)] > FLOOR_OF.get(mine, len(FLOORS)):
                upward.append(f"{path.relative_to(ROOT.parent)} imports {target}")
    assert upward == []


def test_no_import_cycle_between_modules():
    """Module-level imports only (those inside functions run late and cannot deadlock a start)."""
    known = dict(_modules())
    graph = {}
    for module, path in known.items():
        targets = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("memoria"):
                for name in node.names:
                    full = f"{node.module}.{name.name}"
                    targets.add(full if full in known else node.module)
            elif isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names if alias.name in known}
        graph[module] = {t for t in targets if t in known and t != module}

    cycles, state = [], {}

    def visit(module, stack):
        state[module] = "open"
        for target in graph[module]:
            if state.get(target) == "open":
                cycles.append(" -> ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target, stack + [target])
        state[module] = "done"

    for module in graph:
        if module not in state:
            visit(module, [module])
    # A package's __init__ that imports its own submodules (a package's face) is not a cycle.
    cycles = [c for c in cycles if not all(part.startswith(c.split(" -> ")[0]) for part in c.split(" -> "))]
    assert cycles == []
