"""Full-text search: PostgreSQL's own search where it runs, plain matching on SQLite.

On PostgreSQL each procedure (and each policy: ``policies.search``) has a weighted ``search_vector``
(English stemming: "lengthening" finds "lengthen") kept in a column with a GIN
index. The column is created by a PostgreSQL-only migration and filled by
``refresh_search_vectors`` whenever data is loaded, so queries never build
vectors row by row. Weights: A the title; B indications, recommendations and
criteria; C duties, definitions, exclusions, descriptions and a consultation's
sections (where a document defines its abbreviations: "targeted muscle
reinnervation (TMR)"). Results are ranked.

SQLite (the embedded default) has no such search: ``text_filter`` falls back
to case-insensitive substring matching, documented as the simpler behaviour.
See docs/adr/0008-postgresql-full-text-search.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from guidance.models import (
    ConsultationSection,
    Duty,
    DutyList,
    GuidanceDocument,
    Indication,
    Procedure,
    Recommendation,
)

SEARCH_CONFIG = "english"

# One UPDATE per table, run after each load. Correlated subqueries gather the text of related rows.
PROCEDURE_VECTOR_SQL = """
UPDATE guidance_procedure AS p SET search_vector =
    setweight(to_tsvector('english', p.title || ' ' || p.guidance_id), 'A')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(i.text, ' ') FROM guidance_indication i WHERE i.procedure_id = p.id), '')), 'B')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(r.text, ' ') FROM guidance_recommendation r WHERE r.procedure_id = p.id), '')), 'B')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(d.text, ' ') FROM guidance_duty d JOIN guidance_dutylist l ON d.duty_list_id = l.id WHERE l.procedure_id = p.id), '')), 'C')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(s.description, ' ') FROM guidance_guidancedocument s WHERE s.procedure_id = p.id), '')), 'C')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(c.heading || ' ' || c.text, ' ') FROM guidance_consultationsection c JOIN guidance_guidancedocument s ON c.document_id = s.sourcedocument_ptr_id WHERE s.procedure_id = p.id), '')), 'C')
"""


def full_text_available() -> bool:
    return connection.vendor == "postgresql"


def refresh_search_vectors() -> None:
    """Recompute every procedure's search vector (PostgreSQL only; a no-op elsewhere). Run after each load."""
    if not full_text_available():
        return
    with connection.cursor() as cursor:
        cursor.execute(PROCEDURE_VECTOR_SQL)


def ranked_match(queryset: QuerySet, q: str, fallback: Q, phrases: Sequence[str] = ()) -> QuerySet:
    """Rows matching ``q``, annotated with ``search_rank`` (PostgreSQL) or filtered by ``fallback``.

    ``websearch_to_tsquery`` accepts what people type ("hip -knee", quoted
    phrases) without raising on stray punctuation. ``phrases`` (the long forms
    of an abbreviation in ``q``) match too, each as a phrase; on SQLite the
    caller's ``fallback`` covers them.
    """
    if not full_text_available():
        return queryset.filter(fallback).annotate(search_rank=RawSQL("1.0", [], output_field=FloatField()))
    table = queryset.model._meta.db_table
    query = " || ".join(
        [f"websearch_to_tsquery('{SEARCH_CONFIG}', %s)"]
        + [f"phraseto_tsquery('{SEARCH_CONFIG}', %s)"] * len(phrases)
    )
    params = [q, *phrases]
    return queryset.filter(
        RawSQL(f'"{table}"."search_vector" @@ ({query})', params, output_field=BooleanField())
    ).annotate(
        search_rank=RawSQL(f'ts_rank("{table}"."search_vector", {query})', params, output_field=FloatField())
    )


# --------------------------------------------------------------------------
# The search page (web.selectors): procedures with the texts a result is explained by
# --------------------------------------------------------------------------


def _text_matches(text: str) -> Q:
    """Plain case-insensitive matching over every text a procedure's vector holds (the SQLite fallback)."""
    return (
        Q(title__icontains=text)
        | Q(guidance_id__iexact=text)
        | Q(Exists(Recommendation.objects.filter(procedure=OuterRef("pk"), text__icontains=text)))
        | Q(Exists(Indication.objects.filter(procedure=OuterRef("pk"), text__icontains=text)))
        | Q(Exists(Duty.objects.filter(duty_list__procedure=OuterRef("pk"), text__icontains=text)))
        | Q(Exists(GuidanceDocument.objects.filter(procedure=OuterRef("pk"), description__icontains=text)))
        | Q(
            Exists(
                ConsultationSection.objects.filter(document__procedure=OuterRef("pk")).filter(
                    Q(text__icontains=text) | Q(heading__icontains=text)
                )
            )
        )
    )


def search_procedures(q: str, *, phrases: Sequence[str] = ()) -> QuerySet[Procedure]:
    """Procedures matching ``q`` or one of ``phrases``, best first, with every text a snippet can come from.

    On PostgreSQL the ranked full-text match; elsewhere substring matching over
    the same texts, ordered by title (ADR 0008). Runs a fixed number of queries.
    """
    fallback = _text_matches(q)
    for phrase in phrases:
        fallback |= _text_matches(phrase)
    return (
        ranked_match(Procedure.objects.all(), q, fallback=fallback, phrases=phrases)
        .order_by("-search_rank", "title", "slug")
        .prefetch_related(
            Prefetch("indications", queryset=Indication.objects.select_related("document").order_by("order")),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("document").order_by(
                    "document__filename", "order"
                ),
            ),
            Prefetch(
                "documents",
                queryset=GuidanceDocument.objects.order_by("filename").prefetch_related(
                    Prefetch("sections", queryset=ConsultationSection.objects.order_by("order"))
                ),
            ),
            Prefetch(
                "duty_lists",
                queryset=DutyList.objects.select_related("document")
                .order_by("document__filename", "order")
                .prefetch_related(Prefetch("duties", queryset=Duty.objects.order_by("order"))),
            ),
            "events",
        )
    )


def texts_defining(short_forms: Sequence[str]) -> list[str]:
    """Guidance texts holding one of ``short_forms`` in brackets, where an abbreviation can be defined.

    One query whatever the number of short forms: only the texts that can
    define them are read, and ``sources.abbreviations`` decides which do.
    """
    if not short_forms:
        return []
    sections, recommendations, descriptions = Q(), Q(), Q()
    for short in short_forms:
        sections |= Q(text__icontains=f"{short})") | Q(text__icontains=f"{short} (")
        recommendations |= Q(text__icontains=f"{short})") | Q(text__icontains=f"{short} (")
        descriptions |= Q(description__icontains=f"{short})") | Q(description__icontains=f"{short} (")
    union = (
        ConsultationSection.objects.filter(sections)
        .order_by()
        .values_list("text", flat=True)
        .union(
            Recommendation.objects.filter(recommendations).order_by().values_list("text", flat=True),
            GuidanceDocument.objects.filter(descriptions).order_by().values_list("description", flat=True),
        )
    )
    return list(union)
