"""The full-text search column of ``guidance_procedure``, on PostgreSQL only (sources.search_vectors)."""

from django.db import migrations

from sources.search_vectors import add_search_vector


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]

    operations = [add_search_vector("guidance_procedure")]
