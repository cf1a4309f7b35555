"""Loading documents from files and directories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import (
    BUNDLED_ARTICLES,
    CorpusLoadWarning,
    UnreadableDocumentError,
    load_directory,
    load_file,
)

ARTICLE = (
    "Wang Yi Telepon Lavrov\n"
    "\n"
    "- 12 Januari 2022, 18:09 WIB\n"
    "Menteri Luar Negeri China Wang Yi menelepon Sergei Lavrov.\n"
    "\n"
    "Baca Juga: Berita lain yang tidak terkait\n"
    "\n"
    "Keduanya membahas situasi di Kazakhstan.\n"
)

HTML_PAGE = """<!DOCTYPE html>
<html lang="id"><head>
<title>Wang Yi Telepon Lavrov | Berita Kita</title>
<meta property="og:site_name" content="Berita Kita">
<meta property="article:published_time" content="2022-01-12T18:09:00+07:00">
<link rel="canonical" href="https://beritakita.example/wang-yi-lavrov">
</head><body>
<nav><ul><li><a href="/">Beranda</a></li><li><a href="/terkini">Terkini</a></li>
<li><a href="/populer">Terpopuler</a></li></ul></nav>
<article><h1>Wang Yi Telepon Lavrov</h1>
<p>BEIJING, Menteri Luar Negeri China Wang Yi pada Senin (10/1) menggelar pembicaraan via
telepon dengan Menteri Luar Negeri Rusia Sergei Lavrov untuk membahas hubungan bilateral dan
situasi di Kazakhstan.</p>
<p>Baca Juga: Rusia Kirim Pasukan Terjun Payung</p>
<p>China dan Rusia, sebagai anggota tetap Dewan Keamanan PBB, harus mencegah kekacauan atau meletusnya
perang di Asia Tengah, kata Wang. Kedua menteri sepakat memperkuat koordinasi.</p>
</article>
<footer><p>Copyright &copy; Berita Kita 2022. Hak cipta dilindungi undang-undang.</p>
<a href="/redaksi">Redaksi</a> <a href="/pedoman">Pedoman Media Siber</a></footer>
</body></html>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_txt_file(tmp_path: Path) -> None:
    path = write(tmp_path / "berita-1.txt", ARTICLE)
    (document,) = load_file(path)
    assert document.id == "berita-1"
    assert document.path == str(path)
    assert document.title == "Wang Yi Telepon Lavrov"
    assert document.date == "12 Januari 2022, 18:09 WIB"
    assert document.text == (
        "Menteri Luar Negeri China Wang Yi menelepon Sergei Lavrov.\n\n"
        "Keduanya membahas situasi di Kazakhstan."
    )


def test_md_file(tmp_path: Path) -> None:
    (document,) = load_file(write(tmp_path / "catatan.md", "# Judul Catatan\n\nIsi catatan  berita.\n"))
    assert (document.id, document.title, document.text) == ("catatan", "Judul Catatan", "Isi catatan berita.")


def test_jsonl_file(tmp_path: Path) -> None:
    records = [
        {
            "id": "rec-a",
            "text": "Teks pertama.",
            "title": "Judul A",
            "url": "https://a.example",
            "publisher": "ANTARA",
        },
        {"text": "Teks kedua.\n\nBaca juga: lainnya", "date": "5 Maret 2022"},
    ]
    path = write(tmp_path / "kumpulan.jsonl", "\n".join(json.dumps(r) for r in records) + "\n\n")
    first, second = load_file(path)
    assert (first.id, first.text, first.title, first.url, first.publisher) == (
        "rec-a",
        "Teks pertama.",
        "Judul A",
        "https://a.example",
        "ANTARA",
    )
    assert (second.id, second.text, second.date) == ("kumpulan-1", "Teks kedua.", "5 Maret 2022")
    assert second.path == str(path)


def test_jsonl_bad_record_is_skipped_with_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "campur.jsonl", '{"text": "Teks baik."}\n{"title": "tanpa teks"}\n')
    with pytest.warns(CorpusLoadWarning, match=r"campur\.jsonl, line 2: record has no 'text'"):
        (document,) = load_file(path)
    assert document.id == "campur-0"


def test_jsonl_invalid_json_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path / "rusak.jsonl", '{"text": "Teks."}\n{"text": \n')
    with pytest.raises(UnreadableDocumentError, match=r"rusak\.jsonl, line 2: invalid JSON"):
        load_file(path)


def test_json_object_and_list(tmp_path: Path) -> None:
    (single,) = load_file(write(tmp_path / "satu.json", json.dumps({"text": "Satu berita.", "source": "DW"})))
    assert (single.id, single.text, single.source) == ("satu-0", "Satu berita.", "DW")
    many = load_file(write(tmp_path / "banyak.json", json.dumps([{"text": "A."}, {"id": 7, "text": "B."}])))
    assert [(d.id, d.text) for d in many] == [("banyak-0", "A."), ("7", "B.")]


def test_html_file_extracts_main_text_and_metadata(tmp_path: Path) -> None:
    (document,) = load_file(write(tmp_path / "halaman.html", HTML_PAGE))
    assert document.id == "halaman"
    assert document.title == "Wang Yi Telepon Lavrov"
    assert document.publisher == "Berita Kita"
    assert document.date == "2022-01-12"
    assert document.url == "https://beritakita.example/wang-yi-lavrov"
    assert document.text.startswith("BEIJING, Menteri Luar Negeri China Wang Yi pada Senin (10/1)")
    assert "Kedua menteri sepakat memperkuat koordinasi." in document.text
    for noise in ("Beranda", "Terkini", "Terpopuler", "Baca Juga", "Copyright", "Pedoman Media Siber", "<p>"):
        assert noise not in document.text
    assert "Wang Yi Telepon Lavrov" not in document.text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("biner.txt", b"PK\x03\x04\x00\x00binary", "binary file"),
        ("latin1.txt", "Berita Kazakhstan, caf\u00e9.".encode("latin-1"), "not valid UTF-8"),
        ("kosong.txt", b"  \n\n", "empty file"),
        ("gambar.png", b"\x89PNG\r\n", "unsupported file type '.png'"),
    ],
)
def test_bad_file_raises_precise_error(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(UnreadableDocumentError, match=reason) as caught:
        load_file(path)
    assert isinstance(caught.value, ValueError)
    assert str(path) in str(caught.value)


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocumentError, match="cannot read file"):
        load_file(tmp_path / "tidak-ada.txt")


def test_directory_skips_bad_files_with_warnings(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Berita kedua.")
    write(tmp_path / "a.md", "Berita pertama.")
    write(tmp_path / "sub" / "c.txt", "Berita dalam subfolder.")
    write(tmp_path / "biner.txt", b"\x00\x01\x02")
    write(tmp_path / "latin1.txt", "caf\u00e9 berita".encode("latin-1"))
    write(tmp_path / "kosong.txt", "")
    write(tmp_path / "laporan.pdf", b"%PDF-1.4")
    write(tmp_path / ".tersembunyi" / "d.txt", "Tidak dimuat.")
    with pytest.warns(CorpusLoadWarning) as caught:
        documents = load_directory(tmp_path)
    assert [d.id for d in documents] == ["a", "b", "c"]
    messages = [str(w.message) for w in caught]
    for bad in ("biner.txt", "latin1.txt", "kosong.txt", "laporan.pdf"):
        assert sum(bad in message for message in messages) == 1, messages
    assert len(messages) == 4


def test_directory_duplicate_ids_keep_the_first(tmp_path: Path) -> None:
    write(tmp_path / "x.md", "Versi markdown.")
    write(tmp_path / "x.txt", "Versi teks.")
    with pytest.warns(CorpusLoadWarning, match="duplicate document id 'x'"):
        documents = load_directory(tmp_path)
    assert [d.text for d in documents] == ["Versi markdown."]


def test_directory_must_exist(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        load_directory(tmp_path / "tidak-ada")


def test_bundled_articles_load_in_order() -> None:
    documents = load_directory(BUNDLED_ARTICLES)
    assert [d.id for d in documents] == [
        "000_5966dc24956d1941",
        "001_2dbeae1d53397d63",
        "002_af91a0d982ffc927",
        "003_cdbb94ee7956bff6",
        "004_60f4ac8eb20885d3",
    ]
    assert all(d.path and Path(d.path).parent == BUNDLED_ARTICLES for d in documents)
