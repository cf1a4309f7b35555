"""``tanya serve``'s options for the grant of article changes (nothing is served here)."""

from __future__ import annotations

import argparse

import pytest

from ui.access import MIN_TOKEN_CHARS
from ui.cli import cmd_serve, register


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return parser.parse_args(["serve", *argv])


def test_the_page_is_read_only_unless_started_with_a_grant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TANYA_ADMIN_TOKEN", raising=False)
    args = _parse()
    assert args.admin_token is None and not args.allow_changes and args.allowed_host == []
    args = _parse("--allow-changes", "--allowed-host", "berita.lan", "--allowed-host", "tanya.lan")
    assert args.allow_changes and args.allowed_host == ["berita.lan", "tanya.lan"]


def test_the_admin_token_comes_from_the_environment_or_the_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TANYA_ADMIN_TOKEN", "a" * MIN_TOKEN_CHARS)
    assert _parse().admin_token == "a" * MIN_TOKEN_CHARS
    assert _parse("--admin-token", "b" * MIN_TOKEN_CHARS).admin_token == "b" * MIN_TOKEN_CHARS


def test_a_short_token_stops_serve_before_anything_loads(capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_serve(_parse("--admin-token", "rahasia")) == 2
    assert f"sedikitnya {MIN_TOKEN_CHARS} karakter" in capsys.readouterr().err


def test_replicas_come_from_the_option_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from qa.cli import configured

    monkeypatch.delenv("TANYA_REPLICAS", raising=False)
    assert configured(_parse())[0].replicas == 1  # the default: this process answers, as before
    monkeypatch.setenv("TANYA_REPLICAS", "3")
    assert configured(_parse())[0].replicas == 3
    settings, set_by = configured(_parse("--replicas", "2"))
    assert settings.replicas == 2 and set_by["replicas"] == "--replicas"
