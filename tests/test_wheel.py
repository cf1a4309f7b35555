"""A normal (non-editable) install works: the wheel carries the reader, the articles and the question data.

The wheel is built from a copy of this checkout and installed alone (``--no-deps``) into a fresh virtual
environment that borrows the test environment's dependencies through a ``.pth`` file; its ``tanya`` runs from
a folder outside the checkout, so nothing is imported from the source tree.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from qa.config import Settings

pytestmark = pytest.mark.slow

REPOSITORY = Path(__file__).resolve().parents[1]
NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "test-artifacts",
              "checkpoints", "runs", ".cache", "eval", "indexes", "models", "onnx")
"""What a checkout may hold besides the sources (see .gitignore); a stale ``build/`` would leak into the wheel."""
PATRUSHEV = "003_cdbb94ee7956bff6"


@dataclass(frozen=True)
class Installed:
    """A virtual environment holding only the installed wheel, and a working folder outside the checkout."""

    python: Path
    tanya: Path
    workdir: Path
    env: dict[str, str]


def _run(*command: str | Path, **options) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=600, **options)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Installed:
    """Build the wheel offline, install it with ``--no-deps`` into a fresh venv, and link our dependencies."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    shutil.copytree(REPOSITORY, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--quiet",
         "--wheel-dir", root / "dist", source)
    wheel = next((root / "dist").glob("tanya_berita-*.whl"))
    venv = root / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    # Installed before the dependencies are linked, so pip sees no other tanya-berita to replace.
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet", wheel)
    site_packages = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (site_packages / "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(TANYA_CACHE_DIR=str(settings.cache_dir), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    workdir = root / "elsewhere"
    workdir.mkdir()
    return Installed(python, venv / "bin" / "tanya", workdir, env)


def test_the_wheel_is_what_runs(installed: Installed) -> None:
    code = ("import qa, qa.reader.reader as r, qa.answer_types as t; print(qa.__file__); print(r.DEFAULT_WEIGHTS); "
            "print(t.COMMON_WORDS_FILE)")
    result = _run(installed.python, "-c", code, cwd=installed.workdir, env=installed.env)
    package, weights, common_words = (Path(line) for line in result.stdout.split())
    venv = installed.python.parents[1]
    assert package.is_relative_to(venv) and not package.is_relative_to(REPOSITORY)
    assert weights.is_dir(), "the wheel ships no reader weights (pyproject.toml's package data)"
    assert {"reader_config.json", "reader_delta.safetensors"} <= {p.name for p in weights.iterdir()}
    assert common_words.is_file(), "the wheel ships no list of common words (pyproject.toml's package data)"


def test_the_installed_tanya_answers_offline(installed: Installed) -> None:
    result = _run(installed.tanya, "ask", "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?", "--json",
                  cwd=installed.workdir, env=installed.env)
    answer = json.loads(result.stdout)
    assert answer["found"] and "Patrushev" in answer["text"]
    assert answer["document_id"] == PATRUSHEV


def test_the_installed_tanya_serves_the_page(installed: Installed) -> None:
    from gradio_client import Client

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([str(installed.tanya), "serve", "--port", str(port)], cwd=installed.workdir,
                              env=installed.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(url, server)
        answer = Client(url, verbose=False).predict("Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?",
                                                    api_name="/tanya")
        assert answer["found"] and answer["document_id"] == PATRUSHEV, answer
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)
    assert "Tanya Berita siap" in output, output


def _wait_for(url: str, server: subprocess.Popen, patience_s: float = 300.0) -> None:
    """Return once ``url`` answers 200; fail when the server exits first or never answers."""
    deadline = time.monotonic() + patience_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"tanya serve exited with {server.returncode}: {server.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"tanya serve did not answer on {url} within {patience_s:.0f} s")
