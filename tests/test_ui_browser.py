"""The chat page in headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ANSWER_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, chat_url: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 1100})
    page = context.new_page()
    page.goto(chat_url)
    page.wait_for_selector("#send")
    yield page
    context.close()


def _ask(page: Page, question: str) -> None:
    cards = page.locator(".tb-card").count()
    page.fill("#question textarea", question)
    page.click("#send")
    expect(page.locator(".tb-card")).to_have_count(cards + 1, timeout=ANSWER_TIMEOUT_MS)


def _upload(page: Page, path: Path) -> None:
    page.get_by_role("tab", name="Artikel").click()
    page.locator("#upload input[type=file]").set_input_files(str(path))
    page.click("#add")
    expect(page.locator("#status")).to_contain_text("ditambahkan", timeout=ANSWER_TIMEOUT_MS)
    page.get_by_role("tab", name="Tanya").click()


def test_example_then_follow_up(page: Page) -> None:
    page.get_by_role("button", name="Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?").click()
    first = page.locator(".tb-card").first
    expect(first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    expect(first.locator(".tb-answer")).to_contain_text("Patrushev")
    expect(first.locator(".tb-source")).to_contain_text("GALAMEDIANEWS")
    expect(first.locator(".tb-source")).to_contain_text("003_cdbb94ee7956bff6")
    expect(first.locator("mark")).to_contain_text("Patrushev")

    _ask(page, "Kapan itu terjadi?")
    second = page.locator(".tb-card").nth(1)
    expect(second.locator(".tb-answer")).to_contain_text("2023")
    expect(second.locator(".tb-source")).to_contain_text("003_cdbb94ee7956bff6")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)


def test_an_empty_question_gets_a_message(page: Page) -> None:
    page.fill("#question textarea", "   ")
    page.click("#send")
    expect(page.locator(".tb-notice")).to_contain_text("tidak boleh kosong", timeout=ANSWER_TIMEOUT_MS)


def test_uploaded_article_is_answerable(page: Page, tmp_path: Path) -> None:
    article = tmp_path / "berita_bandara.txt"
    article.write_text("Gubernur Bali Wayan Koster meresmikan Bandara Buleleng pada hari Rabu.\n", encoding="utf-8")
    _upload(page, article)
    _ask(page, "Siapa yang meresmikan Bandara Buleleng?")
    card = page.locator(".tb-card").last
    expect(card.locator(".tb-answer")).to_contain_text("Koster")
    expect(card.locator(".tb-source")).to_contain_text("berita_bandara")


def test_html_in_an_upload_is_shown_literally(page: Page, tmp_path: Path) -> None:
    article = tmp_path / "berita_jembatan.txt"
    article.write_text(
        "Kepala Desa Sukamaju, <b>Pak Darto</b>, meresmikan jembatan gantung baru pada hari Senin "
        "<script>window.__pwned = 1</script> di hadapan warga.\n",
        encoding="utf-8",
    )
    _upload(page, article)
    _ask(page, "Siapa yang meresmikan jembatan gantung baru di Sukamaju?")
    card = page.locator(".tb-card").last
    expect(card).to_contain_text("<script>window.__pwned = 1</script>")
    expect(card).to_contain_text("<b>Pak Darto</b>")
    assert page.evaluate("window.__pwned") is None
    assert card.locator("b", has_text="Pak Darto").filter(has_not_text="<b>").count() == 0


def test_a_binary_upload_is_refused(page: Page, tmp_path: Path) -> None:
    junk = tmp_path / "rusak.txt"
    junk.write_bytes(b"\x00\x01\x02\xff\xfe" * 100)
    page.get_by_role("tab", name="Artikel").click()
    rows = page.locator("#articles tbody tr").count()
    page.locator("#upload input[type=file]").set_input_files(str(junk))
    page.click("#add")
    expect(page.locator("#status")).to_contain_text("rusak.txt: berkas tidak bisa dibaca", timeout=ANSWER_TIMEOUT_MS)
    assert page.locator("#articles tbody tr").count() == rows


def test_conversations_do_not_mix(browser, chat_url: str, page: Page) -> None:
    _ask(page, "Siapa Perdana Menteri Kazakhstan yang berbicara dengan Wang Yi?")
    other = browser.new_context().new_page()
    other.goto(chat_url)
    other.wait_for_selector("#send")
    _ask(other, "Apa kata Wang kepada Blinken tentang krisis di Ukraina?")
    assert "Perdana Menteri" not in other.inner_text("#chat")
    assert "Blinken" not in page.inner_text("#chat")
    other.context.close()
