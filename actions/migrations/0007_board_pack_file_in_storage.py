"""Board pack PDFs move from a column of the database into files through the storage API."""

from django.core.files.base import ContentFile
from django.db import migrations, models

import actions.models.pack


def copy_into_storage(apps, schema_editor):
    """Each built pack's bytes become a file in the configured storage."""
    BoardPack = apps.get_model("actions", "BoardPack")
    for pack in BoardPack.objects.exclude(pdf=None).select_related("partnership").iterator():
        name = f"{pack.partnership.slug}-briefing-pack-{pack.as_of:%Y-%m-%d}.pdf"
        pack.file.save(name, ContentFile(bytes(pack.pdf)), save=False)
        BoardPack.objects.filter(pk=pack.pk).update(file=pack.file.name)


def copy_back(apps, schema_editor):
    """Undo: each stored file's bytes back into the column (the files are left in place)."""
    BoardPack = apps.get_model("actions", "BoardPack")
    for pack in BoardPack.objects.exclude(file="").iterator():
        with pack.file.open("rb") as stored:
            BoardPack.objects.filter(pk=pack.pk).update(pdf=stored.read())


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0006_progress_update_scoped_through_action"),
    ]

    operations = [
        migrations.AddField(
            model_name="boardpack",
            name="file",
            field=models.FileField(
                blank=True, editable=False, upload_to=actions.models.pack.pack_file_path
            ),
        ),
        migrations.RunPython(copy_into_storage, copy_back),
        migrations.RemoveField(model_name="boardpack", name="pdf"),
    ]
