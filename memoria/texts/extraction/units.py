"""Military units and formations, partisan detachments and resistance groups, by their patterns.

"102nd Rifle Division", "102-я стрелковая дивизия", "13-ші гвардиялық атты әскер дивизиясы",
"1er régiment de partisans", "партизанский отряд «Name»", "Maquis de Name", "the first Soviet
partisan regiment": a number or an ordinal, or a name, is what makes a unit of a common noun —
"partisan detachments" alone names none.
"""

from __future__ import annotations

import re

from .lexicon import LOWER, NAME_WORD, UPPER
from .mentions import Mention

NW = rf"(?-i:{NAME_WORD})"  # a name keeps its capital even in patterns matched ignoring case
QUOTED = r"(?:[«“\"„][^»”\"“\n]{2,60}[»”\"“])"

EN_ORDINAL = (r"(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
              r"eleventh|twelfth|[IVX]+)")
EN_ADJ = (r"(?:Guards?|Rifle|Infantry|Cavalry|Tank|Armou?red|Mechani[sz]ed|Motori[sz]ed|Motor|Mountain|"
          r"Airborne|Artillery|Partisan|Soviet|Kazakh|Red\sBanner|Shock|Volunteer|National|Air|Fighter|"
          r"Bomber|Aviation|Engineer|Sapper|Signal|Reconnaissance|Marine|Naval|Ukrainian|Belorussian|"
          r"Byelorussian|Baltic|French|Free\sFrench|Resistance|Red|People's|Panfilov|Kazakhstani|Polish|American)")
EN_NOUN = r"(?:Division|Regiment|Brigade|Corps|Army|Battalion|Front|Detachment|Company|Squadron|Flotilla|Group|Unit|Legion)s?"
EN_ORG = (r"(?:Armed\sForces(?:\sof\sthe\s(?:Republic\sof\s)?" + NW + r")?|French\sForces\sof\sthe\sInterior|Free\sFrench\sForces|Francs?-Tireurs\set\sPartisans(?:\sFran[çc]ais)?|"
          r"Red\sArmy|Soviet\sArmy|Wehrmacht|Luftwaffe|SS|Resistance|Maquis(?:\s(?:de|du|des)\s[\w'’-]+|\s" + NW + r")?|"
          r"Turkestan\sLegion|Panfilov\sDivision)")

RU_ORDINAL = r"(?:\d+-?(?:я|й|ая|ый|ой|го|м|ю|ой|ом|е)|перв\w+|втор\w+|трет\w+|четвёрт\w+|пят\w+)"
RU_ADJ = (r"(?:гвардейск\w+|стрелков\w+|кавалерийск\w+|танков\w+|мотострелков\w+|механизированн\w+|"
          r"пехотн\w+|воздушно-десантн\w+|горнострелков\w+|артиллерийск\w+|партизанск\w+|советск\w+|"
          r"ударн\w+|краснознамённ\w+|краснознаменн\w+|добровольческ\w+|национальн\w+|казахск\w+|"
          r"отдельн\w+|истребительн\w+|бомбардировочн\w+|авиационн\w+|сапёрн\w+|саперн\w+|"
          r"разведывательн\w+|морск\w+|французск\w+|интернациональн\w+|Панфиловск\w+|панфиловск\w+)")
RU_NOUN = (r"(?:дивизи\w*|полк\w*|бригад\w*|корпус\w*|арми\w*|батальон\w*|фронт\w*|отряд\w*|рот\w|эскадрон\w*|"
           r"групп\w*|легион(?:а|у|ом|е|ы|ов)?|соединени\w*)")
RU_ORG = (r"(?:Красн\w+\s[Аа]рми\w+|Советск\w+\s[Аа]рми\w+|Движени\w+\sСопротивления|Сопротивлени\w|вермахт\w*|"
          r"Туркестанск\w+\sлегион(?:а|у|ом|е)?|маки|Вооружённ\w+\s[Сс]ил\w*|Вооруженн\w+\s[Сс]ил\w*)")

KK_ORDINAL = r"(?:\d+\s?-?(?:ші|шы|інші|ыншы|нші|ншы)?|бірінші|екінші|үшінші|төртінші|бесінші)"
KK_ADJ = (r"(?:гвардиялық|атқыштар|атты\sәскер|атты|танк|мотоатқыштар|механикаландырылған|жаяу\sәскер|"
          r"партизан|партизандық|кеңестік|кеңес|артиллериялық|әуе-десант|ұлттық|қазақ|француз|"
          r"Панфилов|панфиловшылар|жеке)")
KK_NOUN = (r"(?:дивизия|полк|бригада|корпус|армия|батальон|майдан|отряд|жасақ|рота|эскадрон|топ|легион|құрама)"
           r"(?:сы|сі|ы|і|ның|нің|тың|тің|сының|сінің|ының|інің|на|не|сына|сіне|ына|іне|да|де|нда|нде|"
           r"сында|сінде|ында|інде|ға|ге|қа|ке|дан|ден|тан|тен|нан|нен|лар|лер|тар|тер|дар|дер)*")
KK_ORG = r"(?:Қарулы\sкүштер\w*|Қызыл\s[Аа]рми\w*|Кеңес\s[Аа]рмия\w*|Қарсыласу\sқозғалыс\w*|Түркістан\sлегион\w*)"

FR_ORDINAL = r"(?:\d+(?:er|re|ère|e|ème|eme)|premier|première|deuxième|second|seconde|troisième|quatrième|cinquième)"
FR_NOUN = r"(?:régiments?|divisions?|brigades?|bataillons?|corps|armées?|compagnies?|détachements?|groupes?|maquis|escadrons?|légions?|fronts?)"
FR_ADJ = (r"(?:soviétiques?|d['’]infanterie|de\s(?:partisans|fusiliers|cavalerie|chars|tirailleurs|marche|choc|la\sgarde)|"
          r"blindée?s?|motorisée?s?|partisans?|de\spartisans\ssoviétiques|de\sfusiliers|de\sla\sgarde|de\sla\sRésistance|"
          r"FTP(?:-MOI)?|FFI|franc-tireurs?|aéroportée?s?|alpine?s?|coloniale?s?|parachutistes|kazakhs?|russes?|"
          r"normand|Normandie-Niémen)")
FR_ORG = (r"(?:Forces\s[Ff]rançaises\sde\sl['’][Ii]ntérieur|Forces\s[Ff]rançaises\s[Ll]ibres|"
          r"Francs?-[Tt]ireurs\set\s[Pp]artisans(?:\s[Ff]rançais|\s-\s?MOI|-MOI)?|FTP(?:-MOI)?|FFI|FFL|"
          r"Armée\s[Rr]ouge|Armée\ssoviétique|Wehrmacht|Résistance|Légion\sTurkestan|"
          r"(?<!les\s)(?<!des\s)[Mm]aquis\s(?:de\s|du\s|des\s|d['’])[\w'’-]+|[Mm]aquis\s" + NW + r"|Normandie-Niémen|"
          r"[Ll]égion\s(?:du\s)?Turkestan|[Ff]orces\sarmées(?:\s(?:du|de\sla|de\sl['’])\s?" + NW + r")?)")

PATTERNS = {
    "en": [
        rf"(?:the\s)?{EN_ORDINAL}\s(?:{EN_ADJ}\s){{0,4}}{EN_NOUN}(?:\snamed\safter\s{NW}(?:\s{NW})?)?",
        rf"(?:{EN_ADJ}\s){{1,3}}{EN_NOUN}\s{QUOTED}",
        rf"{NW}(?:['’]s)?\s(?:{EN_ADJ}\s){{0,2}}(?-i:[Dd]ivision|[Gg]uards|[Rr]egiment|[Bb]rigade|[Dd]etachment|[Ll]egion)\b",
        rf"{QUOTED}\s(?:{EN_ADJ}\s){{0,2}}{EN_NOUN}",
        rf"(?-i:{EN_ORG})",
    ],
    "ru": [
        rf"{RU_ORDINAL}\s(?:{RU_ADJ}\s){{0,4}}{RU_NOUN}(?:\s(?:имени\s)?{QUOTED}|\sимени\s{NW}(?:\s{NW})?)?",
        rf"(?:{RU_ADJ}\s){{1,4}}{RU_NOUN}\s(?:имени\s)?{QUOTED}",
        rf"(?:{RU_ADJ}\s){{1,3}}{RU_NOUN}\sимени\s{NW}(?:\s{NW})?",
        rf"(?:{RU_ADJ}\s){{1,2}}{RU_NOUN}\s(?:{QUOTED}|[«\"]?{NW}[»\"]?)(?=[\s,.;:)])",
        RU_ORG,
    ],
    "kk": [
        rf"(?:\d+(?:\sжәне|\sмен|,)\s)*{KK_ORDINAL}[\s-]?(?:{KK_ADJ}\s){{0,4}}{KK_NOUN}",
        rf"{QUOTED}\s(?:{KK_ADJ}\s){{0,3}}{KK_NOUN}",
        rf"(?:{KK_ADJ}\s){{1,3}}{KK_NOUN}\s{QUOTED}",
        KK_ORG,
    ],
    "fr": [
        rf"{FR_ORDINAL}\s(?:{FR_ADJ}\s?){{0,3}}{FR_NOUN}(?:\s{FR_ADJ}){{0,3}}(?:\s{QUOTED})?",
        rf"{FR_NOUN}\s(?:{FR_ADJ}\s){{0,2}}{QUOTED}",
        rf"(?-i:{FR_ORG})",
    ],
}


#: Detachments named in a list of quoted names: détachements nommés « Stalingrad », « Kovpak » ...
LIST_NOUN = {"en": r"detachments?|units?|groups?", "fr": r"détachements?|unités|groupes?",
             "ru": r"отряд\w*|групп\w*", "kk": r"жасақ\w*|отряд\w*|топ\w*"}
LIST_LEAD_CHARS = 30
QUOTED_ITEM = re.compile(r"\s*(?:,|\bou\b|\bet\b|\band\b|\bor\b|\bи\b|\bили\b|\bжәне\b)?\s*(?P<item>[«“\"][^»”\"\n]{2,60}[»”\"])")


def _quoted_list(text: str, language: str) -> list[Mention]:
    found = []
    for noun in re.finditer(rf"(?<!\w)(?:{LIST_NOUN[language]})(?!\w)", text, re.IGNORECASE):
        position = noun.end()
        lead = re.match(rf"[^«“\".\n]{{0,{LIST_LEAD_CHARS}}}(?=[«“\"])", text[position:])
        if not lead:
            continue
        position += lead.end()
        while (item := QUOTED_ITEM.match(text, position)):
            found.append(Mention("units", item.start("item"), item.end("item"), item.group("item"), "rule"))
            position = item.end()
    return found


def _compiled(language: str) -> list[re.Pattern]:
    if language not in _CACHE:
        flags = re.IGNORECASE
        _CACHE[language] = [re.compile(rf"(?<![\w{UPPER}{LOWER}])(?:{p})(?![\w])", flags) for p in PATTERNS[language]]
    return _CACHE[language]


_CACHE: dict[str, list[re.Pattern]] = {}


def _archive_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    """The archive's units by name, any case ("the First Soviet partisan regiment"); names of one
    word are left to the patterns (too often a common word)."""
    names = [n for n in names if len(n.split()) > 1]
    if not names:
        return None
    body = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def find(text: str, language: str, archive_names: tuple[str, ...] = ()) -> list[Mention]:
    found = _quoted_list(text, language)
    archive = _archive_pattern(archive_names) if archive_names else None
    if archive:
        found += [Mention("units", m.start(), m.end(), m.group(0), "gazetteer") for m in archive.finditer(text)]
    for pattern in _compiled(language):
        for m in pattern.finditer(text):
            start, end = m.span()
            value = m.group(0)
            # A leading article belongs to the sentence, not to the unit's name.
            for article in ("the ", "The "):
                if value.startswith(article):
                    start += len(article)
            if language == "en" and not re.search(r"\d|[A-Z]", text[start:end]) and not re.match(
                    EN_ORDINAL, text[start:end], re.IGNORECASE):
                continue
            found.append(Mention("units", start, end, text[start:end], "rule"))
    return found
