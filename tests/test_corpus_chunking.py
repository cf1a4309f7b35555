"""Sentence splitting and passage chunking."""

from __future__ import annotations

import json

import pytest

from corpus import BUNDLED_ARTICLES, ChunkingConfig, Document, load_directory, split_passages, split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def sentence(n: int, words: int = 20) -> str:
    """A sentence of exactly ``words`` words, distinguishable by ``n``."""
    return " ".join([f"Kalimat{n}"] + ["kata"] * (words - 2) + ["selesai."])


def word_count(text: str) -> int:
    return len(text.split())


SENTENCE_CASES = [
    (
        "Menlu AS Antony Blinken menelepon Menlu Wang Yi. Keduanya membahas PBB.",
        ["Menlu AS Antony Blinken menelepon Menlu Wang Yi.", "Keduanya membahas PBB."],
    ),
    (
        "Ia bertemu Dr. Budi dan dr. Sari di RS. Mereka berbincang.",
        ["Ia bertemu Dr. Budi dan dr. Sari di RS.", "Mereka berbincang."],
    ),
    (
        "Pidato Prof. Hasan di Jl. Merdeka No. 5 berlangsung lama.",
        ["Pidato Prof. Hasan di Jl. Merdeka No. 5 berlangsung lama."],
    ),
    (
        "Dana dikirim a.n. Budi Santoso, S.H. Kemarin.",
        ["Dana dikirim a.n. Budi Santoso, S.H. Kemarin."],
    ),
    (
        "Presiden J. Biden tiba di Kiev. Ia disambut.",
        ["Presiden J. Biden tiba di Kiev.", "Ia disambut."],
    ),
    (
        "Polisi menahan 7.939 orang. Jumlah itu naik.",
        ["Polisi menahan 7.939 orang.", "Jumlah itu naik."],
    ),
    (
        "Wang pada Senin (10/1) menelepon Lavrov. Sabtu (5/3) ia menelepon Blinken.",
        ["Wang pada Senin (10/1) menelepon Lavrov.", "Sabtu (5/3) ia menelepon Blinken."],
    ),
    (
        "Ia membeli beras, gula, dll. di pasar. Harga naik.",
        ["Ia membeli beras, gula, dll. di pasar.", "Harga naik."],
    ),
    (
        "Mereka membahas ekonomi, keamanan, dsb. Pertemuan selesai.",
        ["Mereka membahas ekonomi, keamanan, dsb.", "Pertemuan selesai."],
    ),
    (
        '"Kami siap membantu." Wang lalu menutup telepon.',
        ['"Kami siap membantu."', "Wang lalu menutup telepon."],
    ),
    (
        '"Kami siap membantu," kata Wang. "Itu janji kami."',
        ['"Kami siap membantu," kata Wang.', '"Itu janji kami."'],
    ),
    (
        "“Kita harus waspada.” Ia menambahkan hal itu.",
        ["“Kita harus waspada.”", "Ia menambahkan hal itu."],
    ),
    (
        "Apakah perang berakhir? Belum! Tentara masih siaga.",
        ["Apakah perang berakhir?", "Belum!", "Tentara masih siaga."],
    ),
    (
        "“Apa?” tanya dia.",
        ["“Apa?” tanya dia."],
    ),
    (
        "Judul tanpa titik\n\nParagraf kedua tanpa titik juga",
        ["Judul tanpa titik", "Paragraf kedua tanpa titik juga"],
    ),
    (
        "Baris satu\nmasih kalimat yang sama.",
        ["Baris satu\nmasih kalimat yang sama."],
    ),
    (
        "Pada 2022. Tahun 2023. 2024 juga.",
        ["Pada 2022.", "Tahun 2023.", "2024 juga."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_sentence_spans_are_trimmed_and_ordered() -> None:
    text = "  Satu kalimat.   Dua kalimat!\n\n\n  Tiga  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Satu kalimat.", "Dua kalimat!", "Tiga"]
    assert spans == sorted(spans)
    assert split_sentences("") == [] and split_sentences(" \n\n ") == []


def test_passages_are_sentence_aligned_bounded_and_overlapping() -> None:
    text = " ".join(sentence(i) for i in range(30))  # 600 words
    document = Document(id="doc", text=text)
    passages = split_passages(document)
    assert len(passages) >= 3
    sentence_spans = split_sentences(text)
    starts = {s for s, _ in sentence_spans}
    ends = {e for _, e in sentence_spans}
    for passage in passages:
        assert text[passage.start : passage.end] == passage.text
        assert passage.start in starts and passage.end in ends
        assert 80 <= word_count(passage.text) <= 200
    for previous, current in zip(passages, passages[1:]):
        last_sentence_start = next(s for s, e in sentence_spans if e == previous.end)
        if current is passages[-1]:  # the short tail reaches further back to reach min_words
            assert previous.start < current.start <= last_sentence_start
        else:
            assert current.start == last_sentence_start  # one sentence of overlap
    assert passages[0].start == 0 and passages[-1].end == len(text)


def test_no_overlap_when_configured() -> None:
    text = " ".join(sentence(i) for i in range(30))
    passages = split_passages(Document(id="d", text=text), ChunkingConfig(overlap_sentences=0))
    for previous, current in zip(passages, passages[1:]):
        assert current.start > previous.end
        assert text[previous.end : current.start].strip() == ""


def test_short_final_passage_is_topped_up_to_min_words() -> None:
    text = " ".join(sentence(i) for i in range(11))  # 220 words: 200 + a 40-word tail
    passages = split_passages(Document(id="d", text=text))
    assert len(passages) == 2
    assert word_count(passages[0].text) == 200
    assert word_count(passages[1].text) == 80
    assert passages[1].end == len(text)


def test_short_article_is_one_passage() -> None:
    document = Document(id="pendek", text="Satu kalimat saja.\n\nDan paragraf kedua.")
    (passage,) = split_passages(document)
    assert (passage.id, passage.index, passage.start, passage.end) == ("pendek#0", 0, 0, len(document.text))
    assert passage.text == document.text and passage.document_id == "pendek"


def test_single_huge_sentence_is_cut_at_word_boundaries() -> None:
    words = [f"kata{i}" for i in range(450)]
    text = "Awal kalimat. " + " ".join(words) + ". Akhir kalimat."
    passages = split_passages(Document(id="besar", text=text), ChunkingConfig(min_words=10, max_words=100))
    for passage in passages:
        assert text[passage.start : passage.end] == passage.text
        assert 1 <= word_count(passage.text) <= 100
        assert passage.text == passage.text.strip()
    covered = [w for passage in passages for w in passage.text.split()]
    for word in words[:-1]:
        assert word in covered
    assert all(word_count(p.text) == 100 for p in passages[1:-2])


def test_passage_ids_are_deterministic() -> None:
    documents = load_directory(BUNDLED_ARTICLES)
    first = [split_passages(d) for d in documents]
    second = [split_passages(d) for d in documents]
    assert first == second
    for document, passages in zip(documents, first):
        assert [p.id for p in passages] == [f"{document.id}#{i}" for i in range(len(passages))]
        assert [p.index for p in passages] == list(range(len(passages)))


def test_bundled_articles_passages_cover_every_sentence() -> None:
    for document in load_directory(BUNDLED_ARTICLES):
        passages = split_passages(document)
        for passage in passages:
            assert document.text[passage.start : passage.end] == passage.text
            assert word_count(passage.text) <= 200
        for start, end in split_sentences(document.text):
            assert any(p.start <= start and end <= p.end for p in passages)


def test_empty_document_has_no_passages() -> None:
    assert split_passages(Document(id="kosong", text="")) == []


def test_config_round_trips_through_json() -> None:
    config = ChunkingConfig(min_words=50, max_words=120, overlap_sentences=2)
    assert ChunkingConfig.from_dict(json.loads(json.dumps(config.to_dict()))) == config
    assert ChunkingConfig.from_dict({}) == ChunkingConfig()
    assert ChunkingConfig().to_dict() == {"min_words": 80, "max_words": 200, "overlap_sentences": 1}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"chunk_size": 100}, ValueError),
        ({"min_words": 0}, ValueError),
        ({"min_words": 100, "max_words": 50}, ValueError),
        ({"overlap_sentences": -1}, ValueError),
        ({"max_words": "200"}, TypeError),
    ],
)
def test_invalid_config_is_rejected(data: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        ChunkingConfig.from_dict(data)
