"""The shape every reminder source returns; the apps above build them, notifications sends."""

import datetime as dt
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Reminder:
    recipient: models.Model
    kind: str
    subject: str
    body: str
    url: str
    about: models.Model | None
    due: dt.date

    @property
    def dedup_key(self) -> str:
        """kind + object + due date (+ recipient): the same reminder is never sent twice."""
        about = f"{self.about._meta.label_lower}:{self.about.pk}" if self.about else "-"
        return f"{self.kind}:{about}:{self.due.isoformat()}:{self.recipient.pk}"
