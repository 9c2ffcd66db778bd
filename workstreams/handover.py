"""Who must act after a hand-over on a workstream, told through notifications.notify.

Called by the status-update and milestone services inside their transaction: the
notification is recorded with the change (or not at all) and emailed after commit. The
person who made the change is never told of it. The kinds are registered here, for the
preferences page.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from notifications.kinds import register_kind
from notifications.services import notify
from organisation.models import Role, User

UPDATE_SUBMITTED = register_kind("update_submitted", _lazy("Point d'avancement soumis à la DG"))
UPDATE_RETURNED = register_kind("update_returned", _lazy("Point d'avancement renvoyé à reprendre"))
UPDATE_PUBLISHED = register_kind("update_published", _lazy("Point d'avancement publié (élus)"))
MILESTONE_MOVED = register_kind("milestone_moved", _lazy("Jalon déplacé"))
KEY_MILESTONE_SLIPPED = register_kind("key_milestone_slipped", _lazy("Jalon clé qui glisse"))


def _dgs():
    return User.objects.filter(is_active=True, role=Role.DG)


def _others(people, actor):
    return [p for p in people if p is not None and p.pk != getattr(actor, "pk", None)]


def _point_url(update) -> str:
    return f"{update.workstream.get_absolute_url()}#point-{update.pk}"


def _progress_url(workstream) -> str:
    """The élus' page of the workstream (reporting's, named, so nothing is imported)."""
    try:
        return reverse("reporting:progress-workstream", args=[workstream.code])
    except NoReverseMatch:
        return "/progress/"


def update_submitted(*, update, actor) -> None:
    workstream = update.workstream
    notify(
        recipients=_others(_dgs(), actor),
        kind=UPDATE_SUBMITTED,
        subject=_("%(code)s : un point d'avancement attend votre publication")
        % {"code": workstream.code},
        body=_(
            "%(author)s a soumis le point du %(date)s du chantier %(code)s — %(title)s. "
            "Publiez-le pour les élus ou renvoyez-le avec un commentaire."
        )
        % {
            "author": update.author,
            "date": update.date.strftime("%d/%m/%Y"),
            "code": workstream.code,
            "title": workstream.title,
        },
        url=_point_url(update),
        about=update,
        event=f"v{update.version}",
    )


def update_returned(*, update, actor) -> None:
    workstream = update.workstream
    notify(
        recipients=_others([update.author], actor),
        kind=UPDATE_RETURNED,
        subject=_("%(code)s : votre point d'avancement est à reprendre")
        % {"code": workstream.code},
        body=_("La DG a renvoyé votre point du %(date)s avec ce commentaire :\n%(comment)s")
        % {"date": update.date.strftime("%d/%m/%Y"), "comment": update.return_comment},
        url=_point_url(update),
        about=update,
        event=f"v{update.version}",
    )


def update_published(*, update, actor) -> None:
    workstream = update.workstream
    notify(
        recipients=_others([workstream.sponsor], actor),
        kind=UPDATE_PUBLISHED,
        subject=_("%(code)s : un nouveau point d'avancement est publié")
        % {"code": workstream.code},
        body=_("Le point du %(date)s du chantier %(code)s — %(title)s est publié.")
        % {
            "date": update.date.strftime("%d/%m/%Y"),
            "code": workstream.code,
            "title": workstream.title,
        },
        url=_progress_url(workstream),
        about=update,
        event=f"v{update.version}",
    )


def milestone_moved(*, milestone, previous_due, reason: str, actor) -> None:
    """The owner of the workstream is told; the DG too when a key milestone slips later."""
    workstream = milestone.workstream
    values = {
        "code": workstream.code,
        "title": milestone.title,
        "before": previous_due.strftime("%d/%m/%Y"),
        "after": milestone.due_date.strftime("%d/%m/%Y"),
        "reason": reason,
        "slippage": milestone.slippage_days,
    }
    body = (
        _(
            "L'échéance du jalon « %(title)s » passe du %(before)s au %(after)s "
            "(glissement de %(slippage)s j par rapport à l'échéance initiale).\nMotif : %(reason)s"
        )
        % values
    )
    url = f"{workstream.get_absolute_url()}#jalon-{milestone.pk}"
    event = f"v{milestone.version}"
    notify(
        recipients=_others([workstream.owner], actor),
        kind=MILESTONE_MOVED,
        subject=_("%(code)s : le jalon « %(title)s » est déplacé") % values,
        body=body,
        url=url,
        about=milestone,
        event=event,
    )
    if milestone.is_key and milestone.due_date > previous_due:
        notify(
            # The owner, already told above, is not told twice.
            recipients=_others([p for p in _dgs() if p.pk != workstream.owner_id], actor),
            kind=KEY_MILESTONE_SLIPPED,
            subject=_("%(code)s : le jalon clé « %(title)s » glisse au %(after)s") % values,
            body=body,
            url=url,
            about=milestone,
            event=event,
        )
