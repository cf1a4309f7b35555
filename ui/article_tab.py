"""The Artikel tab: the list of indexed articles and, for a visitor with the grant, uploads and removal.

Every handler that changes the index first checks the visitor's grant, kept in Gradio's session
state on the server: calling an event directly, without the page, changes nothing either.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import gradio as gr

from corpus import Document
from ui.access import UPLOAD_COOKIE, Access
from ui.article_list import ArticleFilter, ArticlePage, parse_day
from ui.corpus_panel import MAX_UPLOAD_FILES, MAX_UPLOAD_MB, UPLOAD_SUFFIXES, CorpusPanel
from ui.render import article_count, article_table, status

UPLOAD_HELP = (
    f"Unggah berkas {', '.join(UPLOAD_SUFFIXES)} (maks. {MAX_UPLOAD_MB} MB per berkas, {MAX_UPLOAD_FILES} berkas "
    "sekaligus; satu artikel per berkas, atau satu artikel per baris/objek JSON). Artikel dibersihkan, dipotong "
    "menjadi bagian-bagian dan langsung bisa ditanyakan."
)
READ_ONLY_NOTE = "Daftar artikel di indeks. Di halaman ini artikel tidak bisa ditambah atau dihapus."
LOCKED_NOTE = "Untuk menambah atau menghapus artikel, masukkan kode admin yang diberikan saat server dijalankan."
NO_GRANT = "Ditolak — perubahan artikel memerlukan kode admin."
SET_UPLOAD_COOKIE = f"(key) => {{ if (key) document.cookie = '{UPLOAD_COOKIE}=' + key + '; path=/; SameSite=Strict'; }}"
"""Hands the browser the cookie its file transfers need (see :mod:`ui.guard`) once the token is entered."""
ALL_PUBLISHERS = "Semua penerbit"
PRIVATE = {"api_visibility": "private", "show_progress": "hidden"}
"""The page's own events are not part of its HTTP API (only ``/tanya`` is) and show no Gradio timer."""

logger = logging.getLogger(__name__)


def listing_html(page: ArticlePage) -> str:
    """The count line and the table of one page of articles."""
    return article_count(page.first, len(page.rows), page.matched, page.total, page.page, page.pages) + article_table(
        page.rows)


def build_article_tab(page: gr.Blocks, panel: CorpusPanel, access: Access) -> None:
    """The tab's components and events, inside ``page`` (refreshed whenever the page loads)."""
    with gr.Row(equal_height=True, elem_id="article-filter"):
        words = gr.Textbox(label="Cari kata", placeholder="mis. Ahok", max_length=200, scale=3, elem_id="filter-words")
        publisher = gr.Dropdown(choices=[ALL_PUBLISHERS, *panel.publishers()], value=ALL_PUBLISHERS, label="Penerbit",
                                scale=2, elem_id="filter-publisher")
        start = gr.Textbox(label="Dari tanggal", placeholder="2016-08-19", max_length=40, scale=1,
                           elem_id="filter-start")
        end = gr.Textbox(label="Sampai tanggal", placeholder="2016-12-31", max_length=40, scale=1,
                         elem_id="filter-end")
        search = gr.Button("Cari", scale=1, elem_id="filter-search")
    shown = gr.State((ArticleFilter(), 1))  # this visitor's filter and page number
    table = gr.HTML(listing_html(panel.page()), elem_id="articles")
    with gr.Row(elem_id="pager"):
        previous = gr.Button("‹ Sebelumnya", size="sm", elem_id="page-previous")
        following = gr.Button("Berikutnya ›", size="sm", elem_id="page-next")

    def filtered(text: str, chosen: str | None, first: str, last: str, state: tuple, step: int) -> tuple:
        """The table for the filter as typed; ``step`` 0 starts at page 1, else moves from the current page."""
        try:
            query = ArticleFilter(text or "", None if chosen in (None, ALL_PUBLISHERS) else chosen, parse_day(first),
                                  parse_day(last))
        except ValueError as error:
            return status([str(error)], "refused"), state
        number = state[1] + step if step and query == state[0] else 1
        listed = panel.page(query, number)
        return listing_html(listed), (query, listed.page)

    filters = [words, publisher, start, end, shown]
    browsing = [trigger(lambda *values, step=step: filtered(*values, step), filters, [table, shown], **PRIVATE)
                for trigger, step in ((search.click, 0), (words.submit, 0), (start.submit, 0), (end.submit, 0),
                                      (publisher.input, 0), (previous.click, -1), (following.click, 1))]
    if access.read_only:
        gr.Markdown(READ_ONLY_NOTE, elem_id="read-only")
        page.load(lambda state: listing_html(panel.page(*state)), [shown], [table], **PRIVATE)
        return  # no controls, and no events that could change the index
    granted = gr.State(access.open)
    removed = gr.State([])  # this visitor's removed articles, latest last: undone one by one until a reload
    with gr.Group(visible=not access.open) as lock_box:
        gr.Markdown(LOCKED_NOTE)
        with gr.Row(equal_height=True):
            token = gr.Textbox(label="Kode admin", type="password", show_label=False, placeholder="Kode admin", scale=4,
                               max_length=200, elem_id="token")
            unlock = gr.Button("Buka akses", scale=1, elem_id="unlock-button")
    with gr.Column(visible=access.open, elem_id="changes") as changes:
        upload = gr.UploadButton("Unggah artikel", file_count="multiple", variant="primary", elem_id="upload")
        gr.Markdown(UPLOAD_HELP, elem_classes=["tb-help"])
        with gr.Row(equal_height=True, elem_id="removal"):
            doomed = gr.Dropdown(choices=panel.choices(panel.page()), value=None, scale=4, elem_id="doomed",
                                 label="Artikel yang akan dihapus (dari halaman daftar ini)")
            remove = gr.Button("Hapus artikel…", variant="secondary", scale=1, elem_id="remove",
                               elem_classes=["tb-danger"])
        with gr.Group(visible=False) as confirm:
            question = gr.HTML(elem_id="confirm-question")
            with gr.Row():
                yes = gr.Button("Ya, hapus", variant="stop", elem_id="confirm-remove")
                no = gr.Button("Batal", variant="secondary", elem_id="cancel-remove")
        undo = gr.Button("Urungkan penghapusan", visible=False, variant="secondary", elem_id="undo")
    note = gr.HTML(elem_id="status")
    upload_key = gr.Textbox(visible=False)

    def listing(state: tuple) -> tuple[str, dict]:
        listed = panel.page(*state)
        return listing_html(listed), gr.update(choices=panel.choices(listed), value=None)

    def grant(offered: str, already: bool) -> tuple:
        if already or access.admits(offered):
            opened = status(["Akses perubahan artikel dibuka."])
            return True, gr.update(visible=False), gr.update(visible=True), opened, "", access.upload_key or ""
        logger.warning("a visitor entered a wrong admin token")
        return False, gr.skip(), gr.skip(), status(["Kode admin salah."], "refused"), "", ""

    def add_files(files: list[str] | None, allowed: bool, state: tuple, progress: gr.Progress = gr.Progress()) -> tuple:
        if not allowed:
            return status([NO_GRANT], "refused"), *listing(state)
        return panel.add([Path(f) for f in files or []], _reporter(progress, "Mengindeks artikel")), *listing(state)

    def confirm_removal(document_id: str | None, allowed: bool) -> tuple:
        if not allowed:
            return gr.skip(), gr.skip(), status([NO_GRANT], "refused")
        if not document_id:
            return gr.skip(), gr.skip(), status(["Pilih artikel yang akan dihapus."], "refused")
        prompt = status([f"Hapus «{panel.title(document_id)}» dari indeks? Artikel ini tidak bisa ditanyakan lagi "
                         "(bisa diurungkan sampai halaman dimuat ulang)."], "warn")
        return gr.update(visible=True), prompt, ""

    def remove_article(document_id: str | None, allowed: bool, undoable: list[Document], state: tuple) -> tuple:
        if not allowed:
            return status([NO_GRANT], "refused"), *listing(state), gr.update(visible=False), gr.skip(), gr.skip()
        message, document = panel.remove(document_id)
        undoable = [*undoable, document] if document else undoable
        return message, *listing(state), gr.update(visible=False), gr.update(visible=bool(undoable)), undoable

    def restore(undoable: list[Document], allowed: bool, state: tuple, progress: gr.Progress = gr.Progress()) -> tuple:
        if not allowed:
            return status([NO_GRANT], "refused"), *listing(state), gr.skip(), gr.skip()
        message = panel.restore(undoable[-1] if undoable else None, _reporter(progress, "Mengembalikan artikel"))
        return message, *listing(state), gr.update(visible=len(undoable) > 1), undoable[:-1]

    for unlocking in (unlock.click, token.submit):
        unlocking(grant, [token, granted], [granted, lock_box, changes, note, token, upload_key], **PRIVATE).then(
            None, [upload_key], None, js=SET_UPLOAD_COOKIE, **PRIVATE)
    upload.upload(add_files, [upload, granted, shown], [note, table, doomed], api_visibility="private",
                  show_progress="full")
    remove.click(confirm_removal, [doomed, granted], [confirm, question, note], **PRIVATE)
    no.click(lambda: gr.update(visible=False), None, [confirm], **PRIVATE)
    yes.click(remove_article, [doomed, granted, removed, shown], [note, table, doomed, confirm, undo, removed],
              **PRIVATE)
    undo.click(restore, [removed, granted, shown], [note, table, doomed, undo, removed], api_visibility="private",
               show_progress="full")
    for event in browsing:  # the removal choices follow the page shown
        event.then(lambda state: listing(state)[1], [shown], [doomed], **PRIVATE)
    page.load(listing, [shown], [table, doomed], **PRIVATE)


def _reporter(progress: gr.Progress, description: str) -> Callable[[int, int], None]:
    """An indexing ``progress(done, total)`` callback drawing Gradio's progress bar."""

    def report(done: int, total: int) -> None:
        progress((done, max(total, 1)), desc=description, unit="bagian")

    return report
