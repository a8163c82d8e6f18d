"""Which of memoria's four languages a text is in, from its script and its commonest words.

No model is needed for four languages that differ this much: Kazakh is the Cyrillic text with
the letters Russian lacks (ә ғ қ ң ө ұ ү һ і) or Kazakh function words; among Latin texts the
share of English and French function words decides. A text in any other language or script
(German, Chinese, Kazakh in Latin letters, ...) is refused with a message saying so, rather
than read with the wrong rules.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

LANGUAGES = ("kk", "ru", "en", "fr")
#: How much of a text is looked at: enough for a decision, bounded for a 50 MB paste.
SAMPLE_CHARS = 20_000
#: A Latin-script text needs this share of its words to be English or French function words.
MIN_STOPWORD_SHARE = 0.08

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
STOPWORDS = {
    "kk": set("және мен бен пен да де та те бұл осы ол оның деп үшін соғыс соғысы жылы кезінде "
              "еді болды болған бар емес ретінде туралы арқылы бойынша сол біз олар".split()),
    "ru": set("и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по "
              "только ее мне было вот от меня о из ему теперь когда даже ну ли если уже или ни "
              "быть был была были него до вас нибудь опять уж вам ведь там потом себя ничего "
              "ей может они тут где есть надо ней для мы тебя их чем сам чтобы без будто чего "
              "раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним "
              "здесь этом один почти мой тем году также который которые время".split()),
    "en": set("the of and to in a is that for it as was with be by on not he i this are or his "
              "from at which but have an they you were her she their had been has its who "
              "would will there also into after during about".split()),
    "fr": set("le la les de des du un une et en à est que qui dans pour pas sur au aux par il "
              "elle ne se ce cette son sa ses avec ont été était sont plus nous vous leur leurs "
              "ou mais où y lors après pendant l d qu".split()),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class UnsupportedLanguage(ValueError):
    """The text is not in Kazakh, Russian, English or French (or the language asked for is none of them)."""


def check(language: str) -> str:
    if language not in LANGUAGES:
        raise UnsupportedLanguage(_(
            "“%(language)s” is not a language memoria reads texts in: use kk, ru, en or fr.") % {"language": language})
    return language


def detect(text: str) -> str:
    """kk, ru, en or fr; raises UnsupportedLanguage for anything else."""
    sample = text[:SAMPLE_CHARS]
    words = [w.lower() for w in _WORD.findall(sample)]
    letters = [ch for w in words for ch in w]
    if not letters:
        raise UnsupportedLanguage(_("The text holds no words to tell its language from."))
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
    latin = sum(ch.isascii() or "\u00c0" <= ch <= "\u024f" for ch in letters)
    if cyrillic >= latin and cyrillic > 0.5 * len(letters):
        kazakh_letters = sum(ch in KAZAKH_LETTERS for ch in letters)
        cyr_words = [w for w in words if "\u0400" <= w[0] <= "\u04ff"]
        kk = sum(w in STOPWORDS["kk"] for w in cyr_words)
        ru = sum(w in STOPWORDS["ru"] for w in cyr_words)
        if kazakh_letters > 0.01 * cyrillic or kk > ru:
            return "kk"
        if ru >= MIN_STOPWORD_SHARE * len(cyr_words):
            return "ru"
        raise UnsupportedLanguage(_(
            "The text is in Cyrillic letters but neither in Kazakh nor in Russian; memoria reads texts "
            "in Kazakh, Russian, English and French."))
    if latin > 0.5 * len(letters):
        lat_words = [w for w in words if w.isascii() or "\u00c0" <= w[0] <= "\u024f"]
        en = sum(w in STOPWORDS["en"] for w in lat_words)
        fr = sum(w in STOPWORDS["fr"] for w in lat_words)
        best, count = ("fr", fr) if fr > en else ("en", en)
        if count >= MIN_STOPWORD_SHARE * len(lat_words):
            return best
    raise UnsupportedLanguage(_(
        "The text is not in Kazakh, Russian, English or French, the languages memoria reads texts in. "
        "Give its language if it is one of them."))
