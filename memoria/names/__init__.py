"""Cross-script personal-name matching (Kazakh/Russian Cyrillic <-> Latin spellings).

Plain Python; imports nothing from Django. See ``matching.py`` for the search pipeline.
"""

from .matching import (
    NameIndex,
    name_keys,
    query_keys,
    rank_candidates,
    similarity,
    token_similarity,
)
from .normalize import InvalidName, detect_script, normalize, parse, tokenize
from .phonetic import skeleton, token_forms

__all__ = [
    "InvalidName",
    "NameIndex",
    "detect_script",
    "name_keys",
    "normalize",
    "parse",
    "query_keys",
    "rank_candidates",
    "similarity",
    "skeleton",
    "token_forms",
    "token_similarity",
    "tokenize",
]
