import pytest

from qa.spelling import in_standard_spelling


@pytest.mark.parametrize(
    ("typed", "standard"),
    [
        ("siapa pm inggris yg telponan sama biden", "siapa perdana menteri inggris yang bertelepon sama biden"),
        ("siapa mentri luar negri amerika yg telpon wang yi", "siapa menteri luar negeri amerika yang telepon wang yi"),
        ("apa yg terjadi sama gedung2 pemerintahan", "apa yang terjadi sama gedung-gedung pemerintahan"),
        ("beda umur baim wong sama vebby palwinta brp tahun", "beda umur baim wong sama vebby palwinta berapa tahun"),
        ("dmn kpn?", "di mana kapan?"),
    ],
)
def test_chat_spellings_are_written_out(typed, standard):
    assert in_standard_spelling(typed) == standard


@pytest.mark.parametrize(
    "question",
    [
        "Siapa PM Inggris?",  # the news' own abbreviation, in capitals, stays
        "Apa kata dr Ilham Patu?",  # "dr" is a doctor's title as often as "dari"
        "Berapa kendaraan G20 yang dikerahkan?",  # a digit in a name is no repetition
        "Siapa Menteri Luar Negeri Rusia?",
    ],
)
def test_standard_and_capitalised_words_stay(question):
    assert in_standard_spelling(question) == question
