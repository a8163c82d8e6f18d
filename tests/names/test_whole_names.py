"""Whole-name behaviour a user notices: namesakes, female forms, noise around the name."""

from memoria.names import NameIndex, name_keys, similarity

PEOPLE = {
    1: "Қойшыбаев Әбділла Серікұлы",
    2: "Қойшыбаева Әсел",
    3: "Қойшыбаев Серік",
    4: "Ахметов Абай",
    5: "Ахметова Айгүл Нұрланқызы",
    6: "Иванов Иван Иванович",
    7: "Ivanova Anna",
}


def _index():
    idx = NameIndex()
    for pid, name in PEOPLE.items():
        idx.add(pid, name)
    return idx


def test_full_name_beats_namesakes_sharing_the_surname():
    idx = _index()
    assert idx.search("Abdilla Koishybayev")[0][0] == 1
    assert idx.search("Serik Koishybayev")[0][0] == 3
    assert idx.search("Assel Koishybayeva")[0][0] == 2


def test_kazakh_patronymic_written_apart_or_joined():
    idx = _index()
    assert idx.search("Koishybayev Abdilla Serik uly")[0][0] == 1
    assert idx.search("Қойшыбаев Әбділла Серік ұлы")[0][0] == 1
    assert idx.search("Akhmetova Aigul Nurlankyzy")[0][0] == 5


def test_russian_name_in_english_and_german():
    idx = _index()
    assert idx.search("Ivan Ivanovich Ivanov")[0][0] == 6
    assert idx.search("Iwanow Iwan Iwanowitsch")[0][0] == 6
    assert idx.search("Иванова Анна")[0][0] == 7


def test_noise_around_a_name_is_ignored():
    idx = _index()
    assert idx.search("  Қойшыбаев 🎖 Әбділла (1915–1943) ")[0][0] == 1
    assert idx.search("\u200fAhmetov, Abai\u200e")[0][0] == 4


def test_same_name_scores_higher_than_a_different_one():
    assert similarity("Қойшыбаев Әбділла", "Koishybayev Abdilla") > similarity(
        "Қойшыбаев Әбділла", "Koishybayev Serik")
    assert similarity("Ахметов Абай", "Akhmetov Abai") > 0.9
    assert similarity("Ахметов Абай", "Ivanov Ivan") < 0.6


def test_keys_per_name_stay_modest():
    for name in ("Қойшыбаев Әбділла Серікұлы", "Koischibajew Abdilla Gabitowitsch",
                 "Nurmagambetov Shaimerden Gabituly"):
        assert len(name_keys(name)) <= 40
