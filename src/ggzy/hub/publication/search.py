"""Notice search on the index kept by ``search_index``: words, not substrings of a full scan.

A query is segmented like the notices (``segmentation.query_terms``) and every word must occur
(AND). Ranking is deliberately simple and the same on both databases: notices whose *title* holds
every word come first, then those that hold them in title and body together; within each group the
newest first. Each group is an ordered scan that stops after a page, so the common words
(``道路``) stay as cheap as the rare ones. Matches are highlighted by ``highlight``.
"""

from __future__ import annotations

import re

from django.db import connections
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from .models import Notice
from .search_index import FTS_TABLE, NOTICE_TABLE
from .segmentation import query_terms

# A public project code (招标项目编号, e.g. E3101150101234567001): looked up exactly, not as words.
PROJECT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{5,19}$")


def looks_like_project_code(query: str) -> bool:
    query = query.strip()
    return bool(PROJECT_CODE.match(query)) and any(c.isdigit() for c in query)


def _match(qs: QuerySet[Notice], terms: list[str], *, title_only: bool) -> RawSQL | Q:
    vendor = connections[qs.db].vendor
    if vendor == "postgresql":
        tsquery = " & ".join(f"{t}:A" if title_only else t for t in terms)
        return RawSQL(
            f"{NOTICE_TABLE}.search_vector @@ to_tsquery('simple', %s)",
            [tsquery],
            output_field=BooleanField(),
        )
    if vendor == "sqlite":
        expression = " AND ".join(f'title:"{t}"' if title_only else f'"{t}"' for t in terms)
        return RawSQL(
            f"{NOTICE_TABLE}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
            [expression],
            output_field=BooleanField(),
        )
    condition = Q()  # no index on this database: substring matching of each word
    for term in terms:
        condition &= (
            Q(title__icontains=term) if title_only else Q(title__icontains=term) | Q(body__icontains=term)
        )
    return condition


def search_groups(qs: QuerySet[Notice], query: str) -> tuple[list[QuerySet[Notice]], list[str]]:
    """The result groups in rank order (each to be read newest first) and the query's words.
    No words (only punctuation): one empty group."""
    terms = query_terms(query)
    if not terms:
        return [qs.none()], []
    in_title = _match(qs, terms, title_only=True)
    anywhere = _match(qs, terms, title_only=False)
    return [qs.filter(in_title), qs.filter(anywhere).exclude(in_title)], terms
