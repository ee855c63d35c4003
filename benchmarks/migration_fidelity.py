"""How whole a WordPress migration arrives: for each export, its items by type and status, what
of them arrived, and the share of each post's and page's words found in its imported body.

Each file is imported into a fresh SQLite database (no media: pictures are not words) with
`import_wordpress`'s own importer. The words of an item are the text of its content as
WordPress showed it (block comments and shortcode brackets removed, footnotes and reusable
blocks in place); the words that arrived are the text of its body blocks as stored, compared
as multisets (importers.wordpress.fidelity).

Run from the checkout:
    .venv/bin/python benchmarks/migration_fidelity.py EXPORT.xml [EXPORT.xml ...]
    .venv/bin/python benchmarks/migration_fidelity.py --record   (the shared exports; writes
                                                                  docs/performance.md)
"""

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
SHARED_WXR = CHECKOUT.parent / "shared" / "data" / "wxr"
HEADING = "## Migration fidelity"
COMMAND = ".venv/bin/python benchmarks/migration_fidelity.py --record"
STORY_TYPES = ("post", "page")
PUBLISHED = "publish"


def setup():
    os.environ["DJANGO_SETTINGS_MODULE"] = "dateline.settings.dev"
    os.environ["DATELINE_DATA_DIR"] = tempfile.mkdtemp(prefix="dateline-bench-fidelity-")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    make_site()


def make_site():
    from wagtail.models import Locale, Page, Site

    from dateline.news.models import HomePage

    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePage(title="Home", slug="home")
    root.add_child(instance=home)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)


def measure(path):
    """The figures for one export, or a reason it was refused."""
    from dateline.importers.models import ImportedItem
    from dateline.importers.wordpress import fidelity
    from dateline.importers.wordpress.importer import WordPressImport
    from dateline.importers.wordpress.media import MediaLibrary
    from dateline.importers.wordpress.parse import WXRError, read_export

    try:
        export = read_export(path)
    except WXRError as error:
        return {"file": path.name, "refused": str(error)}
    report = WordPressImport(export, library=MediaLibrary()).run()
    pages = {(record.kind, record.source_id): record.page
             for record in ImportedItem.objects.filter(source=export.source, kind__in=STORY_TYPES)
             .select_related("page")}
    reusable = {item.post_id: item.content for item in export.of_type("wp_block")}
    in_file = Counter((item.post_type or "(none)", item.status or "(none)")
                      for item in export.items)
    arrived = Counter()
    stories = []
    for item in export.items:
        if item.post_type not in STORY_TYPES:
            continue
        page = pages.get((item.post_type, item.post_id))
        if page is None:
            continue
        arrived[(item.post_type, item.status)] += 1
        body = page.specific.get_latest_revision_as_object().body.raw_data
        source = fidelity.source_words(fidelity.published_html(item, reusable))
        found = fidelity.body_words(list(body))
        stories.append((item, sum(source.values()), sum((source & found).values())))
    return {"file": path.name, "in_file": in_file, "arrived": arrived, "stories": stories,
            "altered": report.altered}


def share(part, whole):
    return part / whole if whole else 1.0


def published_arrived(result):
    wanted = sum(n for (kind, status), n in result["in_file"].items()
                 if kind in STORY_TYPES and status == PUBLISHED)
    got = sum(n for (kind, status), n in result["arrived"].items()
              if kind in STORY_TYPES and status == PUBLISHED)
    return got, wanted


def words_share(result, *, published_only):
    chosen = [(total, kept) for item, total, kept in result["stories"]
              if not published_only or item.status == PUBLISHED]
    return sum(kept for _, kept in chosen), sum(total for total, _ in chosen)


def print_result(result):
    print(f"\n== {result['file']}")  # noqa: T201
    if "refused" in result:
        print(f"   refused: {result['refused']}")  # noqa: T201
        return
    print("   items in the file by type and status, and how many arrived:")  # noqa: T201
    for (kind, status), number in sorted(result["in_file"].items()):
        came = result["arrived"].get((kind, status), "-") if kind in STORY_TYPES else "-"
        print(f"     {kind:<16} {status:<10} {number:>5}   arrived: {came}")  # noqa: T201
    got, wanted = published_arrived(result)
    kept, total = words_share(result, published_only=True)
    print(f"   published posts and pages arrived: {got}/{wanted} "  # noqa: T201
          f"({share(got, wanted):.1%})")
    print(f"   words of published posts and pages present: {kept}/{total} "  # noqa: T201
          f"({share(kept, total):.2%})")
    for item, total, kept_words in result["stories"]:
        if kept_words < total:
            print(f"     {share(kept_words, total):6.1%}  {item.post_type} "  # noqa: T201
                  f"{item.title[:60]!r} ({total - kept_words} of {total} words missing)")
    shown = [line for line in result["altered"] if "words did not arrive" in line[2]]
    for kind, title, what in shown:
        print(f"       report: {kind} {title[:50]!r}: {what}")  # noqa: T201


def record(results):
    from performance_doc import write_section

    rows = []
    for result in results:
        if "refused" in result:
            rows.append(f"| `{result['file']}` | refused: not well-formed XML | | | |")
            continue
        got, wanted = published_arrived(result)
        kept, total = words_share(result, published_only=True)
        all_kept, all_total = words_share(result, published_only=False)
        lowest = min((share(k, t) for _i, t, k in result["stories"]), default=1.0)
        rows.append(f"| `{result['file']}` | {got}/{wanted} ({share(got, wanted):.0%}) | "
                    f"{share(kept, total):.2%} of {total} | {share(all_kept, all_total):.2%} | "
                    f"{lowest:.1%} |")
    write_section(HEADING, "\n".join([
        HEADING,
        "",
        "How whole a WordPress export arrives (`benchmarks/migration_fidelity.py`): the",
        "published posts and pages of each shared export that arrived, and the share of their",
        "words found in the imported bodies (the text WordPress showed, block comments and",
        "shortcode brackets removed, against the text of the body blocks, as multisets).",
        "Anything missing is named in the import's report (the block, and how many words).",
        "",
        "| export | published posts and pages arrived | their words present | words of all "
        "posts and pages | lowest post |",
        "|---|---|---|---|---|",
        *rows,
        "",
        f"Run: `{COMMAND}`",
    ]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE")
    parser.add_argument("--record", action="store_true",
                        help="Measure the shared exports and write docs/performance.md.")
    options = parser.parse_args()
    files = options.files or (sorted(SHARED_WXR.glob("*.xml")) if options.record else [])
    if not files:
        parser.error("give one or more WordPress export files, or --record")
    setup()
    results = []
    for path in files:
        result = measure(path)
        print_result(result)
        results.append(result)
    if options.record:
        record(results)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
