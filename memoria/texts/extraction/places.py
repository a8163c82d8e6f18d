"""Places: the model's locations (Russian, French), the archive's places in all their languages,
and a small gazetteer of the countries, regions and cities the war-memory texts of this museum
name, each in Kazakh, Russian, English and French. Russian and Kazakh names are matched with
their case endings ("во Франции", "Францияда", "Тулузой").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import LOWER, NAME_WORD, NOT_NAMES, UPPER
from .mentions import Mention

# (en, fr, ru, kk) — one line per place; general geography, not a list drawn from any one text.
GAZETTEER = [
    ("Kazakhstan", "Kazakhstan", "Казахстан", "Қазақстан"),
    ("France", "France", "Франция", "Франция"),
    ("Russia", "Russie", "Россия", "Ресей"),
    ("Russian Federation", "Fédération de Russie", "Российская Федерация", "Ресей Федерациясы"),
    ("Soviet Union", "Union soviétique", "Советский Союз", "Кеңес Одағы"),
    ("USSR", "URSS", "СССР", "КСРО"),
    ("Germany", "Allemagne", "Германия", "Германия"),
    ("Poland", "Pologne", "Польша", "Польша"),
    ("Italy", "Italie", "Италия", "Италия"),
    ("Belgium", "Belgique", "Бельгия", "Бельгия"),
    ("Netherlands", "Pays-Bas", "Нидерланды", "Нидерланды"),
    ("Czechoslovakia", "Tchécoslovaquie", "Чехословакия", "Чехословакия"),
    ("Yugoslavia", "Yougoslavie", "Югославия", "Югославия"),
    ("Austria", "Autriche", "Австрия", "Австрия"),
    ("Hungary", "Hongrie", "Венгрия", "Венгрия"),
    ("Romania", "Roumanie", "Румыния", "Румыния"),
    ("Bulgaria", "Bulgarie", "Болгария", "Болгария"),
    ("Greece", "Grèce", "Греция", "Грекия"),
    ("Norway", "Norvège", "Норвегия", "Норвегия"),
    ("Ukraine", "Ukraine", "Украина", "Украина"),
    ("Belarus", "Biélorussie", "Белоруссия", "Беларусь"),
    ("Byelorussia", "Bélarus", "Беларусь", "Белоруссия"),
    ("Uzbekistan", "Ouzbékistan", "Узбекистан", "Өзбекстан"),
    ("Kyrgyzstan", "Kirghizistan", "Киргизия", "Қырғызстан"),
    ("Europe", "Europe", "Европа", "Еуропа"),
    ("Asia", "Asie", "Азия", "Азия"),
    ("Central Asia", "Asie centrale", "Средняя Азия", "Орта Азия"),
    ("United States", "États-Unis", "США", "АҚШ"),
    ("America", "Amérique", "Америка", "Америка"),
    ("Britain", "Grande-Bretagne", "Великобритания", "Ұлыбритания"),
    ("England", "Angleterre", "Англия", "Англия"),
    ("Japan", "Japon", "Япония", "Жапония"),
    ("China", "Chine", "Китай", "Қытай"),
    ("Paris", "Paris", "Париж", "Париж"),
    ("Toulouse", "Toulouse", "Тулуза", "Тулуза"),
    ("Lyon", "Lyon", "Лион", "Лион"),
    ("Marseille", "Marseille", "Марсель", "Марсель"),
    ("Nice", "Nice", "Ницца", "Ницца"),
    ("Bordeaux", "Bordeaux", "Бордо", "Бордо"),
    ("Nîmes", "Nîmes", "Ним", "Ним"),
    ("Montpellier", "Montpellier", "Монпелье", "Монпелье"),
    ("Albi", "Albi", "Альби", "Альби"),
    ("Carmaux", "Carmaux", "Кармо", "Кармо"),
    ("Rodez", "Rodez", "Родез", "Родез"),
    ("Mende", "Mende", "Манд", "Манд"),
    ("Normandy", "Normandie", "Нормандия", "Нормандия"),
    ("Brittany", "Bretagne", "Бретань", "Бретань"),
    ("Alsace", "Alsace", "Эльзас", "Эльзас"),
    ("Lorraine", "Lorraine", "Лотарингия", "Лотарингия"),
    ("Provence", "Provence", "Прованс", "Прованс"),
    ("Savoy", "Savoie", "Савойя", "Савойя"),
    ("Cévennes", "Cévennes", "Севенны", "Севенн"),
    ("Lozère", "Lozère", "Лозер", "Лозер"),
    ("Gard", "Gard", "Гар", "Гар"),
    ("Tarn", "Tarn", "Тарн", "Тарн"),
    ("Aveyron", "Aveyron", "Аверон", "Аверон"),
    ("Occitanie", "Occitanie", "Окситания", "Окситания"),
    ("Vichy", "Vichy", "Виши", "Виши"),
    ("Berlin", "Berlin", "Берлин", "Берлин"),
    ("Munich", "Munich", "Мюнхен", "Мюнхен"),
    ("Warsaw", "Varsovie", "Варшава", "Варшава"),
    ("Prague", "Prague", "Прага", "Прага"),
    ("Vienna", "Vienne", "Вена", "Вена"),
    ("Budapest", "Budapest", "Будапешт", "Будапешт"),
    ("Königsberg", "Königsberg", "Кёнигсберг", "Кёнигсберг"),
    ("Brussels", "Bruxelles", "Брюссель", "Брюссель"),
    ("Rome", "Rome", "Рим", "Рим"),
    ("London", "Londres", "Лондон", "Лондон"),
    ("Moscow", "Moscou", "Москва", "Мәскеу"),
    ("Leningrad", "Léningrad", "Ленинград", "Ленинград"),
    ("Saint Petersburg", "Saint-Pétersbourg", "Санкт-Петербург", "Санкт-Петербург"),
    ("Stalingrad", "Stalingrad", "Сталинград", "Сталинград"),
    ("Volgograd", "Volgograd", "Волгоград", "Волгоград"),
    ("Mamayev Kurgan", "Mamaïev Kourgane", "Мамаев курган", "Мамаев қорғаны"),
    ("Kursk", "Koursk", "Курск", "Курск"),
    ("Smolensk", "Smolensk", "Смоленск", "Смоленск"),
    ("Rzhev", "Rjev", "Ржев", "Ржев"),
    ("Kyiv", "Kiev", "Киев", "Киев"),
    ("Kiev", "Kyiv", "Київ", "Киев"),
    ("Kharkiv", "Kharkov", "Харьков", "Харьков"),
    ("Odessa", "Odessa", "Одесса", "Одесса"),
    ("Sevastopol", "Sébastopol", "Севастополь", "Севастополь"),
    ("Crimea", "Crimée", "Крым", "Қырым"),
    ("Caucasus", "Caucase", "Кавказ", "Кавказ"),
    ("Minsk", "Minsk", "Минск", "Минск"),
    ("Brest", "Brest", "Брест", "Брест"),
    ("Brest Fortress", "forteresse de Brest", "Брестская крепость", "Брест қамалы"),
    ("Volga", "Volga", "Волга", "Еділ"),
    ("Dnieper", "Dniepr", "Днепр", "Днепр"),
    ("Ural", "Oural", "Урал", "Орал"),
    ("Siberia", "Sibérie", "Сибирь", "Сібір"),
    ("Astana", "Astana", "Астана", "Астана"),
    ("Almaty", "Almaty", "Алматы", "Алматы"),
    ("Alma-Ata", "Alma-Ata", "Алма-Ата", "Алматы"),
    ("Nur-Sultan", "Nur-Sultan", "Нур-Султан", "Нұр-Сұлтан"),
    ("Akmola", "Akmola", "Акмола", "Ақмола"),
    ("Shymkent", "Chymkent", "Шымкент", "Шымкент"),
    ("Karaganda", "Karaganda", "Караганда", "Қарағанды"),
    ("Aktobe", "Aktioubé", "Актобе", "Ақтөбе"),
    ("Aktyubinsk", "Aktioubinsk", "Актюбинск", "Ақтөбе"),
    ("Taraz", "Taraz", "Тараз", "Тараз"),
    ("Zhambyl", "Jambyl", "Жамбыл", "Жамбыл"),
    ("Kostanay", "Kostanaï", "Костанай", "Қостанай"),
    ("Kyzylorda", "Kyzylorda", "Кызылорда", "Қызылорда"),
    ("Pavlodar", "Pavlodar", "Павлодар", "Павлодар"),
    ("Semey", "Semeï", "Семей", "Семей"),
    ("Semipalatinsk", "Semipalatinsk", "Семипалатинск", "Семей"),
    ("Oskemen", "Oskemen", "Усть-Каменогорск", "Өскемен"),
    ("Petropavl", "Petropavl", "Петропавловск", "Петропавл"),
    ("Atyrau", "Atyraou", "Атырау", "Атырау"),
    ("Guryev", "Gouriev", "Гурьев", "Гурьев"),
    ("Oral", "Oural", "Уральск", "Орал"),
    ("Kokshetau", "Kokchetaou", "Кокшетау", "Көкшетау"),
    ("Turkistan", "Turkestan", "Туркестан", "Түркістан"),
    ("Mangystau", "Manguistaou", "Мангистау", "Маңғыстау"),
    ("Tashkent", "Tachkent", "Ташкент", "Ташкент"),
    ("Bishkek", "Bichkek", "Бишкек", "Бішкек"),
]
#: Russian and Kazakh case endings and suffixes that may follow a place name.
RU_ENDINGS = r"(?:а|у|е|и|ы|ой|ом|ем|ю|ей|ии|ию|ией|ья|ьи|ье|ью|ьей|ского|ском|ской)?"
KK_ENDINGS = (r"(?:да|де|та|те|нда|нде|ға|ге|қа|ке|на|не|ның|нің|дың|дің|тың|тің|нан|нен|дан|ден|тан|тен|"
              r"ны|ні|ды|ді|ты|ті|мен|бен|пен|дағы|дегі|тағы|тегі|ндағы|ндегі|лық|лік|дық|дік|тық|тік|ы|і|сы|сі)*")
COLUMN = {"en": 0, "fr": 1, "ru": 2, "kk": 3}


def _strip_ending(name: str) -> str:
    """Where case endings attach: "Франция" → "Франци", "Тулуза" → "Тулуз", "Москва" → "Москв"."""
    return name[:-1] if name and name[-1] in "аяеьйы" and len(name) > 4 else name


@lru_cache(maxsize=4)
def _static_names(language: str) -> tuple[str, ...]:
    names = {row[COLUMN[language]] for row in GAZETTEER}
    # English names are also written in other Latin texts, and Russian ones in Kazakh texts.
    if language == "kk":
        names |= {row[2] for row in GAZETTEER}
    return tuple(sorted(names, key=len, reverse=True))


def matcher(language: str, archive_names: tuple[str, ...] = ()):
    """A test of whether a word or name is a place's ("Францияда", "Mamayev Kurgan"), so that the
    people rules do not take one for a surname."""
    patterns = [_static_pattern(language)]
    if archive_names:
        patterns.append(_archive_pattern(archive_names, language))
    return lambda text: any(p.fullmatch(text) for p in patterns)


def _pattern(names: tuple[str, ...], language: str) -> re.Pattern:
    alternatives = []
    for name in names:
        if language in ("ru", "kk") and re.search("[а-яё]", name, re.IGNORECASE):
            stem = _strip_ending(name)
            ending = RU_ENDINGS if language == "ru" else f"{RU_ENDINGS}{KK_ENDINGS}"
            rest = f"(?:{re.escape(name[len(stem):])})?" if stem != name else ""
            alternatives.append(re.escape(stem) + rest + ending)
        else:
            alternatives.append(re.escape(name) + (r"(?:['’]s)?" if language == "en" else ""))
            if language in ("en", "fr") and len(name) > 3:
                alternatives.append(re.escape(name.upper()))  # a dateline: "MOSCOW."
    return re.compile(rf"(?<![\w{UPPER}{LOWER}-])(?:{'|'.join(alternatives)})(?![\w{LOWER}])")


@lru_cache(maxsize=4)
def _static_pattern(language: str) -> re.Pattern:
    return _pattern(_static_names(language), language)


@lru_cache(maxsize=8)
def _archive_pattern(archive_names: tuple[str, ...], language: str) -> re.Pattern:
    return _pattern(tuple(sorted(archive_names, key=len, reverse=True)), language)


# A name next to a word for a kind of place: "Ақкөл ауданы", "Пилица өзенінің", "the town of Volokolamsk",
# "реке Пилица", "Volokolamsk district".
GEO_NOUNS = {
    "kk": (rf"{NAME_WORD}(?:\s{NAME_WORD})?\s(?:облыс|аудан|ауыл|қала|өзен|көл|тау|батпақ|кент|елді\sмекен|"
           r"шатқал|алқап|түбек|бекініс|қамал)\w*"),
    "ru": (rf"(?<=\s)(?:река|реке|реки|рекой|город\w*|сел[оаеу]|деревн\w+|посёлк\w*|поселк\w*|станци\w+|"
           rf"аул\w*|област\w+|район\w*)\s(?P<name>{NAME_WORD})"),
    "en": (rf"(?:(?:town|city|village|river|region|district|province|oblast|settlement|port)\sof\s(?:the\s)?"
           rf"(?P<name>{NAME_WORD})|{NAME_WORD}(?:\s{NAME_WORD})?\s(?:Region|District|Oblast|River|Province|Fortress|"
           r"Mountains|Highway|highway|district|region|river))"),
    "fr": (rf"(?:ville|village|commune|région|département|fleuve|rivière|vallée|forêt|camp)\s(?:de\s|d['’]|du\s|des\s)?"
           rf"(?:la\s|l['’])?(?P<name>{NAME_WORD})"),
}
#: Kazakh: a capitalised word in the locative or ablative case is where something was ("Францияда").
KK_WHERE = re.compile(rf"(?<![\w{UPPER}{LOWER}])[{UPPER}][{LOWER}]+(?:да|де|та|те|нда|нде|дан|ден|тан|тен|нан|нен)(?![\w])")
#: English: a capitalised word after "in", "near", "from" ... with the ending of a place name.
EN_WHERE = re.compile(r"\b(?:in|near|at|from|to|towards|outside|around|of|and)\s"
                      r"(?P<name>[A-Z][a-z]+(?:sk|grad|gorod|burg|ovo|evo|ino|yno|stan|abad|kent|pol|ovka|evka|ivka|ze|ty|ay|ol|ar))\b")
PLURAL_PEOPLE = re.compile(r"(?:\b[LlDd]es|\bchez\sles)\s$")


def named_by_kind(text: str, language: str) -> list[Mention]:
    """Places named with a word for their kind ("Синявин батпақтары"): so sure a place that no
    person is looked for in them."""
    found = []
    for m in re.finditer(GEO_NOUNS[language], text):
        start, end = m.span("name") if "name" in m.re.groupindex and m.group("name") else m.span()
        found.append(Mention("places", start, end, text[start:end], "rule"))
    return found


def _rules(text: str, language: str) -> list[Mention]:
    found = named_by_kind(text, language)
    if language == "kk":
        for m in KK_WHERE.finditer(text):
            if m.start() > 1 and text[m.start() - 2] not in ".!?\n" and m.group(0).lower() not in NOT_NAMES["kk"]:
                found.append(Mention("places", m.start(), m.end(), m.group(0), "rule"))
    if language == "en":
        for m in EN_WHERE.finditer(text):
            if m.group("name").lower() not in NOT_NAMES["en"]:
                found.append(Mention("places", m.start("name"), m.end("name"), m.group("name"), "rule"))
    return found


def find(text: str, language: str, model: list[Mention], archive_names: tuple[str, ...] = ()) -> list[Mention]:
    # "les Kazakhs", "des Allemands": a people, which the French model takes for a place.
    found = [Mention("places", m.start, m.end, m.text, "model") for m in model if m.kind == "places"
             and not (m.text.endswith("s") and " " not in m.text and PLURAL_PEOPLE.search(text[:m.start]))]
    found += _rules(text, language)
    patterns = [_static_pattern(language)]
    if archive_names:
        patterns.append(_archive_pattern(archive_names, language))
    for pattern in patterns:
        for m in pattern.finditer(text):
            end = m.end()
            if text[m.start():end].endswith(("'s", "’s")):
                end -= 2
            found.append(Mention("places", m.start(), end, text[m.start():end], "gazetteer"))
    return found
