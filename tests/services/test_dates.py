"""Dates read the same whichever way they are parsed: plain calendar dates skip edtf's grammar
(memoria.core.dates._plain_date), everything else goes through it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from edtf import parse_edtf

from memoria.core.dates import bounds, validate_edtf


@pytest.mark.parametrize("text", ["1944", "1944-08", "1944-08-19", "0001", "2000-02-29", "1941-06-22"])
def test_a_plain_date_has_the_bounds_edtf_gives_it(text):
    parsed = parse_edtf(text)
    assert bounds(text) == (datetime.date(*parsed.lower_strict()[:3]), datetime.date(*parsed.upper_strict()[:3]))
    validate_edtf(text)


@pytest.mark.parametrize("text", ["1944-02-30", "1944-13", "1944-00", "19444", "1944-8"])
def test_an_impossible_date_is_still_refused(text):
    with pytest.raises(ValidationError):
        validate_edtf(text)


@pytest.mark.parametrize("text,lower,upper", [
    ("1944-21", datetime.date(1944, 3, 1), datetime.date(1944, 5, 31)),  # spring 1944: a season
    ("1944?", datetime.date(1944, 1, 1), datetime.date(1944, 12, 31)),
    ("1941/1945", datetime.date(1941, 1, 1), datetime.date(1945, 12, 31)),
])
def test_seasons_qualifiers_and_intervals_still_go_through_the_grammar(text, lower, upper):
    validate_edtf(text)
    assert bounds(text) == (lower, upper)
