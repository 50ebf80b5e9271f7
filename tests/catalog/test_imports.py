"""Imports run one way (views → services → models → core): the catalog models stand without
the catalog services, and no function body imports from the package to dodge a cycle."""
import ast
import subprocess
import sys
from pathlib import Path

CATALOG = Path(__file__).resolve().parents[2] / "app" / "catalog"


def test_models_load_without_services():
    code = "import sys, app.catalog.models; print('app.catalog.services' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=CATALOG.parents[1], check=True,
                         capture_output=True, text=True).stdout.strip()
    assert out == "False"


def test_no_function_local_imports_in_models_and_permissions():
    for name in ("models.py", "permissions.py"):
        tree = ast.parse((CATALOG / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                local = [n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))]
                assert not local, f"{name}:{node.name} imports inside the function"
