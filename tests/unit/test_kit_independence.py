"""The shared kit depends on no service and no ops code (the docs generator lives in ops/)."""

import ast
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
        elif isinstance(node, ast.Constant) and str(node.value).startswith(("services.", "ops.")):
            names.add(str(node.value))  # a module named for importlib
    return names


def test_no_module_of_the_kit_imports_a_service_or_ops() -> None:
    found = {
        f"{path.relative_to(SHARED)}: {name}"
        for path in SHARED.rglob("*.py")
        for name in _imported(path)
        if name.split(".")[0] in {"services", "ops", "console"}
    }
    assert not found
