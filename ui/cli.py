"""``tanya serve``: registered into the ``tanya`` command line through the ``tanya.commands`` entry point."""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import TYPE_CHECKING

from ui.access import MIN_TOKEN_CHARS, Access

if TYPE_CHECKING:
    from qa import Assistant
    from qa.replicas import ReplicaPool


def cmd_serve(args: argparse.Namespace) -> int:
    """Index the folder if needed, load the models once (in each replica, if any), and serve the page until
    interrupted; the replicas end with it."""
    from qa import Assistant
    from qa.cli import progress_bar, settings_of
    from qa.replicas import ReplicaError, ReplicaPool, replica_settings

    try:
        access = Access(token=args.admin_token or None, open=args.allow_changes)
    except ValueError:
        print(f"tanya serve: kode admin harus sedikitnya {MIN_TOKEN_CHARS} karakter.", file=sys.stderr)
        return 2
    settings = settings_of(args)
    started = time.perf_counter()
    print("Memuat indeks…", flush=True)
    assistant = Assistant.from_directory(args.corpus, settings, progress=progress_bar("Meng-encode"))
    with ThreadPoolExecutor(max_workers=1) as loading, ExitStack() as running:  # replicas stop before the wait
        replicas = None
        if settings.replicas > 1:  # the replicas answer; this process lists and changes the articles
            replicas = running.enter_context(ReplicaPool.for_index(assistant.index_dir, settings))
            running.callback(_print_answered, replicas)
            starting = loading.submit(replicas.start)  # their models load in their processes while the page starts
        from ui.app import serve  # importing gradio is most of the start

        try:
            app = serve(assistant, host=args.host, port=args.port, access=access,
                        allowed_hosts=args.allowed_host, replicas=replicas)
        except OSError as error:  # e.g. the port is taken
            print(f"tanya serve: tidak bisa membuka http://{args.host}:{args.port} ({error})", file=sys.stderr)
            return 2
        running.callback(app.close)
        if replicas:
            try:
                starting.result()
            except ReplicaError as error:
                print(f"tanya serve: replika tidak bisa dijalankan ({error})", file=sys.stderr)
                return 2
        else:  # the page needs no model: they load once it is up, and a question asked meanwhile waits for them
            threading.Thread(target=_warm_up, args=(assistant,), name="warm-up", daemon=True).start()
        print(f"Tanya Berita siap dalam {time.perf_counter() - started:.1f} s ({len(assistant.index.documents)} "
              f"artikel): buka http://{args.host}:{args.port} — hentikan dengan Ctrl+C.", flush=True)
        if replicas:
            pids = ", ".join(f"replika {r.number}: pid {r.pid}" for r in replicas.status())
            threads = replica_settings(settings, replicas.size).threads
            print(f"{replicas.size} replika menjawab pertanyaan ({pids}), masing-masing {threads} thread per model.",
                  flush=True)
        print(_access_line(access), flush=True)
        app.block_thread()
    return 0


def _warm_up(assistant: "Assistant") -> None:
    """Load the models in the background; a failure is reported here, and the first question tries again."""
    try:
        assistant.warm_up()
    except Exception as error:  # noqa: BLE001 (a background thread has nobody else to tell)
        print(f"tanya serve: model belum bisa dimuat ({error}); dicoba lagi pada pertanyaan pertama", file=sys.stderr,
              flush=True)


def _print_answered(replicas: "ReplicaPool") -> None:
    """How many questions each replica answered, when the page stops."""
    counts = ", ".join(f"replika {r.number} (pid {r.pid}): {r.answered}" + (f", {r.restarts}× dimulai ulang"
                                                                             if r.restarts else "")
                       for r in replicas.status())
    print(f"Pertanyaan terjawab per replika — {counts}.", flush=True)


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
    serve.add_argument("--replicas", type=int, default=None, metavar="N",
                       help="N processes answer questions in parallel over the same index (default: $TANYA_REPLICAS, "
                            "else 1: this process answers)")
    add_pipeline_options(serve)
    serve.set_defaults(run=cmd_serve)
