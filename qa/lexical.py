"""Indonesian word-level helpers shared by BM25 and the sentence reader."""

from __future__ import annotations

import re
from functools import lru_cache

# Function words and question words that carry no topic in Indonesian questions.
INDONESIAN_STOPWORDS = frozenset(
    "ada adalah agar akan aku anda apa apakah atas atau bagaimana bagi bahwa beberapa begitu belum berapa "
    "bisa bukan dalam dan dapat dari demikian dengan di dia ia ini itu jika juga kalau kami kamu kapan "
    "karena ke kenapa kepada kita lagi lain lalu maka mana masih mereka mengapa meski namun oleh pada para "
    "saat saja sangat sebagai sebuah secara sedang sejak seorang seperti serta setelah siapa sudah supaya "
    "tak tanpa telah tentang tersebut tetapi tidak untuk yaitu yakni yang".split()
)
_WORD = re.compile(r"\w\w+", re.UNICODE)


@lru_cache(maxsize=1)
def indonesian_stemmer():
    """The Snowball Indonesian stemmer (PyStemmer), created once."""
    import Stemmer

    return Stemmer.Stemmer("indonesian")


def content_terms(text: str) -> set[str]:
    """Stemmed, lower-cased words of ``text`` without stopwords."""
    words = [w for w in _WORD.findall(text.lower()) if w not in INDONESIAN_STOPWORDS]
    return set(indonesian_stemmer().stemWords(words))
