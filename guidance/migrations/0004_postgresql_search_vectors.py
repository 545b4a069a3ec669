"""A weighted tsvector column with a GIN index on procedures and policies, on PostgreSQL only.

SQLite has no tsvector type or GIN index; there the column is not created and
search falls back to substring matching (guidance.search, docs/adr/0008).
The models do not declare the column, so Django never tries to create it.
"""

from django.db import migrations

TABLES = ("guidance_procedure", "policies_policy")


def add_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS search_vector tsvector')
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{table}_search_gin" ON "{table}" USING GIN (search_vector)')


def drop_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_gin"')
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS search_vector')


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0003_editorial_corrections"),
        ("policies", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_search_vectors, drop_search_vectors)]
