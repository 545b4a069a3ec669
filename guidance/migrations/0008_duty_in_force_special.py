from django.db import migrations, models

# Rows already loaded get the value a fresh ingest would store (guidance.fixture_records).
FILL_IN_FORCE_SPECIAL = """
UPDATE guidance_duty SET in_force_special = EXISTS (
    SELECT 1 FROM guidance_dutylist
    JOIN guidance_guidancedocument ON guidance_guidancedocument.sourcedocument_ptr_id = guidance_dutylist.document_id
    JOIN guidance_procedure ON guidance_procedure.id = guidance_dutylist.procedure_id
    WHERE guidance_dutylist.id = guidance_duty.duty_list_id
      AND NOT guidance_guidancedocument.superseded
      AND guidance_procedure.has_special
)
"""


class Migration(migrations.Migration):
    dependencies = [("guidance", "0007_special_flag_and_event_sort_key")]

    operations = [
        migrations.AddField(
            model_name="duty",
            name="in_force_special",
            field=models.BooleanField(default=False),
        ),
        migrations.RunSQL(FILL_IN_FORCE_SPECIAL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="duty",
            index=models.Index(
                condition=models.Q(("in_force_special", True)), fields=["id"], name="duty_in_force_special"
            ),
        ),
    ]
