"""Follow-up questions: borrow the topic of the conversation when a question needs it.

A question is a follow-up when it names nothing of its own (only question words, stop words and
generic words such as "terjadi" or "dikatakan"), or when it refers back ("itu", "dia", "katanya",
"Lalu …?") and names at most :data:`MAX_OWN_WORDS_OF_A_FOLLOW_UP` words of its own. Capital letters
play no part: people type "siapa mentri luar negri amerika yg telpon wang yi". The word lists are
checked on the labelled questions of ``tests/data/follow_up_questions.json``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_OWN_WORDS_OF_A_FOLLOW_UP = 2
"""A question that refers back and names more words of its own than this is about them ("Apa yang
dikatakan Wang Yi kepada Blinken di telepon itu?"), not about the conversation's topic."""

QUESTION_WORDS = frozenset(
    "apa apakah apaan siapa siapakah kapan kapankah mengapa kenapa bagaimana bagaimanakah berapa berapakah "
    "mana manakah dimana dimanakah kemana darimana seberapa bisakah dapatkah benarkah adakah "
    # informal spellings
    "ap apa2 sp spa sapa syp kpn kapn knp np ngapain gmn gmana gimana bgmn bgm dmn dmna dmana brp brapa".split()
)
# Words that point back to something said earlier ("Kapan itu terjadi?", "Siapa dia?", "Siapa lagi?").
REFERRING_WORDS = frozenset(
    "itu tersebut tsb dia ia dy beliau mereka begitu gitu demikian sana situ lagi".split()
)
# Words that open a follow-up by linking it to the previous question ("Lalu Blinken?", "Kalau Rusia?"),
# and the openings of two words that do ("Bagaimana dengan Rusia?").
CONNECTIVES = frozenset("lalu terus trus kemudian lantas kalau kalo klo kl dan selain".split())
CONNECTIVE_PAIRS = frozenset(
    (how, with_) for how in "bagaimana gimana gmn bgmn".split() for with_ in ("dengan", "dgn", "sama")
)
# Words ending in -nya that do not refer back.
NYA_EXCEPTIONS = frozenset(
    "hanya punya tanya bertanya sebenarnya biasanya akhirnya selanjutnya lainnya seharusnya sesungguhnya "
    "semuanya kira-kiranya tepatnya awalnya misalnya contohnya khususnya umumnya rupanya tampaknya nampaknya "
    "sayangnya pertamanya berikutnya sebelumnya".split()
)
STOP_WORDS = frozenset(
    "yang yg di ke dari dr dan atau dengan dgn dg untuk utk buat pada oleh dalam sebagai soal tentang ttg "
    "terhadap kepada kpd bagi akan sudah udah udh sdh telah sedang masih juga jg juga saja aja sj pun lah kah "
    "tah ada adalah ialah merupakan ini tidak tdk gak ga nggak enggak bukan belum sangat lebih paling sekali "
    "saat ketika waktu setelah stlh sesudah sebelum sejak hingga sampai antara serta tetapi tapi namun karena "
    "krn sehingga agar supaya jika bila apabila maka pula para sang si sebuah seorang suatu satu hal cara "
    "itu nya kok sih dong ya yah nah tuh deh kan aku saya kamu anda kita kami gw gue pertama kali dulu "
    "tadi sekarang nanti harus bisa dapat boleh mau ingin".split()
) | QUESTION_WORDS | REFERRING_WORDS | CONNECTIVES | NYA_EXCEPTIONS
GENERIC_WORDS = frozenset(
    # verbs that say nothing about the topic
    "terjadi kejadian dikatakan mengatakan berkata kata bilang dibilang ngomong bicara berbicara dibicarakan "
    "membicarakan membahas dibahas dilakukan melakukan lakukan berlangsung dilangsungkan diadakan digelar "
    "menggelar disebut menyebut dimaksud maksud menurut "
    # nouns that only say what kind of answer is wanted
    "tanggapan reaksi pendapat alasan penyebab sebab hasil isi tujuan akibat dampak tanggal tgl hari pukul jam "
    "tahun bulan pekan minggu tempat lokasi kota negara orang jumlah banyak lama".split()
)
_NOT_OWN = STOP_WORDS | GENERIC_WORDS
_WORD = re.compile(r"[\w'-]+", re.UNICODE)


def is_follow_up(question: str) -> bool:
    """True when ``question`` names nothing of its own, or refers back and names little of its own."""
    words = _WORD.findall(question.lower())
    own = [w for w in words if w not in _NOT_OWN and _stem(w) not in _NOT_OWN]
    opens_as_follow_up = bool(words) and words[0] in CONNECTIVES or tuple(words[:2]) in CONNECTIVE_PAIRS
    refers_back = opens_as_follow_up or any(_refers_back(words, i) for i in range(len(words)))
    return not own or (refers_back and len(own) <= MAX_OWN_WORDS_OF_A_FOLLOW_UP)


def borrowed_topic(question: str, history: Sequence[str]) -> str | None:
    """The question of ``history`` (oldest first) whose topic a follow-up ``question`` borrows: the
    last one that is not a follow-up itself; None for a question that is not a follow-up."""
    if not is_follow_up(question):
        return None
    return next((q for q in reversed(history) if not is_follow_up(q)), None)


def retrieval_query(question: str, history: Sequence[str]) -> str:
    """The text to retrieve with: the question, preceded by the topic it borrows if it is a follow-up."""
    topic = borrowed_topic(question, history)
    return f"{topic} {question}" if topic else question


def understood_as(question: str, history: Sequence[str]) -> str | None:
    """The follow-up ``question`` as understood, e.g. "Kapan itu terjadi? (tentang: Siapa Menlu AS yang
    bertelepon dengan Wang Yi?)"; None when it was not completed from the conversation."""
    topic = borrowed_topic(question, history)
    return f"{question} (tentang: {topic})" if topic else None


def _stem(word: str) -> str:
    """``word`` without a referring "-nya" ("presidennya" → "presiden")."""
    return word[:-3] if _refers_by_nya(word) else word


def _refers_by_nya(word: str) -> bool:
    return word.endswith("nya") and len(word) > 5 and word not in NYA_EXCEPTIONS


def _refers_back(words: Sequence[str], position: int) -> bool:
    """Whether ``words[position]`` points back; not "itu" as a copula ("Apa itu CSTO?")."""
    word = words[position]
    if word == "itu" and 0 < position < len(words) - 1 and words[position - 1] in QUESTION_WORDS:
        return words[position + 1] in _NOT_OWN
    return word in REFERRING_WORDS or _refers_by_nya(word)
