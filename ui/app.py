"""The Gradio page: the chat with example questions, and the article panel."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from qa import Assistant
from ui.chat import Chat
from ui.corpus_panel import MAX_UPLOAD_MB, TABLE_HEADERS, UPLOAD_SUFFIXES, CorpusPanel
from ui.style import CSS

EXAMPLES = [
    "Apa yang dikatakan Wang Yi tentang Kazakhstan?",
    "Siapa Presiden Kazakhstan yang menerima pesan lisan dari Xi Jinping?",
    "Menurut Wang Yi, bagaimana krisis di Ukraina bisa diatasi?",
    "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?",
    "Siapa Menlu Amerika Serikat yang bertelepon dengan Wang Yi?",
]
INTRO = (
    "# Tanya Berita\n"
    "Tanyakan apa saja tentang artikel berita di indeks. Jawaban disalin apa adanya dari artikel, lengkap dengan "
    "kalimat pendukung dan sumbernya; bila artikel tidak memuat jawabannya, Tanya Berita akan mengatakannya. "
    "Pertanyaan lanjutan seperti *“Kapan itu terjadi?”* memakai percakapan sebelumnya."
)
PLACEHOLDER = "Ajukan pertanyaan tentang artikel berita di indeks, atau klik salah satu contoh di bawah."
UPLOAD_HELP = (
    f"Unggah berkas {', '.join(UPLOAD_SUFFIXES)} (maks. {MAX_UPLOAD_MB} MB per berkas; satu artikel per berkas, "
    "atau satu artikel per baris/objek JSON). Artikel dibersihkan, dipotong menjadi bagian-bagian "
    "dan langsung bisa ditanyakan."
)
SERVER_UPLOAD_LIMIT = "20mb"
"""Gradio refuses bigger uploads outright (with its own message); smaller ones over the article
limit, and files of other types, are refused by :mod:`ui.corpus_panel` with a message in Indonesian."""
UPLOAD_CACHE_CLEANUP = (3600, 3600)
"""Uploaded files are needed only until indexed: Gradio deletes those older than an hour, hourly."""
PRIVATE = {"api_visibility": "private"}
"""The page's own events are not part of its HTTP API (only ``/tanya`` is)."""


def build_app(assistant: Assistant, top_k: int = 5) -> gr.Blocks:
    """The whole page for ``assistant``; start it with :func:`serve` (or ``.launch(...)``)."""
    chat = Chat(assistant, top_k)
    panel = CorpusPanel(assistant)
    with gr.Blocks(title="Tanya Berita", analytics_enabled=False, delete_cache=UPLOAD_CACHE_CLEANUP) as app:
        asked = gr.State([])
        gr.Markdown(INTRO, elem_id="intro")
        with gr.Tab("Tanya"):
            messages = gr.Chatbot(label="Percakapan", show_label=False, height=560, placeholder=PLACEHOLDER,
                                  render_markdown=False, latex_delimiters=[], sanitize_html=True,
                                  feedback_options=None, buttons=[], elem_id="chat")
            with gr.Row():
                question = gr.Textbox(placeholder="Tulis pertanyaan dalam bahasa Indonesia…", show_label=False,
                                      scale=8, max_length=5000, elem_id="question")
                send = gr.Button("Tanya", variant="primary", scale=1, elem_id="send")
            gr.Markdown("**Contoh pertanyaan** (klik untuk bertanya):")
            with gr.Row():
                examples = [gr.Button(example, size="sm") for example in EXAMPLES]
            new_chat = gr.Button("Percakapan baru", size="sm", variant="secondary", elem_id="new-chat")
        with gr.Tab("Artikel"):
            table = gr.Dataframe(headers=TABLE_HEADERS, value=panel.rows(), datatype=["str"] * 4 + ["number"],
                                 interactive=False, wrap=True, latex_delimiters=[], label="Artikel di indeks",
                                 column_widths=["20%", "42%", "15%", "15%", "8%"], elem_id="articles")
            with gr.Row():
                upload = gr.UploadButton("Unggah artikel", file_count="multiple", variant="primary", scale=2,
                                         elem_id="upload")
                doomed = gr.Dropdown(choices=panel.ids(), value=None, label="Artikel yang akan dihapus", scale=2,
                                     elem_id="doomed")
                remove = gr.Button("Hapus artikel", variant="stop", scale=1, elem_id="remove")
            gr.Markdown(UPLOAD_HELP)
            status = gr.HTML(elem_id="status")

        def refreshed() -> tuple[list, dict]:
            return panel.rows(), gr.update(choices=panel.ids(), value=None)

        def add_files(files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple:
            def report(done: int, total: int) -> None:
                progress((done, max(total, 1)), desc="Mengindeks artikel", unit="bagian")

            return panel.add([Path(f) for f in files or []], report), *refreshed()

        def remove_article(document_id: str | None) -> tuple:
            return panel.remove(document_id), *refreshed()

        conversation = [question, messages, asked]
        send.click(chat.respond, inputs=conversation, outputs=conversation, **PRIVATE)
        question.submit(chat.respond, inputs=conversation, outputs=conversation, **PRIVATE)
        for example in examples:
            example.click(chat.respond, inputs=[example, messages, asked], outputs=conversation, **PRIVATE)
        new_chat.click(lambda: ([], []), outputs=[messages, asked], **PRIVATE)
        messages.clear(lambda: [], outputs=[asked], **PRIVATE)  # the chat's own bin icon
        upload.upload(add_files, inputs=[upload], outputs=[status, table, doomed], **PRIVATE)
        remove.click(remove_article, inputs=[doomed], outputs=[status, table, doomed], **PRIVATE)
        app.load(refreshed, outputs=[table, doomed], **PRIVATE)
        gr.api(chat.api_answer, api_name="tanya")
    return app


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, top_k: int = 5) -> gr.Blocks:
    """Start the page on ``host:port`` behind Gradio's queue, in the background; returns the running app.

    Call ``.block_thread()`` on it to serve until interrupted, ``.close()`` to stop. No folder is
    served besides Gradio's own upload cache.
    """
    app = build_app(assistant, top_k)
    app.queue(default_concurrency_limit=2)
    app.launch(server_name=host, server_port=port, css=CSS, prevent_thread_lock=True, show_error=False, quiet=True,
               footer_links=["api"], max_file_size=SERVER_UPLOAD_LIMIT, ssr_mode=False)
    return app
