"""The page's HTTP API through gradio_client, against a real server."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client

QUESTIONS = {
    "Siapa Perdana Menteri Kazakhstan yang berbicara dengan Wang Yi?": "002_af91a0d982ffc927",
    "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?": "003_cdbb94ee7956bff6",
}


@pytest.fixture(scope="module")
def client(chat_url: str) -> Client:
    return Client(chat_url, verbose=False)


def test_the_api_answers_with_the_source(client: Client) -> None:
    answer = client.predict("Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?", api_name="/tanya")
    assert answer["found"] and "Patrushev" in answer["text"]
    assert answer["document_id"] == "003_cdbb94ee7956bff6"
    assert answer["passage"][answer["start"]:answer["end"]] == answer["text"]


def test_concurrent_callers_get_their_own_answers(client: Client, chat_url: str) -> None:
    def ask(question: str) -> tuple[str, str]:
        return question, Client(chat_url, verbose=False).predict(question, api_name="/tanya")["document_id"]

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(pool.map(ask, list(QUESTIONS) * 2))
    assert results == QUESTIONS


def test_an_empty_question_is_an_error(client: Client) -> None:
    with pytest.raises(Exception, match="tidak boleh kosong"):
        client.predict("   ", api_name="/tanya")


def test_only_the_documented_endpoint_is_public(client: Client) -> None:
    assert list(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == ["/tanya"]
