"""Uploaded files, served only to the people allowed to read them.

Nothing under MEDIA_ROOT is published by the web server: `/files/<path>` (MEDIA_URL) is
this view. The app that owns a folder of uploads registers who may read a file of it
(`register_reader("framework/", can_read)`, from its AppConfig.ready()); a path no app
claims, a file no row points at, or a reader who may not see it gets a 404 (an anonymous
person is sent to the login page first). The bytes are streamed by Django, or by nginx
when UPLOADS_X_ACCEL_REDIRECT names an `internal` location mapped on MEDIA_ROOT.
"""

import mimetypes
import posixpath
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

# reader(user, name) -> True (serve), False (refuse); None when no row holds `name`.
type Reader = Callable[[object, str], bool | None]

_READERS: dict[str, tuple[Reader, bool]] = {}


def register_reader(folder: str, reader: Reader, *, public: bool = False) -> None:
    """Who may read the files under `folder` ("framework/"); public=True for what the
    login page itself shows (the commune's logo)."""
    _READERS[folder.rstrip("/") + "/"] = (reader, public)


def _clean(path: str) -> str | None:
    name = posixpath.normpath(path)
    if name.startswith(("/", "..")) or "\x00" in name or name in {".", ""}:
        return None
    return name


@login_not_required
@require_GET
def serve_upload(request: HttpRequest, path: str) -> HttpResponse:
    name = _clean(path)
    claim = next(
        (value for folder, value in _READERS.items() if name and name.startswith(folder)),
        None,
    )
    if claim is None:
        raise Http404
    reader, public = claim
    if not public and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not reader(request.user, name):
        raise Http404
    if not default_storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    filename = posixpath.basename(name)
    accel = settings.UPLOADS_X_ACCEL_REDIRECT
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = (
        f"inline; filename*=UTF-8''{quote(filename)}"
        if content_type in {"application/pdf", "image/png", "image/jpeg"}
        else f"attachment; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
