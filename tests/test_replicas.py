"""``tanya serve --replicas 2`` on 127.0.0.1, as a user starts it: 40 concurrent API clients, then an article
added through the admin path and seen by both replicas, then Ctrl-C ends the front and its replicas.

That both replicas answered is shown three ways: the CPU time each replica process spent during the burst
(read from /proc, outside the server), the count of questions each answered that the server prints when it
stops, and the line each replica prints when it takes up the new index (only a question makes it look).
Figures (questions/s, resident memory) are printed (run with ``-s``) and kept in test-artifacts/replicas.json.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
from pathlib import Path
from urllib.parse import urlparse

from page_calls import page_event, upload_files
from replica_load import (
    ask_all,
    burst,
    cpu_seconds,
    resident_mib,
    start_serve,
    wait_gone,
    wrong_answers,
)

from corpus import BUNDLED_ARTICLES
from embeddings.engine import cpu_cores
from qa.config import Settings

CLIENTS = 40
TOKEN = "kode-admin-replika-0123456789"
ARTICLE_ID = "berita_bandara_replika"
ARTICLE = ("Bandara Buleleng diresmikan Gubernur Bali Wayan Koster pada Rabu pagi.\n\n"
           "Gubernur Bali Wayan Koster meresmikan Bandara Buleleng di Kabupaten Buleleng pada hari Rabu. "
           "Bandara baru itu dibangun di atas lahan seluas 400 hektare dan akan melayani penerbangan domestik "
           "mulai tahun depan, kata Koster kepada wartawan.\n")
NEW_QUESTION = "Siapa yang meresmikan Bandara Buleleng?"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def test_two_replicas_answer_forty_clients_and_both_see_an_added_article(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(BUNDLED_ARTICLES, folder)
    server = start_serve(folder, 2, {"TANYA_CACHE_DIR": str(settings.cache_dir), "TANYA_ADMIN_TOKEN": TOKEN})
    assert urlparse(server.url).hostname == "127.0.0.1", "loopback only"
    try:
        server.wait_for("Tanya Berita siap", 600)
        pids = server.replica_pids()
        assert sorted(pids) == [1, 2] and server.process.pid not in pids.values()
        server.wait_for(rf"masing-masing {max(1, cpu_cores() // 2)} thread per model", 10)  # their share of the cores

        cpu_before = {n: cpu_seconds(pid) for n, pid in pids.items()}
        questions = burst(CLIENTS)
        fired = ask_all(server.url, questions)  # an error in any client fails the test here
        assert not wrong_answers(questions, fired.answers), wrong_answers(questions, fired.answers)[:2]
        busy = {n: cpu_seconds(pid) - cpu_before[n] for n, pid in pids.items()}
        assert all(spent > 2.0 for spent in busy.values()), f"CPU seconds per replica during the burst: {busy}"

        path = upload_files(server.url, {f"{ARTICLE_ID}.txt": ARTICLE.encode()}, token=TOKEN).json()[0]
        file = {"path": path, "orig_name": f"{ARTICLE_ID}.txt", "meta": {"_type": "gradio.FileData"}}
        session = "replika-admin"
        page_event(server.url, "grant", TOKEN, session=session)
        status, *_ = page_event(server.url, "add_files", [file], session=session)
        assert "1 artikel ditambahkan" in status, status
        written = len(server.lines)
        new_answers = ask_all(server.url, [NEW_QUESTION] * 8).answers
        assert all(a["found"] and a["document_id"] == ARTICLE_ID and "Koster" in a["text"] for a in new_answers), \
            new_answers[0]
        for number in pids:  # printed by each replica as it took up the new index, before answering
            server.wait_for(rf"Replika {number}: indeks v-\S+ dimuat \(6 artikel\)", 10, since=written)
        memory = {n: round(resident_mib(pid)) for n, pid in pids.items()}
        front_memory = round(resident_mib(server.process.pid))

        server.process.send_signal(signal.SIGINT)  # Ctrl-C; the replicas ignore it, the front stops them
        assert server.process.wait(timeout=60) == 0, server.output()
        assert wait_gone(list(pids.values())), "a replica outlived the front"
    finally:
        server.process.kill()
    counts = {int(n): int(c) for n, c in re.findall(r"replika (\d) \(pid \d+\): (\d+)", server.output())}
    assert sorted(counts) == [1, 2] and all(counts.values()) and sum(counts.values()) == CLIENTS + 8, \
        server.output()
    figures = {"replicas": 2, "clients": CLIENTS, "errors": 0, "seconds": round(fired.seconds, 1),
               "questions_per_s": round(CLIENTS / fired.seconds, 2),
               "latency_p50_s": round(fired.latency_percentile(50), 1),
               "latency_p95_s": round(fired.latency_percentile(95), 1), "answered": counts,
               "replica_cpu_s_during_burst": {n: round(s, 1) for n, s in busy.items()},
               "replica_rss_mib": memory, "front_rss_mib": front_memory}
    print(f"\nreplicas: {json.dumps(figures)}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "replicas.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
