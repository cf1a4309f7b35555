"""Loading documents from files and directories."""

from __future__ import annotations

import dataclasses
import json
import os
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


def test_jsonl_broken_line_drops_only_that_line(tmp_path: Path) -> None:
    path = write(tmp_path / "rusak.jsonl", '{"text": "Teks satu."}\n{"text": \n\n{"text": "Teks tiga."}\n')
    with pytest.warns(CorpusLoadWarning, match=r"rusak\.jsonl, line 2: invalid JSON") as caught:
        documents = load_file(path)
    assert [(d.id, d.text) for d in documents] == [("rusak-0", "Teks satu."), ("rusak-2", "Teks tiga.")]
    assert len(caught) == 1


def test_jsonl_of_only_broken_lines_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path / "rusak.jsonl", '{"text": \n[1, \n')
    with pytest.warns(CorpusLoadWarning, match="line 1"), pytest.warns(CorpusLoadWarning, match="line 2"):
        with pytest.raises(UnreadableDocumentError, match=r"rusak\.jsonl: no usable JSON record"):
            load_file(path)


DEEP_JSON = "[" * 10_000 + "]" * 10_000
LONG_NUMBER = '{"text": "Teks.", "id": ' + "7" * 5_000 + "}"


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("dalam.json", DEEP_JSON, "invalid JSON \\(nested too deeply\\)"),
    ("angka.json", LONG_NUMBER, "invalid JSON \\(number too long\\)"),
])
def test_json_that_cannot_be_parsed_safely_is_unreadable(tmp_path: Path, name: str, content: str, reason: str) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(UnreadableDocumentError, match=reason) as caught:
        load_file(path)
    assert caught.value.location == str(path)


def test_directory_skips_json_nested_too_deeply_or_with_huge_numbers(tmp_path: Path) -> None:
    write(tmp_path / "baik.txt", "Berita baik.")
    write(tmp_path / "dalam.json", DEEP_JSON)
    write(tmp_path / "angka.json", LONG_NUMBER)
    write(tmp_path / "campur.jsonl", DEEP_JSON + "\n" + LONG_NUMBER + '\n{"text": "Teks baris tiga."}\n')
    with pytest.warns(CorpusLoadWarning) as caught:
        documents = load_directory(tmp_path)
    assert [d.id for d in documents] == ["baik", "campur-2"]
    messages = [str(w.message) for w in caught]
    assert [m.split(os.sep)[-1] for m in messages] == [
        "angka.json: invalid JSON (number too long)",
        "campur.jsonl, line 1: invalid JSON (nested too deeply)",
        "campur.jsonl, line 2: invalid JSON (number too long)",
        "dalam.json: invalid JSON (nested too deeply)",
    ], messages


def test_a_file_name_that_is_not_utf8_is_indexed_under_a_valid_id(tmp_path: Path) -> None:
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xffname.txt"), "wb") as handle:
        handle.write("Berita dengan nama berkas yang aneh.".encode())
    write(tmp_path / "baik.txt", "Berita baik.")
    with pytest.warns(CorpusLoadWarning, match=r"not valid UTF-8.*'bad\\\\xffname'"):
        documents = load_directory(tmp_path)
    assert [d.id for d in documents] == ["bad\\xffname", "baik"]
    assert documents[0].path == str(tmp_path / "bad\\xffname.txt")
    for document in documents:
        json.dumps(dataclasses.asdict(document), ensure_ascii=False).encode("utf-8")  # storable as UTF-8


@pytest.mark.parametrize(("record", "reason"), [
    ('{"id": "", "text": "Teks."}', "'id' must be a non-empty string"),
    ('{"text": "Teks \\ud800 rusak."}', "not valid Unicode"),
    ('{"text": "Teks.", "title": "\\udcff"}', "not valid Unicode"),
])
def test_json_record_with_an_empty_id_or_lone_surrogates_is_skipped(tmp_path: Path, record: str, reason: str) -> None:
    path = write(tmp_path / "catatan.jsonl", record + '\n{"text": "Teks baik."}\n')
    with pytest.warns(CorpusLoadWarning, match=f"line 1: .*{reason}"):
        (document,) = load_file(path)
    assert document.id == "catatan-1"


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


def test_a_file_too_long_for_one_article_is_skipped_not_indexed_for_hours(tmp_path: Path) -> None:
    write(tmp_path / "baik.txt", "Berita baik.")
    write(tmp_path / "raksasa.txt", "Kalimat yang sama diulang terus. " * 40_000)  # 1.3 million characters
    write(tmp_path / "arsip.jsonl", json.dumps({"text": "Teks " * 300_000}) + '\n{"text": "Berita pendek."}\n')
    with pytest.warns(CorpusLoadWarning) as caught:
        documents = load_directory(tmp_path)
    assert [d.id for d in documents] == ["arsip-1", "baik"]
    assert sum("too long for one article" in str(w.message) for w in caught) == 2
