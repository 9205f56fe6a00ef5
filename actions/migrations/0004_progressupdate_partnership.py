"""Store each progress update's partnership (its action's plan's), indexed newest first.

Added empty, filled from the action's plan, then required.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_partnership(apps, schema_editor):
    ProgressUpdate = apps.get_model("actions", "ProgressUpdate")
    Action = apps.get_model("actions", "Action")
    ProgressUpdate.objects.update(
        partnership_id=Subquery(
            Action.objects.filter(pk=OuterRef("action_id")).values("plan__partnership_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0003_audit_history_and_versions"),
        ("inspections", "0002_audit_history_and_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="progressupdate",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="inspections.partnership",
            ),
        ),
        migrations.RunPython(fill_partnership, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="progressupdate",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="inspections.partnership",
            ),
        ),
        migrations.AddIndex(
            model_name="progressupdate",
            index=models.Index(
                fields=["partnership", "-date", "-id"], name="update_partnership_newest"
            ),
        ),
    ]
