"""Who may do what on every URL of Cap: the expected outcomes, in one readable place.

`MATRIX` is a grid: one line per URL name and method, one column per persona. Every URL
pattern of the project (walked from the resolver, through every include) must have its GET
and POST lines here, or tests/trust/test_permission_matrix.py fails naming the URL.

Personas (columns):
    anon     nobody logged in
    dg       Claire, the DGS (role dg)
    dir      Karim, a director, on HIS objects (the workstream he owns and what hangs from it)
    dir✗     Karim on ANOTHER director's objects (Sophie's workstream, milestone, update…)
    hr       Nadia, HR
    elu      Françoise, an elected official
    admin    the superuser

Outcomes (cells):
    200      the page is shown
    login    302 to the login page with ?next= (LoginRequiredMiddleware)
    home     302 to the persona's own first page (organisation.permissions.home_url_name)
    admin→   302 to the admin site's own login page (not staff)
    403      PermissionDenied: the persona may know the object but not do this
    404      the persona may not know the object exists (élus on internal pages)
    405      wrong method (GET on a POST-only action, POST on a page)
    write    POST accepted (302 elsewhere than the login page, or 200 without form
             errors) AND it wrote: a history row was added, or (for the unaudited
             notifications) the object's row changed
    ok       POST accepted with no audited write expected (logging in or out)

For the personas where a POST is refused (403/404/405/login), the test also checks that no
audited row changed: the history-row count of every audited model is the same after.

Only the admin site's own internal URLs are left out (see ADMIN_EXCLUSION); the admin
index, its door, is in the grid for every persona.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PERSONAS = ("anon", "dg", "dir", "dir✗", "hr", "elu", "admin")
OUTCOMES = {"200", "login", "home", "admin→", "403", "404", "405", "write", "ok"}

# fmt: off
MATRIX = """
url name                                     method  anon   dg     dir    dir✗   hr     elu    admin
healthz                                      GET     200    200    200    200    200    200    200
healthz                                      POST    405    405    405    405    405    405    405
uploaded-file                                GET     login  200    200    200    200    404    200
uploaded-file                                POST    405    405    405    405    405    405    405
login                                        GET     200    200    200    200    200    200    200
login                                        POST    ok     ok     ok     ok     ok     ok     ok
logout                                       GET     login  405    405    405    405    405    405
logout                                       POST    login  ok     ok     ok     ok     ok     ok
password_change                              GET     login  200    200    200    200    200    200
password_change                              POST    login  write  write  write  write  write  write
password_change_done                         GET     login  200    200    200    200    200    200
password_change_done                         POST    login  405    405    405    405    405    405
oidc_authentication_init                     GET     404    404    404    404    404    404    404
oidc_authentication_init                     POST    404    404    404    404    404    404    404
oidc_authentication_callback                 GET     404    404    404    404    404    404    404
oidc_authentication_callback                 POST    404    404    404    404    404    404    404
admin:index                                  GET     admin→ admin→ admin→ admin→ admin→ admin→ 200
admin:index                                  POST    admin→ admin→ admin→ admin→ admin→ admin→ 200

reporting:dashboard                          GET     login  200    200    200    home   home   200
reporting:dashboard                          POST    login  405    405    405    405    405    405
reporting:milestone-timeline                 GET     login  200    200    200    200    403    200
reporting:milestone-timeline                 POST    login  405    405    405    405    405    405
reporting:milestone-export                   GET     login  200    200    200    200    403    200
reporting:milestone-export                   POST    login  405    405    405    405    405    405
reporting:activity                           GET     login  200    200    200    403    403    200
reporting:activity                           POST    login  405    405    405    405    405    405
reporting:activity-export                    GET     login  200    200    200    403    403    200
reporting:activity-export                    POST    login  405    405    405    405    405    405
reporting:progress                           GET     login  200    403    403    403    200    200
reporting:progress                           POST    login  405    405    405    405    405    405
reporting:progress-organisation              GET     login  200    403    403    403    200    200
reporting:progress-organisation              POST    login  405    405    405    405    405    405
reporting:progress-priority                  GET     login  200    403    403    403    200    200
reporting:progress-priority                  POST    login  405    405    405    405    405    405
reporting:progress-workstream                GET     login  200    403    403    403    200    200
reporting:progress-workstream                POST    login  405    405    405    405    405    405
progress-report                              GET     login  200    403    403    403    200    200
progress-report                              POST    login  405    405    405    405    405    405
progress-report-pdf                          GET     login  200    403    403    403    200    200
progress-report-pdf                          POST    login  405    405    405    405    405    405
progress-report-slides                       GET     login  200    403    403    403    200    200
progress-report-slides                       POST    login  405    405    405    405    405    405
reporting:edition-list                       GET     login  200    403    403    403    200    200
reporting:edition-list                       POST    login  405    405    405    405    405    405
reporting:edition-new                        GET     login  200    403    403    403    403    200
reporting:edition-new                        POST    login  write  403    403    403    403    write
reporting:edition-detail                     GET     login  200    403    403    403    200    200
reporting:edition-detail                     POST    login  405    405    405    405    405    405
reporting:edition-slides                     GET     login  200    403    403    403    200    200
reporting:edition-slides                     POST    login  405    405    405    405    405    405
reporting:edition-pdf                        GET     login  200    403    403    403    200    200
reporting:edition-pdf                        POST    login  405    405    405    405    405    405
reporting:edition-share                      GET     login  405    405    405    405    405    405
reporting:edition-share                      POST    login  write  403    403    403    403    write
calendar-feed                                GET     200    200    200    200    200    404    200
calendar-feed                                POST    405    405    405    405    405    405    405
reporting:accessibility                      GET     200    200    200    200    200    200    200
reporting:accessibility                      POST    405    405    405    405    405    405    405

priorities:programme-list                    GET     login  200    200    200    200    200    200
priorities:programme-list                    POST    login  405    405    405    405    405    405
priorities:programme-create                  GET     login  200    403    403    403    403    200
priorities:programme-create                  POST    login  write  403    403    403    403    write
priorities:programme-switch                  GET     login  405    405    405    405    405    405
priorities:programme-switch                  POST    login  ok     ok     ok     ok     ok     ok
priorities:programme-close                   GET     login  200    403    403    403    403    200
priorities:programme-close                   POST    login  write  403    403    403    403    write
priorities:programme-activate                GET     login  200    403    403    403    403    200
priorities:programme-activate                POST    login  ok     403    403    403    403    ok

workstreams:workstream-list                  GET     login  200    200    200    200    403    200
workstreams:workstream-list                  POST    login  405    405    405    405    405    405
workstreams:workstream-export                GET     login  200    200    200    200    403    200
workstreams:workstream-export                POST    login  405    405    405    405    405    405
workstreams:workstream-import                GET     login  200    403    403    403    403    200
workstreams:workstream-import                POST    login  write  403    403    403    403    write
workstreams:workstream-import-template       GET     login  200    403    403    403    403    200
workstreams:workstream-import-template       POST    login  405    405    405    405    405    405
workstreams:workstream-import-confirm        GET     login  405    405    405    405    405    405
workstreams:workstream-import-confirm        POST    login  write  403    403    403    403    404
workstreams:workstream-create                GET     login  200    403    403    403    403    200
workstreams:workstream-create                POST    login  write  403    403    403    403    write
workstreams:workstream-detail                GET     login  200    200    200    200    404    200
workstreams:workstream-detail                POST    login  405    405    405    405    405    405
workstreams:workstream-edit                  GET     login  200    403    403    403    404    200
workstreams:workstream-edit                  POST    login  write  403    403    403    404    write
workstreams:workstream-archive               GET     login  405    405    405    405    405    405
workstreams:workstream-archive               POST    login  write  403    403    403    404    write
workstreams:status-update-create             GET     login  ok     ok     403    403    404    ok
workstreams:status-update-create             POST    login  write  write  403    403    404    write
workstreams:status-update-edit               GET     login  200    200    403    403    404    200
workstreams:status-update-edit               POST    login  write  write  403    403    404    write
workstreams:status-update-submit             GET     login  200    200    403    403    404    200
workstreams:status-update-submit             POST    login  write  write  403    403    404    write
workstreams:status-update-withdraw           GET     login  405    405    405    405    405    405
workstreams:status-update-withdraw           POST    login  403    write  403    403    404    403
workstreams:status-update-publish            GET     login  405    405    405    405    405    405
workstreams:status-update-publish            POST    login  write  403    403    403    404    write
workstreams:status-update-return             GET     login  405    405    405    405    405    405
workstreams:status-update-return             POST    login  write  403    403    403    404    write
workstreams:milestone-create                 GET     login  200    200    403    403    404    200
workstreams:milestone-create                 POST    login  write  write  403    403    404    write
workstreams:milestone-edit                   GET     login  200    200    403    403    404    200
workstreams:milestone-edit                   POST    login  write  write  403    403    404    write
workstreams:milestone-reach                  GET     login  405    405    405    405    405    405
workstreams:milestone-reach                  POST    login  write  write  403    403    404    write
workstreams:milestone-postpone               GET     login  405    405    405    405    405    405
workstreams:milestone-postpone               POST    login  write  write  403    403    404    write
workstreams:milestone-archive                GET     login  405    405    405    405    405    405
workstreams:milestone-archive                POST    login  write  write  403    403    404    write
workstreams:action-create                    GET     login  200    200    403    403    404    200
workstreams:action-create                    POST    login  write  write  403    403    404    write
workstreams:action-edit                      GET     login  200    200    403    403    404    200
workstreams:action-edit                      POST    login  write  write  403    403    404    write
workstreams:action-done                      GET     login  405    405    405    405    405    405
workstreams:action-done                      POST    login  write  write  403    403    404    write

recruitment:recruitment-list                 GET     login  200    200    200    200    403    200
recruitment:recruitment-list                 POST    login  405    405    405    405    405    405
recruitment:recruitment-export               GET     login  200    200    200    200    403    200
recruitment:recruitment-export               POST    login  405    405    405    405    405    405
recruitment:recruitment-detail               GET     login  200    200    200    200    403    200
recruitment:recruitment-detail               POST    login  405    405    405    405    405    405
recruitment:recruitment-stage                GET     login  405    405    405    405    405    405
recruitment:recruitment-stage                POST    login  write  403    403    write  403    write
recruitment:recruitment-facts                GET     login  405    405    405    405    405    405
recruitment:recruitment-facts                POST    login  write  403    403    write  403    write
recruitment:recruitment-create               GET     login  200    403    403    200    403    200
recruitment:recruitment-create               POST    login  write  403    403    write  403    write
recruitment:recruitment-board                GET     login  200    200    200    200    403    200
recruitment:recruitment-board                POST    login  405    405    405    405    405    405
recruitment:arbitration                      GET     login  200    200    200    200    403    200
recruitment:arbitration                      POST    login  405    405    405    405    405    405
recruitment:arbitration-export               GET     login  200    200    200    200    403    200
recruitment:arbitration-export               POST    login  405    405    405    405    405    405
recruitment:position-list                    GET     login  200    200    200    200    403    200
recruitment:position-list                    POST    login  405    405    405    405    405    405
recruitment:position-export                  GET     login  200    200    200    200    403    200
recruitment:position-export                  POST    login  405    405    405    405    405    405
recruitment:position-create                  GET     login  200    403    403    200    403    200
recruitment:position-create                  POST    login  write  403    403    write  403    write
recruitment:position-detail                  GET     login  200    200    200    200    403    200
recruitment:position-detail                  POST    login  405    405    405    405    405    405
recruitment:position-edit                    GET     login  200    403    403    200    403    200
recruitment:position-edit                    POST    login  write  403    403    write  403    write
recruitment:position-suppress                GET     login  405    405    405    405    405    405
recruitment:position-suppress                POST    login  write  403    403    write  403    write
recruitment:position-budget                  GET     login  405    405    405    405    405    405
recruitment:position-budget                  POST    login  write  403    403    403    403    write
recruitment:profile-list                     GET     login  200    200    200    200    403    200
recruitment:profile-list                     POST    login  405    405    405    405    405    405
recruitment:profile-export                   GET     login  200    200    200    200    403    200
recruitment:profile-export                   POST    login  405    405    405    405    405    405
recruitment:profile-create                   GET     login  200    403    403    200    403    200
recruitment:profile-create                   POST    login  write  403    403    write  403    write
recruitment:profile-detail                   GET     login  200    200    200    200    403    200
recruitment:profile-detail                   POST    login  405    405    405    405    405    405
recruitment:profile-edit                     GET     login  405    405    405    405    405    405
recruitment:profile-edit                     POST    login  write  403    403    write  403    write
recruitment:profile-submit                   GET     login  405    405    405    405    405    405
recruitment:profile-submit                   POST    login  write  403    403    write  403    write
recruitment:profile-sign-director            GET     login  405    405    405    405    405    405
recruitment:profile-sign-director            POST    login  403    write  403    403    403    403
recruitment:profile-sign-dg                  GET     login  405    405    405    405    405    405
recruitment:profile-sign-dg                  POST    login  write  403    403    403    403    write
governance:recruitment-arbitration           GET     login  200    403    403    403    403    200
governance:recruitment-arbitration           POST    login  write  403    403    403    403    write

governance:index                             GET     login  200    200    200    403    403    200
governance:index                             POST    login  405    405    405    405    405    405
governance:meeting-detail                    GET     login  200    200    200    404    404    200
governance:meeting-detail                    POST    login  405    405    405    405    405    405
governance:body-detail                       GET     login  200    200    200    404    404    200
governance:body-detail                       POST    login  405    405    405    405    405    405
governance:body-edit                         GET     login  200    403    403    404    404    200
governance:body-edit                         POST    login  write  403    403    404    404    write
governance:body-membership                   GET     login  405    405    405    405    405    405
governance:body-membership                   POST    login  write  403    403    404    404    write
governance:body-member-remove                GET     login  405    405    405    405    405    405
governance:body-member-remove                POST    login  write  403    403    404    404    write
governance:meeting-create                    GET     login  200    403    403    403    403    200
governance:meeting-create                    POST    login  write  403    403    403    403    write
governance:meeting-edit                      GET     login  200    403    403    404    404    200
governance:meeting-edit                      POST    login  write  403    403    404    404    write
governance:meeting-print                     GET     login  200    200    200    404    404    200
governance:meeting-print                     POST    login  405    405    405    405    405    405
governance:meeting-agenda-add                GET     login  405    405    405    405    405    405
governance:meeting-agenda-add                POST    login  write  403    403    404    404    write
governance:meeting-agenda-pull               GET     login  200    403    403    404    404    200
governance:meeting-agenda-pull               POST    login  write  403    403    404    404    write
governance:agenda-item-move                  GET     login  405    405    405    405    405    405
governance:agenda-item-move                  POST    login  write  403    403    404    404    write
governance:agenda-item-outcome               GET     login  405    405    405    405    405    405
governance:agenda-item-outcome               POST    login  write  403    403    404    404    write
governance:agenda-item-remove                GET     login  405    405    405    405    405    405
governance:agenda-item-remove                POST    login  write  403    403    404    404    write
governance:meeting-convene                   GET     login  405    405    405    405    405    405
governance:meeting-convene                   POST    login  write  403    403    404    404    write
governance:meeting-attendance                GET     login  405    405    405    405    405    405
governance:meeting-attendance                POST    login  write  403    403    404    404    write
governance:meeting-held                      GET     login  405    405    405    405    405    405
governance:meeting-held                      POST    login  write  403    403    404    404    write
governance:meeting-cancel                    GET     login  405    405    405    405    405    405
governance:meeting-cancel                    POST    login  write  403    403    404    404    write
governance:meeting-minutes                   GET     login  405    405    405    405    405    405
governance:meeting-minutes                   POST    login  write  403    403    404    404    write
governance:meeting-minutes-publish           GET     login  405    405    405    405    405    405
governance:meeting-minutes-publish           POST    login  write  403    403    404    404    write
governance:decision-create                   GET     login  200    403    403    404    404    200
governance:decision-create                   POST    login  write  403    403    404    404    write
governance:decision-edit                     GET     login  200    403    403    404    404    200
governance:decision-edit                     POST    login  write  403    403    404    404    write
governance:decision-archive                  GET     login  405    405    405    405    405    405
governance:decision-archive                  POST    login  write  403    403    404    404    write
governance:decision-follow-up                GET     login  405    405    405    405    405    405
governance:decision-follow-up                POST    login  write  403    403    403    403    write
governance:decision-publish                  GET     login  405    405    405    405    405    405
governance:decision-publish                  POST    login  write  403    403    403    403    write
governance:decision-action-create            GET     login  200    403    403    404    404    200
governance:decision-action-create            POST    login  write  403    403    404    404    write
governance:follow-up-action-done             GET     login  405    405    405    405    405    405
governance:follow-up-action-done             POST    login  write  403    403    404    404    write
governance:decision-list                     GET     login  200    200    200    403    403    200
governance:decision-list                     POST    login  405    405    405    405    405    405
governance:decision-export                   GET     login  200    200    200    403    403    200
governance:decision-export                   POST    login  405    405    405    405    405    405
governance:dg-agenda                         GET     login  200    200    200    403    403    200
governance:dg-agenda                         POST    login  405    405    405    405    405    405
governance:dg-agenda-section                 GET     login  200    200    200    403    403    200
governance:dg-agenda-section                 POST    login  405    405    405    405    405    405

organisation:chart                           GET     login  200    200    200    200    403    200
organisation:chart                           POST    login  405    405    405    405    405    405

notifications:list                           GET     login  200    200    200    200    200    200
notifications:list                           POST    login  405    405    405    405    405    405
notifications:read                           GET     login  405    405    405    405    405    405
notifications:read                           POST    login  404    write  404    404    404    404
notifications:open                           GET     login  404    ok     404    404    404    404
notifications:open                           POST    login  405    405    405    405    405    405
notifications:preferences                    GET     login  200    200    200    200    200    200
notifications:preferences                    POST    login  ok     ok     ok     ok     ok     ok
notifications:read-all                       GET     login  405    405    405    405    405    405
notifications:read-all                       POST    login  ok     ok     ok     ok     ok     ok
"""
# fmt: on

# The admin site's internal URLs (model changelists, add/change/delete/history pages, its
# own login, password and catch-all views) are left out: Django's AdminSite and ModelAdmin
# authorise each of them themselves (is_active + is_staff, then model permissions), which
# Django's own test suite covers; none of our personas but the superuser is staff. The
# admin index, the door to all of them, stays in the grid for every persona.
ADMIN_EXCLUSION = ("admin:", {"admin:index"})


def is_excluded(url_name: str) -> bool:
    prefix, kept = ADMIN_EXCLUSION
    return url_name.startswith(prefix) and url_name not in kept


@dataclass(frozen=True)
class Expectation:
    url_name: str
    method: str
    persona: str
    outcome: str


def parse_matrix(text: str = MATRIX) -> dict[tuple[str, str], dict[str, str]]:
    """{(url name, method): {persona: outcome}} from the grid above, checked as it is read."""
    rows: dict[tuple[str, str], dict[str, str]] = {}
    lines = [line.split() for line in text.strip().splitlines()]
    header, body = lines[0], lines[1:]
    assert tuple(header[3:]) == PERSONAS, header
    for cells in (line for line in body if line):
        name, method, *outcomes = cells
        assert method in {"GET", "POST"}, cells
        assert len(outcomes) == len(PERSONAS), f"{name} {method}: {len(outcomes)} columns"
        unknown = set(outcomes) - OUTCOMES
        assert not unknown, f"{name} {method}: unknown outcome(s) {unknown}"
        assert (name, method) not in rows, f"{name} {method} appears twice"
        rows[(name, method)] = dict(zip(PERSONAS, outcomes, strict=True))
    return rows


EXPECTED = parse_matrix()


# --- Which object fills a URL's kwargs ---------------------------------------------------
# `<code>` is the workstream's code; `<token>` the persona's own calendar token (Karim's for
# anon: a visitor holding someone's secret feed URL). For a numeric id the object is found
# from the kwarg name (`milestone_pk` → milestone), else from the URL name
# ("milestone-reach" → milestone), first match in this order; OBJECT_FOR_URL overrides both.
OBJECT_KEYWORDS = (
    ("status-update", "status_update"),
    ("status_update", "status_update"),
    ("update", "status_update"),
    ("milestone", "milestone"),
    ("action", "action"),
    ("job-profile", "job_profile"),
    ("profile", "job_profile"),
    ("recruitment", "recruitment"),
    ("position", "position"),
    ("agenda", "agenda_item"),
    ("meeting", "meeting"),
    ("decision", "decision"),
    ("body", "body"),
    ("notification", "notification"),
    ("document", "framework_document"),
    ("org-unit", "org_unit"),
    ("unit", "org_unit"),
    ("workstream", "workstream"),
    ("priority", "priority"),
    ("edition", "edition"),
)
OBJECT_FOR_URL: dict[str, dict[str, str]] = {
    # A draft is what a director edits and submits; the DG publishes or returns a submitted one.
    "workstreams:status-update-edit": {"pk": "draft_update"},
    "workstreams:status-update-submit": {"pk": "draft_update"},
    # A decision is recorded at a meeting: the meeting's id.
    "governance:decision-create": {"pk": "meeting"},
    # A meeting's agenda forms post to the meeting; a decision's follow-up to the decision.
    "governance:meeting-agenda-add": {"pk": "meeting"},
    "governance:meeting-agenda-pull": {"pk": "meeting"},
    "governance:decision-action-create": {"pk": "decision"},
    "governance:follow-up-action-done": {"pk": "follow_up_action"},
}


# --- What a POST sends ---------------------------------------------------------------------
# Valid data, so that an allowed write is really shown to be allowed. `o` is the set of
# objects the persona acts on (its `own` or `other` side), `d` the whole data set.
PostData = Callable[[Any, Any], dict[str, Any]]
NEW_PASSWORD = "Cap-2021-nouveau-mot-de-passe"
TODAY = dt.date(2021, 10, 4)


def _status_update(d, o, **extra):
    return {
        "weather": "at_risk",
        "progress": 55,
        "done": "Deux ateliers tenus avec les agents d'accueil.",
        "next_steps": "Présenter le schéma en CODIR.",
        "risks": "Disponibilité des équipes en septembre.",
        "decisions_needed": "",
        "public_summary": "Le chantier avance ; un point d'attention sur les équipes.",
        **extra,
    }


def _without_draft(o) -> dict:
    # A workstream has at most one draft: the update sent back to a draft (returned or
    # withdrawn) would be a second one beside the side's draft, which is removed first.
    from workstreams.models import StatusUpdate

    StatusUpdate.objects.filter(pk=o.draft_update.pk).delete()
    return {}


def _status_update_create(d, o):
    # "Nouveau point" continues the draft and waits for the DG's answer to the submitted
    # update: on a workstream with neither, it writes a new draft.
    from django.utils import timezone

    from workstreams.models import StatusUpdate

    _without_draft(o)
    StatusUpdate.objects.filter(pk=o.status_update.pk).update(
        state="published", published_at=timezone.now()
    )
    return _status_update(d, o, action="submit")


def _workstream(d, o, **extra):
    return {
        "code": "CSC-03",
        "title": "Guichet unique des associations",
        "summary": "Un seul point d'entrée pour les associations.",
        "priority": o.workstream.priority_id,
        "owner": o.user.pk,
        "org_unit": o.org_unit.pk,
        "phase": "reflection",
        "start_date": "2021-09-01",
        "target_date": "2022-06-30",
        "weight": 1,
        **extra,
    }


IMPORT_HEADER = (
    "type;code;intitule;priorite;pilote;phase;date_debut;echeance;jalon_cle;etat;resume\n"
)


def _import_file(d, o) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = IMPORT_HEADER + (
        f"chantier;CSC-07;Maison des droits;{o.workstream.priority.code};{o.user.username};"
        "réflexion;01/09/2021;30/06/2022;;;Un lieu pour l'accès au droit\n"
    )
    return {"file": SimpleUploadedFile("import.csv", body.encode(), content_type="text/csv")}


def _import_token(d, o) -> dict[str, Any]:
    # The DG's successful dry run kept her file; the superuser may not use her token (404).
    from workstreams.import_files import stage_upload

    return {"token": stage_upload(uploaded=_import_file(d, o)["file"], user=d.users["dg"])}


_PROFILE = {
    "missions": "Coordonner le guichet unique.",
    "skills": "Conduite de projet.",
    "profile": "Attaché territorial.",
    "working_time": "Temps complet",
    "place_in_organisation": "Rattaché au directeur",
}


def _position(d, o, **extra):
    return {
        "title": "Chargé de mission citoyenneté",
        "org_unit": o.org_unit.pk,
        "workstream": o.workstream.code,
        "nature": "creation",
        "reason": "Le chantier CSC-01 a besoin d'un chargé de mission.",
        "category": "A",
        "filiere": "administrative",
        "cadre_emplois": "Attachés territoriaux",
        "grades": "Attaché",
        "fte": "1.00",
        "yearly_cost": "52000",
        **extra,
    }


def _recruitment_open(d, o):
    # A post with no recruitment in progress: the side's post already has one.
    from tests import factories

    position = factories.PositionFactory(org_unit=o.org_unit, workstream=o.workstream)
    return {"position": position.pk, "hr_owner": d.users["hr"].pk, "route": "mutation"}


def _position_to_suppress(d, o):
    # A post proposed for deletion whose CST opinion is recorded (L.542-2), its recruitment
    # over.
    from recruitment.models import Position, Recruitment

    Position.objects.filter(pk=o.position.pk).update(nature="deletion", cst_opinion_on=TODAY)
    Recruitment.objects.filter(position=o.position).update(stage="abandoned")
    return {"version": o.position.version}


def _profile_create(d, o):
    from tests import factories

    position = factories.PositionFactory(org_unit=o.org_unit, workstream=o.workstream)
    return {"position": position.pk, **_PROFILE}


def _profile_in(o, state: str):
    from recruitment.models import JobProfile

    JobProfile.objects.filter(pk=o.job_profile.pk).update(state=state, **_PROFILE)
    return {"version": o.job_profile.version}


def _meeting_with_member(d, o, **update):
    """The side's meeting with the DG as a member of its body (to convene, to attend)."""
    from governance.models import Meeting

    o.body.members.add(d.users["dg"])
    if update:
        Meeting.objects.filter(pk=o.meeting.pk).update(**update)
    return o.meeting


def _held(d, o, **extra):
    from django.utils import timezone

    update = {"state": "held", "starts_at": timezone.now() - dt.timedelta(hours=2), **extra}
    _meeting_with_member(d, o, **update)
    return {"version": o.meeting.version}


def _pull(d, o):
    # Every proposal of the drafted DG agenda; an overdue milestone makes sure of one.
    from governance import agenda, queries
    from workstreams.models import Milestone

    Milestone.objects.filter(pk=o.milestone.pk).update(due_date=TODAY, state="planned")
    sections = agenda.proposals(queries.drafted_dg_agenda())
    return {"proposals": [p.key for _title, section in sections for p in section]}


def _move(d, o):
    from tests import factories

    factories.AgendaItemFactory(meeting=o.meeting, order=9, title="Point suivant")
    return {"direction": "down"}


def _membership(d, o):
    from governance.models import Body

    Body.objects.filter(pk=o.body.pk).update(kind="social_dialogue")
    return {"user": d.users["other_director"].pk, "college": "staff", "role": "titular"}


def _member_remove(d, o):
    # A member to remove (seated before the history counts are taken).
    o.body.members.add(d.users["other_director"])
    return {"user": d.users["other_director"].pk}


POST_DATA: dict[str, PostData] = {
    "login": lambda d, o: {"username": d.users["dg"].username, "password": d.password},
    "password_change": lambda d, o: {
        "old_password": d.password,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    },
    # Started from the workstream's programme (the shared active one); activating the
    # active programme changes nothing ("ok"), closing it writes.
    "priorities:programme-create": lambda d, o: {
        "source": o.workstream.programme.slug,
        "name": "Adaptation de l'Organisation – 2e phase",
        "short_name": "ADAPT 2",
        "slug": "adaptation-2",
        "start_date": "2022-01-01",
        "copy_priorities": "on",
        "copy_components": "on",
    },
    "workstreams:workstream-create": _workstream,
    "workstreams:workstream-edit": lambda d, o: _workstream(
        d, o, code=o.workstream.code, version=o.workstream.version
    ),
    "workstreams:workstream-archive": lambda d, o: {"version": o.workstream.version},
    "workstreams:workstream-import": _import_file,
    "workstreams:workstream-import-confirm": _import_token,
    "workstreams:status-update-create": _status_update_create,
    "workstreams:status-update-edit": lambda d, o: _status_update(
        d, o, version=o.draft_update.version
    ),
    "workstreams:status-update-submit": lambda d, o: {"version": o.draft_update.version},
    "workstreams:status-update-publish": lambda d, o: {"version": o.status_update.version},
    "workstreams:status-update-return": lambda d, o: {
        **_without_draft(o),
        "version": o.status_update.version,
        "return_comment": "Précisez les risques, s'il vous plaît.",
    },
    "workstreams:status-update-withdraw": lambda d, o: {
        **_without_draft(o),
        "version": o.status_update.version,
    },
    "workstreams:milestone-create": lambda d, o: {
        "title": "Schéma d'accueil validé",
        "due_date": "2022-02-28",
        "is_key": "on",
        "owner": o.user.pk,
    },
    "workstreams:milestone-edit": lambda d, o: {
        "title": "Schéma d'accueil validé en CODIR",
        "due_date": "2022-04-30",
        "move_reason": "Le CODIR de mars est décalé.",
        "owner": o.user.pk,
        "version": o.milestone.version,
    },
    "workstreams:milestone-reach": lambda d, o: {
        "version": o.milestone.version,
        "achieved_on": "2021-10-01",
    },
    "workstreams:milestone-postpone": lambda d, o: {
        "version": o.milestone.version,
        "due_date": "2022-05-31",
        "move_reason": "Le CODIR de mars est décalé.",
    },
    "workstreams:milestone-archive": lambda d, o: {"version": o.milestone.version},
    "workstreams:action-create": lambda d, o: {
        "title": "Recenser les demandes des associations",
        "owner": o.user.pk,
        "due_date": "2021-12-15",
        "state": "todo",
    },
    "workstreams:action-edit": lambda d, o: {
        "title": "Recenser les demandes des associations (suite)",
        "owner": o.user.pk,
        "due_date": "2022-01-15",
        "state": "in_progress",
        "version": o.action.version,
    },
    "workstreams:action-done": lambda d, o: {"version": o.action.version},
    "governance:decision-create": lambda d, o: {
        "kind": "arbitration",
        "text": "La DG retient le guichet unique pour les associations.",
        "date": "2021-10-04",
        "workstream": o.workstream.code,
        "published": "on",
    },
    "governance:decision-follow-up": lambda d, o: {"follow_up": "done"},
    "governance:decision-publish": lambda d, o: {"published": "1"},
    "governance:decision-edit": lambda d, o: {
        "text": "La DG retient le guichet unique pour les associations (texte corrigé).",
        "date": "2021-10-04",
        "workstream": o.workstream.code,
        "version": o.decision.version,
    },
    "governance:decision-archive": lambda d, o: {"version": o.decision.version},
    "governance:meeting-cancel": lambda d, o: {"version": o.meeting.version},
    # Frozen today (the form refuses a date more than a year away); the matrix's edition
    # is shared, so the share form withdraws it.
    "reporting:edition-new": lambda d, o: {
        "occasion": "Séminaire des élus",
        "date": dt.date.today().isoformat(),
        "shared_with_elected": "on",
    },
    "reporting:edition-share": lambda d, o: {"version": o.edition.version},
    "governance:decision-action-create": lambda d, o: {
        "title": "Présenter le guichet unique au bureau municipal",
        "owner": o.user.pk,
        "due_date": "2021-11-15",
    },
    "governance:follow-up-action-done": lambda d, o: {"version": o.follow_up_action.version},
    "governance:body-edit": lambda d, o: {
        "charter": "Rôle : arbitrer. Membres : la DG et les directions. Quorum : aucun.",
        "cadence": "Hebdomadaire",
        "secretary": o.user.pk,
        "version": o.body.version,
    },
    "governance:body-membership": _membership,
    "governance:body-member-remove": _member_remove,
    "governance:meeting-create": lambda d, o: {
        "body": o.body.pk,
        "starts_at": "2030-01-15T09:00",
        "place": "Salle du conseil",
    },
    "governance:meeting-edit": lambda d, o: {
        "body": o.body.pk,
        "starts_at": "2030-01-22T09:00",
        "place": "Salle des mariages",
        "version": o.meeting.version,
    },
    "governance:meeting-agenda-add": lambda d, o: {
        "title": "Point sur le guichet unique",
        "kind": "information",
        "workstream": o.workstream.code,
    },
    "governance:meeting-agenda-pull": _pull,
    "governance:agenda-item-move": _move,
    "governance:agenda-item-outcome": lambda d, o: (
        _held(d, o)
        and {
            "outcome": "Le guichet unique ouvrira en janvier ; la DRH recense les agents.",
            "version": o.agenda_item.version,
        }
    ),
    "governance:meeting-convene": lambda d, o: _meeting_with_member(d, o) and {},
    "governance:meeting-attendance": lambda d, o: {
        "member": [_meeting_with_member(d, o) and d.users["dg"].pk],
        "status": ["present"],
    },
    "governance:meeting-held": lambda d, o: _held(d, o, state="planned") and {},
    "governance:meeting-minutes": lambda d, o: {
        **_held(d, o),
        "minutes": "Relevé de décisions : le guichet unique est retenu.",
    },
    "governance:meeting-minutes-publish": lambda d, o: _held(d, o, minutes="Relevé.") and {},
    "recruitment:recruitment-stage": lambda d, o: {
        "to_stage": "abandoned",
        "reason": "Le poste n'est plus financé au budget 2022.",
    },
    "recruitment:recruitment-create": _recruitment_open,
    "recruitment:position-create": lambda d, o: _position(d, o),
    "recruitment:position-edit": lambda d, o: _position(
        d, o, title="Chargé de mission citoyenneté (transformé)", version=o.position.version
    ),
    "recruitment:position-suppress": _position_to_suppress,
    "recruitment:position-budget": lambda d, o: {"budget_state": "agreed"},
    "recruitment:profile-create": _profile_create,
    "recruitment:profile-edit": lambda d, o: {
        **_PROFILE,
        "missions": "Coordonner le guichet unique et ses partenaires.",
        "version": o.job_profile.version,
    },
    "recruitment:profile-submit": lambda d, o: _profile_in(o, "draft"),
    "recruitment:profile-sign-director": lambda d, o: _profile_in(o, "in_review"),
    "recruitment:profile-sign-dg": lambda d, o: _profile_in(o, "in_review"),
    "governance:recruitment-arbitration": lambda d, o: {"decision": o.decision.pk},
    "recruitment:recruitment-facts": lambda d, o: {
        "version": o.recruitment.version,
        "route": "mutation",
        "applications_count": 12,
        "interviews_count": 4,
        "interviewers_count": 3,
    },
}


# --- Every form of the project ---------------------------------------------------------
# Each POST endpoint that accepts input for some persona, with the fields it reads.
# tests/trust/test_bad_input.py posts hostile values to each field; a POST endpoint that is
# accepted somewhere in MATRIX and missing here fails that test, naming it. Where the form
# has a page, the test also checks the list against the page's own <form method="post">.
_WORKSTREAM_FIELDS = [
    "code",
    "title",
    "summary",
    "priority",
    "domains",
    "mandate_priorities",
    "component",
    "owner",
    "org_unit",
    "sponsor",
    "affected_units",
    "changes_organisation",
    "phase",
    "axis",
    "start_date",
    "target_date",
    "transversal",
    "weight",
    "version",
]
_STATUS_UPDATE_FIELDS = [
    "weather",
    "progress",
    "done",
    "next_steps",
    "risks",
    "decisions_needed",
    "public_summary",
    "version",
    "action",
]
_POSITION_FIELDS = [
    "title",
    "org_unit",
    "workstream",
    "nature",
    "reason",
    "transformed_from",
    "category",
    "filiere",
    "cadre_emplois",
    "grades",
    "fte",
    "yearly_cost",
    "is_senior",
    "vacant_post_exists",
    "deliberation_ref",
    "contract_allowed",
    "contract_legal_basis",
    "pay_level",
    "is_filled",
    "version",
]
_PROFILE_FIELDS = ["missions", "skills", "profile", "working_time", "place_in_organisation"]
FORM_FIELDS: dict[str, list[str]] = {
    "login": ["username", "password", "next"],
    "logout": [],
    "password_change": ["old_password", "new_password1", "new_password2"],
    "priorities:programme-create": [
        "source",
        "name",
        "short_name",
        "slug",
        "mandate",
        "start_date",
        "end_date",
        "copy_components",
        "copy_priorities",
        "carry_over",
    ],
    "priorities:programme-switch": ["next"],
    "reporting:edition-new": ["occasion", "date", "shared_with_elected"],
    "reporting:edition-share": ["shared", "version"],
    "priorities:programme-close": [],
    "priorities:programme-activate": [],
    "workstreams:workstream-create": _WORKSTREAM_FIELDS,
    "workstreams:workstream-edit": _WORKSTREAM_FIELDS,
    "workstreams:workstream-archive": ["version"],
    "workstreams:workstream-import": ["file", "dry_run"],
    "workstreams:workstream-import-confirm": ["token"],
    "workstreams:status-update-create": _STATUS_UPDATE_FIELDS,
    "workstreams:status-update-edit": _STATUS_UPDATE_FIELDS,
    "workstreams:status-update-submit": ["version"],
    "workstreams:status-update-publish": ["version"],
    "workstreams:status-update-return": ["version", "return_comment"],
    "workstreams:milestone-create": ["title", "due_date", "is_key", "owner", "version"],
    "workstreams:milestone-edit": [
        "title",
        "due_date",
        "is_key",
        "owner",
        "version",
        "move_reason",
    ],
    "workstreams:milestone-reach": ["version", "achieved_on"],
    "workstreams:milestone-postpone": ["version", "due_date", "move_reason"],
    "workstreams:status-update-withdraw": ["version"],
    "workstreams:milestone-archive": ["version"],
    "workstreams:action-create": ["title", "owner", "due_date", "state", "version"],
    "workstreams:action-edit": ["title", "owner", "due_date", "state", "version"],
    "workstreams:action-done": ["version"],
    # `initial-date`: Django's hidden initial value for a field with a callable default.
    "governance:decision-create": [
        "agenda_item",
        "kind",
        "text",
        "date",
        "initial-date",
        "owner",
        "workstream",
        "position",
        "recruitment",
        "org_unit",
        "unanimous",
        "published",
    ],
    "governance:decision-follow-up": ["follow_up"],
    "governance:decision-publish": ["published"],
    "governance:decision-edit": [
        "text",
        "owner",
        "date",
        "workstream",
        "position",
        "recruitment",
        "org_unit",
        "version",
    ],
    "governance:decision-archive": ["version"],
    "governance:meeting-cancel": ["version"],
    "governance:decision-action-create": ["title", "owner", "due_date"],
    "governance:follow-up-action-done": ["version", "done_on"],
    "governance:body-edit": ["charter", "cadence", "secretary", "version"],
    "governance:body-membership": ["user", "role", "college"],
    "governance:body-member-remove": ["user"],
    "governance:meeting-create": ["body", "starts_at", "place", "urgent", "reconvenes", "version"],
    "governance:meeting-edit": ["body", "starts_at", "place", "urgent", "reconvenes", "version"],
    "governance:meeting-agenda-add": ["title", "kind", "workstream"],
    "governance:meeting-agenda-pull": ["proposals"],
    "governance:agenda-item-move": ["direction"],
    "governance:agenda-item-outcome": ["outcome", "version"],
    "governance:agenda-item-remove": [],
    "governance:meeting-convene": [],
    "governance:meeting-attendance": ["member", "status"],
    "governance:meeting-held": [],
    "governance:meeting-minutes": ["minutes", "version"],
    "governance:meeting-minutes-publish": [],
    "recruitment:recruitment-stage": ["to_stage", "reason"],
    "recruitment:recruitment-facts": [
        "version",
        "route",
        "urgency_reason",
        "vacancy_date",
        "cdg_declaration_ref",
        "publication_date",
        "application_deadline",
        "applications_count",
        "interviews_count",
        "interviewers_count",
        "no_civil_servant_found",
        "candidates_informed",
        "planned_appointment_date",
        "act_sent_on",
        "notification_date",
        "mutation_agreement",
        "arrival_date",
    ],
    "recruitment:recruitment-create": ["position", "hr_owner", "route"],
    "recruitment:position-create": _POSITION_FIELDS,
    "recruitment:position-edit": _POSITION_FIELDS,
    "recruitment:position-suppress": ["version"],
    "recruitment:position-budget": ["budget_state"],
    "recruitment:profile-create": ["position", *_PROFILE_FIELDS, "version"],
    "recruitment:profile-edit": [*_PROFILE_FIELDS, "version"],
    "recruitment:profile-submit": ["version"],
    "recruitment:profile-sign-director": ["version"],
    "recruitment:profile-sign-dg": ["version"],
    "governance:recruitment-arbitration": ["decision"],
    "notifications:read": [],
    "notifications:read-all": [],
    "notifications:preferences": [
        f"{kind}-{mode}"
        for kind in (
            "update_submitted",
            "update_returned",
            "update_published",
            "milestone_moved",
            "key_milestone_slipped",
            "decision_assigned",
        )
        for mode in ("in_app", "by_email")
    ],
}
