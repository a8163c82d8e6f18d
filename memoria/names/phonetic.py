"""Per-token phonetic forms: every spelling of a name token becomes a few strings in one
coarse "fine" alphabet, whatever the script or transliteration convention.

Fine alphabet (lower case Latin plus four capitals for sounds that Latin spells with digraphs):

    a e i o u  b v f g h d t z s k l m n r p  S (ш щ sh sch ch-fr ş š)  Q (ч ch tch tsch č)
    J (ж дж zh j-en/fr dzh dj dsch ž)  C (ц ts tz z-de)

Writing-system rules encoded here (no rule refers to a particular name):

* Cyrillic (Russian, Kazakh, Belarusian/Ukrainian letters): one letter -> one fine symbol;
  е/ё/ю/я are iotated at the start of a word and after vowels, ь/ъ dropped, ы/й/и -> i.
  Kazakh letters map to their Russianised values (Қ->k, Ғ->g, Ң->n, Ө->o, Ұ Ү->u, Һ->h,
  І->i, Ә->a) and, where Kazakh-Latin or Russian practice differs, to a second value
  (Ә->e, Ң->ng).
* Kazakh Ж and Russian Дж are one sound class (J): Russian renders Kazakh ж as дж.
* Latin spellings are read by several conventions, each giving one form ("ch" is English ч,
  French ш, German х; "j" is English дж, French ж, German й; "z" is German ц; "c" is k/s in
  English, ц in German/Slavic Latin):
  - English (BGN/PCGN, passports/ICAO): sh, shch, ch, zh, kh, ts, y, ya, yu, -iy;
  - French: ch, tch, dj, j, ou, gu(e/i), qu, ï, -off/-eff;
  - German: sch, tsch, dsch, ch, z, tz, w, j, -ow/-ew;
  - ISO 9 and Slavic Latin: č š ž ŝ ĉ c, soft/hard sign marks;
  - Kazakh Latin 2021 (ä ğ q ñ ö ū ü ı ş), 2018 (acute letters á ǵ ń ó ú ý, sh ch),
    2017 (apostrophes a' g' n' o' u' y' i' s' c'); an apostrophe after a consonant may also
    be a Russian soft sign (Vasil'ev), so both readings are kept;
  - Polish/Czech Latin (cz sz rz ł ś ą ę, c = ц) and the Baltic nominative -s.
  The convention whose distinctive spellings a word shows (sch/w: German; ou/tch/ï/-off:
  French; ş/q/ı/x/apostrophes: Kazakh Latin; cz/sz/ł: Polish) is read first; the others
  follow, and the matcher charges a little for a reading that is not the first.
* Spelling-independent normalisation: doubled letters collapse, a glide between vowels is
  dropped (Sergeyeva = Sergeeva, Koishybayev = Qoişybaev), a Latin final -h after a vowel
  is silent, French/English -off/-eff = -ov/-ev.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

VOWELS = frozenset("aeiou")
#: At most this many phonetic readings are kept per token (the likeliest first).
MAX_FORMS = 6

# --------------------------------------------------------------------------- Cyrillic

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "J", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "C", "ч": "Q", "ш": "S",
    "щ": "S", "ъ": "", "ы": "i", "ь": "", "э": "e",
    # Kazakh letters, Russianised value (the alternative value is in _CYR_ALT)
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Belarusian / Ukrainian
    "ў": "u", "ї": "i", "ґ": "g",
    # Tatar/Bashkir/Uzbek letters that turn up in the same archives
    "җ": "J", "ҙ": "z", "ҫ": "s", "ҡ": "k", "ҳ": "h", "ӯ": "u", "ӣ": "i", "ӡ": "z",
}
# iotated vowels: value after a consonant / value at word start or after a vowel or sign
_CYR_IOT = {"е": ("e", "ie"), "ё": ("io", "io"), "ю": ("iu", "iu"), "я": ("ia", "ia"),
            "є": ("ie", "ie")}
# Kazakh letters whose Kazakh-Latin / Russian renderings differ from _CYR: ә -> e, ң -> ng
_CYR_ALT = {"ә": "э", "ң": "нг"}
_CYR_VOWELS = set("аеёиоуыэюяәөұүіўїє")
_CYR_SIGNS = set("ьъ")
_CYR_HUSH = set("жшчщц")

# Latin homoglyphs inside a Cyrillic word and the reverse
_LAT2CYR = str.maketrans("aeopcxyikmhtb", "аеорсхуікмнтв")
_CYR2LAT = str.maketrans("аеорсхуі", "aeopcxyi")


def _cyr_forms(tok: str) -> list[str]:
    """Fine forms of a lower-case Cyrillic token (one to three forms)."""
    tok = tok.translate(_LAT2CYR)
    variants = [tok]
    if "ё" in tok:  # ё is usually printed as е
        variants.append(tok.replace("ё", "е"))
    if any(c in tok for c in _CYR_ALT):
        variants.append("".join(_CYR_ALT.get(c, c) for c in tok))
    out = []
    for v in variants:
        buf = []
        prev = ""
        for ch in v:
            if ch == "ё" and prev in _CYR_HUSH:  # жё шё чё щё цё sound (and are written) o
                buf.append("o")
            elif ch in _CYR_IOT:
                after_cons = prev and prev not in _CYR_VOWELS and prev not in _CYR_SIGNS
                buf.append(_CYR_IOT[ch][0 if after_cons else 1])
            elif ch in _CYR:
                buf.append(_CYR[ch])
            elif ch.isalpha() or ch in "JQSC":
                buf.append(_latin_letters(ch) if ch not in "JQSC" else ch)
            prev = ch
        out.append("".join(buf))
    return out


# --------------------------------------------------------------------------- Latin

# letters with diacritics -> plain letter or fine symbol (applied before the conventions)
_LAT_SPECIAL = {}
for _chars, _val in [
    ("áàâãåāǎăȧ", "a"), ("ėéèêëēěȩ", "e"), ("ïíìîīıǐįĩ", "i"), ("óòôõöōőøǒ", "o"),
    ("úùûüūůűǔųũ", "u"), ("ýÿŷ", "u"),  # Kazakh 2018: ý = у
    ("ğǵǧġ", "g"), ("ñńňņ", "n"), ("şšșŝ", "S"), ("çčćĉ", "Q"), ("žżẑ", "J"), ("ś", "s"), ("ź", "z"),
    ("łľĺļ", "l"), ("ß", "s"), ("đ", "J"), ("ď", "d"), ("ţțť", "t"), ("ķ", "k"), ("ř", "r"),
    ("ḥħ", "h"), ("ẓ", "z"), ("ǰ", "J"),
]:
    for _c in _chars:
        _LAT_SPECIAL[_c] = _val
_LAT_SPECIAL.update({"œ": "e", "æ": "a", "ə": "a", "þ": "t", "ð": "d",
                     "ą": "on", "ę": "en",  # Polish nasal vowels: Russian writes он/ен (ом/ем)
                     "ä": "a"})  # Kazakh ä = ә (German ä = э: second reading in _latin_forms)

# Kazakh 2017 apostrophe letters
_APOS_KZ = {"a": "a", "g": "g", "n": "n", "o": "o", "u": "u", "y": "u", "i": "i", "s": "S",
            "c": "Q", "e": "e"}


def _latin_letters(s: str) -> str:
    out = []
    for ch in s:
        if "a" <= ch <= "z" or ch in "SQJC'":
            out.append(ch)
        elif ch in _LAT_SPECIAL:
            out.append(_LAT_SPECIAL[ch])
        else:
            out.append(anyascii(ch).lower())
    return "".join(c for c in "".join(out) if ("a" <= c <= "z") or c in "SQJC'")


def _rule_sub(table: dict[str, str]):
    keys = sorted(table, key=len, reverse=True)
    pat = re.compile("|".join(re.escape(k).replace(r"\$", "$") if k.endswith("$") else re.escape(k)
                              for k in keys))
    lookup = {k.rstrip("$"): v for k, v in table.items()}

    def sub(s: str) -> str:
        return pat.sub(lambda m: lookup[m.group()], s)

    return sub


_COMMON = {"ph": "f", "ck": "k", "q": "k", "x": "ks", "kh": "h", "zh": "J", "sh": "S",
           "shch": "S", "sch": "S", "tsch": "Q", "ts": "C", "tz": "C", "y": "i", "ff$": "v"}
_EN = dict(_COMMON, **{
    "ch": "Q", "tch": "Q", "j": "J", "dzh": "J", "dj": "J", "gh": "g", "th": "t",
    "ce": "se", "ci": "si", "cy": "si", "c": "k", "w": "v", "ou": "u", "oo": "u",
    "sch": "S",
    "ee": "i", "eev": "eev",  # English ee = и, but not in the Russian suffix -еев- (Sergeev)
})
_FR = dict(_COMMON, **{
    "ch": "S", "tch": "Q", "dj": "J", "j": "J", "ou": "u", "gue": "ge", "gui": "gi",
    "qu": "k", "ce": "se", "ci": "si", "c": "k", "w": "v", "sch": "S", "tsch": "Q",
    "ge": "Je", "gi": "Ji",  # French soft g (gu- keeps it hard, above)
})
_DE = dict(_COMMON, **{
    "tsch": "Q", "dsch": "J", "sch": "S", "ch": "h", "z": "C", "j": "i", "w": "v",
    "ie": "i", "c": "C", "ck": "k", "dzh": "J",
})
_TURKIC = dict(_COMMON, **{  # Kazakh Latin (2017-2021) and Turkic Latin: c, x, w, ng
    "ch": "Q", "j": "J", "c": "J", "x": "h", "w": "u", "ng": "n",
})
_SLAVIC = dict(_COMMON, **{  # Polish / Czech / Croatian Latin, Baltic nominative -s
    "cz": "Q", "sz": "S", "szcz": "SQ", "rz": "J", "c": "C", "ch": "h", "w": "v", "j": "i",
    "ck": "Ck", "ie": "e", "ovs$": "ov", "evs$": "ev", "ins$": "in", "rs$": "r",
})
_ROUTES = [_rule_sub(t) for t in (_EN, _FR, _DE, _TURKIC, _SLAVIC)]
_DE_SILENT_H = re.compile(r"(?<=[aeiou])h(?=[bdfgklmnprstvz])")  # German Dehnungs-h (Dahl, Bohlen)

_POST = [
    (re.compile(r"dJ"), "J"), (re.compile(r"tQ"), "Q"), (re.compile(r"tC"), "C"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"^ie"), "e"),
    # a glide between vowels is written or not (Sergeyeva/Sergeeva, Koishybayev/Qoişybaev)
    (re.compile(r"(?<=[aeiou])i(?=[aeou])"), ""),
    (re.compile(r"(.)\1+"), r"\1"),
]
# Latin word-final h after a vowel is silent (-ah, -eh: Russian writes nothing)
_FINAL_H = re.compile(r"(?<=[aeiou])h$")


def _post(s: str) -> str:
    for pat, rep in _POST:
        s = pat.sub(rep, s)
    return s


# Spelling features that tell a convention (the route read first: see _latin_forms)
_ROUTE_MARKERS = [  # checked in this order; the first that matches is read first
    (4, re.compile(r"cz|sz|rz|[łćśżńąęčř]")),                                   # Polish/Czech
    (3, re.compile(r"[ışğçqñūǵńóúá]|x|[a-z]'")),                                # Kazakh/Turkic Latin
    (2, re.compile(r"sch|w|tz|ß|[aeiou]j[aeiou]|[oe]wa?$")),                     # German
    (1, re.compile(r"ou|tch|dj|ï|ë|[oe]ff$|^gu|ch[aeiouy]")),                   # French
]


def _route_order(raw: str) -> list[int]:
    order = [0, 1, 2, 3, 4]
    for n, pat in _ROUTE_MARKERS:
        if pat.search(raw):
            order.remove(n)
            order.insert(0, n)
            break
    return order


def _latin_forms(tok: str, order: list[int] | None = None) -> list[str]:
    if order is None:
        order = _route_order(tok)
    if "ä" in tok:  # Kazakh/Turkic ä = ә (a), German ä = э (e)
        return _latin_forms(tok.replace("ä", "a"), order) + [
            f for f in _latin_forms(tok.replace("ä", "e"), order) if f]
    if "ś" in tok or "ź" in tok:  # Polish ś ź: Russian сь зь, or ш ж (Wiśniewski = Вишневский)
        return _latin_forms(tok.replace("ś", "s").replace("ź", "z"), order) + [
            f for f in _latin_forms(tok.replace("ś", "š").replace("ź", "ž"), order) if f]
    s = _latin_letters(tok)
    bases = []
    if "'" in s:
        # Kazakh 2017 reading and soft-sign/omitted reading
        kz = re.sub(r"([a-z])'", lambda m: _APOS_KZ.get(m.group(1), m.group(1)), s).replace("'", "")
        bases = [kz, s.replace("'", "")]
    else:
        bases = [s]
    out: list[str] = []
    for b in bases:
        b = _FINAL_H.sub("", b)
        for n in order:
            f = _ROUTES[n](_DE_SILENT_H.sub("", b) if n == 2 else b)
            if f not in out:
                out.append(f)
    return out


# --------------------------------------------------------------------------- public per token

def _is_cyr(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"


@lru_cache(maxsize=200_000)
def token_forms(tok: str) -> tuple[str, ...]:
    """Fine phonetic forms of one lower-case token (deduplicated, first = most usual)."""
    ncyr = sum(1 for c in tok if _is_cyr(c))
    if ncyr and ncyr * 2 >= sum(1 for c in tok if c.isalpha()):
        raw = _cyr_forms(tok.replace("'", ""))
    else:
        if ncyr:
            tok = tok.translate(_CYR2LAT)
        raw = _latin_forms(tok)
    out: list[str] = []
    for f in raw:
        f = _post(f)
        if f and f not in out:
            out.append(f)
    return tuple(out[:MAX_FORMS])


_SKEL = str.maketrans({
    "b": "B", "p": "B", "v": "F", "f": "F", "g": "K", "k": "K", "h": "K", "d": "T", "t": "T",
    "z": "S", "s": "S", "C": "S", "S": "X", "J": "X", "Q": "X", "l": "L", "m": "M", "n": "N",
    "r": "R", "a": "", "e": "", "i": "", "o": "", "u": "",
})


@lru_cache(maxsize=200_000)
def skeleton(form: str) -> str:
    """Loose consonant skeleton of a fine form: vowels dropped (a leading vowel kept as 'A'),
    voicing pairs and sibilant classes merged, g/k/h merged (Russian writes foreign h as г),
    repeats collapsed."""
    if not form:
        return ""
    lead = "A" if form[0] in VOWELS else ""
    sk = form.translate(_SKEL)
    sk = re.sub(r"(.)\1+", r"\1", sk)
    return lead + sk
