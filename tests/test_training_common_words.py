"""The list of common words: what the archive writes in lower case inside its sentences."""

from __future__ import annotations

from corpus import ARCHIVE_ARTICLES
from corpus.loading import ArticleFolder
from qa.answer_types import common_words as shipped
from qa.training.common_words import common_words


def test_a_word_is_common_when_written_in_lower_case_inside_sentences():
    texts = ["Polisi datang. Kata polisi, pelaku kabur. Warga memanggil polisi dan Polisi Resor Kediri."
             " Jokowi hadir. Kata Jokowi, polisi bekerja baik."]
    words = common_words(texts)
    assert "polisi" in words  # 3 times in lower case inside a sentence, once capitalised there
    assert "jokowi" not in words and "Jokowi" not in words  # capitalised wherever it stands
    assert "datang" not in words  # once: too rare to tell
    assert words == sorted(words)


def test_the_shipped_list_is_the_one_the_archive_gives():
    """Fails when the cleaner or the rule changed and ``tanya common-words`` was not run again."""
    words = common_words(document.text for document in ArticleFolder(ARCHIVE_ARTICLES))
    assert len(words) > 5000 and frozenset(words) == shipped()
