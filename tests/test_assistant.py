"""The Python API end to end on the bundled articles: real encoder, real reader, real index."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from corpus import BUNDLED_ARTICLES, Document, document_from_text
from embeddings import IndexMismatchError, build_index
from qa import Assistant, EmptyQuestionError, Settings
from qa.answer_check import features
from qa.assistant import MAX_QUESTION_CHARS, index_dir_for

PM_QUESTION = "Siapa Perdana Menteri Kazakhstan yang berbicara dengan Wang Yi?"
BLINKEN = "004_60f4ac8eb20885d3"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The articles behind :func:`assistant`, shared by this module's tests: only read, never changed (a test that
    changes articles or the index takes its own copy, ``articles``)."""
    target = tmp_path_factory.mktemp("assistant") / "articles"
    shutil.copytree(BUNDLED_ARTICLES, target)
    return target


@pytest.fixture(scope="module")
def assistant(folder: Path, settings: Settings) -> Assistant:
    return Assistant.from_directory(folder, settings=settings)


def _live_version(folder: Path, settings: Settings) -> str:
    return (index_dir_for(folder, settings) / "CURRENT").read_text()


def test_answer_is_copied_from_the_right_article(assistant: Assistant) -> None:
    answer = assistant.ask(PM_QUESTION)
    assert answer.found
    assert "Tileuberdi" in answer.text
    assert answer.document_id == "002_af91a0d982ffc927"
    assert answer.article.publisher == "ANTARA"
    assert answer.passage[answer.start:answer.end] == answer.text
    assert answer.text in answer.sentence
    assert answer.passage[answer.sentence_start:answer.sentence_end] == answer.sentence
    assert 0.0 <= answer.score <= 1.0
    assert answer.evidence and answer.evidence[0].article.document_id == answer.document_id


def test_metadata_of_the_source_is_returned(assistant: Assistant) -> None:
    answer = assistant.ask("Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?")
    assert answer.found and "Patrushev" in answer.text
    assert answer.document_id == "003_cdbb94ee7956bff6"
    assert answer.article.publisher == "GALAMEDIANEWS"
    assert answer.article.date == "22 Februari 2023, 20:08 WIB"
    assert answer.article.title.startswith("Diplomat Tinggi China")


def test_alternatives_are_other_answers(assistant: Assistant) -> None:
    answer = assistant.ask("Menurut Wang Yi, bagaimana krisis di Ukraina bisa diatasi?")
    assert answer.found and answer.alternatives
    assert all(alt.text != answer.text for alt in answer.alternatives)
    assert all(alt.text in alt.sentence and alt.score <= answer.score for alt in answer.alternatives)
    shown = answer.to_dict()["alternatives"]
    assert shown and all("passage" not in alt and "question" not in alt and "found" not in alt for alt in shown)


@pytest.mark.parametrize("question", [
    "Apa yang dikatakan Wang Yi tentang Kazakhstan?",
    "Apa kata Wang kepada Blinken tentang krisis di Ukraina?",
])
def test_what_someone_said_is_answered_with_their_words(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.found and len(answer.text.split()) >= 5  # a statement, not a name
    assert answer.text in answer.sentence
    # attributed to Wang: in the sentence, or right after a quotation that opens it ("…," kata Wang)
    rest_of_paragraph = answer.passage[answer.sentence_end:].split("\n")[0]
    assert "Wang" in answer.sentence or (answer.sentence.startswith(('"', "“")) and "Wang" in rest_of_paragraph)


def test_alternatives_never_restate_the_answer(assistant: Assistant) -> None:
    answer = assistant.ask("Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?")
    assert answer.text == "Nikolai Patrushev"  # the reader's spans also hold "Patrushev" (0.21), from another passage
    assert all("Patrushev" not in alt.text for alt in answer.alternatives)


@pytest.mark.parametrize("question", [
    "Berapa harga cabai rawit di Pasar Induk Surabaya hari ini?",
    "Siapa pemenang Piala Dunia 2018?",  # retrieval still finds passages that name a president
])
def test_unanswerable_question_abstains(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert not answer.found
    assert answer.text == "" and answer.document_id is None
    assert answer.evidence  # the closest passages are still shown
    assert all("found" not in alt for alt in answer.to_dict()["alternatives"])  # candidates, none given


def test_follow_up_uses_the_conversation(assistant: Assistant) -> None:
    first = "Apa kata Wang kepada Blinken tentang krisis di Ukraina?"
    [alone] = assistant.retrieve("Kapan itu terjadi?", top_k=1)
    [followed] = assistant.retrieve("Kapan itu terjadi?", top_k=1, history=[first])
    assert alone.passage.document_id != BLINKEN  # the question alone does not lead to the article...
    assert followed.passage.document_id == BLINKEN  # ...the conversation does
    assert assistant.ask("Kapan itu terjadi?", history=[first]).document_id == BLINKEN


@pytest.mark.parametrize("question", ["", "   \n\t "])
def test_empty_questions_are_rejected(assistant: Assistant, question: str) -> None:
    with pytest.raises(EmptyQuestionError):
        assistant.ask(question)


def test_huge_questions_are_cut_with_a_warning(assistant: Assistant) -> None:
    question = PM_QUESTION + " " + "kata " * 400
    with pytest.warns(UserWarning, match="first 1000"):
        answer = assistant.ask(question)
    assert len(answer.question) <= MAX_QUESTION_CHARS


def test_the_index_is_cached_and_follows_the_folder(articles: Path, settings: Settings) -> None:
    Assistant.from_directory(articles, dataclasses.replace(settings, reader_kind="sentence"))
    version = _live_version(articles, settings)
    Assistant.from_directory(articles, dataclasses.replace(settings, reader_kind="sentence"))
    assert _live_version(articles, settings) == version  # nothing changed, nothing rewritten

    (articles / "005_pemilu.txt").write_text(
        "Komisi Pemilihan Umum menetapkan tanggal 14 Februari 2024 sebagai hari pemungutan suara.\n",
        encoding="utf-8",
    )
    updated = Assistant.from_directory(articles, settings=settings)
    assert _live_version(articles, settings) != version
    assert "005_pemilu" in updated.index.documents
    answer = updated.ask("Kapan hari pemungutan suara ditetapkan?")
    assert answer.document_id == "005_pemilu" and "14 Februari 2024" in answer.text


def test_added_articles_are_answerable_and_survive_a_restart(articles: Path, settings: Settings) -> None:
    assistant = Assistant.from_directory(articles, settings=settings)
    article = document_from_text("unggahan-1", "Gubernur Bali meresmikan Bandara Buleleng pada hari Rabu.")
    assert assistant.add_documents([article]) == 1
    answer = assistant.ask("Siapa yang meresmikan Bandara Buleleng?")
    assert answer.document_id == "unggahan-1" and "Gubernur Bali" in answer.text

    restarted = Assistant.from_directory(articles, settings=settings)
    assert "unggahan-1" in restarted.index.documents
    restarted.remove_document("unggahan-1")
    assert "unggahan-1" not in Assistant.from_directory(articles, settings=settings).index.documents
    with pytest.raises(KeyError):
        restarted.remove_document("unggahan-1")


def test_an_index_of_another_encoder_is_refused(folder: Path, settings: Settings, assistant: Assistant,
                                               tmp_path: Path) -> None:
    model = assistant.encoder.model_dir
    other = tmp_path / "other-encoder"
    shutil.copytree(model, other, copy_function=os.link, dirs_exist_ok=True)
    config = other / "config.json"
    text = config.read_text()
    config.unlink()  # a hard link: write a new file rather than change the shared one
    config.write_text(text.replace("{", '{"tanya_variant": "other",', 1))
    with pytest.raises(IndexMismatchError, match="rebuild the index"):
        Assistant.from_index(index_dir_for(folder, settings), Settings(cache_dir=settings.cache_dir, encoder=str(other)))


def test_uploaded_articles_survive_a_rebuild_of_a_damaged_index(articles: Path, settings: Settings) -> None:
    assistant = Assistant.from_directory(articles, dataclasses.replace(settings, reader_kind="sentence"))
    upload = document_from_text("unggahan-2", "Wali Kota Medan membuka Festival Danau Toba pada hari Sabtu.")
    assistant.add_documents([upload])
    index_dir = index_dir_for(articles, settings)

    def damage() -> None:
        (index_dir / (index_dir / "CURRENT").read_text() / "passages.jsonl").write_text("rusak\n")

    damage()
    rebuilt = Assistant.from_directory(articles, dataclasses.replace(settings, reader_kind="sentence"))
    assert rebuilt.index.documents["unggahan-2"] == upload
    assert len(rebuilt.index.documents) == 6

    rebuilt.remove_document("unggahan-2")
    damage()
    assert "unggahan-2" not in Assistant.from_directory(articles, dataclasses.replace(settings, reader_kind="sentence")).index.documents


@pytest.mark.parametrize(("fields", "error"), [
    ({"id": 7}, TypeError),
    ({"id": None}, TypeError),
    ({"id": ""}, ValueError),
    ({"text": None}, TypeError),
    ({"title": 2023}, TypeError),
])
def test_a_document_is_checked_when_made(fields: dict, error: type) -> None:
    with pytest.raises(error, match=next(iter(fields))):
        Document(**{"id": "berita", "text": "Teks berita.", **fields})


@pytest.mark.parametrize(("articles", "error", "message"), [
    ([{"id": "x", "text": "Teks berita."}], TypeError, "Document"),
    (Document(id="satu", text="Teks berita."), TypeError, "sequence"),
    ("berita", TypeError, "sequence"),
    ([Document(id="kosong", text="")], ValueError, "'kosong' has no text"),
    ([Document(id="spasi", text=" \n\n ")], ValueError, "'spasi' has no text"),
])
def test_bad_articles_are_refused_before_anything_is_saved(
    folder: Path, settings: Settings, assistant: Assistant, articles, error: type, message: str
) -> None:
    version = _live_version(folder, settings)
    before = set(assistant.index.documents)
    with pytest.raises(error, match=message):
        assistant.add_documents(articles)
    assert _live_version(folder, settings) == version
    assert set(assistant.index.documents) == before


def test_uploads_indexed_before_the_upload_store_existed_are_moved_into_it(articles: Path, settings: Settings) -> None:
    assistant = Assistant.from_directory(articles, dataclasses.replace(settings, reader_kind="sentence"))
    assistant.add_documents([document_from_text("lama", "Bupati Sleman meresmikan pasar rakyat pada hari Kamis.")])
    index_dir = index_dir_for(articles, settings)
    shutil.rmtree(index_dir / "uploads")  # as an index saved by an older version holds it

    Assistant.from_directory(articles, dataclasses.replace(settings, reader_kind="sentence"))
    (index_dir / (index_dir / "CURRENT").read_text() / "vectors.npy").write_bytes(b"rusak")
    assert "lama" in Assistant.from_directory(articles, dataclasses.replace(settings, reader_kind="sentence")).index.documents


def test_a_follow_up_reads_the_sentences_about_the_topic_of_the_conversation(assistant: Assistant) -> None:
    # "Kapan itu terjadi?" alone shares no word with the article: the sentences read are chosen with the topic
    history = ["Siapa Menlu Amerika Serikat yang bertelepon dengan Wang Yi?",
               "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?"]
    answer = assistant.ask("Kapan itu terjadi?", history=history)
    assert answer.found and "Februari" in answer.text, answer


def test_a_completed_follow_up_says_how_it_was_understood(assistant: Assistant) -> None:
    topic = "Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?"
    answer = assistant.ask("Kapan itu terjadi?", history=[topic])
    assert answer.understood_as == f"Kapan itu terjadi? (tentang: {topic})"
    assert answer.to_dict()["understood_as"] == answer.understood_as
    assert assistant.ask(topic).understood_as is None  # a standalone question shows nothing extra
    # the article (published 22 February 2023) says "Selasa 21 Februari 2023": its date, spelled out
    assert answer.found and answer.date_meaning is not None, answer
    assert answer.date_meaning.value == "2023-02-21" and answer.date_meaning.phrase in answer.text


def test_a_lower_case_question_after_another_is_not_taken_for_a_follow_up(assistant: Assistant) -> None:
    history = ["Siapa kepala keamanan Rusia yang ditemui Wang Yi di Moskow?"]
    answer = assistant.ask("siapa mentri luar negri amerika yg telpon wang yi", history=history)
    assert answer.understood_as is None
    assert answer.found and "Blinken" in answer.text and answer.document_id == "004_60f4ac8eb20885d3", answer


def test_a_relative_date_in_an_answer_gets_the_date_it_means(encoder, reader) -> None:
    article = document_from_text(
        "telepon", "Menteri Luar Negeri China Wang Yi menelepon Menteri Luar Negeri Rusia Sergei Lavrov pada "
        "Senin (10/1) untuk membahas situasi di Kazakhstan. Keduanya sepakat menentang campur tangan asing.",
        date="12 Januari 2022, 18:09 WIB")
    answer = Assistant(build_index([article], encoder), encoder, reader).ask("Kapan Wang Yi menelepon Lavrov?")
    assert answer.found and "(10/1)" in answer.text, answer
    assert answer.passage[answer.start:answer.end] == answer.text  # the copied span stays as it is
    assert answer.date_meaning.shown == "Senin, 10 Januari 2022" and answer.date_meaning.value == "2022-01-10"
    assert answer.to_dict()["date_meaning"]["shown"] == "Senin, 10 Januari 2022"


def test_a_date_is_answered_with_its_weekday(assistant: Assistant) -> None:
    answer = assistant.ask("Kapan Wang Yi menelepon Lavrov untuk membahas Kazakhstan?")
    assert answer.found and answer.text == "Senin (10/1)", answer
    assert answer.passage[answer.start:answer.end] == answer.text


def test_an_answer_several_passages_give_is_supported_by_the_others(assistant: Assistant) -> None:
    question = "Organisasi apa yang mengirim pasukan penjaga perdamaian ke Kazakhstan dengan dukungan China?"
    found = {answer.text: candidate for answer, candidate in assistant.candidates(question, assistant.retrieve(question))}
    # the reader proposes the name in two articles, with different brackets after it as CPUs round differently:
    # "… Kolektif", "… Kolektif (CSTO)", "… Kolektif (Collective Security Treaty Organization/CSTO)"
    names = [text for text in found if text.startswith("Organisasi Perjanjian Keamanan Kolektif")]
    assert len(names) >= 2, list(found)
    for name in names:
        assert found[name].support >= sum(found[other].reader_score for other in names if other != name) - 1e-9
    # a one-word piece of the long name ("CSTO)") is too short to support it or be supported
    assert all(candidate.support == 0 for text, candidate in found.items() if "Organisasi Perjanjian" not in text)


def test_a_bare_number_priced_in_dollars_does_not_fit_a_weight_question(encoder, reader) -> None:
    article = document_from_text(
        "leica", "Leica bakal memasarkan kamera CL mulai akhir November ini seharga $ 2.795 untuk bodinya saja. "
        "Kamera itu memakai sensor APS-C dan layar sentuh tiga inci.")
    assistant = Assistant(build_index([article], encoder), encoder, reader)
    question = "Berapa berat bodi kamera Leica CL?"
    found = [(answer, candidate) for answer, candidate in assistant.candidates(question, assistant.retrieve(question))
             if "2.795" in answer.text]
    assert found, "the reader proposes the price"
    for answer, candidate in found:
        assert "$" in answer.text or candidate.neighbours[0] == "$", (answer.text, candidate.neighbours)
        assert features(question, candidate)["misfit"] == 1.0, answer.text


@pytest.mark.parametrize(("question", "name", "document_id"), [
    ("Siapa editor berita ANTARA tentang percakapan Wang Yi dengan Tileuberdi?", "Atman Ahdiat", "002_af91a0d982ffc927"),
    ("siapa yg nerjemahin berita antara soal wang yi telpon pm kazakhstan", "Juwita Trisna Rahayu",
     "002_af91a0d982ffc927"),
    ("Siapa yang memotret pesawat angkut Rusia di lapangan terbang Chkalovsky?", "Evgeny Odinokov",
     "001_2dbeae1d53397d63"),
    ("Pukul berapa berita Zona Priangan soal dukungan China atas pengiriman pasukan ke Kazakhstan diterbitkan?",
     "18:09 WIB", "001_2dbeae1d53397d63"),
    ("Dari media mana Zona Priangan mengutip bahwa Beijing mendukung pengiriman pasukan Moskow?", "RT.com",
     "001_2dbeae1d53397d63"),
    ("Kantor berita asing mana yang menjadi sumber berita ANTARA soal telepon Wang Yi dengan Tileuberdi?", "Reuters",
     "002_af91a0d982ffc927"),
    ("Media mana yang menerbitkan berita telepon kedua Wang Yi dengan Blinken soal Ukraina?", "ANTARA News Bengkulu",
     "004_60f4ac8eb20885d3"),
])
def test_who_made_an_article_and_when_it_appeared_is_answered_from_its_credits(
        assistant: Assistant, question: str, name: str, document_id: str) -> None:
    answer = assistant.ask(question)
    assert (answer.text, answer.document_id) == (name, document_id)
    assert answer.passage[answer.start:answer.end] == name and name in answer.sentence


def test_a_credit_the_article_asked_about_does_not_print_is_not_taken_from_another(assistant: Assistant) -> None:
    answer = assistant.ask("siapa editor berita antara bengkulu soal telpon wang yi dan blinken")
    assert answer.text != "Atman Ahdiat"  # the editor of ANTARA's other article, not of ANTARA News Bengkulu's


def test_a_question_about_a_photo_is_read_in_its_caption(assistant: Assistant) -> None:
    answer = assistant.ask("Di lapangan terbang mana pesawat Il-76 Kementerian Pertahanan Rusia dalam foto berita itu "
                           "berada?")
    assert answer.document_id == "001_2dbeae1d53397d63" and "Chkalovsky" in answer.text
    assert answer.passage.endswith("/Sputnik /Evgeny Odinokov")  # the caption, as printed
    assert answer.passage[answer.start:answer.end] == answer.text


def test_of_a_speaker_s_quotes_the_one_about_the_asked_topic_is_the_answer(assistant: Assistant) -> None:
    answer = assistant.ask("Apa kata Patrushev tentang negara-negara berkembang?")
    assert answer.found and answer.document_id == "003_cdbb94ee7956bff6"
    assert answer.text.endswith("dengan mengorbankan negara-negara berkembang")


def test_a_fact_only_a_linked_headline_reports_is_answered_from_it(assistant: Assistant) -> None:
    # the headline is read because the question's Kazakhstan brings its article among the retrieved ones
    answer = assistant.ask("Siapa yang menyebut Kazakhstan telah melewati upaya kudeta?")
    assert (answer.found, answer.text, answer.document_id) == (True, "Presiden Kazakhstan", "002_af91a0d982ffc927")
    assert answer.sentence == "Baca juga: Presiden Kazakhstan: Kami telah melewati upaya kudeta"
    assert answer.passage[answer.start:answer.end] == answer.text


def test_a_question_in_chat_spelling_is_read_as_the_news_spell_it(assistant: Assistant) -> None:
    typed = "siapa mentri luar negri china yg telponan sama blinken"
    answer = assistant.ask(typed)
    standard = assistant.ask("siapa menteri luar negeri china yang bertelepon sama blinken")
    assert (answer.text, answer.score, answer.document_id) == (standard.text, standard.score, standard.document_id)
    assert answer.question == typed  # the answer keeps the question as it was typed
