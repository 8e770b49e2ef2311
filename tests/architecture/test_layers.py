"""Imports run one way through the house; a change that adds a door in the wrong wall fails here.

Every ``import`` of every module is read from the source (module level and inside functions),
so a lazy import counts as much as a top-level one.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("service", "workers", "schemas")
# Modules of workers/linking that read and write rows: every other module there is pure rules.
LINKING_STEPS = {
    "workers.linking.step",
    "workers.linking.topic_cache",
    "workers.linking.topic_updates",
    "workers.linking.topic_vectors",
}
PERSISTENCE = ("sqlmodel", "sqlalchemy", "alembic", "psycopg")
FRAMEWORKS = ("flask", "flask_smorest", "flask_wtf", "celery", "werkzeug")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = _module_name(path)
            found: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found.add(node.module)
                    found.update(f"{node.module}.{alias.name}" for alias in node.names)
            graph[name] = found
    return graph


GRAPH = _imports()


def _under(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _violations(sources: list[str], forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module in sources
        for target in GRAPH[module]
        if _under(target, *forbidden) and not _under(target, *allowed)
    )


def _modules(*prefixes: str) -> list[str]:
    return [m for m in GRAPH if _under(m, *prefixes)]


def test_the_extractor_imports_nothing_of_the_rest() -> None:
    forbidden = ("service", "schemas", "workers.linking", "workers.pipeline", "workers.dispatch")
    assert _violations(_modules("workers.extraction"), forbidden + PERSISTENCE + FRAMEWORKS) == []


def test_linking_rules_are_pure() -> None:
    rules = [m for m in _modules("workers.linking") if m not in LINKING_STEPS]
    forbidden = ("service", "schemas", "workers.extraction", "workers.pipeline")
    assert _violations(rules, forbidden + PERSISTENCE + FRAMEWORKS) == []


def test_the_repository_and_models_import_no_workers_and_no_flask() -> None:
    persistence = _modules(
        "service.repo", "service.models", "service.db", "service.config", "service.vocabulary"
    )
    assert _violations(persistence, ("workers", "schemas", *FRAMEWORKS)) == []


def test_schemas_import_neither_workers_nor_the_models() -> None:
    assert _violations(_modules("schemas"), ("workers", "service"), allowed=("service.vocabulary",)) == []


def test_the_api_reaches_workers_only_through_dispatch() -> None:
    web = _modules("service.api", "service.dashboard", "service.app", "service.web", "service.auth")
    assert _violations(web, ("workers",), allowed=("workers.dispatch",)) == []


def test_the_api_and_the_dashboard_do_not_import_each_other() -> None:
    assert _violations(_modules("service.api"), ("service.dashboard",)) == []
    assert _violations(_modules("service.dashboard"), ("service.api",)) == []


def test_dispatch_loads_the_runner_only_when_it_runs_work() -> None:
    """``workers.dispatch`` is the API's door: at import it brings no pipeline, runner or tasks."""
    tree = ast.parse((ROOT / "workers" / "dispatch.py").read_text(encoding="utf-8"))
    top_level = {
        node.module
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not any(_under(m, "workers.runner", "workers.pipeline", "workers.tasks") for m in top_level)


def test_nothing_imports_in_a_circle_between_pipeline_runner_and_dispatch() -> None:
    assert not _under_any(GRAPH["workers.pipeline"], "workers.runner", "workers.dispatch", "workers.tasks")
    assert not _under_any(GRAPH["workers.runner"], "workers.dispatch", "workers.tasks")


def _under_any(targets: set[str], *prefixes: str) -> bool:
    return any(_under(t, *prefixes) for t in targets)


@pytest.mark.parametrize("entry", ["service.app", "workers.dispatch"])
def test_the_api_process_does_not_load_spacy_or_the_linking_rules(entry: str) -> None:
    probe = (
        "import sys, tempfile\n"
        "from service.app import create_app\n"
        "import workers.dispatch\n"
        "app = create_app({'DATABASE_URL': 'sqlite://'})\n"
        "assert app.test_client().get('/healthz').status_code == 200\n"
        "loaded = [m for m in ('spacy', 'workers.extraction.extract', 'workers.linking', 'workers.pipeline')"
        " if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"importing {entry} loaded {out.stdout.strip()}"
