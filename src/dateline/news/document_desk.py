from wagtail.documents.forms import BaseDocumentForm

from dateline.news.media_storage import RoomForUploads


class DocumentDeskForm(RoomForUploads, BaseDocumentForm):
    """The admin's document form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): a form error when the
    disk has no room for the file, instead of a server error halfway through writing it."""
