"""The Gradio page: the chat with example questions, and the article tab; :func:`serve` starts it."""

from __future__ import annotations

from collections.abc import Collection

import gradio as gr
from starlette.middleware import Middleware

from qa import Assistant
from qa.replicas import ReplicaPool
from ui.access import UPLOAD_COOKIE, Access
from ui.article_tab import PRIVATE, build_article_tab
from ui.chat import Chat
from ui.conversation import Conversation
from ui.corpus_panel import MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, CorpusPanel
from ui.guard import GuardPolicy, RequestGuard, host_names
from ui.style import CSS, I18N, THEME

EXAMPLES = [
    "Apa yang dikatakan Wang Yi tentang Kazakhstan?",
    "Siapa Presiden Kazakhstan yang menerima pesan lisan dari Xi Jinping?",
    "Menurut Wang Yi, bagaimana krisis di Ukraina bisa diatasi?",
    "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?",
    "Siapa Menlu Amerika Serikat yang bertelepon dengan Wang Yi?",
]
HEADER = "# Tanya Berita\nTanya jawab tentang artikel berita di indeks, dijawab langsung dari artikelnya."
PLACEHOLDER = (
    "**Tanyakan apa saja tentang artikel berita di indeks.**\n\n"
    "Jawaban disalin apa adanya dari artikel, lengkap dengan kalimat pendukung dan sumbernya; bila artikel tidak "
    "memuat jawabannya, Tanya Berita akan mengatakannya. Pertanyaan lanjutan seperti *“Kapan itu terjadi?”* "
    "memakai percakapan sebelumnya.\n\n"
    "Coba salah satu contoh:"
)
SERVER_UPLOAD_LIMIT = f"{MAX_UPLOAD_FILES * MAX_UPLOAD_BYTES // 2**20}mb"
"""Gradio refuses bigger files outright; smaller ones over the article limit, and files of other
types, are refused by :mod:`ui.corpus_panel` with a message in Indonesian."""
UPLOAD_REQUEST_BYTES = MAX_UPLOAD_FILES * MAX_UPLOAD_BYTES + 256 * 1024
"""One upload request: the files at their limit plus the multipart framing (see :mod:`ui.guard`)."""
UPLOAD_CACHE_CLEANUP = (3600, 3600)
"""Uploaded files are needed only until indexed: Gradio deletes those older than an hour, hourly."""


_SHOW = {**PRIVATE, "concurrency_id": "show", "concurrency_limit": 1, "trigger_mode": "multiple"}
"""Showing a question takes a moment and never waits behind answers; questions are shown one at a
time, in the order they came; every click and Enter counts."""


TAKE_QUESTION = """(question, conversation) => {
    const box = document.querySelector('#question textarea');
    if (box) { box.value = ''; box.dispatchEvent(new Event('input', {bubbles: true})); }
    return [question, conversation];
}"""
"""Sends the typed question and empties the box in the browser at once, so whatever is typed next
is never wiped by a late reply from the server."""


ANSWERS_AT_ONCE = 2
"""Questions one process answers at the same time (its models run on every core); with replicas, one each."""


def build_app(assistant: Assistant, access: Access = Access(), replicas: ReplicaPool | None = None) -> gr.Blocks:
    """The whole page for ``assistant``; start it with :func:`serve` (or ``.launch(...)``).

    ``access`` says who may change the articles: by default nobody (read-only). The request guard
    (:mod:`ui.guard`) is added by :func:`serve`; a page launched otherwise runs without it. With
    ``replicas`` (started), questions are answered by them, as many at once as there are replicas;
    the articles are still listed and changed by ``assistant``, over the same index folder.
    """
    chat = Chat(assistant, replicas)
    answering = {"concurrency_id": "answer", "concurrency_limit": replicas.size if replicas else ANSWERS_AT_ONCE}
    with gr.Blocks(title="Tanya Berita", analytics_enabled=False, delete_cache=UPLOAD_CACHE_CLEANUP) as page:
        conversation = gr.State(Conversation())
        gr.Markdown(HEADER, elem_id="intro")
        with gr.Tab("Tanya"):
            messages = gr.Chatbot(label="Percakapan", show_label=False, placeholder=PLACEHOLDER,
                                  examples=[{"text": example} for example in EXAMPLES], height=None,
                                  render_markdown=False, latex_delimiters=[], sanitize_html=True,
                                  feedback_options=None, buttons=[], elem_id="chat")
            with gr.Row(equal_height=True, elem_id="ask"):
                question = gr.Textbox(label="Pertanyaan", placeholder="Tulis pertanyaan…", show_label=False,
                                      scale=8, max_length=5000, lines=1, elem_id="question")
                send = gr.Button("Tanya", variant="primary", scale=1, min_width=80, elem_id="send")
            with gr.Row(elem_id="below-ask"):
                hint = gr.HTML(elem_id="hint")
                new_chat = gr.Button("Percakapan baru", size="sm", variant="secondary", scale=0, elem_id="new-chat")
        with gr.Tab("Artikel"):
            build_article_tab(page, CorpusPanel(assistant), access)

        def example(conversation_: Conversation, chosen: gr.SelectData) -> tuple:
            return chat.ask(chosen.value["text"], conversation_)  # leaves alone what is being typed

        def forget(conversation_: Conversation) -> list:
            conversation_.clear()
            return []

        asked = [send.click(chat.ask, [question, conversation], [messages, hint], js=TAKE_QUESTION, **_SHOW),
                 question.submit(chat.ask, [question, conversation], [messages, hint], js=TAKE_QUESTION, **_SHOW),
                 messages.example_select(example, [conversation], [messages, hint], **_SHOW)]
        for event in asked:
            event.then(chat.answer, [conversation], [messages], trigger_mode="multiple", **answering, **PRIVATE)
        new_chat.click(forget, [conversation], [messages], **PRIVATE)
        gr.api(chat.api_answer, api_name="tanya", **answering)
    return page


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860,
          access: Access = Access(), allowed_hosts: Collection[str] = (),
          replicas: ReplicaPool | None = None) -> gr.Blocks:
    """Start the page on ``host:port`` behind Gradio's queue, in the background; returns the running app.

    ``access`` grants article changes (default: none); ``allowed_hosts`` are host names the page
    may be reached by besides localhost, IP addresses and ``host`` (e.g. behind a reverse proxy);
    ``replicas`` answer the questions (see :func:`build_app`; the caller starts and closes them).
    Call ``.block_thread()`` on it to serve until interrupted, ``.close()`` to stop. No folder is
    served besides Gradio's own upload cache.
    """
    page = build_app(assistant, access, replicas)
    page.queue(default_concurrency_limit=ANSWERS_AT_ONCE)
    cookie = (UPLOAD_COOKIE, access.upload_key) if access.upload_key else None
    policy = GuardPolicy(host_names=host_names(host, allowed_hosts), uploads=not access.read_only,
                         upload_cookie=cookie, max_upload_files=MAX_UPLOAD_FILES,
                         max_upload_bytes=UPLOAD_REQUEST_BYTES)
    page.launch(server_name=host, server_port=port, css=CSS, theme=THEME, i18n=I18N, prevent_thread_lock=True,
                show_error=False, quiet=True, footer_links=[], max_file_size=SERVER_UPLOAD_LIMIT, ssr_mode=False,
                app_kwargs={"middleware": [Middleware(RequestGuard, policy=policy)]})
    return page
