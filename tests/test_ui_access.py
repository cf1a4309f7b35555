"""The grant for article changes and the request guard, without a server."""

from __future__ import annotations

import pytest

from ui.access import MIN_TOKEN_CHARS, Access
from ui.guard import host_names

TOKEN = "x" * MIN_TOKEN_CHARS


def test_the_page_is_read_only_unless_granted() -> None:
    assert Access().read_only and not Access(open=True).read_only and not Access(token=TOKEN).read_only


def test_only_the_exact_token_is_admitted() -> None:
    access = Access(token=TOKEN)
    assert access.admits(TOKEN) and access.admits(f" {TOKEN}\n")
    for offered in ("", TOKEN[:-1], TOKEN + "x", None, 7, ["x"], "\ud800"):
        assert not access.admits(offered), offered
    assert not Access(open=True).admits(TOKEN) and not Access().admits("")


def test_a_short_token_is_refused() -> None:
    with pytest.raises(ValueError, match=str(MIN_TOKEN_CHARS)):
        Access(token="rahasia")


def test_the_served_name_and_allowed_names_are_known_hosts() -> None:
    assert host_names("127.0.0.1") == frozenset()
    assert host_names("0.0.0.0", ["Berita.Example ", ""]) == {"berita.example"}
    assert host_names("tanya.lan") == {"tanya.lan"}


def test_only_a_token_guarded_page_needs_the_upload_cookie() -> None:
    key = Access(token=TOKEN).upload_key
    assert key and TOKEN not in key and key == Access(token=TOKEN).upload_key
    assert key != Access(token=TOKEN + "y").upload_key
    assert Access().upload_key is None and Access(open=True).upload_key is None
