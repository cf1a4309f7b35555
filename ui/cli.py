"""``tanya serve``: registered into the ``tanya`` command line through the ``tanya.commands`` entry point."""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from typing import TYPE_CHECKING

from ui.access import MIN_TOKEN_CHARS, Access

if TYPE_CHECKING:
    from qa import Assistant


def cmd_serve(args: argparse.Namespace) -> int:
    """Index the folder if needed, load the models once, and serve the page until interrupted."""
    from qa import Assistant
    from qa.cli import progress_bar, settings_of

    try:
        access = Access(token=args.admin_token or None, open=args.allow_changes)
    except ValueError:
        print(f"tanya serve: kode admin harus sedikitnya {MIN_TOKEN_CHARS} karakter.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    print("Memuat indeks…", flush=True)
    assistant = Assistant.from_directory(args.corpus, settings_of(args), progress=progress_bar("Meng-encode"))
    from ui.app import serve  # importing gradio is most of the start

    try:
        app = serve(assistant, host=args.host, port=args.port, access=access, allowed_hosts=args.allowed_host)
    except OSError as error:  # e.g. the port is taken
        print(f"tanya serve: tidak bisa membuka http://{args.host}:{args.port} ({error})", file=sys.stderr)
        return 2
    # the page needs no model: they load once it is up, and a question asked meanwhile waits for them
    threading.Thread(target=_warm_up, args=(assistant,), name="warm-up", daemon=True).start()
    print(f"Tanya Berita siap dalam {time.perf_counter() - started:.1f} s ({len(assistant.index.documents)} artikel): "
          f"buka http://{args.host}:{args.port} — hentikan dengan Ctrl+C.", flush=True)
    print(_access_line(access), flush=True)
    try:
        app.block_thread()
    finally:
        app.close()
    return 0


def _warm_up(assistant: "Assistant") -> None:
    """Load the models in the background; a failure is reported here, and the first question tries again."""
    try:
        assistant.warm_up()
    except Exception as error:  # noqa: BLE001 (a background thread has nobody else to tell)
        print(f"tanya serve: model belum bisa dimuat ({error}); dicoba lagi pada pertanyaan pertama", file=sys.stderr,
              flush=True)


def _access_line(access: Access) -> str:
    """Who may change the articles, for the start-up message."""
    if access.open:
        return "Setiap pengunjung boleh menambah dan menghapus artikel (--allow-changes)."
    if access.token:
        return "Artikel bisa diubah oleh pengunjung yang memasukkan kode admin di tab Artikel."
    return "Halaman hanya-baca: artikel tidak bisa diubah dari halaman (lihat --admin-token)."


def register(commands: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command to the ``tanya`` parser."""
    from qa.cli import add_corpus_options, add_pipeline_options

    serve = commands.add_parser("serve", help="serve the chat page")
    add_corpus_options(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    serve.add_argument("--admin-token", default=os.environ.get("TANYA_ADMIN_TOKEN"), metavar="TOKEN",
                       help="visitors who enter TOKEN may upload and remove articles (default: $TANYA_ADMIN_TOKEN; "
                            "without it the page is read-only)")
    serve.add_argument("--allow-changes", action="store_true",
                       help="let every visitor upload and remove articles (only for a page used on this machine)")
    serve.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                       help="a host name the page is reached by, besides localhost and IP addresses (repeatable)")
    add_pipeline_options(serve)
    serve.set_defaults(run=cmd_serve)
