"""The EDTF date a cell most likely means when it is written in a common notation instead.

"10.05.1945", "10/05/1945" (day first, as kk, ru and fr write), "1945.05.10", "10 May 1945",
"10 мая 1945", "10 mai 1945", "10 мамыр 1945", "May 1945" → 1945-05-10 or 1945-05. The
import never converts on its own (a curator decides what the source says): the rejected
cell's reason suggests the EDTF form. Only notations with one reading are suggested.
"""

from __future__ import annotations

import datetime
import re

# Month names and common abbreviations: en, fr, ru (nominative and genitive), kk.
MONTHS = {
    1: "january jan janvier janv январь января янв қаңтар",
    2: "february feb février fevrier févr fevr февраль февраля фев ақпан",
    3: "march mar mars март марта наурыз",
    4: "april apr avril avr апрель апреля апр сәуір",
    5: "may mai май мая мамыр",
    6: "june jun juin июнь июня маусым",
    7: "july jul juillet juil июль июля шілде",
    8: "august aug août aout август августа авг тамыз",
    9: "september sep sept septembre сентябрь сентября сен қыркүйек",
    10: "october oct octobre октябрь октября окт қазан",
    11: "november nov novembre ноябрь ноября ноя қараша",
    12: "december dec décembre decembre déc декабрь декабря дек желтоқсан",
}
MONTH_OF = {word: number for number, words in MONTHS.items() for word in words.split()}
# "г.", "года" (ru), "ж.", "жыл", "жылы" (kk) after the year; "1er" (fr) for the first.
YEAR_WORD = r"(?:\s*(?:г\.?|года?|ж\.?|жылы?|жылғы))?"
NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})" + YEAR_WORD + r"$")
YEAR_FIRST = re.compile(r"^(\d{4})([./])(\d{1,2})\2(\d{1,2})$")
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:er)?\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})" + YEAR_WORD + r"$")
MONTH_DAY_YEAR = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
MONTH_YEAR = re.compile(r"^([^\W\d_]+)\.?\s+(\d{4})" + YEAR_WORD + r"$")


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def suggest(text: str) -> str | None:
    """The EDTF form of `text` if it has exactly one reading in a common notation, else None."""
    text = " ".join(text.strip().lower().split())
    if match := NUMERIC.match(text):
        first, separator, second, year = match.groups()
        day_first = _day(int(year), int(second), int(first))
        if day_first or separator == ".":
            return day_first                      # dots are day-first only (kk, ru, de, fr)
        return _day(int(year), int(first), int(second))   # 05/25/1945 can only be month-first
    if match := YEAR_FIRST.match(text):
        year, _sep, month, day = match.groups()
        return _day(int(year), int(month), int(day))
    if match := DAY_MONTH_YEAR.match(text):
        day, month, year = match.groups()
        return _day(int(year), MONTH_OF[month], int(day)) if month in MONTH_OF else None
    if match := MONTH_DAY_YEAR.match(text):
        month, day, year = match.groups()
        return _day(int(year), MONTH_OF[month], int(day)) if month in MONTH_OF else None
    if match := MONTH_YEAR.match(text):
        month, year = match.groups()
        return f"{int(year):04d}-{MONTH_OF[month]:02d}" if month in MONTH_OF else None
    return None
