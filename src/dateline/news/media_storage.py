"""Media on the local disk when it fills: a file appears under its name whole or not at all,
files saved for rows that are then not written go again, and an upload that would not fit is
a form error before anything is written.

Django's FileSystemStorage writes in place: on a full data folder it left 52 zero-byte files
under their final names, each one a picture no browser could show.
"""

import contextlib
import contextvars
import os
import shutil
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

# Beyond the upload itself: its first thumbnails, and the database and logs meanwhile.
UPLOAD_HEADROOM_BYTES = 1024 * 1024

_saved_in_block = contextvars.ContextVar("media_saved_in_block", default=None)


class MediaStorage(FileSystemStorage):
    """Writes each file to a hidden draft beside its destination, then links it into place."""

    def _save(self, name, content):
        draft = os.path.join(os.path.dirname(name), f".draft-{uuid.uuid4().hex}")
        try:
            draft = super()._save(draft, content)
            name = self._link_into_place(self.path(draft), name)
        finally:
            # Whole, or partial where Django's write gave up on a full disk: the draft goes.
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.path(draft))
        saved = _saved_in_block.get()
        if saved is not None:
            saved.append((self, name))
        return name

    def _link_into_place(self, draft_path, name):
        # A link never replaces a file, as Django's O_EXCL open never does: a name taken since
        # get_available_name() chose it gets another.
        while True:
            try:
                os.link(draft_path, self.path(name))
            except FileExistsError:
                name = self.get_available_name(name)
            else:
                return os.path.relpath(self.path(name), self.location).replace("\\", "/")


@contextlib.contextmanager
def undone_on_error():
    """Files the media storage saves inside the block are deleted again if the block raises:
    Django writes every file of a ``bulk_create`` before its insert, so a write failing part
    of the way through left the earlier files with no row to name them."""
    saved = []
    token = _saved_in_block.set(saved)
    try:
        yield
    except BaseException:
        for storage, name in saved:
            storage.delete(name)
        raise
    finally:
        _saved_in_block.reset(token)
    outer = _saved_in_block.get()
    if outer is not None:
        outer.extend(saved)


def has_room_for(size, storage):
    """Whether the disk under ``storage`` holds ``size`` more bytes and the headroom; always
    true for storage that is not a local folder (object storage does not fill)."""
    try:
        folder = Path(storage.path(""))
    except NotImplementedError:
        return True
    while not folder.exists():
        folder = folder.parent
    return shutil.disk_usage(folder).free >= size + UPLOAD_HEADROOM_BYTES


class RoomForUploads:
    """An admin form with a ``file`` field: an upload the disk cannot hold is a form error."""

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if ("file" in self.changed_data and upload is not None
                and not has_room_for(upload.size, self.instance.file.storage)):
            self.add_error("file", ValidationError(_(
                "There is not enough room on the server's disk for this file, so nothing was "
                "saved. Ask the site's operator to free some space, then upload it again."),
                code="disk_full"))
        return cleaned_data
