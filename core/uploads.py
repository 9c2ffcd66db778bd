"""Uploaded files are checked by their content, not their name, and capped in size.

A file's extension says nothing about what it holds: the first bytes do. Office files
(xlsx, docx, odt) are ZIP containers; a CSV is UTF-8 text without NUL bytes.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_ALLOWED = ("pdf", "xlsx", "csv", "docx", "odt", "png", "jpg")

_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "xlsx": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
}
_ALIASES = {"jpeg": "jpg"}
_TEXT_SAMPLE = 64 * 1024


def _extension(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return _ALIASES.get(ext, ext)


def _head(file, size: int) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    data = file.read(size)
    file.seek(position)
    return data


def _is_utf8_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may end in the middle of a multi-byte character: that is fine.
        return error.start >= len(sample) - 3 and error.reason == "unexpected end of data"
    return True


def validate_upload(file, *, allowed: Iterable[str] = DEFAULT_ALLOWED) -> None:
    """Refuse a file over UPLOAD_MAX_BYTES, of a type not allowed, or whose content is
    not what its extension claims. Raises ValidationError with a French message."""
    allowed = tuple(allowed)
    limit = settings.UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("Ce fichier pèse %(size)s : la limite est de %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    ext = _extension(file.name or "")
    if ext not in allowed:
        raise ValidationError(
            _("Ce type de fichier n'est pas accepté. Types acceptés : %(types)s.")
            % {"types": ", ".join(allowed)},
            code="type_not_allowed",
        )
    if file.size == 0:
        raise ValidationError(_("Ce fichier est vide."), code="empty")
    if ext == "csv":
        ok = _is_utf8_text(_head(file, _TEXT_SAMPLE))
    else:
        head = _head(file, 16)
        ok = any(head.startswith(signature) for signature in _SIGNATURES.get(ext, ()))
    if not ok:
        raise ValidationError(
            _(
                "Le contenu de ce fichier ne correspond pas à un fichier %(ext)s. "
                "Enregistrez-le de nouveau au bon format, puis réessayez."
            )
            % {"ext": ext.upper()},
            code="content_mismatch",
        )
