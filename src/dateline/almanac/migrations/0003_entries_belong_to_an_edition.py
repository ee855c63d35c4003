"""Each almanac entry belongs to one edition (a Wagtail locale) and may be translated into the
other. Entries already written go to the edition whose script they are written in: Persian
text to the Persian edition where the site has one, everything else to the default language's.
"""

import re
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def give_each_entry_an_edition(apps, schema_editor):
    AlmanacEntry = apps.get_model("almanac", "AlmanacEntry")
    Locale = apps.get_model("wagtailcore", "Locale")
    if not AlmanacEntry.objects.exists():
        return
    default = (Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
               or Locale.objects.order_by("pk").first()
               or Locale.objects.create(language_code=settings.LANGUAGE_CODE))
    persian = Locale.objects.filter(language_code="fa").first() or default
    for entry in AlmanacEntry.objects.all():
        entry.translation_key = uuid.uuid4()
        entry.locale = persian if ARABIC_SCRIPT.search(entry.text) else default
        entry.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):

    dependencies = [
        ("almanac", "0002_entries_fixed_in_the_gregorian_or_solar_hijri_calendar"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="almanacentry",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="almanacentry",
            name="locale",
            field=models.ForeignKey(
                editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="+", to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.RunPython(give_each_entry_an_edition, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="almanacentry",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="almanacentry",
            name="locale",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.AlterUniqueTogether(
            name="almanacentry",
            unique_together={("translation_key", "locale")},
        ),
    ]
