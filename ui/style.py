"""The page's stylesheet: the answer cards of :mod:`ui.render` and a few touches to Gradio's theme."""

CSS = """
#intro h1 { font-weight: 600; }
.tb-card { line-height: 1.5; }
.tb-answer { font-size: 1.15em; margin: 0 0 .4em 0; }
.tb-sentence { margin: .3em 0; padding-left: .7em; border-left: 3px solid #f59e0b; }
.tb-card mark { background: #fde68a; color: #111; padding: 0 .15em; border-radius: 3px; }
.tb-source { font-size: .9em; opacity: .85; margin: .3em 0; }
.tb-confidence { font-size: .85em; display: flex; align-items: center; gap: .5em; margin: .3em 0; }
.tb-bar { display: inline-block; width: 90px; height: 8px; background: #e5e7eb; border-radius: 4px; overflow: hidden; }
.tb-bar > span { display: block; height: 100%; }
.tb-tinggi .tb-bar > span { background: #16a34a; }
.tb-sedang .tb-bar > span { background: #d97706; }
.tb-rendah .tb-bar > span { background: #dc2626; }
.tb-card details { margin-top: .4em; font-size: .9em; }
.tb-card summary { cursor: pointer; }
.tb-evidence blockquote { margin: .3em 0; padding-left: .6em; border-left: 3px solid #d1d5db; }
.tb-notice { color: #b45309; }
.tb-status p { margin: .2em 0; }
"""
