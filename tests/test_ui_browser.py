"""The chat page in headless Chromium (Debian's package, driven by Playwright; no browser download)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
WAIT_MS = 90_000
PATRUSHEV = "003_cdbb94ee7956bff6"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open(browser: Browser, url: str) -> Page:
    """A fresh visitor (own cookies and session) with an Indonesian browser, on the page."""
    page = browser.new_context(viewport={"width": 1280, "height": 1200}, locale="id-ID").new_page()
    page.goto(url)
    page.wait_for_selector("#send")
    return page


@pytest.fixture
def page(browser: Browser, chat_url: str) -> Iterator[Page]:
    page = _open(browser, chat_url)
    yield page
    page.context.close()


def _answer(page: Page, send: Callable[[], None]) -> Locator:
    """The card the page adds after ``send()`` (waits for the answer)."""
    cards = page.locator(".tb-card")
    before = cards.count()
    send()
    expect(cards).to_have_count(before + 1, timeout=WAIT_MS)
    return cards.last


def _ask(page: Page, question: str) -> Locator:
    def send() -> None:
        page.fill("#question textarea", question)
        page.click("#send")

    return _answer(page, send)


def _upload(page: Page, *files: Path) -> None:
    page.get_by_role("tab", name="Artikel").click()
    with page.expect_file_chooser() as chooser:
        page.click("#upload")
    chooser.value.set_files([str(f) for f in files])


def _article_ids(page: Page) -> list[str]:
    """The first column of the article table (Gradio draws its rows as ``.virtual-row``)."""
    return [row.split("\n")[0] for row in page.locator("#articles .virtual-row").all_inner_texts()]


def test_an_example_and_a_follow_up_are_answered_with_their_source(page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    example = page.get_by_role("button", name="Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?")
    first = _answer(page, example.click)
    expect(first.locator(".tb-answer")).to_contain_text("Patrushev")
    expect(first.locator(".tb-sentence mark")).to_contain_text("Patrushev")
    expect(first.locator(".tb-source")).to_contain_text(PATRUSHEV)
    expect(first.locator(".tb-source")).to_contain_text("GALAMEDIANEWS")
    expect(first.locator(".tb-confidence")).to_contain_text("Keyakinan")

    second = _ask(page, "Kapan itu terjadi?")  # alone, this question retrieves other articles first
    expect(second).to_contain_text(PATRUSHEV)
    expect(second).to_contain_text("21 Februari 2023")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)
    assert {urlparse(url).hostname for url in requested} <= {"127.0.0.1", None}, "the page must work offline"

    page.click("#new-chat")  # forgets the conversation: the same question no longer finds the Patrushev article
    expect(page.locator(".tb-card")).to_have_count(0)
    expect(_ask(page, "Kapan itu terjadi?")).not_to_contain_text(PATRUSHEV)


def test_an_empty_question_gets_an_indonesian_message(page: Page) -> None:
    page.fill("#question textarea", "   ")
    page.click("#send")
    expect(page.locator(".tb-notice")).to_have_text("Pertanyaan tidak boleh kosong.", timeout=WAIT_MS)


def test_an_uploaded_article_is_answerable_then_removable(page: Page, tmp_path: Path) -> None:
    article = tmp_path / "berita_bandara.txt"
    article.write_text("Gubernur Bali Wayan Koster meresmikan Bandara Buleleng pada hari Rabu.\n", encoding="utf-8")
    _upload(page, article)
    expect(page.locator("#status")).to_contain_text("1 artikel ditambahkan", timeout=WAIT_MS)
    assert "berita_bandara" in _article_ids(page)

    page.get_by_role("tab", name="Tanya").click()
    card = _ask(page, "Siapa yang meresmikan Bandara Buleleng?")
    expect(card.locator(".tb-answer")).to_contain_text("Koster")
    expect(card.locator(".tb-source")).to_contain_text("berita_bandara")

    page.get_by_role("tab", name="Artikel").click()
    page.get_by_label("Artikel yang akan dihapus").click()
    page.get_by_role("option", name="berita_bandara").click()
    page.click("#remove")
    expect(page.locator("#status")).to_contain_text("berita_bandara dihapus", timeout=WAIT_MS)
    assert "berita_bandara" not in _article_ids(page)


def test_html_in_an_upload_is_shown_literally_and_runs_nothing(page: Page, tmp_path: Path) -> None:
    article = tmp_path / "berita_jembatan.txt"
    article.write_text(
        "Kepala Desa Sukamaju, <b>tebal</b> Pak Darto, meresmikan jembatan gantung baru pada hari Senin "
        "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> di hadapan warga.\n",
        encoding="utf-8",
    )
    _upload(page, article)
    expect(page.locator("#status")).to_contain_text("1 artikel ditambahkan", timeout=WAIT_MS)
    page.get_by_role("tab", name="Tanya").click()
    card = _ask(page, "Siapa yang meresmikan jembatan gantung baru di Sukamaju?")
    expect(card).to_contain_text("<script>window.__pwned=1</script>")
    expect(card).to_contain_text("<b>tebal</b>")
    assert card.locator("b", has_text=re.compile("^tebal$")).count() == 0 and card.locator("img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_bad_uploads_are_refused_and_change_nothing(page: Page, tmp_path: Path) -> None:
    files = {"rusak.txt": b"\x00\x01\x02\xff\xfe" * 100, "kosong.md": b"   \n",
             "laporan.pdf": b"%PDF-1.4", "besar.txt": b"kata " * 600_000}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    page.get_by_role("tab", name="Artikel").click()
    before = _article_ids(page)
    _upload(page, *(tmp_path / name for name in files))
    status = page.locator("#status")
    expect(status).to_contain_text("rusak.txt: berkas tidak bisa dibaca sebagai artikel", timeout=WAIT_MS)
    expect(status).to_contain_text("kosong.md: berkas tidak bisa dibaca sebagai artikel")
    expect(status).to_contain_text("laporan.pdf: jenis berkas tidak didukung")
    expect(status).to_contain_text("besar.txt: berkas terlalu besar (maksimal 2 MB)")
    expect(status).not_to_contain_text("ditambahkan")
    assert _article_ids(page) == before


def test_two_visitors_keep_their_own_conversations(browser: Browser, chat_url: str, page: Page) -> None:
    mine = "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?"
    _ask(page, mine)
    other = _open(browser, chat_url)
    # without this visitor's history, "Kapan itu terjadi?" does not retrieve the Patrushev article at all
    theirs = _ask(other, "Kapan itu terjadi?")
    expect(theirs).not_to_contain_text(PATRUSHEV)
    assert page.locator(".tb-question").all_inner_texts() == [mine]
    assert other.locator(".tb-question").all_inner_texts() == ["Kapan itu terjadi?"]
    other.context.close()
