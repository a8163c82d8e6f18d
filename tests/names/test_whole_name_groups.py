"""whole_name_groups: what the database search asks first — every token of the name, whatever its spelling."""

import pytest

from memoria.names import InvalidName, name_keys, whole_name_groups

SPELLINGS = ["Abibulla Koishybayev", "Қойшыбаев Абибулла", "Койшибаев Абибулла", "koishybaev abibulla",
             "Koischibajew Abibulla"]


@pytest.mark.parametrize("query", SPELLINGS)
@pytest.mark.parametrize("other", SPELLINGS)
def test_other_spellings_of_the_whole_name_hold_a_key_of_every_group(query, other):
    keys = set(name_keys(other))
    assert all(keys & set(group) for group in whole_name_groups(query))


def test_an_initial_is_carried_by_the_pair_keys():
    groups = whole_name_groups("A. Koishybayev")
    assert len(groups) == 2
    assert set(name_keys("Koishybayev Abdilla")) & set(groups[1])  # another name starting with A
    assert not set(name_keys("Koishybayev Bolat")) & set(groups[1])


def test_one_token_gives_no_groups_and_no_name_raises():
    assert whole_name_groups("Koishybayev") == []
    with pytest.raises(InvalidName):
        whole_name_groups("1944")
