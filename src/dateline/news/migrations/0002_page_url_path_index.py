"""An index on Wagtail's page URL paths: every request finds its page by them in one lookup
(``news.models.routing``), where without one the database reads the whole page table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX news_page_url_path_idx ON wagtailcore_page (url_path)",
            reverse_sql="DROP INDEX news_page_url_path_idx",
        ),
    ]
