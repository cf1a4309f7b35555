"""The chat page in headless Chromium (Debian's package, driven by Playwright; no browser download).

Layout and behaviour are checked at a laptop's 1366x768 and a phone's 390x844; every test saves a
screenshot under test-artifacts/.
"""

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
SCREENS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
PATRUSHEV = "003_cdbb94ee7956bff6"
BLINKEN = "004_60f4ac8eb20885d3"
ASK_PATRUSHEV = "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?"
ASK_BLINKEN = "Siapa Menlu Amerika Serikat yang bertelepon dengan Wang Yi?"
DATE = re.compile(r"^(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|"
                  r"Agustus|September|Oktober|November|Desember) \d{4}$")
ENGLISH = re.compile(r"\b(processing|Use via API|Clear|Built with|Loading|Error|Submit|Upload|Drop|Textbox|Chatbot|"
                     r"Dropdown|Copy|Share|Settings)\b|\d\.\d+s\b")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open(browser: Browser, url: str, screen: str = "desktop", locale: str = "id-ID") -> Page:
    """A fresh visitor (own cookies and session) on the page."""
    page = browser.new_context(viewport=SCREENS[screen], locale=locale).new_page()
    page.goto(url)
    page.wait_for_selector("#send")
    return page


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def page(browser: Browser, chat_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A visitor of the read-only chat page, at the test's screen size (desktop unless parametrised)."""
    screen = request.getfixturevalue("screen") if "screen" in request.fixturenames else "desktop"
    page = _open(browser, chat_url, screen)
    yield page
    _screenshot(page, request.node.name)
    page.context.close()


@pytest.fixture
def admin(browser: Browser, admin_page, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A visitor of the page whose articles can be changed with its admin token, already unlocked."""
    screen = request.getfixturevalue("screen") if "screen" in request.fixturenames else "desktop"
    page = _open(browser, admin_page.url, screen)
    _unlock(page, admin_page.token)
    yield page
    _screenshot(page, request.node.name)
    page.context.close()


def _screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name).strip('-')}.png"), full_page=True)


def _unlock(page: Page, token: str) -> None:
    page.get_by_role("tab", name="Artikel").click()
    page.fill("#token input", token)
    page.click("#unlock-button")
    expect(page.locator("#upload")).to_be_visible(timeout=WAIT_MS)


def _answers(page: Page) -> Locator:
    return page.locator("#chat .tb-card")


def _answer(page: Page, send: Callable[[], None]) -> Locator:
    """The card the page adds after ``send()`` (waits for the answer)."""
    cards = _answers(page)
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


def _article_titles(page: Page) -> list[str]:
    return page.locator("#articles td[data-label='Judul']").all_inner_texts()


def _article_ids(page: Page) -> list[str]:
    tooltips = page.locator("#articles td[data-label='Judul']").evaluate_all("cells => cells.map(c => c.title)")
    return [tooltip.removeprefix("ID artikel: ") for tooltip in tooltips]


def _english(texts: list[str]) -> set[str]:
    """The English words (or Gradio timers) in ``texts``."""
    return {match[0] for text in texts for match in ENGLISH.finditer(text)}


def _watch(page: Page) -> None:
    """Record, from now on, every text the page shows in ``window.__seen`` (catches what shows only briefly)."""
    page.evaluate("""() => {
        window.__seen = [];
        new MutationObserver(() => window.__seen.push(document.body.innerText))
            .observe(document.body, {subtree: true, childList: true, characterData: true});
    }""")


# --- the chat ---------------------------------------------------------------------------------------------------

def test_an_example_and_a_follow_up_are_answered_with_their_source(page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    first = _answer(page, page.get_by_role("button", name=ASK_PATRUSHEV).click)
    expect(first.locator(".tb-answer")).to_contain_text("Patrushev")
    expect(first.locator(".tb-sentence mark")).to_contain_text("Patrushev")
    expect(first.locator(".tb-source")).to_contain_text("Diplomat Tinggi China Tegaskan Hubungan Rusia")
    expect(first.locator(".tb-source")).to_contain_text("GALAMEDIANEWS · Rabu, 22 Februari 2023")
    expect(first.locator(".tb-confidence")).to_contain_text("Keyakinan")

    second = _ask(page, "Kapan itu terjadi?")  # alone, this question retrieves other articles first
    expect(second.locator(f"[title='ID artikel: {PATRUSHEV}']").first).to_be_attached()
    expect(second).to_contain_text("21 Februari 2023")
    understood = f"Dipahami sebagai: Kapan itu terjadi? (tentang: {ASK_PATRUSHEV})"
    expect(second.locator(".tb-understood")).to_have_text(understood)
    expect(second.locator(".tb-date-meaning")).to_contain_text("→ Selasa, 21 Februari 2023")
    expect(_answers(page).first.locator(".tb-understood")).to_have_count(0)  # the standalone question
    assert {urlparse(url).hostname for url in requested} <= {"127.0.0.1", None}, "the page must work offline"

    page.click("#new-chat")  # forgets the conversation: the same question no longer finds the Patrushev article
    expect(page.locator("#chat .tb-question")).to_have_count(0)
    expect(page.get_by_role("button", name=ASK_PATRUSHEV)).to_be_visible()  # the examples are back
    expect(_ask(page, "Kapan itu terjadi?").locator(f"[title='ID artikel: {PATRUSHEV}']")).to_have_count(0)


def test_questions_asked_in_quick_succession_are_all_answered(page: Page, screen: str) -> None:
    # two example clicks in the same instant, then a follow-up typed while both answers load
    page.evaluate("""([first, second]) => {
        const button = (name) => [...document.querySelectorAll('button')].find(b => b.innerText.trim() === name);
        const [a, b] = [button(first), button(second)];
        a.click(); b.click();
    }""", [ASK_BLINKEN, ASK_PATRUSHEV])
    page.fill("#question textarea", "Kapan itu terjadi?")
    page.press("#question textarea", "Enter")
    box = page.locator("#question textarea")
    expect(box).to_have_value("")  # emptied at once...
    box.press_sequentially("Siapa lagi")  # ...and what is typed next is never wiped by a late reply
    questions = page.locator("#chat .tb-question")
    expect(questions).to_have_count(3, timeout=WAIT_MS)
    expect(questions.last).to_have_text("Kapan itu terjadi?")
    assert sorted(questions.all_inner_texts()[:2]) == sorted([ASK_BLINKEN, ASK_PATRUSHEV])  # sent in one instant
    expect(_answers(page)).to_have_count(3, timeout=WAIT_MS)
    expect(page.locator("#chat .tb-pending")).to_have_count(0)
    cards = _answers(page).all_inner_texts()
    expected = {ASK_BLINKEN: "Antony Blinken", ASK_PATRUSHEV: "Nikolai Patrushev"}
    for asked, card in zip(questions.all_inner_texts()[:2], cards[:2], strict=True):
        assert expected[asked] in card.splitlines()[0], (asked, card)
    assert "Maaf" not in cards[2], "the follow-up is read with the questions before it"
    expect(box).to_have_value("Siapa lagi")


def test_a_question_shows_at_once_with_a_waiting_note_in_indonesian(page: Page, screen: str) -> None:
    _watch(page)
    _answer(page, page.get_by_role("button", name=ASK_BLINKEN).click)
    seen = page.evaluate("window.__seen")
    waiting = [text for text in seen if "Mencari jawaban…" in text]
    assert waiting and ASK_BLINKEN in waiting[0], "the question is shown, pending, before its answer"
    assert not _english(seen), "no Gradio timer or English label while waiting"


def test_the_question_box_is_on_the_first_screen(page: Page, screen: str) -> None:
    height = SCREENS[screen]["height"]
    for box in ("#question textarea", "#send"):
        bounds = page.locator(box).bounding_box()
        assert bounds and bounds["y"] + bounds["height"] <= height, (box, bounds)
    chat, hint = page.locator("#chat").bounding_box(), page.locator("#chat .placeholder").bounding_box()
    assert chat and hint and hint["x"] - chat["x"] >= 8, "the empty chat's hint keeps off the border"
    expect(page.locator("#chat").get_by_role("button", name=ASK_PATRUSHEV)).to_be_visible()  # examples in the chat
    _ask(page, ASK_PATRUSHEV)  # still on screen with an answer, and the page does not scroll
    bounds = page.locator("#question textarea").bounding_box()
    assert bounds and bounds["y"] + bounds["height"] <= height
    assert page.evaluate("document.scrollingElement.scrollHeight") <= height + 1


def test_empty_questions_do_not_stack_notes(page: Page, screen: str) -> None:
    for _ in range(3):
        page.fill("#question textarea", "   ")
        page.click("#send")
    page.press("#question textarea", "Enter")
    expect(page.locator("#hint")).to_have_text("Pertanyaan tidak boleh kosong.", timeout=WAIT_MS)
    expect(page.locator("#chat .message")).to_have_count(0)
    expect(page.locator("#hint .tb-notice")).to_have_count(1)
    _ask(page, ASK_PATRUSHEV)
    expect(page.locator("#hint")).to_have_text("")


def test_sources_show_titles_and_indonesian_dates_with_ids_only_in_tooltips(page: Page, screen: str) -> None:
    card = _ask(page, "Kapan Wang Yi bertelepon dengan Blinken?")  # an article whose file has no headline
    source = card.locator(".tb-source").first
    expect(source).to_contain_text("Menteri Luar Negeri China Wang Yi kembali melakukan")
    expect(source.locator(f"[title='ID artikel: {BLINKEN}']")).to_have_count(1)
    patrushev = _ask(page, ASK_PATRUSHEV)
    expect(patrushev.locator(".tb-source").first).to_contain_text("Rabu, 22 Februari 2023")
    shown = page.locator("#chat").inner_text()
    assert not re.search(r"\d{3}_[0-9a-f]{16}", shown), "hash ids stay in tooltips"
    assert "20:08 WIB" not in shown and "22 Februari 2023," not in shown


def test_bold_text_uses_a_font_with_a_real_bold_face(page: Page, screen: str) -> None:
    family = page.locator("#intro h1").evaluate("e => getComputedStyle(e).fontFamily")
    assert family.startswith("system-ui"), family
    assert page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)") == []


def test_every_visible_string_is_indonesian_even_in_an_english_browser(browser: Browser, chat_url: str,
                                                                       screen: str) -> None:
    page = _open(browser, chat_url, screen, locale="en-US")
    _watch(page)
    _ask(page, ASK_BLINKEN)
    texts = [*page.evaluate("window.__seen"), page.locator("body").inner_text()]
    labels = page.evaluate("""() => [...document.querySelectorAll('[aria-label],[title],[placeholder]')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('placeholder')].join(' '))""")
    _screenshot(page, f"english-browser-{screen}")
    page.context.close()
    assert not _english(texts + labels)


def test_two_visitors_keep_their_own_conversations(browser: Browser, chat_url: str, page: Page) -> None:
    _ask(page, ASK_PATRUSHEV)
    other = _open(browser, chat_url)
    # without this visitor's history, "Kapan itu terjadi?" does not retrieve the Patrushev article at all
    theirs = _ask(other, "Kapan itu terjadi?")
    expect(theirs.locator(f"[title='ID artikel: {PATRUSHEV}']")).to_have_count(0)
    assert page.locator(".tb-question").all_inner_texts() == [ASK_PATRUSHEV]
    assert other.locator(".tb-question").all_inner_texts() == ["Kapan itu terjadi?"]
    other.context.close()


# --- the Artikel tab --------------------------------------------------------------------------------------------

def test_the_article_list_reads_well_and_offers_no_changes_by_default(page: Page, screen: str) -> None:
    page.get_by_role("tab", name="Artikel").click()
    expect(page.locator("#articles td[data-label='Judul']")).to_have_count(5)
    titles = _article_titles(page)
    assert ("Kerusuhan di Kazakhstan Libatkan Tentara Bayaran, China Dukung Rusia Kirim Pasukan Usir Kekuatan Asing"
            in titles)
    assert all(title and title != "—" for title in titles), titles
    assert PATRUSHEV in _article_ids(page)
    text = page.locator("#articles").inner_text()
    assert not re.search(r"[0-9a-f]{16}", text), "ids only in tooltips"
    assert "Rabu, 12 Januari 2022" in text and "WIB" not in text
    for cell in page.locator("#articles th:visible, #articles td:visible").all():
        words = cell.inner_text().split()
        lines = cell.evaluate("""e => { const range = document.createRange(); range.selectNodeContents(e);
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; }""")
        assert lines <= max(1, len(words)), (cell.inner_text(), lines)  # no word broken over lines
    expect(page.locator("#upload")).to_have_count(0)
    expect(page.locator("#remove")).to_have_count(0)
    expect(page.locator("#read-only")).to_contain_text("tidak bisa ditambah atau dihapus")


def test_the_admin_token_unlocks_changes_for_that_visitor_only(browser: Browser, admin_page, screen: str) -> None:
    page = _open(browser, admin_page.url, screen)
    page.get_by_role("tab", name="Artikel").click()
    expect(page.locator("#upload")).to_be_hidden()
    page.fill("#token input", "tebakan-yang-salah")
    page.press("#token input", "Enter")
    expect(page.locator("#status .tb-refused")).to_contain_text("Kode admin salah", timeout=WAIT_MS)
    expect(page.locator("#upload")).to_be_hidden()
    refused = page.locator("#status .tb-refused").evaluate("e => getComputedStyle(e).backgroundColor")
    _unlock(page, admin_page.token)
    ok = page.locator("#status .tb-ok")
    expect(ok).to_contain_text("Akses perubahan artikel dibuka")
    assert ok.evaluate("e => getComputedStyle(e).backgroundColor") != refused
    _screenshot(page, f"unlocked-{screen}")
    other = _open(browser, admin_page.url, screen)  # another visitor is still locked out
    other.get_by_role("tab", name="Artikel").click()
    expect(other.locator("#upload")).to_be_hidden()
    expect(other.locator("#token input")).to_be_visible()
    other.context.close()
    page.context.close()


def test_an_uploaded_article_is_answerable_then_removed_after_confirmation_and_restored(admin: Page,
                                                                                         tmp_path: Path) -> None:
    article = tmp_path / "berita_bandara.txt"
    article.write_text("Gubernur Bali Wayan Koster meresmikan Bandara Buleleng pada hari Rabu.\n", encoding="utf-8")
    _upload(admin, article)
    expect(admin.locator("#status .tb-ok")).to_contain_text("1 artikel ditambahkan", timeout=WAIT_MS)
    assert "berita_bandara" in _article_ids(admin)

    admin.get_by_role("tab", name="Tanya").click()
    card = _ask(admin, "Siapa yang meresmikan Bandara Buleleng?")
    expect(card.locator(".tb-answer")).to_contain_text("Koster")
    expect(card.locator("[title='ID artikel: berita_bandara']").first).to_be_attached()

    admin.get_by_role("tab", name="Artikel").click()
    admin.get_by_label("Artikel yang akan dihapus").click()
    admin.get_by_role("option", name=re.compile("^Gubernur Bali Wayan Koster meresmikan")).click()
    admin.click("#remove")
    expect(admin.locator("#confirm-remove")).to_be_visible()
    expect(admin.locator("#confirm-question")).to_contain_text("Hapus «Gubernur Bali Wayan Koster")
    assert "berita_bandara" in _article_ids(admin), "nothing is removed before the confirmation"
    admin.click("#confirm-remove")
    expect(admin.locator("#status .tb-ok")).to_contain_text("dihapus dari indeks", timeout=WAIT_MS)
    assert "berita_bandara" not in _article_ids(admin)
    admin.click("#undo")
    expect(admin.locator("#status .tb-ok")).to_contain_text("dikembalikan ke indeks", timeout=WAIT_MS)
    assert "berita_bandara" in _article_ids(admin)
    colours = [admin.locator(button).evaluate("e => getComputedStyle(e).backgroundColor")
               for button in ("#upload", "#remove")]
    assert colours[0] != colours[1], "removal does not look like upload"


def test_html_in_an_upload_is_shown_literally_and_runs_nothing(admin: Page, tmp_path: Path) -> None:
    article = tmp_path / "berita_jembatan.txt"
    article.write_text(
        "Kepala Desa Sukamaju, <b>tebal</b> Pak Darto, meresmikan jembatan gantung baru pada hari Senin "
        "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> di hadapan warga.\n",
        encoding="utf-8",
    )
    _upload(admin, article)
    expect(admin.locator("#status")).to_contain_text("1 artikel ditambahkan", timeout=WAIT_MS)
    admin.get_by_role("tab", name="Tanya").click()
    card = _ask(admin, "Siapa yang meresmikan jembatan gantung baru di Sukamaju?")
    expect(card).to_contain_text("<script>window.__pwned=1</script>")
    expect(card).to_contain_text("<b>tebal</b>")
    assert card.locator("b", has_text=re.compile("^tebal$")).count() == 0 and card.locator("img").count() == 0
    assert admin.evaluate("window.__pwned") is None


def test_bad_uploads_are_refused_and_change_nothing(admin: Page, tmp_path: Path) -> None:
    files = {"rusak.txt": b"\x00\x01\x02\xff\xfe" * 100, "kosong.md": b"   \n",
             "laporan.pdf": b"%PDF-1.4", "besar.txt": b"kata " * 600_000}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    before = _article_ids(admin)
    _upload(admin, *(tmp_path / name for name in files))
    status = admin.locator("#status .tb-refused")
    expect(status).to_contain_text("rusak.txt: berkas tidak bisa dibaca sebagai artikel", timeout=WAIT_MS)
    expect(status).to_contain_text("kosong.md: berkas tidak bisa dibaca sebagai artikel")
    expect(status).to_contain_text("laporan.pdf: jenis berkas tidak didukung")
    expect(status).to_contain_text("besar.txt: berkas terlalu besar (maksimal 2 MB)")
    expect(admin.locator("#status")).not_to_contain_text("ditambahkan")
    assert _article_ids(admin) == before
