"""Full-text search: PostgreSQL's own search where it runs, plain matching on SQLite.

On PostgreSQL each procedure (and each policy: ``policies.search``) has a weighted ``search_vector``
(English stemming: "lengthening" finds "lengthen") kept in a column with a GIN
index. The column is created by a PostgreSQL-only migration and filled by
``refresh_search_vectors`` whenever data is loaded, so queries never build
vectors row by row. Weights: A the title; B indications, recommendations and
criteria; C duties, definitions and exclusions. Results are ranked.

SQLite (the embedded default) has no such search: ``text_filter`` falls back
to case-insensitive substring matching, documented as the simpler behaviour.
See docs/adr/0008-postgresql-full-text-search.md.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL

SEARCH_CONFIG = "english"

# One UPDATE per table, run after each load. Correlated subqueries gather the text of related rows.
PROCEDURE_VECTOR_SQL = """
UPDATE guidance_procedure AS p SET search_vector =
    setweight(to_tsvector('english', p.title || ' ' || p.guidance_id), 'A')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(i.text, ' ') FROM guidance_indication i WHERE i.procedure_id = p.id), '')), 'B')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(r.text, ' ') FROM guidance_recommendation r WHERE r.procedure_id = p.id), '')), 'B')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(d.text, ' ') FROM guidance_duty d JOIN guidance_dutylist l ON d.duty_list_id = l.id WHERE l.procedure_id = p.id), '')), 'C')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(s.description, ' ') FROM guidance_guidancedocument s WHERE s.procedure_id = p.id), '')), 'C')
"""


def full_text_available() -> bool:
    return connection.vendor == "postgresql"


def refresh_search_vectors() -> None:
    """Recompute every procedure's search vector (PostgreSQL only; a no-op elsewhere). Run after each load."""
    if not full_text_available():
        return
    with connection.cursor() as cursor:
        cursor.execute(PROCEDURE_VECTOR_SQL)


def ranked_match(queryset: QuerySet, q: str, fallback: Q) -> QuerySet:
    """Rows matching ``q``, annotated with ``search_rank`` (PostgreSQL) or filtered by ``fallback``.

    ``websearch_to_tsquery`` accepts what people type ("hip -knee", quoted
    phrases) without raising on stray punctuation.
    """
    if not full_text_available():
        return queryset.filter(fallback).annotate(search_rank=RawSQL("1.0", [], output_field=FloatField()))
    table = queryset.model._meta.db_table
    query = f"websearch_to_tsquery('{SEARCH_CONFIG}', %s)"
    return queryset.filter(
        RawSQL(f'"{table}"."search_vector" @@ {query}', [q], output_field=BooleanField())
    ).annotate(
        search_rank=RawSQL(f'ts_rank("{table}"."search_vector", {query})', [q], output_field=FloatField())
    )
