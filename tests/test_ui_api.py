"""The page's HTTP API (``/tanya``) through gradio_client, against a real server with real models."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client

BLINKEN = "004_60f4ac8eb20885d3"
TILEUBERDI = "002_af91a0d982ffc927"
PATRUSHEV = "003_cdbb94ee7956bff6"


@pytest.fixture(scope="module")
def client(chat_url: str) -> Client:
    return Client(chat_url, verbose=False)


def test_the_api_answers_with_the_source(client: Client) -> None:
    answer = client.predict("Kapan Wang Yi bertelepon dengan Blinken?", api_name="/tanya")
    assert answer["found"], answer
    assert answer["document_id"] == BLINKEN
    assert answer["passage"][answer["start"]:answer["end"]] == answer["text"]


def test_follow_ups_use_the_history(client: Client) -> None:
    earlier = ["Siapa Perdana Menteri Kazakhstan yang berbicara dengan Wang Yi?"]
    alone = client.predict("Apa katanya?", api_name="/tanya")
    follow_up = client.predict("Apa katanya?", earlier, api_name="/tanya")
    assert alone["evidence"][0]["document_id"] != TILEUBERDI
    assert follow_up["evidence"][0]["document_id"] == TILEUBERDI
    assert follow_up["understood_as"] == f"Apa katanya? (tentang: {earlier[0]})"
    assert alone["understood_as"] is None


def test_concurrent_callers_get_their_own_answers(chat_url: str) -> None:
    questions = {
        "Siapa Perdana Menteri Kazakhstan yang berbicara dengan Wang Yi?": TILEUBERDI,
        "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?": PATRUSHEV,
    }

    def ask(question: str) -> tuple[str, str]:
        answer = Client(chat_url, verbose=False).predict(question, api_name="/tanya")
        return question, answer["evidence"][0]["document_id"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert dict(pool.map(ask, list(questions))) == questions


def test_an_empty_question_is_refused_in_indonesian_without_a_server_traceback(
        client: Client, capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(Exception, match="Pertanyaan tidak boleh kosong"):
        client.predict("   ", api_name="/tanya")
    assert "Traceback" not in capfd.readouterr().err  # the server runs in this process


def test_only_the_documented_endpoint_is_public(client: Client) -> None:
    assert list(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == ["/tanya"]
