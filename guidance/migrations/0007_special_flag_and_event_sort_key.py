from django.db import migrations, models

# Rows already loaded get the values a fresh ingest would store (guidance.fixture_records).
FILL_HAS_SPECIAL = """
UPDATE guidance_procedure SET has_special = EXISTS (
    SELECT 1 FROM guidance_indication
    WHERE guidance_indication.procedure_id = guidance_procedure.id AND guidance_indication.level = 'special'
)
"""
FILL_PROCEDURE_TITLE = """
UPDATE guidance_timelineevent SET procedure_title = (
    SELECT title FROM guidance_procedure WHERE guidance_procedure.id = guidance_timelineevent.procedure_id
)
"""


class Migration(migrations.Migration):
    dependencies = [("guidance", "0006_curated_decisions")]

    operations = [
        migrations.AddField(
            model_name="procedure",
            name="has_special",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="timelineevent",
            name="procedure_title",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.RunSQL(FILL_HAS_SPECIAL, migrations.RunSQL.noop),
        migrations.RunSQL(FILL_PROCEDURE_TITLE, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="procedure",
            index=models.Index(
                condition=models.Q(("has_special", True)),
                fields=["title", "slug"],
                name="procedure_special_title",
            ),
        ),
        migrations.AddIndex(
            model_name="procedure",
            index=models.Index(
                condition=models.Q(("has_final_guidance", False)),
                fields=["title", "slug"],
                name="procedure_not_final_title",
            ),
        ),
        migrations.AddIndex(
            model_name="timelineevent",
            index=models.Index(fields=["starts_on", "procedure_title"], name="event_day_procedure_title"),
        ),
    ]
