"""Dates as EDTF, keeping how precise and how sure the text is.

"August 1943" → 1943-08, "9 May 1945" → 1945-05-09, "about 1944" / "около 1944" → 1944~,
"1941–1945" → 1941/1945, "in the 1940s" / "в 1940-х" → 194X, "01.02.2025" → 2025-02-01,
"May 9" → XXXX-05-09 (a day without its year). Month names in the four languages (and their
Russian genitive and abbreviated forms) come from dateparser's locale data; the patterns around
them are ours, since a date inside running text must keep its exact span.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .mentions import Mention

YEAR = r"(?:1[89]\d\d|20[0-4]\d)"
DASH = r"\s?[-–—]\s?"
APPROX = {
    "en": r"(?:about|around|circa|c\.|approximately|roughly|ca\.)",
    "fr": r"(?:vers|environ|autour de|aux alentours de|approximativement|env\.)",
    "ru": r"(?:около|примерно|приблизительно|ориентировочно|ок\.)",
    "kk": r"(?:шамамен|шамасында|шамасы|жуық)",
}
# What may follow a year without being part of another number: "года", "жылы", "г.", "гг.".
YEAR_WORD = {
    "ru": r"(?:\s?(?:года|году|годах|годов|год|гг\.|г\.))?",
    "kk": r"(?:\s?(?:жылы|жылдары|жылдың|жылдан|жылға|жылдарда|жылдардағы|жылғы|ж\.))?",
    "en": "", "fr": "",
}
DECADE = {
    "en": r"(?:the\s)?(?P<decade>(?:1[89]|20)\d0)'?s\b",
    "fr": r"(?:les\s)?années\s(?P<decade>(?:1[89]|20)\d0)\b",
    "ru": r"(?P<decade>(?:1[89]|20)\d0)-?(?:х|е|ых)\b(?:\s(?:годах|годов|годы|гг\.))?",
    "kk": r"(?P<decade>(?:1[89]|20)\d0)\s?-?(?:жылдары|жылдарда|жж\.)",
}
#: Seasons, EDTF 21–24 (spring, summer, autumn, winter): "autumn 1941" → 1941-23.
SEASONS = {
    "en": {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24},
    "fr": {"printemps": 21, "été": 22, "automne": 23, "hiver": 24},
    "ru": {"весной": 21, "весна": 21, "весну": 21, "летом": 22, "лето": 22, "осенью": 23, "осень": 23,
           "зимой": 24, "зима": 24, "зиму": 24},
    "kk": {"көктем": 21, "жаз": 22, "күз": 23, "қыс": 24},
}
MONTH_KEYS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december"]


@lru_cache(maxsize=4)
def _months(language: str) -> dict[str, int]:
    from dateparser.languages import default_loader

    info = default_loader.get_locale(language).info
    months: dict[str, int] = {}
    for number, key in enumerate(MONTH_KEYS, 1):
        for form in info.get(key, []):
            if len(form) >= 3:
                months[form.lower()] = number
    if language == "kk":
        # Kazakh months take suffixes: тамызда, тамызында, мамырдың.
        for form, number in list(months.items()):
            for suffix in ("да", "де", "та", "те", "ында", "інде", "ның", "нің", "дың", "дің", "ы", "і"):
                months.setdefault(form + suffix, number)
    if language == "ru":
        for form, number in list(months.items()):
            if len(form) >= 3 and not form.endswith((".", "я")):
                stem = form[:-1] if form.endswith(("ь", "й")) else form
                months.setdefault(stem + "е", number)  # в августе, в мае
    return months


@lru_cache(maxsize=4)
def _pattern(language: str) -> re.Pattern:
    month = "|".join(sorted((re.escape(m) for m in _months(language)), key=len, reverse=True))
    approx = APPROX[language]
    year_word = YEAR_WORD[language]
    day = r"(?P<day>[0-3]?\d)(?:er|st|nd|rd|th|-го|-ші|-шы)?"
    parts = [
        # 1941–1945, 1941-45
        rf"(?P<from>{YEAR}){DASH}(?P<to>{YEAR}|\d\d)\b{year_word}",
        # 01.02.2025
        r"(?P<nday>[0-3]?\d)\.(?P<nmonth>[01]?\d)\.(?P<nyear>" + YEAR + r")\b",
        DECADE[language],
        # 9 May 1945, 9 мая 1945 года, 1945 жылғы 9 мамыр (Kazakh puts the year first)
        rf"(?:(?P<kyear>{YEAR})\s?(?:жылғы|жылдың|ж\.)\s)?{day}\s(?P<month>{month})\b\.?(?:,?\s(?P<year>{YEAR})\b{year_word})?",
        # May 9, 1945 / May 1945 / August 1943 / тамыз 1943
        rf"(?P<month2>{month})\b\.?(?:\s(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?(?:,?\s(?:of\s)?(?P<year2>{YEAR})\b{year_word})?",
        # 1943 жылдың тамызында
        rf"(?P<year3>{YEAR})\s?(?:жылдың|жылы|ж\.)\s(?P<month3>{month})\b",
        rf"(?P<year4>{YEAR})\b{year_word}",
    ]
    seasons = "|".join(SEASONS[language])
    if language == "kk":
        parts.insert(0, rf"(?P<syear>{YEAR})\s?(?:жылдың|жылы|ж\.)\s(?P<season>{seasons})\w*")
    else:
        parts.insert(0, rf"(?P<season>{seasons})\s(?:of\s|de\s|d['’]|\s)?(?P<syear>{YEAR})\b{year_word}")
    body = "|".join(f"(?:{p})" for p in parts)
    return re.compile(rf"(?<![\w.])(?P<approx>{approx}\s)?(?:{body})(?![\w])", re.IGNORECASE)


def _value(m: re.Match, language: str) -> str | None:
    g = m.groupdict()
    months = _months(language)
    if g.get("season"):
        return f"{g['syear']}-{SEASONS[language][g['season'].lower()]}"
    if g.get("from"):
        to = g["to"]
        if len(to) == 2:
            to = g["from"][:2] + to
        if int(to) <= int(g["from"]):
            return None
        return f"{g['from']}/{to}"
    if g.get("nyear"):
        day, month = int(g["nday"]), int(g["nmonth"])
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        return f"{g['nyear']}-{month:02d}-{day:02d}"
    if g.get("decade"):
        return g["decade"][:3] + "X"
    if g.get("month"):
        month = months.get(g["month"].lower())
        year = g.get("year") or g.get("kyear")
        day = int(g["day"])
        if not month or not 1 <= day <= 31:
            return None
        return f"{year or 'XXXX'}-{month:02d}-{day:02d}"
    if g.get("month2"):
        month = months.get(g["month2"].lower())
        if not month:
            return None
        year, day = g.get("year2"), g.get("day2")
        if not year:
            # A month alone ("may", "mars", "мая") is a word far more often than a date.
            if not day:
                return None
            return f"XXXX-{month:02d}-{int(day):02d}"
        return f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}"
    if g.get("year3"):
        month = months.get(g["month3"].lower())
        return f"{g['year3']}-{month:02d}" if month else g["year3"]
    if g.get("year4"):
        return g["year4"]
    return None


def find(text: str, language: str) -> list[Mention]:
    found = []
    for m in _pattern(language).finditer(text):
        value = _value(m, language)
        if value is None:
            continue
        if m.group("approx"):
            # EDTF marks each end of an interval: "about 1941–1945" → 1941~/1945~.
            value = "/".join(part + "~" for part in value.split("/"))
        end = m.end()
        while end > m.start() and text[end - 1] in " ,":
            end -= 1
        found.append(Mention("dates", m.start(), end, text[m.start():end], "rule", {"value": value}))
    return found
