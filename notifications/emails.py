"""What a notification's email looks like: a header-safe subject, a plain-text part and an
HTML part, and the headers that keep auto-replies away. Pure: no database write."""

import re
import unicodedata

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

SUBJECT_MAX = 250

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")


def header_safe(text: str, limit: int = SUBJECT_MAX) -> str:
    """One line of text fit for an email header: every line feed, carriage return or other
    control character (an Alt+Enter in a spreadsheet cell) becomes a space, spaces are
    collapsed, and the result is cut at `limit` characters."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_email(notification) -> EmailMultiAlternatives:
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
    context = {"notification": notification, "link": link, "site_url": settings.SITE_URL}
    text = render_to_string("notifications/email.txt", context)
    html = render_to_string("notifications/email.html", context)
    message = EmailMultiAlternatives(
        subject=header_safe(notification.subject),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        headers={
            # RFC 3834: an automatic message; out-of-office replies must not answer it.
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
