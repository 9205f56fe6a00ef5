# Which inspection's import added an organisation, so withdrawing that inspection takes
# only the organisations it added (review finding 5). Organisations recorded before this
# migration have none: withdrawing an inspection leaves them.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0006_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalorganisation",
            name="added_by_inspection",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="The inspection whose import added it; withdrawing that inspection takes it too, if nothing else uses it.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="inspections.inspection",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="added_by_inspection",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The inspection whose import added it; withdrawing that inspection takes it too, if nothing else uses it.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="organisations_added",
                to="inspections.inspection",
            ),
        ),
    ]
