"""Cross-script personal-name matching (Kazakh/Russian Cyrillic <-> Latin spellings).

Plain Python; imports nothing from Django. See ``matching.py`` for the search pipeline.
"""

from .matching import (
    CONFIDENT_EVIDENCE,
    MIN_SCORE,
    NameIndex,
    NameMatch,
    evidence,
    is_confident,
    match_candidates,
    name_keys,
    query_keys,
    rank_candidates,
    similarity,
    token_evidence,
    token_similarity,
    whole_name_groups,
)
from .normalize import InvalidName, detect_script, normalize, parse, tokenize
from .phonetic import skeleton, token_forms

__all__ = [
    "CONFIDENT_EVIDENCE",
    "MIN_SCORE",
    "InvalidName",
    "NameIndex",
    "NameMatch",
    "detect_script",
    "evidence",
    "is_confident",
    "match_candidates",
    "name_keys",
    "normalize",
    "parse",
    "query_keys",
    "rank_candidates",
    "similarity",
    "skeleton",
    "token_evidence",
    "token_forms",
    "token_similarity",
    "tokenize",
    "whole_name_groups",
]
