"""Full-text search vectors of policies (PostgreSQL only), as ``guidance.search`` keeps them for procedures.

Weights: A the title, reference, category and description; B criteria; C
definitions and exclusions (docs/adr/0008-postgresql-full-text-search.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from guidance.search import full_text_available, ranked_match
from policies.models import CriterionNode, Definition, Exclusion, Policy, PolicyVersion

POLICY_VECTOR_SQL = """
UPDATE policies_policy AS p SET search_vector =
    setweight(to_tsvector('english', p.title), 'A')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(v.reference || ' ' || v.category || ' ' || v.description, ' ') FROM policies_policyversion v WHERE v.policy_id = p.id), '')), 'A')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(n.text, ' ') FROM policies_criterionnode n JOIN policies_policyversion v ON n.version_id = v.id WHERE v.policy_id = p.id), '')), 'B')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(d.term || ' ' || d.text, ' ') FROM policies_definition d JOIN policies_policyversion v ON d.version_id = v.id WHERE v.policy_id = p.id), '')), 'C')
 || setweight(to_tsvector('english', coalesce((SELECT string_agg(e.text, ' ') FROM policies_exclusion e JOIN policies_policyversion v ON e.version_id = v.id WHERE v.policy_id = p.id), '')), 'C')
"""


def refresh_policy_search_vectors() -> None:
    """Recompute every policy's search vector (PostgreSQL only; a no-op elsewhere). Run after each load."""
    if not full_text_available():
        return
    with connection.cursor() as cursor:
        cursor.execute(POLICY_VECTOR_SQL)


# --------------------------------------------------------------------------
# The search page (web.selectors): policies with the texts a result is explained by
# --------------------------------------------------------------------------


def _text_matches(text: str) -> Q:
    """Plain case-insensitive matching over every text a policy's vector holds (the SQLite fallback)."""
    versions = PolicyVersion.objects.filter(policy=OuterRef("pk"))
    return (
        Q(title__icontains=text)
        | Q(body__short_name__icontains=text)
        | Q(Exists(versions.filter(Q(reference__iexact=text) | Q(description__icontains=text))))
        | Q(Exists(CriterionNode.objects.filter(version__policy=OuterRef("pk"), text__icontains=text)))
        | Q(
            Exists(
                Definition.objects.filter(version__policy=OuterRef("pk")).filter(
                    Q(term__icontains=text) | Q(text__icontains=text)
                )
            )
        )
        | Q(Exists(Exclusion.objects.filter(version__policy=OuterRef("pk"), text__icontains=text)))
    )


def search_policies(q: str, *, phrases: Sequence[str] = ()) -> QuerySet[Policy]:
    """Policies matching ``q`` or one of ``phrases``, best first, with the texts a snippet can come from
    and each version's review dates (for its status). A fixed number of queries."""
    fallback = _text_matches(q)
    for phrase in phrases:
        fallback |= _text_matches(phrase)
    versions = (
        PolicyVersion.objects.select_related("document")
        .order_by("effective_from")
        .prefetch_related(
            Prefetch("nodes", queryset=CriterionNode.objects.exclude(text="").order_by("order")),
            Prefetch("definitions", queryset=Definition.objects.order_by("order")),
            Prefetch("exclusions", queryset=Exclusion.objects.order_by("order")),
        )
    )
    return (
        ranked_match(
            Policy.objects.select_related("body", "procedure"), q, fallback=fallback, phrases=phrases
        )
        .order_by("-search_rank", "body__short_name", "title", "slug")
        .prefetch_related(Prefetch("versions", queryset=versions))
    )


def texts_defining(short_forms: Sequence[str]) -> list[str]:
    """Policy texts holding one of ``short_forms`` in brackets (``guidance.search.texts_defining``)."""
    if not short_forms:
        return []
    where = Q()
    for short in short_forms:
        where |= Q(text__icontains=f"{short})") | Q(text__icontains=f"{short} (")
    union = (
        CriterionNode.objects.filter(where)
        .order_by()
        .values_list("text", flat=True)
        .union(
            Definition.objects.filter(where).order_by().values_list("text", flat=True),
            Exclusion.objects.filter(where).order_by().values_list("text", flat=True),
        )
    )
    return list(union)
