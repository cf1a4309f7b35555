"""Article changes need an explicit grant, checked on the server: plain HTTP calls against real served pages."""

from __future__ import annotations

import uuid

import httpx
import pytest
from page_calls import TIMEOUT, page_event, upload_files

PATRUSHEV = "003_cdbb94ee7956bff6"


def _call_tanya(url: str, route: str, body: dict, **headers: str) -> httpx.Response | str:
    """Ask through ``/gradio_api/<route>/tanya`` as curl would; the refusal, or the answer's JSON text."""
    called = httpx.post(f"{url}gradio_api/{route}/tanya", json=body, headers=headers, timeout=TIMEOUT)
    if called.status_code != 200:
        return called
    result = f"{url}gradio_api/call/tanya/{called.json()['event_id']}"
    with httpx.stream("GET", result, timeout=TIMEOUT) as stream:  # wait: nothing keeps running after the test
        lines = list(stream.iter_lines())
    assert "event: complete" in lines, lines
    return lines[lines.index("event: complete") + 1]


@pytest.mark.slow  # the page comes through request.getfixturevalue, which the automatic marking cannot see
@pytest.mark.parametrize("served", ["chat_page", "admin_page"])
def test_the_page_events_cannot_be_called_by_name(served: str, request: pytest.FixtureRequest) -> None:
    # what the issue did: curl -X POST .../gradio_api/call/remove_article -d '{"data":["ID"]}'
    page = request.getfixturevalue(served)
    config = httpx.get(page.url + "config", timeout=TIMEOUT).json()
    names = {d["api_name"] for d in config["dependencies"]} - {"tanya", None}
    assert names, "the page has events of its own"
    for name in sorted(names | {"remove_article", "add_files"}):
        for route in ("call", "call/v2", "run", "api"):
            response = httpx.post(f"{page.url}gradio_api/{route}/{name}", json={"data": [PATRUSHEV]},
                                  timeout=TIMEOUT)
            assert response.status_code == 404, (route, name, response.text)
    assert PATRUSHEV in {d.id for d in page.assistant.documents()}
    question = "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?"
    for route, body in (("call", {"data": [question, []]}), ("call/v2", {"question": question})):
        assert "Patrushev" in _call_tanya(page.url, route, body), route


def test_a_read_only_page_has_no_way_to_change_the_articles(chat_page) -> None:
    config = httpx.get(chat_page.url + "config", timeout=TIMEOUT).json()
    names = {d["api_name"] for d in config["dependencies"]}
    assert not names & {"add_files", "remove_article", "restore", "grant"}, names
    upload = upload_files(chat_page.url, {"berita.txt": "Gubernur Bali meresmikan bandara.\n".encode()})
    assert upload.status_code == 403 and "tidak diizinkan" in upload.text


def test_removal_without_the_grant_changes_nothing(admin_page) -> None:
    before = {d.id for d in admin_page.assistant.documents()}
    status, *_ = page_event(admin_page.url, "remove_article", PATRUSHEV)
    assert "memerlukan kode admin" in status and "tb-refused" in status
    assert {d.id for d in admin_page.assistant.documents()} == before


def test_uploads_reach_the_index_only_with_the_grant(admin_page) -> None:
    article = "Gubernur Bali Wayan Koster meresmikan Bandara Buleleng pada hari Rabu.\n".encode()
    refused = upload_files(admin_page.url, {"berita_bandara_api.txt": article})
    assert refused.status_code == 403 and "memerlukan kode admin" in refused.text
    assert upload_files(admin_page.url, {"berita_bandara_api.txt": article}, token="tebakan-yang-salah-sekali"
                   ).status_code == 403
    path = upload_files(admin_page.url, {"berita_bandara_api.txt": article}, token=admin_page.token).json()[0]
    file = {"path": path, "orig_name": "berita_bandara_api.txt", "meta": {"_type": "gradio.FileData"}}
    status, *_ = page_event(admin_page.url, "add_files", [file])
    assert "memerlukan kode admin" in status
    assert "berita_bandara_api" not in {d.id for d in admin_page.assistant.documents()}

    session = uuid.uuid4().hex
    wrong = page_event(admin_page.url, "grant", "tebakan-yang-salah-sekali", session=session)
    assert any("Kode admin salah" in str(output) for output in wrong)
    status, *_ = page_event(admin_page.url, "add_files", [file], session=session)
    assert "memerlukan kode admin" in status
    granted = page_event(admin_page.url, "grant", admin_page.token, session=session)
    assert any("Akses perubahan artikel dibuka" in str(output) for output in granted)
    status, *_ = page_event(admin_page.url, "add_files", [file], session=session)
    assert "1 artikel ditambahkan" in status and "tb-ok" in status
    try:
        assert "berita_bandara_api" in {d.id for d in admin_page.assistant.documents()}
    finally:
        admin_page.assistant.remove_document("berita_bandara_api")


def test_cross_site_requests_and_unknown_hosts_are_refused(admin_page) -> None:
    question = {"data": ["Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?", []]}
    assert "Patrushev" in _call_tanya(admin_page.url, "call", question, Origin=admin_page.url.rstrip("/"))
    for headers in ({"Origin": "http://jahat.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        refused = _call_tanya(admin_page.url, "call", question, **headers)
        assert isinstance(refused, httpx.Response), headers
        assert refused.status_code == 403 and "situs lain" in refused.text, headers
    # DNS rebinding: a name the page was not started with, pointing at 127.0.0.1
    assert httpx.get(admin_page.url, headers={"Host": "jahat.example"}, timeout=TIMEOUT).status_code == 421
    assert httpx.get(admin_page.url.replace("127.0.0.1", "localhost"), timeout=TIMEOUT).status_code == 200


@pytest.mark.parametrize(("count", "size", "refusal"), [(11, 10, "Terlalu banyak berkas"),
                                                         (3, 8 * 2**20, "Unggahan terlalu besar")])
def test_one_upload_is_limited_in_files_and_bytes(admin_page, count: int, size: int, refusal: str) -> None:
    response = upload_files(admin_page.url, {f"berita_{i}.txt": b"a" * size for i in range(count)}, admin_page.token)
    assert response.status_code == 413 and refusal in response.text
