"""Full-text search vectors of policies (PostgreSQL only), as ``guidance.search`` keeps them for procedures.

Weights: A the title, reference, category and description; B criteria; C
definitions and exclusions (docs/adr/0008-postgresql-full-text-search.md).
"""

from __future__ import annotations

from django.db import connection

from guidance.search import full_text_available

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
