"""A weighted ``tsvector`` column with a GIN index, added by a PostgreSQL-only migration.

SQLite has no tsvector type or GIN index; there the column is not created and
search falls back to substring matching (docs/adr/0008). Models never declare
the column, so Django never tries to create it; each app's search module fills
it after every load.
"""

from django.db import migrations


def add_search_vector(table: str) -> migrations.RunPython:
    """The migration operation adding ``search_vector`` to ``table`` (and its reverse)."""

    def add(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS search_vector tsvector')
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_search_gin" ON "{table}" USING GIN (search_vector)'
        )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_gin"')
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS search_vector')

    return migrations.RunPython(add, drop)
