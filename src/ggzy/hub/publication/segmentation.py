"""Chinese word segmentation for notice search — plain Python, no Django.

Titles and bodies are cut into words with jieba (``rjieba``, the maintained Rust port; its dictionary
ships inside the package, so it works offline) in *search mode*, which also emits the shorter words
inside long ones: ``城市道路`` gives ``城市 市道 道路 城市道路``, so a search for ``道路`` finds it.
The HMM guesser is off: segmentation then depends on the dictionary only, so a word cuts the same
way in a notice and in a query.

The words are normalised here (NFKC, lower case, split into runs of letters/digits, Chinese apart
from Latin/digits) and stored space-separated. Both indexes then only split on spaces: SQLite FTS5's
``unicode61`` tokenizer and PostgreSQL's ``'simple'`` configuration see the same tokens, so a query
finds the same notices on either database.
"""

from __future__ import annotations

import re
import unicodedata

import rjieba

# Runs of CJK ideographs, or runs of other letters/digits (Latin, digits): never mixed in one token,
# so PostgreSQL's parser cannot split a token differently from FTS5.
_TOKEN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
)
MAX_QUERY_TERMS = 12


def _tokens(words) -> list[str]:
    out: list[str] = []
    for word in words:
        out.extend(_TOKEN.findall(word))
    return out


def segment(text: str) -> list[str]:
    """The index words of ``text`` in order (repeats kept: they weigh in ranking)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _tokens(rjieba.cut_for_search(text, False))


def segmented(text: str) -> str:
    """``segment(text)`` as the space-separated string both indexes store."""
    return " ".join(segment(text))


def query_terms(query: str) -> list[str]:
    """The words a search must all find (search mode, as at index time), without repeats."""
    seen: dict[str, None] = {}
    for token in segment(query):
        seen.setdefault(token, None)
    return list(seen)[:MAX_QUERY_TERMS]
