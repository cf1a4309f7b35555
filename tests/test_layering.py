"""The runtime stays light: torch and transformers load only for a torch engine, Ray only for ``--ray``, and the
offline tools never load.

Each check imports in a fresh interpreter, since this test process has long imported everything.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa.config import Settings
from qa.reader_kinds import load_span_reader

REPOSITORY = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "transformers", "sentence_transformers", "ray")
RUNTIME_PACKAGES = ("corpus", "embeddings", "qa", "ui")
TOOLS = REPOSITORY / "qa" / "training"
COMMAND_LINE = REPOSITORY / "qa" / "cli.py"
"""Runs the tools, importing each inside the command that runs it (so ``import qa.cli`` stays light, see above)."""


def _heavy_modules_after(code: str, **env: str) -> list[str]:
    """Which of :data:`HEAVY` a fresh interpreter has imported after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), "HF_HUB_OFFLINE": "1", **env}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPOSITORY,
                            env=environment, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_runtime_loads_no_torch() -> None:
    code = ("import qa, qa.cli\nfrom qa import Assistant\nfrom qa.reader import ReaderConfig, SpanReader\n"
            "import qa.reader.decoding\nReaderConfig.load(SpanReader(None, '.').path)\nqa.cli.build_parser()")
    assert _heavy_modules_after(code) == []


@pytest.mark.slow
def test_answering_with_the_int8_engine_loads_no_torch(settings: Settings, encoder) -> None:
    # the fixtures build the int8 models into the session's cache; building them needs torch, reading does not
    assert encoder.engine in ("onnx-int8", "openvino-int8")
    load_span_reader(dataclasses.replace(settings, engine=encoder.engine)).warm_up()  # auto may read in torch
    code = ("from corpus import BUNDLED_ARTICLES\nfrom qa import Assistant, Settings\n"
            "answer = Assistant.from_directory(BUNDLED_ARTICLES, Settings.from_env())"
            ".ask('Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?')\n"
            "assert answer.found and 'Patrushev' in answer.text, answer")
    assert _heavy_modules_after(code, TANYA_CACHE_DIR=str(settings.cache_dir), TANYA_ENGINE=encoder.engine) == []


def _imported_modules(path: Path) -> set[str]:
    """Every module an ``import`` or ``from ... import`` statement of the file at ``path`` names."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_runtime_never_imports_the_offline_tools() -> None:
    runtime = [path for package in RUNTIME_PACKAGES for path in (REPOSITORY / package).rglob("*.py")
               if not path.is_relative_to(TOOLS) and path != COMMAND_LINE]
    offenders = {str(path.relative_to(REPOSITORY)): sorted(m for m in _imported_modules(path)
                                                           if m == "qa.training" or m.startswith("qa.training."))
                 for path in runtime}
    assert {path: modules for path, modules in offenders.items() if modules} == {}


def test_only_the_distributed_module_imports_ray() -> None:
    runtime = [path for package in RUNTIME_PACKAGES for path in (REPOSITORY / package).rglob("*.py")]
    importers = {str(path.relative_to(REPOSITORY)) for path in runtime
                 if any(m == "ray" or m.startswith("ray.") for m in _imported_modules(path))}
    users = {str(path.relative_to(REPOSITORY)) for path in runtime if "embeddings.distributed" in _imported_modules(path)}
    assert importers == {"embeddings/distributed.py"}
    assert users == {"qa/cli.py"}  # inside ``tanya index --ray`` only
