"""Full-text search reads "quoted phrases" and -excluded words, on SQLite and PostgreSQL alike."""

import re

import pytest

from memoria.search.normalize import parse
from tests.search.test_fulltext import links, search, total

pytestmark = pytest.mark.django_db


def test_a_quoted_phrase_must_occur_whole_and_in_order(client, demo):
    in_order = search(client, "en", q='"Charles de Gaulle"')
    assert total(in_order) >= 1
    assert "<mark>Charles</mark> <mark>de</mark> <mark>Gaulle</mark>" in in_order
    assert total(search(client, "en", q='"Gaulle de Charles"')) == 0
    assert total(search(client, "en", q="Gaulle de Charles")) == total(in_order)  # as words: any order


def test_a_phrase_in_typographic_quotes_as_kazakh_and_russian_write_them(client, demo):
    typographic = search(client, "kk", q="«Шарль де Голльдің жұбайымен»")
    assert links(typographic) == links(search(client, "kk", q='"Шарль де Голльдің жұбайымен"'))
    assert links(typographic)  # (the status line is in Kazakh: count the links)
    assert links(search(client, "ru", q="„генерала Шарля де Голля“"))


def test_a_minus_excludes_a_word_and_a_phrase(client, demo):
    everything = total(search(client, "en", q="partisans"))
    with_toulouse = total(search(client, "en", q="partisans Toulouse"))
    without = total(search(client, "en", q="partisans -Toulouse"))
    assert 0 < with_toulouse < everything
    assert without == everything - with_toulouse  # exactly the others
    phrase = total(search(client, "en", q='partisans "liberated Toulouse"'))
    assert 0 < phrase and total(search(client, "en", q='partisans -"liberated Toulouse"')) == everything - phrase


def test_a_query_of_exclusions_alone_lists_every_other_record(client, demo):
    def count(html):
        return int(re.search(r'role="status">(\d+) results?', html).group(1))

    every = count(search(client, "en", type="item"))
    radio = count(search(client, "en", q="radio", type="item"))
    assert 0 < radio < every
    assert count(search(client, "en", q="-radio", type="item")) == every - radio


def test_hyphenated_words_and_a_lone_minus_are_words_not_operators():
    assert parse("Jean-Pierre").words == ("jean", "pierre")
    assert parse("a - b").words == ("a", "b")
    assert parse('radio -"field telephone" «В лесах Франции»').excluded == (("field", "telephone"),)
