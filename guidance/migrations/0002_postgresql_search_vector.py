"""A weighted tsvector column with a GIN index on ``guidance_procedure``, on PostgreSQL only.

SQLite has no tsvector type or GIN index; there the column is not created and
search falls back to substring matching (guidance.search, docs/adr/0008).
The model does not declare the column, so Django never tries to create it.
"""

from django.db import migrations

TABLE = "guidance_procedure"


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'ALTER TABLE "{TABLE}" ADD COLUMN IF NOT EXISTS search_vector tsvector')
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{TABLE}_search_gin" ON "{TABLE}" USING GIN (search_vector)'
    )


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{TABLE}_search_gin"')
    schema_editor.execute(f'ALTER TABLE "{TABLE}" DROP COLUMN IF EXISTS search_vector')


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]

    operations = [migrations.RunPython(add_search_vector, drop_search_vector)]
