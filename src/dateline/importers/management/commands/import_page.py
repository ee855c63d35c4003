from django.core.management.base import BaseCommand, CommandError

from dateline.importers.feeds.filing import NoSuchSection, find_section
from dateline.importers.pages.extraction import (
    ExtractionError,
    extract_article,
    pictures_in_text,
)
from dateline.importers.pages.importing import PageError, PageImport, read_page


class Command(BaseCommand):
    help = (
        "Import one article page of another site (a URL or a saved HTML file) as a draft "
        "article in a section, awaiting review: headline, bylines, date, body and, with "
        "--download-media, the lead image. Never publishes."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="URL_OR_FILE", help="The page's address or file.")
        parser.add_argument("--section", required=True, metavar="SLUG",
                            help="Slug of the section the draft is filed in.")
        parser.add_argument("--download-media", action="store_true",
                            help="Fetch the page's lead image (og:image) into the library.")

    def handle(self, *args, source, section, download_media, **options):
        section = self.find_section(section)
        source, page_url, html = self.read(source)
        article = self.extract(html, page_url)
        pictures = pictures_in_text(html, url=page_url, lead=article.image_url)
        report = PageImport(source=source, section=section, page_url=page_url,
                            download_media=download_media).run(article,
                                                               pictures_left_out=pictures)
        self.print_report(report)

    def find_section(self, slug):
        try:
            return find_section(slug)
        except NoSuchSection as error:
            raise CommandError(str(error)) from None

    def read(self, source):
        try:
            return read_page(source)
        except PageError as error:
            raise CommandError(str(error)) from None

    def extract(self, html, page_url):
        try:
            article = extract_article(html, url=page_url)
        except ExtractionError as error:
            raise CommandError(
                f"{error} Give the address of a single article page, not a front page, "
                "feed or file download."
            ) from None
        if not article.headline:
            raise CommandError("The page has no headline. Give the address of an article.")
        return article

    def print_report(self, report):
        verb = "Imported" if report.created else "Updated the draft of"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {report.page.title!r} as a draft awaiting review "
            f"(page {report.page.pk}, in {report.page.get_parent().title})."
        ))
        for note in report.notes:
            self.stdout.write(note)
