"""Objects of the kinds the archive catalogues (archive.Item.Kind), named in the four languages.

A word list, matched on word starts so that Russian and Kazakh case endings and plurals
follow ("радиопередатчика", "фотосуреттері"): the things a museum text lists are few and named
plainly ("an American radio transmitter", "a trophy field telephone").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .mentions import Mention

OBJECT, DOCUMENT, PHOTOGRAPH, PUBLICATION, AUDIO_VIDEO = "object", "document", "photograph", "publication", "audio_video"

#: (kind, stems): a stem matches a word starting with it (English and French plurals, Russian and
#: Kazakh endings).
WORDS = {
    "en": [
        (OBJECT, ["radio transmitter", "radio set", "field telephone", "telegraph key", "medal", "order of",
                  "uniform", "helmet", "rifle", "pistol", "submachine gun", "binoculars", "compass", "flask",
                  "banner", "badge", "cap", "greatcoat", "watch", "knife", "bayonet"]),
        (DOCUMENT, ["letter", "document", "certificate", "award list", "award sheet", "diary", "identity card",
                    "military id", "passport", "map", "notebook", "telegram", "report", "order book"]),
        (PHOTOGRAPH, ["photograph", "photo", "snapshot", "portrait"]),
        (PUBLICATION, ["newspaper", "magazine", "leaflet", "book", "memoir", "brochure", "poster"]),
        (AUDIO_VIDEO, ["recording", "film", "newsreel", "video"]),
    ],
    "ru": [
        (OBJECT, ["радиопередатчик", "рация", "рации", "рацию", "полевой телефон", "полевого телефона",
                  "полевым телефоном", "телеграфный ключ", "телеграфного ключа", "медал", "орден", "гимнаст",
                  "шинел", "каск", "винтовк", "пистолет", "автомат", "бинокл", "компас", "фляг", "знамя",
                  "знамени", "значок", "пилотк", "часы", "нож", "штык"]),
        (DOCUMENT, ["письм", "писем", "документ", "удостоверени", "справк", "наградн", "дневник",
                    "военный билет", "военного билета", "паспорт", "карт", "блокнот", "телеграмм", "донесени"]),
        (PHOTOGRAPH, ["фотографи", "фотоснимк", "фото", "снимк", "снимок", "портрет"]),
        (PUBLICATION, ["газет", "журнал", "листовк", "книг", "мемуар", "воспоминани", "брошюр", "плакат"]),
        (AUDIO_VIDEO, ["запис", "фильм", "кинохроник", "видео"]),
    ],
    "kk": [
        (OBJECT, ["радиотаратқыш", "радиостанция", "рация", "дала телефон", "телеграф кілт", "медаль", "орден",
                  "гимнастерка", "шинель", "дулыға", "мылтық", "тапанша", "автомат", "дүрбі", "компас",
                  "ту", "белгі", "сағат", "пышақ", "найза"]),
        (DOCUMENT, ["хат", "құжат", "куәлік", "анықтама", "марапат парағ", "күнделік", "әскери билет",
                    "паспорт", "карта", "дәптер", "жеделхат"]),
        (PHOTOGRAPH, ["фотосурет", "фото", "сурет", "портрет"]),
        (PUBLICATION, ["газет", "журнал", "үнпарақ", "кітап", "естелік", "басылым", "плакат"]),
        (AUDIO_VIDEO, ["жазба", "фильм", "кинохроника", "бейне"]),
    ],
    "fr": [
        (OBJECT, ["émetteur radio", "poste émetteur", "poste de radio", "téléphone de campagne",
                  "manipulateur télégraphique", "clé télégraphique", "médaille", "ordre de", "uniforme",
                  "casque", "fusil", "pistolet", "mitraillette", "jumelles", "boussole", "gourde", "drapeau",
                  "insigne", "montre", "couteau", "baïonnette"]),
        (DOCUMENT, ["lettre", "document", "certificat", "attestation", "carnet", "journal de bord",
                    "carte d'identité", "livret militaire", "passeport", "carte", "télégramme", "rapport"]),
        (PHOTOGRAPH, ["photographie", "photo", "cliché", "portrait"]),
        (PUBLICATION, ["journal", "journaux", "revue", "tract", "livre", "mémoires", "brochure", "affiche"]),
        (AUDIO_VIDEO, ["enregistrement", "film", "actualités filmées", "vidéo"]),
    ],
}
#: Short stems that are also common words in running text take no ending ("ту" = flag, not "туған").
EXACT_ONLY = {"ту", "нож", "часы", "cap", "watch", "map", "book", "film", "photo", "фото", "карта", "carte",
              "report", "сурет", "хат", "белгі"}


@lru_cache(maxsize=4)
def _patterns(language: str) -> list[tuple[str, re.Pattern]]:
    out = []
    for kind, stems in WORDS[language]:
        for stem in sorted(stems, key=len, reverse=True):
            tail = r"(?:s|es)?" if stem in EXACT_ONLY else r"\w*"
            out.append((kind, re.compile(rf"(?<!\w){re.escape(stem)}{tail}(?!\w)", re.IGNORECASE)))
    return out


def find(text: str, language: str) -> list[Mention]:
    found = []
    for kind, pattern in _patterns(language):
        for m in pattern.finditer(text):
            found.append(Mention("objects", m.start(), m.end(), m.group(0), "rule", {"kind": kind}))
    return found
