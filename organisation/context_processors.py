from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from organisation.permissions import can_open_section

# (section, URL name, label). A link shows only when its page exists and the role may open it.
NAVIGATION = [
    ("dashboard", "reporting:dashboard", _("Tableau de bord")),
    ("workstreams", "workstreams:workstream-list", _("Chantiers")),
    ("milestones", "reporting:milestone-timeline", _("Jalons")),
    ("progress", "reporting:progress", _("Avancement")),
    ("recruitment", "recruitment:recruitment-list", _("Recrutements")),
    ("governance", "governance:index", _("Gouvernance")),
    ("organisation", "organisation:chart", _("Organisation")),
    ("activity", "reporting:activity", _("Activité")),
]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for section, url_name, label in NAVIGATION:
        if not can_open_section(user, section):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "section": section,
                "url": url,
                "label": label,
                "current": request.path == url or (url != "/" and request.path.startswith(url)),
            }
        )
    return {"nav_items": items}
