"""The new mandate's example programme: started from CAP 2021, active, marked as an example,
every date relative to the day the seed runs, so that a fresh demo's dashboard shows a live
programme (updates of the last weeks, some waiting for the DG; milestones due soon, a few
late; a recruitment in progress; meetings next week) and the élus' pages are current.

The DG starts it from CAP 2021 as the programmes page does (`programme_start_from`): the
components and priorities copied, three unfinished workstreams carried over; then reshapes
the copied priorities for the new mandate, takes the carried workstreams on, and activates
it. The administrator enters the 2026 mandate, its domains and priorities, just before.
"""

import datetime as dt

from demo import data
from demo.data import OFF, ON, RISK, A, M, Rel, U
from demo.reference import enter_mandate
from demo.story import Story
from demo.timeline import Timeline, moment
from priorities import services as priorities
from priorities.models import Programme
from workstreams.models import Workstream

PROGRAMME = {
    "slug": "exemple-2026",
    "name": "Exemple – Programme d'administration 2026-2032",
    "short_name": "Exemple 2026",
    "description": "Programme d'exemple de la démonstration : le début du mandat 2026-2032, "
    "daté par rapport au jour où la démonstration a été chargée. Il reprend trois chantiers "
    "inachevés de CAP 2021.",
    "is_example": True,
}
STARTED = Rel(-120)

# CAP 2021's priorities the DG reshapes for the new mandate once copied (CAP 2021 code →
# code, name, lead, the 2026 mandate's priorities); the others are kept as copied.
PRIORITIES = {
    "GRU": ("PRO", "Proximité et accueil des habitants", "directeur", ["qualite-services-publics"]),
    "PTS": ("SEC", "Sécurité du quotidien", "m.lefevre", ["qualite-services-publics"]),
    "TRA": ("TRV", "Transversalité et dialogue citoyen", "c.rousseau", ["democratie-locale"]),
    "CCI": (
        "ORG",
        "Organisation et qualité de vie au travail",
        "s.durand",
        ["qualite-services-publics"],
    ),
}

WORKSTREAMS = [
    {
        "code": "PRO-01",
        "priority": "PRO",
        "title": "Guichet unique des démarches en mairie et en ligne",
        "summary": "Un point d'entrée unique pour les démarches des habitants, à l'accueil et "
        "en ligne, avec un suivi des demandes.",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "directeur",
        "unit": "DCV",
        "sponsor": "elu",
        "start": Rel(-110),
        "target": Rel(300),
        "domains": [4, 5],
        "mandate": ["qualite-services-publics", "democratie-locale"],
        "actions": [
            A("Cartographie des démarches les plus demandées", "done", Rel(-80), Rel(-78)),
            A("Formation des agents d'accueil au suivi des demandes", "in_progress", Rel(15)),
        ],
        "milestones": [
            M("Parcours usager cible validé en CODIR", Rel(-60), key=True),
            M("Ouverture du guichet unique en mairie", Rel(12), key=True, state="planned"),
            M("Enquête de satisfaction des habitants", Rel(-6), state="planned"),
        ],
        "updates": [
            U(Rel(-75), ON, 20, "Les démarches les plus demandées sont cartographiées."),
            U(Rel(-40), ON, 35, "Le parcours usager cible est validé par le CODIR."),
            U(
                Rel(-10),
                RISK,
                45,
                "L'ouverture du guichet unique se prépare ; la formation des agents prend du "
                "retard.",
                risks="Deux agents d'accueil absents ce mois-ci.",
            ),
        ],
    },
    {
        "code": "PRO-02",
        "priority": "PRO",
        "title": "Horaires d'ouverture adaptés aux habitants qui travaillent",
        "summary": "Une ouverture le samedi matin et un soir par semaine, expérimentée un an.",
        "phase": "experimentation",
        "axis": "experimentation",
        "owner": "directeur",
        "unit": "ACC",
        "sponsor": "elu",
        "start": Rel(-90),
        "target": Rel(270),
        "domains": [4],
        "mandate": ["qualite-services-publics"],
        "actions": [A("Planning des permanences du samedi", "done", Rel(-50), Rel(-52))],
        "milestones": [
            M("Première ouverture le samedi matin", Rel(-30), key=True),
            M("Bilan à trois mois de l'expérimentation", Rel(25), state="planned"),
        ],
        "updates": [
            U(Rel(-45), ON, 30, "Les permanences du samedi sont planifiées."),
            U(
                Rel(-3),
                ON,
                50,
                "Quatre samedis ouverts : la fréquentation est au rendez-vous.",
                state="submitted",
            ),
        ],
    },
    {
        "code": "SEC-01",
        "priority": "SEC",
        "carried": "PTS-01",
        "title": "Entité Prévention Tranquillité Sécurité et reconstitution de la Police "
        "municipale",
        "summary": "Suite du chantier PTS-01 de CAP 2021 : obtenir l'avis du CST sur l'entité "
        "PTS et recruter le chef de service de police municipale.",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "m.lefevre",
        "unit": "PTS",
        "sponsor": "jp.moreau",
        "start": Rel(-120),
        "target": Rel(240),
        "domains": [4],
        "mandate": ["qualite-services-publics", "urgence-sociale"],
        "affected": ["PTS", "PM"],
        "weight": 2,
        "actions": [
            A(
                "Réponse aux questions du CST sur les effectifs et les horaires",
                "done",
                Rel(-20),
                Rel(-21),
            ),
            A("Recrutement du chef de service de police municipale", "in_progress", Rel(40)),
        ],
        "milestones": [
            M("Dossier complet pour le CST", Rel(-20), key=True),
            M("Avis du CST sur la création de l'entité PTS", Rel(20), key=True, state="planned"),
            M(
                "Arrivée du chef de service de police municipale",
                Rel(-15),
                key=True,
                state="planned",
            ),
        ],
        "updates": [
            U(Rel(-60), RISK, 20, "Le dossier pour le CST est repris avec les équipes."),
            U(
                Rel(-4),
                OFF,
                30,
                "Nouvelle présentation au CST dans trois semaines ; le chef de service n'est "
                "pas encore recruté.",
                risks="Sans chef de service, la reconstitution de la police municipale attend.",
                decisions="Valider la réponse aux questions du CST.",
                state="submitted",
            ),
        ],
    },
    {
        "code": "TRA-01",
        "priority": "TRV",
        "carried": "TRA-01",
        "title": "Cellule Transversalité : référents par direction",
        "summary": "Suite du chantier TRA-01 de CAP 2021 : faire vivre le réseau des "
        "référents et le pilotage des projets transversaux.",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "c.rousseau",
        "unit": "CTR",
        "start": Rel(-100),
        "target": Rel(200),
        "domains": [1, 2, 3, 4, 5],
        "mandate": ["democratie-locale"],
        "transversal": True,
        "actions": [A("Réunion trimestrielle des référents", "todo", Rel(18))],
        "milestones": [M("Feuille de route des référents", Rel(8), state="planned")],
        "updates": [U(Rel(-20), ON, 40, "Les référents des directions se réunissent à nouveau.")],
    },
    {
        "code": "ORG-01",
        "priority": "ORG",
        "carried": "ORG-01",
        "title": "Organigramme cible du mandat 2026-2032",
        "summary": "Suite du chantier ORG-01 de CAP 2021 : l'organigramme cible, présenté au "
        "CST, et son officialisation progressive.",
        "phase": "proposals",
        "axis": "prioritisation",
        "owner": "dg",
        "unit": "DGS",
        "start": Rel(-120),
        "target": Rel(360),
        "domains": [5],
        "mandate": ["qualite-services-publics"],
        "actions": [A("Entretiens avec les directions", "done", Rel(-35), Rel(-33))],
        "milestones": [
            M("Projet d'organigramme partagé en CODIR", Rel(-9), state="planned", key=True)
        ],
        "updates": [
            U(Rel(-30), ON, 15, "Les entretiens avec les directions sont terminés."),
            U(
                Rel(-2),
                RISK,
                20,
                "Le projet d'organigramme glisse de deux semaines.",
                state="draft",
            ),
        ],
    },
]

POSITIONS = [
    {
        "title": "Chef ou cheffe de service de police municipale (nouvelle procédure)",
        "unit": "PM",
        "workstream": "SEC-01",
        "nature": "creation",
        "reason": "Reconstitution d'un service de police municipale.",
        "category": "B",
        "filiere": "municipal_police",
        "cadre_emplois": "Chefs de service de police municipale",
        "grades": "Chef de service de police municipale, principal de 2e classe",
        "budget_state": "agreed",
        "deliberation_ref": "DEL-2022-078",
        "profile": ("validated", Rel(-70)),
        "recruitment": {
            "route": "mutation",
            "arbitration_ref": "Réunion DG",
            "arbitration_on": Rel(-66),
            # The deliberation waits for the opinion (blocked before it).
            "cst_opinion_ref": "CST — création de l'entité PTS",
            "cst_opinion_on": Rel(-50),
            "vacancy_date": Rel(-60),
            "cdg_declaration_ref": "V0692600000321",
            "publication_date": Rel(-40),
            "application_deadline": Rel(-9),
            "applications_count": 4,
            "stages": [
                ("need_identified", Rel(-75)),
                ("profile_validated", Rel(-70)),
                ("dg_arbitration", Rel(-66)),
                (
                    "cst_opinion",
                    Rel(-62),
                    "Avis du CST sur l'entité PTS attendu à sa prochaine séance ; le "
                    "recrutement avance en parallèle (réunion DG).",
                ),
                ("council_deliberation", Rel(-48)),
                ("cdg_declared", Rel(-41)),
                ("offer_published", Rel(-40)),
                ("applications_closed", Rel(-9)),
            ],
        },
    },
    # HR's dead end of CAP 2021, met again: the recruitment waits for its job profile,
    # signed by the director of communication and not yet by the DG. The DG signs it on the
    # profile's page, then HR moves the recruitment on from the board (no /admin/).
    {
        "title": "Chargé ou chargée de communication interne",
        "unit": "COM",
        "workstream": "TRA-01",
        "nature": "creation",
        "reason": "Animer le réseau des référents de la cellule Transversalité et la "
        "communication interne.",
        "category": "B",
        "filiere": "administrative",
        "cadre_emplois": "Rédacteurs territoriaux",
        "grades": "Rédacteur, rédacteur principal de 2e classe",
        "budget_state": "pending",
        "profile": ("in_review", None, ("j.bernard", Rel(-12))),
        "recruitment": {
            "route": "",
            "stages": [("need_identified", Rel(-20))],
        },
    },
]

MEETINGS = [
    {
        "body": "CODIR",
        "at": (Rel(-40), "09:00"),
        "held": True,
        "place": "Salle des commissions, hôtel de ville",
        "minutes": "Parcours usager du guichet unique.",
        "items": [("Parcours usager du guichet unique", "PRO-01", "decision", "Validé.")],
        "decisions": [
            (
                "validation",
                "Le parcours usager cible du guichet unique est validé.",
                "PRO-01",
                "in_progress",
                True,
            ),
        ],
    },
    {
        "body": "Hebdo DG",
        "at": (Rel(7), "08:30"),
        "place": "Bureau de la DGS",
        "items": [
            ("Chantiers en difficulté : SEC-01", "SEC-01", "discussion", ""),
            ("Points d'avancement à publier", None, "decision", ""),
        ],
        "decisions": [],
    },
    {
        "body": "CODIR",
        "at": (Rel(9), "09:00"),
        "place": "Salle des commissions, hôtel de ville",
        "items": [("Projet d'organigramme cible", "ORG-01", "discussion", "")],
        "decisions": [],
    },
    {
        "body": "CST",
        "at": (Rel(20), "14:00"),
        "convocation": Rel(-3),
        "place": "Salle du conseil municipal",
        "items": [
            (
                "Création de l'entité Prévention Tranquillité Sécurité (nouvelle présentation)",
                "SEC-01",
                "consultation",
                "",
            ),
        ],
        "decisions": [],
    },
]


def _structure(dg, reg: dict, example_reg: dict, cap: Programme) -> None:
    """The DG starts the programme from CAP 2021 and reshapes its copied priorities."""
    carried = [reg["workstreams"][row["carried"]] for row in WORKSTREAMS if "carried" in row]
    programme = priorities.programme_start_from(
        source=cap,
        data={
            **PROGRAMME,
            "mandate": example_reg["mandate_row"],
            "start_date": reg["today"] + dt.timedelta(days=STARTED.days),
            "end_date": None,
        },
        copy_priorities=True,
        copy_components=True,
        carry_over=carried,
        actor=dg,
    )
    example_reg["programme"] = programme
    example_reg["components"] = {c.code: c for c in programme.components.all()}
    # Domains and mandate priorities belong to a mandate: the copies are tied to the new
    # mandate's, as CAP 2021's were to the 2020 mandate's.
    cap_links = {row["code"]: row for row in data.PRIORITIES}
    copied = sorted(programme.priorities.all(), key=lambda p: (p.code not in PRIORITIES, p.order))
    for order, priority in enumerate(copied, start=1):
        row = cap_links[priority.code]
        fields = {
            "order": order,
            "mandate_priorities": [example_reg["mandate"][c] for c in row["mandate"]],
            "domains": [example_reg["domains"][n] for n in row["domains"]],
        }
        if priority.code in PRIORITIES:
            code, name, lead, mandate_codes = PRIORITIES[priority.code]
            fields |= {
                "code": code,
                "name": name,
                "lead": reg["users"][lead],
                "description": f"Reprend la priorité « {priority.name} » de CAP 2021.",
                "mandate_priorities": [example_reg["mandate"][c] for c in mandate_codes],
            }
        priority = priorities.priority_update(priority=priority, data=fields, actor=dg)
        example_reg["priorities"][f"example:{priority.code}"] = priority
    example_reg["carried"] = {
        w.carried_from.code: w
        for w in Workstream.objects.filter(programme=programme).select_related("carried_from")
    }


def tell(t: Timeline, reg: dict, *, cap: Programme, activate: bool = True) -> None:
    """The example's events; `activate` False leaves it in preparation (another programme
    runs: see demo/seed.py)."""
    reg["today"] = t.today
    dg, admin = reg["users"]["dg"], reg["users"]["admin"]
    started = t.day(STARTED)
    # The example's rows get their own keys: codes may repeat CAP 2021's.
    example_reg = {
        **reg,
        "workstreams": {},
        "actions": {},
        "milestones": {},
        "updates": {},
        "priorities": {},
    }

    def mandate(actor) -> None:
        mandate_row, example_reg["domains"], example_reg["mandate"] = enter_mandate(
            actor, data.MANDATE_2026
        )
        example_reg["mandate_row"] = mandate_row

    t.at(moment(started, "08:00"), admin, mandate)
    t.at(moment(started, "08:30"), dg, lambda a: _structure(a, reg, example_reg, cap))
    story = Story(t, example_reg)
    for row in WORKSTREAMS:
        story.workstream(row, priority_key=f"example:{row['priority']}", entered=started)
    if activate:

        def start(actor) -> None:
            priorities.programme_activate(programme=example_reg["programme"], actor=actor)

        t.at(moment(started, "09:30"), dg, start)
    for row in MEETINGS:
        story.meeting(row)
    for row in POSITIONS:
        story.position(row)
    t.play()
