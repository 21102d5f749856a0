"""Attachment checks, done before anything is stored."""

from __future__ import annotations

from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Extensions that are plain text (no magic number to check) or containers we accept as is.
TEXT_TYPES = {"txt", "csv", "log", "eml"}
# What content each extension may hold: office files are ZIP containers (sniffed as the
# format or as plain zip), Outlook .msg is an OLE container (sniffed as doc/xls/ppt).
OLE = {"doc", "xls", "ppt"}
ACCEPTED: dict[str, set[str]] = {
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "msg": OLE,
    **{ext: {ext, "zip"} for ext in ("docx", "xlsx", "pptx", "odt", "ods", "odp")},
}


def validate_upload(upload: UploadedFile, settings: Any) -> None:
    """Refuse files that are too large, of a type not allowed, or not what their name says."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    limit = settings.attachment_max_mb * 1024 * 1024
    if (upload.size or 0) > limit:
        raise ValidationError(
            _("%(name)s is too large: the limit is %(limit)s MB.") % {"name": name, "limit": settings.attachment_max_mb}
        )
    if extension not in settings.allowed_extensions():
        raise ValidationError(
            _("Files of type .%(ext)s are not allowed. Allowed: %(allowed)s.")
            % {"ext": extension or "?", "allowed": ", ".join(sorted(settings.allowed_extensions()))}
        )
    head = upload.read(8192)
    upload.seek(0)
    if extension in TEXT_TYPES:
        if b"\x00" in head:
            raise ValidationError(_("%(name)s does not look like a text file.") % {"name": name})
        return
    kind = filetype.guess(head)
    if kind is None or kind.extension not in ACCEPTED.get(extension, {extension}):
        raise ValidationError(_("The content of %(name)s does not match its file type.") % {"name": name})
