"""Files uploaded to the admin import, kept on disk until the editor confirms the preview.

Each file waits in a folder of its own under a random name, and the session that uploaded it
remembers the name with its format: the confirm step imports only a file its own session
uploaded, so a name posted by hand can never reach another file. Previews never confirmed are
removed by later uploads once they are older than `MAX_AGE_SECONDS`.
"""

import time
import uuid
from pathlib import Path

from django.conf import settings
from import_export.tmp_storages import TempFolderStorage

SESSION_KEY = "glossary_import_uploads"
MAX_AGE_SECONDS = 24 * 60 * 60


def upload_folder():
    return Path(settings.GLOSSARY_IMPORT_UPLOAD_DIR)


class UploadStorage(TempFolderStorage):
    """import-export's temporary file, in `upload_folder()`; a save clears out stale uploads."""

    def save(self, data):
        remove_stale_uploads()
        self.name = self.name or uuid.uuid4().hex
        upload_folder().mkdir(mode=0o700, parents=True, exist_ok=True)
        self.get_full_path().write_bytes(data)

    def get_full_path(self):
        return upload_folder() / Path(self.name).name

    def exists(self):
        return self.get_full_path().is_file()


def remove_stale_uploads(now=None):
    if not upload_folder().is_dir():
        return
    cutoff = (now or time.time()) - MAX_AGE_SECONDS
    for path in upload_folder().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def remember(request, name, choices):
    """Let this session confirm the upload `name` with the form `choices` (format, resource)."""
    uploads = {
        known: kept
        for known, kept in request.session.get(SESSION_KEY, {}).items()
        if UploadStorage(name=known).exists()
    }
    uploads[name] = {key: str(value) for key, value in choices.items()}
    request.session[SESSION_KEY] = uploads


def claim(request, name, posted):
    """True once for an upload this session made, posted with the choices it was previewed with."""
    uploads = request.session.get(SESSION_KEY, {})
    choices = uploads.pop(name, None) if isinstance(name, str) else None
    request.session[SESSION_KEY] = uploads
    if choices is None or any(posted.get(key, "") != value for key, value in choices.items()):
        return False
    return UploadStorage(name=name).exists()
