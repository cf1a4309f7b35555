"""The Gradio chat page: questions and answer cards, examples, and the article panel."""

from __future__ import annotations

import warnings
from html import escape
from pathlib import Path

import gradio as gr

from qa import Assistant, EmptyQuestionError
from ui.corpus_panel import TABLE_HEADERS, article_rows, read_uploads
from ui.render import CSS, answer_card, notice

EXAMPLES = [
    "Apa yang dikatakan Wang Yi tentang Kazakhstan?",
    "Apa kata Wang kepada Blinken tentang krisis di Ukraina?",
    "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?",
    "Siapa Perdana Menteri Kazakhstan yang berbicara dengan Wang Yi?",
]
INTRO = (
    "# Tanya Berita\n"
    "Tanyakan apa saja tentang artikel berita yang ada. Jawaban disalin apa adanya dari artikel, "
    "lengkap dengan kalimat pendukung dan sumbernya; bila artikel tidak menjawab, Tanya Berita akan bilang."
)
CUT_NOTE = "Pertanyaan terlalu panjang: hanya 1.000 karakter pertama yang dipakai."
EMPTY_NOTE = "Pertanyaan tidak boleh kosong."


class ChatPage:
    """Event handlers of the page, bound to one shared :class:`Assistant`.

    Per-visitor state (the chat and the questions asked so far) travels in Gradio state,
    so concurrent visitors never see each other's conversations.
    """

    def __init__(self, assistant: Assistant, top_k: int = 5) -> None:
        self.assistant = assistant
        self.top_k = top_k

    def respond(self, question: str, chat: list, asked: list[str]) -> tuple[str, list, list[str]]:
        """Answer ``question`` in the light of the questions already ``asked``; append to the chat."""
        chat = [*chat, {"role": "user", "content": escape(question or "")}]
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                answer = self.assistant.ask(question or "", top_k=self.top_k, history=asked)
        except EmptyQuestionError:
            return "", [*chat[:-1], {"role": "assistant", "content": notice(EMPTY_NOTE)}], asked
        reply = answer_card(answer)
        if caught:
            reply = notice(CUT_NOTE) + reply
        return "", [*chat, {"role": "assistant", "content": reply}], [*asked, answer.question]

    def api_answer(self, question: str) -> dict:
        """The answer to one standalone question as a JSON-ready dict (the page's HTTP API)."""
        try:
            return self.assistant.ask(question, top_k=self.top_k).to_dict()
        except EmptyQuestionError as error:
            raise gr.Error(EMPTY_NOTE) from error

    def add_uploads(self, files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[str, list, dict, None]:
        """Clean, chunk and index uploaded articles; report what was added and what was refused."""
        if not files:
            return "Pilih berkas artikel terlebih dahulu.", article_rows(self.assistant), self._choices(), None
        check = read_uploads([Path(f) for f in files])
        lines = [f"⚠️ {problem}" for problem in check.problems]
        if check.documents:
            passages = self.assistant.add_documents(
                check.documents, progress=lambda done, total: progress((done, max(total, 1)), desc="Meng-encode passage")
            )
            titles = ", ".join(d.title or d.id for d in check.documents)
            lines.insert(0, f"✅ {len(check.documents)} artikel ditambahkan ({passages} passage): {titles}. Siap ditanya.")
        return "\n\n".join(lines), article_rows(self.assistant), self._choices(), None

    def remove(self, document_id: str | None) -> tuple[str, list, dict]:
        """Remove one article from the index."""
        if not document_id:
            return "Pilih artikel yang akan dihapus.", article_rows(self.assistant), self._choices()
        try:
            self.assistant.remove_document(document_id)
            message = f"🗑️ Artikel {document_id} dihapus dari indeks."
        except KeyError:
            message = f"Artikel {document_id} sudah tidak ada di indeks."
        return message, article_rows(self.assistant), self._choices()

    def refresh(self) -> tuple[list, dict]:
        """The current article table and removal choices (on page load)."""
        return article_rows(self.assistant), self._choices()

    def _choices(self) -> dict:
        return gr.update(choices=[d.id for d in self.assistant.documents()], value=None)


def build_app(assistant: Assistant, top_k: int = 5) -> gr.Blocks:
    """The whole page for ``assistant`` (call ``.launch(...)`` on it, or use :func:`serve`)."""
    page = ChatPage(assistant, top_k)
    with gr.Blocks(title="Tanya Berita") as app:
        asked = gr.State([])
        gr.Markdown(INTRO)
        with gr.Tab("Tanya"):
            chat = gr.Chatbot(label="Percakapan", height=520, render_markdown=False, sanitize_html=True,
                              feedback_options=None, elem_id="chat")
            with gr.Row():
                question = gr.Textbox(placeholder="Tulis pertanyaan dalam bahasa Indonesia…", show_label=False,
                                      scale=8, max_length=5000, elem_id="question")
                send = gr.Button("Tanya", variant="primary", scale=1, elem_id="send")
            gr.Markdown("**Contoh pertanyaan** (klik untuk bertanya):")
            with gr.Row():
                example_buttons = [gr.Button(text, size="sm", elem_classes=["tb-example"]) for text in EXAMPLES]
            new_chat = gr.Button("Percakapan baru", size="sm", variant="secondary")
        with gr.Tab("Artikel"):
            table = gr.Dataframe(headers=TABLE_HEADERS, value=article_rows(assistant), interactive=False,
                                 label="Artikel di indeks", elem_id="articles")
            uploads = gr.File(label="Tambah artikel (.txt, .md, .jsonl, .json, .html; maks. 2 MB per berkas)",
                              file_count="multiple", file_types=[".txt", ".md", ".jsonl", ".json", ".html", ".htm"],
                              elem_id="upload")
            add = gr.Button("Tambahkan ke indeks", variant="primary", elem_id="add")
            with gr.Row():
                victim = gr.Dropdown(label="Hapus artikel", choices=[d.id for d in assistant.documents()], scale=3)
                remove = gr.Button("Hapus", variant="stop", scale=1)
            status = gr.Markdown(elem_id="status")

        chat_io = dict(inputs=[question, chat, asked], outputs=[question, chat, asked])
        send.click(page.respond, api_visibility="private", **chat_io)
        question.submit(page.respond, api_visibility="private", **chat_io)
        for button, text in zip(example_buttons, EXAMPLES):
            button.click(lambda chat_, asked_, text=text: page.respond(text, chat_, asked_),
                         inputs=[chat, asked], outputs=[question, chat, asked], api_visibility="private")
        new_chat.click(lambda: ([], []), outputs=[chat, asked], api_visibility="private")
        add.click(page.add_uploads, inputs=[uploads], outputs=[status, table, victim, uploads], api_visibility="private")
        remove.click(page.remove, inputs=[victim], outputs=[status, table, victim], api_visibility="private")
        app.load(page.refresh, outputs=[table, victim], api_visibility="private")
        gr.api(page.api_answer, api_name="tanya")
    return app


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, top_k: int = 5,
          block: bool = True) -> gr.Blocks:
    """Launch the page on ``host:port`` behind Gradio's queue; returns the running app."""
    app = build_app(assistant, top_k)
    app.queue(default_concurrency_limit=2)
    app.launch(server_name=host, server_port=port, css=CSS, prevent_thread_lock=not block,
               show_error=False, footer_links=["api"], max_file_size="2mb")
    return app
