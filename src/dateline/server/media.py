"""Uploaded pictures served by the application (DATELINE_SERVE_MEDIA).

The gate is the file's real path, not the address: ``..`` in any spelling (percent-encoded,
double slashes, a symlink) resolves before the check, and only a file inside one of the two
picture folders is ever answered. ``documents/`` lies beside them in the same media folder, and
its files leave only through Wagtail's document view, which checks a collection's privacy.
"""

from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.views.static import serve

# Wagtail's renditions and the uploaded originals.
PICTURE_FOLDERS = ("images", "original_images")


def serve_picture(request, path):
    media_root = Path(settings.MEDIA_ROOT).resolve()
    try:
        real_path = (media_root / path).resolve(strict=True)
    except (OSError, ValueError):  # missing, a loop of symlinks, a NUL byte
        raise Http404 from None
    if real_path.is_file():
        for folder in PICTURE_FOLDERS:
            folder_path = (media_root / folder).resolve()
            if real_path.is_relative_to(folder_path):
                relative = real_path.relative_to(folder_path).as_posix()
                return serve(request, relative, document_root=folder_path)
    raise Http404
