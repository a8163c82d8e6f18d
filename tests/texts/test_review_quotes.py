"""The sentence a citation quotes: initials and abbreviations end no sentence, a line break does.
The texts are synthetic."""

from memoria.texts.quotes import quote_for, quote_for_both, sentence_at


def quoted(text, words):
    start = text.index(words)
    begin, end = sentence_at(text, start, start + len(words))
    return text[begin:end]


def test_an_initial_does_not_end_the_sentence():
    text = "The letter came in 1944. T. Person kept it at home. Nothing else is known."
    assert quoted(text, "Person") == "T. Person kept it at home."


def test_abbreviations_in_four_languages_do_not_end_it():
    assert quoted("Пришло письмо. Его написал ген. Тестов в г. Тестовске. Конец.", "Тестовске") == \
        "Его написал ген. Тестов в г. Тестовске."
    assert quoted("Une lettre. M. Test l’a écrite à Testville. Fin.", "Testville") == "M. Test l’a écrite à Testville."
    assert quoted("Хат келді. Оны Тестов 1944 ж. жазды. Соңы.", "Тестов") == "Оны Тестов 1944 ж. жазды."


def test_a_line_break_ends_a_title_without_a_full_stop():
    text = "Test headline about Testville\nThe body of the test article."
    assert quoted(text, "Testville") == "Test headline about Testville"


def test_the_quote_carries_its_offsets_in_the_full_text():
    text = "First test sentence. Test Person lived in Testville! Last one?"
    start = text.index("Testville")
    quote = quote_for(text, [[start, start + 9]])
    assert quote == {"quote": "Test Person lived in Testville!", "quote_start": 21, "quote_end": 52}
    assert text[quote["quote_start"]:quote["quote_end"]] == quote["quote"]


def test_a_relation_quotes_the_sentence_naming_both():
    text = "Test Person was born in 1920. Later Test Person served in the 1st Test Regiment."
    person = [[0, 11], [36, 47]]
    unit = [[text.index("1st Test Regiment"), len(text) - 1]]
    assert quote_for_both(text, person, unit)["quote"] == "Later Test Person served in the 1st Test Regiment."
