"""Each breaking-news banner belongs to one edition (a Wagtail locale) and may be translated
into the other. Banners already set go to their story's edition."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def give_each_banner_its_storys_edition(apps, schema_editor):
    BreakingNewsBanner = apps.get_model("newsroom", "BreakingNewsBanner")
    Page = apps.get_model("wagtailcore", "Page")
    for banner in BreakingNewsBanner.objects.all():
        banner.translation_key = uuid.uuid4()
        banner.locale_id = Page.objects.filter(pk=banner.article_id).values_list(
            "locale_id", flat=True).get()
        banner.save(update_fields=["translation_key", "locale"])


class Migration(migrations.Migration):

    dependencies = [
        ("newsroom", "0006_banner_until_removed"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="breakingnewsbanner",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="breakingnewsbanner",
            name="locale",
            field=models.ForeignKey(
                editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="+", to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.RunPython(give_each_banner_its_storys_edition, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="breakingnewsbanner",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="breakingnewsbanner",
            name="locale",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to="wagtailcore.locale", verbose_name="locale"),
        ),
        migrations.AlterUniqueTogether(
            name="breakingnewsbanner",
            unique_together={("translation_key", "locale")},
        ),
    ]
