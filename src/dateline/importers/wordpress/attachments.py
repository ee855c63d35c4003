"""WordPress attachments become NewsImages, which stories then show by address or by id, and
their attachment pages redirect to the story they belonged to."""

from django.db import transaction

from wagtail.models import Page

from dateline.importers.sanitise import plain_text
from dateline.importers.wordpress import media, redirects, shortcodes
from dateline.importers.wordpress.ledger import checksum
from dateline.importers.wordpress.report import IMPORTED, SKIPPED, UNCHANGED


class Attachments:
    def __init__(self, items, steps, *, library):
        self.steps = steps
        self.ledger = steps.ledger
        self.report = steps.report
        self.library = library
        self.would_import = set()
        self.by_id = {item.post_id: item for item in items}
        self.by_key = {media.image_key(item.attachment_url): item for item in self.by_id.values()}

    def import_images(self):
        self.steps.each(self.by_id.values(), self.import_image)

    def import_image(self, item):
        digest = checksum(item)
        decision = self.ledger.decide("attachment", item.post_id, digest)
        if decision == UNCHANGED:
            self.record(item, decision)
            return
        dry_run = self.steps.dry_run
        title = plain_text(item.title) or media.uploads_path(item.attachment_url)
        alt = plain_text(item.meta.get("_wp_attachment_image_alt", ""))
        caption = plain_text(item.excerpt)
        if decision == IMPORTED:
            try:
                data = self.library.read(item.attachment_url, allow_download=not dry_run)
                media.check_image(data)
            except media.MediaUnavailable as error:
                if dry_run and str(error) == "would be downloaded":
                    self.record(item, IMPORTED)
                    self.would_import.add(item.post_id)
                else:
                    self.record(item, SKIPPED, str(error))
                return
            if dry_run:
                self.record(item, IMPORTED)
                self.would_import.add(item.post_id)
                return
            image = media.save_image(data, url=item.attachment_url, title=title, alt=alt,
                                     caption=caption)
        else:
            if dry_run:
                self.record(item, decision)
                return
            image = self.ledger.image("attachment", item.post_id)
            image.title, image.description, image.caption = title[:255], alt[:255], caption[:500]
            image.save()
        self.record(item, decision)
        self.ledger.remember("attachment", item.post_id, digest, image=image)

    def record(self, item, decision, reason=""):
        self.report.record("attachment", decision, reason, status=item.status,
                           name=plain_text(item.title) or item.post_id)

    def image_for_url(self, url):
        item = self.by_key.get(media.image_key(url))
        return self.ledger.image("attachment", item.post_id) if item else None

    def image_for_id(self, post_id):
        return self.ledger.image("attachment", post_id) if post_id else None

    def gallery(self, item, ids):
        """The pictures of a [gallery] in ``item``: those ``ids`` name, else the item's own."""
        if ids is None:
            chosen = sorted(
                (a for a in self.by_id.values() if a.parent_id == item.post_id),
                key=lambda a: (a.menu_order, int(a.post_id) if a.post_id.isdecimal() else 0),
            )
        else:
            chosen = [self.by_id[post_id] for post_id in ids if post_id in self.by_id]
        return [
            shortcodes.Gallery(
                url=a.attachment_url,
                alt=plain_text(a.meta.get("_wp_attachment_image_alt", "")),
                caption=plain_text(a.excerpt)[:255],
            )
            for a in chosen
        ]

    def redirect_pages(self, base_blog_url, claims, *, imported_story):
        """Each imported picture's attachment page redirects to the story or page it was in
        (in a dry run: would be imported, and would redirect)."""
        for item in self.by_id.values():
            parent = imported_story(item.parent_id) if item.parent_id else None
            if parent is None or not self.has_image(item):
                continue
            paths = redirects.old_paths(item, base_blog_url)
            # In a dry run the parent may be an item not imported yet, and not a page.
            page = parent if isinstance(parent, Page) else None
            with transaction.atomic():
                claims.claim(page, paths, own_path=page.get_url() if page else "",
                             label=("attachment", plain_text(item.title) or item.post_id))

    def has_image(self, item):
        if self.steps.dry_run:
            return item.post_id in self.would_import or \
                self.ledger.image("attachment", item.post_id) is not None
        return self.ledger.image("attachment", item.post_id) is not None
