"""Checks on uploaded files before anything reaches the index."""

from __future__ import annotations

import json
from pathlib import Path

from ui.corpus_panel import MAX_UPLOAD_BYTES, read_uploads

ARTICLE = "Gubernur Bali Wayan Koster meresmikan Bandara Buleleng pada hari Rabu.\n"


def test_good_files_become_articles_without_their_upload_path(tmp_path: Path) -> None:
    text = tmp_path / "bandara.txt"
    text.write_text(ARTICLE, encoding="utf-8")
    records = tmp_path / "kumpulan.jsonl"
    records.write_text("\n".join(json.dumps({"id": f"k{i}", "text": ARTICLE}) for i in range(2)), encoding="utf-8")
    check = read_uploads([text, records], known_ids={"000"})
    assert check.problems == []
    assert [d.id for d in check.documents] == ["bandara", "k0", "k1"]
    assert all(d.path is None for d in check.documents)


def test_bad_files_are_refused_by_name_in_indonesian(tmp_path: Path) -> None:
    files = {
        "gambar.png": b"\x89PNG\r\n",
        "besar.txt": b"a" * (MAX_UPLOAD_BYTES + 1),
        "biner.txt": b"\x00\x01\x02",
        "latin1.md": "Berita caf\xe9".encode("latin-1"),
        "kosong.html": b"   ",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    check = read_uploads([tmp_path / name for name in files], known_ids=())
    assert check.documents == []
    reasons = dict(problem.split(": ", 1) for problem in check.problems)
    assert reasons["gambar.png"].startswith("jenis berkas tidak didukung")
    assert reasons["besar.txt"] == "berkas terlalu besar (maksimal 2 MB)."
    for name in ("biner.txt", "latin1.md", "kosong.html"):
        assert reasons[name].startswith("berkas tidak bisa dibaca sebagai artikel")


def test_ids_already_indexed_or_uploaded_twice_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    for path in (tmp_path / "000.txt", tmp_path / "baru.txt", tmp_path / "a" / "baru.md"):
        path.write_text(ARTICLE, encoding="utf-8")
    check = read_uploads([tmp_path / "000.txt", tmp_path / "baru.txt", tmp_path / "a" / "baru.md"], known_ids={"000"})
    assert [d.id for d in check.documents] == ["baru"]
    assert [p.split(":")[0] for p in check.problems] == ["000.txt", "baru.md"]
    assert all("sudah ada" in p for p in check.problems)
