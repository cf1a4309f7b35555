"""The page's look: theme (system fonts), stylesheet, and Indonesian for Gradio's own labels."""

import gradio as gr

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "Helvetica Neue", "Arial",
                "sans-serif"]
"""Fonts every visitor already has, with real bold faces (Gradio's bundled semibold draws a foreign "B")."""
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]
THEME = gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS)

I18N = gr.I18n(**{locale: {"common.loading": "Memuat", "common.error": "Kesalahan", "common.info": "Info",
                           "common.warning": "Peringatan", "upload_text.uploading": "Mengunggah…"}
                  for locale in ("en", "id")})
"""Gradio's own labels that the page can show (toasts, uploads), in Indonesian also in English browsers."""

CSS = """
/* Gradio keeps an English "processing | 0.6s" timer in the page even for events whose progress is hidden */
.gradio-container .wrap.hidden { display: none !important; }
/* narrow side margins on a phone (outside @media: Gradio scopes those rules to the content) */
.main.fillable { padding-left: clamp(10px, 3vw, 32px) !important; padding-right: clamp(10px, 3vw, 32px) !important; }
#intro h1 { font-weight: 700; margin: 0 0 .1em 0; font-size: 1.6rem; }
#intro p { margin: 0; opacity: .85; }
/* the chat fills the screen, leaving room for the header, the tabs and the question box */
#chat { height: calc(100vh - 300px) !important; height: calc(100dvh - 300px) !important; min-height: 260px; }
#chat .placeholder-content { justify-content: flex-start; overflow-y: auto; height: 100%; padding: 1.25rem; }
#chat .placeholder { padding: 0; }
#chat .placeholder p { margin: 0 0 .6em 0; max-width: 46rem; }
#chat .examples { margin-top: .25rem; gap: .5rem; }
#chat .example { padding: .6rem .8rem; min-height: 0; }
/* answer cards take the chat's whole width, whatever the answer's length */
#chat .bot-row { max-width: 100% !important; }
#chat .bot-row .flex-wrap, #chat .bot-row .message { width: 100%; max-width: 100% !important; }
/* the chat's own bin icon (labelled in the browser's language): "Percakapan baru" does its job */
#chat .icon-button-wrapper { display: none; }
#ask { gap: .5rem; flex-wrap: nowrap; }
#ask #send { min-width: 72px; }
#below-ask { align-items: center; justify-content: space-between; flex-wrap: nowrap; }
#hint .tb-notice { padding: 0; }
@media (max-width: 640px) {
  #chat .message-row { margin-left: 6px !important; margin-right: 6px !important; }
  #intro h1 { font-size: 1.3rem; }
  #intro p { font-size: .9rem; }
  #chat { height: calc(100vh - 310px) !important; height: calc(100dvh - 310px) !important; min-height: 240px; }
  #chat .placeholder-content { padding: .75rem; }
  #chat .placeholder p:nth-child(2) { display: none; }
}
.tb-card { line-height: 1.5; width: 100%; }
.tb-card ul, .tb-card ol { padding-left: 1.4em; margin: .3em 0; }
.tb-answer { font-size: 1.15em; margin: 0 0 .4em 0; }
.tb-understood, .tb-date-meaning { font-size: .9em; opacity: .85; margin: 0 0 .4em 0; }
.tb-sentence { margin: .3em 0; padding-left: .7em; border-left: 3px solid #f59e0b; }
.tb-card mark { background: #fde68a; color: #111; padding: 0 .15em; border-radius: 3px; }
.tb-source { font-size: .9em; opacity: .85; margin: .3em 0; }
.tb-date { white-space: nowrap; }
.tb-source em[title], .tb-articles td[title] { text-decoration: underline dotted; text-underline-offset: 3px; }
.tb-confidence { font-size: .85em; display: flex; align-items: center; gap: .5em; margin: .3em 0; }
.tb-bar { display: inline-block; width: 90px; height: 8px; background: #e5e7eb; border-radius: 4px; overflow: hidden; }
.tb-bar > span { display: block; height: 100%; }
.tb-tinggi .tb-bar > span { background: #16a34a; }
.tb-sedang .tb-bar > span { background: #d97706; }
.tb-rendah .tb-bar > span { background: #dc2626; }
.tb-card details { margin-top: .4em; font-size: .9em; }
.tb-corroborated { font-size: .9em; color: #166534; margin: .3em 0; }
.tb-disputed { font-size: .9em; margin: .4em 0; padding: .4em .7em; border-radius: 6px; background: #fffbeb;
  border: 1px solid #fcd34d; color: #78350f; }
.tb-disputed p, .tb-disputed ul { margin: .2em 0; }
.tb-card summary { cursor: pointer; }
.tb-evidence blockquote { margin: .3em 0; padding-left: .6em; border-left: 3px solid #d1d5db; }
.tb-notice { color: #b45309; }
.tb-pending { opacity: .8; font-style: italic; display: flex; align-items: center; gap: .6em; }
.tb-spinner { width: 1em; height: 1em; border-radius: 50%; border: 2px solid #d1d5db; border-top-color: #f97316;
  animation: tb-spin .8s linear infinite; flex: none; }
@keyframes tb-spin { to { transform: rotate(360deg); } }
.tb-status { border-radius: 8px; padding: .5em .8em; margin: .4em 0; border: 1px solid; }
.tb-status p { margin: .2em 0; }
.tb-ok { background: #f0fdf4; border-color: #86efac; color: #14532d; }
.tb-refused { background: #fef2f2; border-color: #fca5a5; color: #7f1d1d; }
.tb-warn { background: #fffbeb; border-color: #fcd34d; color: #78350f; }
.tb-icon { font-weight: 700; }
#articles .tb-articles { width: 100%; border-collapse: collapse; font-size: .95em; border: none; }
#articles .tb-articles th, #articles .tb-articles td { text-align: left; padding: .45em .6em; border: none;
  border-bottom: 1px solid var(--border-color-primary); vertical-align: top; word-break: normal;
  overflow-wrap: normal; hyphens: none; }
.tb-articles th { white-space: nowrap; font-weight: 600; }
.tb-articles .tb-number { text-align: right; white-space: nowrap; }
.tb-articles td[data-label="Tanggal"], .tb-articles td[data-label="Penerbit"] { white-space: nowrap; }
@media (max-width: 640px) {
  .tb-articles thead { display: none; }
  #articles .tb-articles, #articles .tb-articles tbody { display: block; border: none; }
  #articles .tb-articles tr { display: block; padding: .5em 0; border: none;
    border-bottom: 1px solid var(--border-color-primary); }
  #articles .tb-articles td { display: block; border: none; padding: .1em 0; white-space: normal !important;
    text-align: left !important; }
  #articles .tb-articles td.tb-unknown { display: none; }
  .tb-articles td[data-label="Judul"] { font-weight: 600; }
  .tb-articles td[data-label="Penerbit"]::before, .tb-articles td[data-label="Tanggal"]::before,
  .tb-articles td[data-label="Bagian"]::before { content: attr(data-label) ": "; opacity: .7; }
}
.tb-danger { color: #b91c1c !important; border: 1px solid #fca5a5 !important; background: #fff !important; }
"""
