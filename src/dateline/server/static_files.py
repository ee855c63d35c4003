from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command


def ensure_collected(stdout):
    """Collect static files once, when the manifest the server needs is missing."""
    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    if manifest_name is None:
        return
    if (settings.STATIC_ROOT / manifest_name).exists():
        return
    stdout.write("Collecting static files (first start only)…")
    call_command("collectstatic", interactive=False, verbosity=0)
