"""The full-text search column of ``policies_policy``, on PostgreSQL only (sources.search_vectors)."""

from django.db import migrations

from sources.search_vectors import add_search_vector


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial")]

    operations = [add_search_vector("policies_policy")]
