"""Mail backends for the delivery tests: a server that refuses some recipients."""

import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

REFUSED = "refuse@mairie.example"


class RefusingBackend(LocmemBackend):
    """Like the test outbox, but the server refuses messages to REFUSED (each attempt is
    counted in `attempts`)."""

    attempts: list[str] = []

    def send_messages(self, messages):
        for message in messages:
            if REFUSED in message.to:
                RefusingBackend.attempts.append(message.to[0])
                raise smtplib.SMTPRecipientsRefused({REFUSED: (550, b"Mailbox unavailable")})
        return super().send_messages(messages)


def outbox():
    return mail.outbox
