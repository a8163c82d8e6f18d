"""People: who the text names, with the parts of the name, rank and role it gives.

A run of capitalised words is a person's name when something says so: the language's model
(natasha for Russian, spaCy for French) tagged it, a rank or a role stands before it, it holds
an initial ("М. Нагуманов"), a Kazakh or Russian surname or patronymic ending (-ов, -ева, -ұлы,
-қызы, -ович, -ovna ...), or the archive knows it as someone's spelling. Once a name is known
as a person's, its other occurrences (the surname alone, "de Gaulle's") are mentions of them too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon as lx
from .mentions import Mention

NAME_PART = rf"(?:{lx.INITIALS}|{lx.NAME_WORD})"
PARTICLE = r"(?:de|du|des|d['’]|van|von|der|la|le|al-|ibn|bin|da|di|де|дю|фон|ван|аль-)"
#: A particle between two capitalised words makes a name (Charles de Gaulle, Шарль де Голль).
NAME_PARTICLE = re.compile(rf"[{lx.UPPER}]\w+\s(?:de|von|van|де|фон|ван)\s[{lx.UPPER}]")
QUOTES_OPEN, QUOTES_CLOSE = "«“\"„", "»”\"“"
ROLE_DISTANCE = 70
NEXT_NAME = re.compile(rf"\s[{lx.UPPER}]")
#: What may follow a name found again: a Russian case ending, a Kazakh suffix, a possessive.
ENDINGS = rf"(?:{lx.RU_CASE_ENDINGS}|{lx.KK_SUFFIXES})?"
RUN = re.compile(rf"(?<![\w{lx.UPPER}{lx.LOWER}]){NAME_PART}(?:(?:\s|\s?(?<=\.))(?:{PARTICLE}\s?)?{NAME_PART}){{0,4}}")
INITIAL_RE = re.compile(rf"^{lx.INITIALS}$")
#: How far before a name a rank or role is looked for (same clause).
CONTEXT_CHARS = 80
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@lru_cache(maxsize=4)
def _rank_pattern(language: str) -> re.Pattern:
    ranks = sorted(lx.RANKS[language], key=len, reverse=True)
    body = "|".join(re.escape(r).replace(r"\ ", r"\s") for r in ranks)
    suffix = lx.RANK_KK_SUFFIX if language == "kk" else ("(?:а|ом|у|е)?" if language == "ru" else "")
    # The rank ends right before the name, possibly with "retired", "(retd.)" or a comma between.
    return re.compile(rf"(?<![\w-])(?P<rank>(?:{body}){suffix})(?:\s(?:в отставке|запаса|retired|\(retd?\.\)|en retraite))?\s*$",
                      re.IGNORECASE)


@lru_cache(maxsize=4)
def _role_pattern(language: str) -> re.Pattern:
    roles = sorted(lx.ROLES[language], key=len, reverse=True)
    body = "|".join(re.escape(r).replace(r"\ ", r"\s") for r in roles)
    return re.compile(rf"(?<!\w)(?P<role>{body})\w*", re.IGNORECASE)


def _is_initial(token: str) -> bool:
    return bool(INITIAL_RE.match(token))


def _surname_like(token: str) -> bool:
    return bool(lx.CYR_SURNAME_WORD.match(token) or lx.LAT_SURNAME_WORD.match(token))


def _patronymic_like(token: str) -> bool:
    return bool(lx.CYR_PATRONYMIC_WORD.match(token) or lx.LAT_PATRONYMIC_WORD.match(token))


def _tokens(span_text: str) -> list[str]:
    return re.findall(rf"{lx.INITIALS}|{PARTICLE}(?=\s)|{lx.NAME_WORD}|{'|'.join(lx.SEPARATE_PATRONYMIC)}", span_text)


def parse_name(name: str) -> dict:
    """given_name, patronymic, surname and initials of a name as written."""
    tokens = [POSSESSIVE.sub("", t) for t in _tokens(name)]
    initials = [t for t in tokens if _is_initial(t)]
    words = [t for t in tokens if not _is_initial(t)]
    patronymic = next((t for t in words[1:] if _patronymic_like(t)), None)
    if patronymic is None:
        for i, t in enumerate(words[1:], 1):
            if t.lower() in lx.SEPARATE_PATRONYMIC:
                patronymic = f"{words[i - 1]} {t}"
                words = words[:i - 1] + words[i + 1:]
                break
    rest = [t for t in words if t != patronymic]
    surname = next((t for t in rest if _surname_like(t)), None)
    if surname is None and rest:
        # Particles belong to the surname that follows them (Charles de Gaulle → de Gaulle).
        surname = rest[-1]
        for i in range(len(rest) - 1, 0, -1):
            if re.fullmatch(PARTICLE, rest[i - 1], re.IGNORECASE) or rest[i - 1].lower() in lx.PARTICLES:
                surname = f"{rest[i - 1]} {surname}"
            else:
                break
    given = next((t for t in rest if t not in (surname or "").split() and t.lower() not in lx.PARTICLES), None)
    if surname and given is None and len(rest) == 1 and not initials and not _surname_like(surname):
        # One word that is no surname: a given name alone ("Marat").
        given, surname = surname, None
    return {"given_name": given, "patronymic": patronymic, "surname": surname,
            "initials": " ".join(initials) or None}


def _trim(text: str, start: int, end: int, language: str, is_place) -> tuple[int, int] | None:
    """The run without the capitalised common words at its ends (The, In, General, France ...)."""
    not_names = lx.NOT_NAMES[language]
    while start < end:
        m = re.match(rf"{lx.INITIALS}|{lx.NAME_WORD}|{PARTICLE}", text[start:end])
        if not m:
            break
        word = m.group(0)
        if word.lower() in not_names or is_place(word) or _rank_pattern(language).search(word):
            start += len(word)
            while start < end and text[start] in " \n":
                start += 1
            continue
        break
    while end > start:
        m = re.search(rf"(?:{lx.NAME_WORD}|{PARTICLE})$", text[start:end])
        if not m:
            break
        word = POSSESSIVE.sub("", m.group(0))
        if word.lower() in not_names or is_place(word) or re.fullmatch(PARTICLE, word, re.IGNORECASE):
            end = start + m.start()
            while end > start and text[end - 1] in " \n":
                end -= 1
            continue
        break
    if end <= start:
        return None
    # "Gaulle's": the possessive ending is not part of the name.
    m = POSSESSIVE.search(text[start:end])
    if m and m.group(0):
        end -= len(m.group(0))
    return start, end


def _context_before(text: str, start: int) -> str:
    before = text[max(0, start - CONTEXT_CHARS):start]
    cut = max(before.rfind("."), before.rfind("\n"), before.rfind(";"))
    # A full stop inside an initial or an abbreviation ("Lt.") does not end the clause.
    if cut != -1 and not re.search(rf"(?:\b[{lx.UPPER}]|Lt|Col|Gen|Capt|Sgt|ст|мл)\.$", before[:cut + 1]):
        before = before[cut + 1:]
    return before


def _outside(runs, blocked) -> list[tuple[int, int]]:
    """The parts of each run outside the blocked spans ("Armed Forces Kassym-Jomart Tokayev" →
    "Kassym-Jomart Tokayev" when "Armed Forces" is a unit)."""
    parts = []
    for m in runs:
        start, end = m.start(), m.end()
        for s, e in sorted(blocked):
            if s < end and start < e:
                if start < s:
                    parts.append((start, s))
                start = max(start, e)
        while start < end and m.string[start].isspace():
            start += 1
        if start < end and _has_letter(m.string[start:end]):
            parts.append((start, end))
    return parts


def _has_letter(piece: str) -> bool:
    return any(ch.isalpha() for ch in piece)


def _cut_at_place(text: str, start: int, end: int, is_place) -> int:
    """Where a run stops being a name: at the first place after its first word
    ("Қадем Жұманиязов Францияда ..." → "Қадем Жұманиязов")."""
    words = list(re.finditer(lx.NAME_WORD, text[start:end]))
    for word in words[1:]:
        if is_place(POSSESSIVE.sub("", word.group(0))):
            return start + len(text[start:start + word.start()].rstrip())
    return end


def find(text: str, language: str, model: list[Mention], known_names, is_place,
         blocked: list[tuple[int, int]] = ()) -> list[Mention]:
    """Person mentions, each with its name's parts, rank and role; none inside a `blocked` span
    (a unit's name: "Panfilov Division"). `known_names(names)` tells which of some capitalised
    runs the archive holds as someone's spelling (one look-up for the whole text)."""
    unproven: list[tuple[int, int]] = []
    model_spans = [(m.start, m.end) for m in model if m.kind == "people"
                   and not any(m.start < e and s < m.end for s, e in blocked)]
    candidates: list[tuple[int, int, str]] = []
    for run_start, run_end in _outside(RUN.finditer(text), blocked):
        trimmed = _trim(text, run_start, run_end, language, is_place)
        if trimmed is None:
            continue
        start, end = trimmed
        end = _cut_at_place(text, start, end, is_place)
        inner = re.search(r"['’]s(?=\s)", text[start:end])
        if inner:
            # "Konstantin Rokossovsky's 16th Army": the name ends at its possessive.
            end = start + inner.start()
        name = text[start:end]
        tokens = [POSSESSIVE.sub("", t) for t in _tokens(name)]
        words = [t for t in tokens if not _is_initial(t) and t.lower() not in lx.PARTICLES]
        if not words or is_place(name) or any(_role_pattern(language).fullmatch(w) for w in words):
            continue
        before = _context_before(text, start)
        evidence = None
        if any(s < end and start < e for s, e in model_spans):
            evidence = "model"
        elif _rank_pattern(language).search(text[max(0, run_start - 40):run_start] + text[run_start:start]):
            evidence = "rank"
        elif any(_is_initial(t) for t in tokens) and words:
            evidence = "initials"
        elif any(_surname_like(w) or _patronymic_like(w) for w in words) or (
                len(words) >= 2 and any(lx.LAT_PAIRED_SURNAME_WORD.match(w) for w in words[1:])):
            evidence = "ending"
        elif NAME_PARTICLE.search(name):
            evidence = "particle"
        elif 2 <= len(words) <= 3 and _role_pattern(language).search(before[-ROLE_DISTANCE:]) and not any(
                is_place(w) for w in words):
            evidence = "role"
        if evidence and _quoted(text, start, end):
            # «Жас сарбаз», « Kovpak »: a quoted name is a thing's (a unit, a book, a movement).
            evidence = None
        if evidence is None and len(words) >= 2 and not _quoted(text, start, end):
            unproven.append((start, end))
        if evidence:
            if len(words) == 1 and evidence in ("ending",) and start == _sentence_start(text, start):
                # A lone capitalised word opening a sentence: a surname only if it is seen elsewhere.
                evidence = "weak"
            candidates.append((start, end, evidence))
    # The model's own spans (a name the rules missed: "Sylvain Giogé" in French) count too.
    for s, e in model_spans:
        trimmed = _trim(text, s, e, language, is_place)
        if trimmed and not any(a < trimmed[1] and trimmed[0] < b for a, b, _ in candidates):
            candidates.append((*trimmed, "model"))
    # The archive's spellings of its people, for the runs nothing else proved a name.
    known = known_names([text[s:e] for s, e in unproven]) if unproven else set()
    for s, e in unproven:
        if text[s:e] in known and not any(a < e and s < b for a, b, _ in candidates):
            candidates.append((s, e, "gazetteer"))
    strong = [c for c in candidates if c[2] != "weak"]
    surnames = {parse_name(text[s:e])["surname"] for s, e, _ in strong} - {None}
    surname_stems = {stem(s) for s in surnames}
    mentions = []
    for s, e, evidence in candidates:
        name = text[s:e]
        if evidence == "weak" and stem(name) not in surname_stems:
            continue
        mentions.append(_mention(text, s, e, language, evidence))
    # Other occurrences of a known surname ("Nagumanov", "Нагуманова", "de Gaulle's"), and of a
    # given name that only one person found in the text bears ("Қадем", "Қадемнің").
    taken = [(m.start, m.end) for m in mentions]
    given = {}
    for m in mentions:
        if m.attrs.get("given_name") and m.attrs.get("surname"):
            given.setdefault(stem(m.attrs["given_name"]), set()).add(stem(m.attrs["surname"]))
    unique_given = {name for name, bearers in given.items() if len(bearers) == 1}
    for surname in sorted(surnames | unique_given):
        if len(surname) < 4 or surname.lower() in lx.NOT_NAMES[language] or is_place(surname):
            continue
        base = re.escape(stem(surname))
        for m in re.finditer(rf"(?<![\w{lx.UPPER}{lx.LOWER}]){base}{ENDINGS}(?![\w])", text):
            if any(a < m.end() and m.start() < b for a, b in [*taken, *blocked]) or _quoted(text, m.start(), m.end()):
                continue
            if surname in unique_given and NEXT_NAME.match(text, m.end()):
                continue  # "Test" of "Test Person" is another person's given name
            end = m.end()
            mentions.append(_mention(text, m.start(), end, language, "surname"))
            taken.append((m.start(), end))
    return sorted(mentions, key=lambda m: m.start)


def _quoted(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2):start].strip()
    after = text[end:end + 2].strip()
    return bool(before and after and before[-1] in QUOTES_OPEN and after[0] in QUOTES_CLOSE)


def _sentence_start(text: str, start: int) -> int:
    i = start
    while i > 0 and text[i - 1] in " \t\"«“(—–-":
        i -= 1
    if i == 0 or text[i - 1] in ".!?\n:":
        return start
    return -1


def stem(surname: str) -> str:
    """A surname without the case ending a Russian or Kazakh sentence adds (Нагуманова → Нагуманов)."""
    m = re.match(rf"^(.+?(?:ов|ев|ёв|ин|ын|ова|ева|ина))(?:{lx.RU_CASE_ENDINGS}|{lx.KK_SUFFIXES})?$", surname)
    if m and m.group(1) != surname:
        base = m.group(1)
        return base[:-1] if base.endswith(("ова", "ева", "ина")) and surname.endswith(("ой", "ою")) else base
    return surname


def _mention(text: str, start: int, end: int, language: str, evidence: str) -> Mention:
    name = text[start:end]
    attrs = parse_name(name)
    before = _context_before(text, start)
    rank = _rank_pattern(language).search(before)
    attrs["rank"] = rank.group("rank") if rank and len(before) - rank.end("rank") < 16 else None
    role = None
    near = before[-ROLE_DISTANCE:]
    for found in _role_pattern(language).finditer(near):
        if near[:found.start()].rstrip()[-1:] not in QUOTES_OPEN:  # not a word of a quoted name
            role = found.group(0)
    after = text[end:end + 40]
    if role is None:
        m = re.match(r"^,\s(?:a|an|the|un|une|le|la)?\s?(?P<role>[\w\s'-]{3,30}?)(?:,|\.|\sof\s)", after)
        if m and _role_pattern(language).search(m.group("role")):
            role = _role_pattern(language).search(m.group("role")).group(0)
    attrs["role"] = role
    return Mention("people", start, end, name, evidence, attrs)
