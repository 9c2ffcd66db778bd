"""The CAP 2021 programme as data, read from the point d'étape presented to the élus on
3 July 2021 (`programme/cap2021-point-etape-seminaire-elus-2021-07-03.txt`).

Dates are ISO strings: CAP 2021 is dated 2021–2023 as it happened, and `demo/seed.py` plays
it through the services at those dates. The new mandate's example programme
(`demo/example.py`) is dated with `Rel(n)`: n days from the day the seed runs.

Content the document does not state is plausible, and it is never put in the élus' mouths:
the decisions below are the DG's, the CODIR's and the social-dialogue bodies'.

Every row has a natural key (a code, a username, a name, a title within its parent) so that
loading twice finds what the first load wrote.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rel:
    """A date `days` days from the day the seed runs."""

    days: int


PASSWORD = "cap2021-demo"

COMMUNE = "Ville de démonstration"
MANDATE_2020 = {"name": "Mandat 2020-2026", "start_date": "2020-07-03", "end_date": "2026-03-22"}
MANDATE_2026 = {"name": "Mandat 2026-2032", "start_date": "2026-03-22"}
# The components of the Projet d'Adaptation (code, name), in their order.
COMPONENTS = [
    ("governance", "Gouvernance interne"),
    ("organisation", "Organisation des services"),
    ("internal_communication", "Communication interne"),
    ("information_system", "Système d'information"),
]
# Units whose state changes during CAP 2021 (key, day, new state): the direction
# Solidarité – Citoyenneté – Accès aux droits exists once officialised.
UNIT_CHANGES = [("SCA", "2023-01-02", "current")]

DOMAINS = [
    (1, "Éducation Enfance Jeunesse"),
    (2, "Animation et Vie associative"),
    (3, "Transition écologique et développement durable"),
    (4, "Cohésion sociale et citoyenneté"),
    (5, "Ressources"),
]

# code → name, in the order of the projet de mandat.
MANDATE_PRIORITIES = [
    ("qualite-services-publics", "Qualité des services publics"),
    ("urgence-sociale", "Urgence sociale"),
    ("transition-ecologique", "Transition écologique"),
    ("democratie-locale", "Démocratie locale"),
]
QSP, URG, TEC, DEM = (code for code, _name in MANDATE_PRIORITIES)

PRIORITIES = [
    {
        "code": "CSC",
        "name": "Cohésion sociale – Citoyenneté",
        "lead": "directeur",
        "mandate": [URG, DEM],
        "domains": [4],
        "description": "Création d'une direction spécifique sur les thématiques de solidarité, "
        "de citoyenneté et d'accès aux droits.",
    },
    {
        "code": "VAM",
        "name": "Vie associative – Manifestations",
        "lead": "directeur",
        "mandate": [DEM, QSP],
        "domains": [2],
        "description": "Expérimentation d'une entité « Vie associative et Manifestation » en "
        "lien avec le travail fonctionnel entrepris autour du bâtiment Leinster.",
    },
    {
        "code": "GRU",
        "name": "Accueil du public – Relation à l'usager (GRU)",
        "lead": "directeur",
        "mandate": [QSP, DEM],
        "domains": [4, 5],
        "description": "Fonctions accueil de la DCV ; gestion des sollicitations et réclamations "
        "avec le Pôle NM (outil LETTERBOX) ; interpellation de la Métropole sur la GRU.",
    },
    {
        "code": "CCI",
        "name": "Communication et cohésion internes",
        "lead": "j.bernard",
        "mandate": [QSP],
        "domains": [5],
        "description": "Un programme de travail autour de 2 ou 3 priorités identifiées, une "
        "organisation et des ressources dédiées.",
    },
    {
        "code": "PTS",
        "name": "Sécurité – Tranquillité – Prévention",
        "lead": "m.lefevre",
        "mandate": [QSP, URG],
        "domains": [4],
        "description": "Une entité en charge de la politique Prévention Tranquillité Sécurité "
        "pour coordonner les acteurs et « reconstituer » un service de police municipale.",
    },
    {
        "code": "TRA",
        "name": "Transversalité",
        "lead": "c.rousseau",
        "mandate": [QSP, TEC, DEM],
        "domains": [1, 2, 3, 4, 5],
        "description": "Une cellule Transversalité avec des référents par direction ; le "
        "pilotage des projets transversaux comme la GRU et le dialogue citoyen.",
    },
]

FRAMEWORK_DOCUMENTS = [
    (
        "mission_letter",
        "Lettre de mission du Maire au Directeur général des services",
        "2020-09-15",
        "Les objectifs confiés par le Maire à la direction générale pour le mandat : "
        "cohérence, unité et transversalité de l'action municipale.",
    ),
    (
        "mandate_project",
        "Projet de mandat 2020-2026",
        "2020-10-01",
        "Les visions d'avenir formalisées par les élus autour de quatre priorités : qualité "
        "des services publics, urgence sociale, transition écologique, démocratie locale.",
    ),
    (
        "metropolitan_project",
        "Projet métropolitain",
        "2021-02-01",
        "Le projet de la Métropole, avec lequel le projet d'administration s'articule "
        "(notamment sur la relation aux usagers).",
    ),
    (
        "administration_project",
        "Projet d'Administration",
        "2022-12-15",
        "La traduction opérationnelle du projet de mandat par l'administration, déclinée en "
        "projets de direction et de service et en un plan d'actions pluriannuel.",
    ),
    (
        "adaptation_project",
        "Projet d'Adaptation de l'Organisation – CAP 2021",
        "2021-07-03",
        "Quatre composantes : gouvernance interne, organisation des services, communication "
        "interne, système d'information. Point d'étape présenté au séminaire des élus du "
        "3 juillet 2021.",
    ),
    (
        "direction_project",
        "Projet de direction – Direction de la citoyenneté et de la vie locale",
        "2021-12-17",
        "Le projet de la DCV : accueil du public, vie associative, manifestations, citoyenneté.",
    ),
    (
        "direction_project",
        "Projet de service – Accueil et formalités",
        "2021-12-17",
        "Harmonisation des horaires, polyvalence des agents d'accueil, qualité de l'accueil.",
    ),
]

# key, name, acronym, kind, parent key, state, head username, valid_from
ORG_UNITS = [
    ("DGS", "Direction générale des services", "DGS", "direction", None, "current", "dg", None),
    (
        "PSP",
        "Pôle Services à la population",
        "PSP",
        "pole",
        "DGS",
        "current",
        "p.lambert",
        None,
    ),
    ("PRE", "Pôle Ressources", "PRES", "pole", "DGS", "current", "s.mercier", None),
    (
        "PNM",
        "Pôle Numérique et Modernisation",
        "Pôle NM",
        "pole",
        "DGS",
        "current",
        "l.faure",
        None,
    ),
    (
        "PAC",
        "Pôle Aménagement et Cadre de vie",
        "PACV",
        "pole",
        "DGS",
        "current",
        "o.chevalier",
        None,
    ),
    (
        "DCV",
        "Direction de la citoyenneté et de la vie locale",
        "DCV",
        "direction",
        "PSP",
        "current",
        "directeur",
        None,
    ),
    ("ACC", "Service Accueil et formalités", "SAF", "service", "DCV", "current", None, None),
    ("SVA", "Service Vie associative", "SVA", "service", "DCV", "current", None, None),
    ("SMA", "Service Manifestations", "SMA", "service", "DCV", "current", None, None),
    (
        "VAM",
        "Entité Vie associative et Manifestation (bâtiment Leinster)",
        "VAM",
        "service",
        "DCV",
        "experimental",
        "directeur",
        "2022-04-01",
    ),
    (
        "SCA",
        "Direction Solidarité – Citoyenneté – Accès aux droits",
        "DSCAD",
        "direction",
        "PSP",
        "planned",
        None,
        "2023-01-01",
    ),
    (
        "PTS",
        "Entité Prévention – Tranquillité – Sécurité",
        "PTS",
        "mission",
        "DGS",
        "planned",
        "m.lefevre",
        None,
    ),
    ("PM", "Service Police municipale", "PM", "service", "PTS", "planned", None, None),
    (
        "CTR",
        "Cellule Transversalité",
        "CTRA",
        "cell",
        "DGS",
        "planned",
        "c.rousseau",
        None,
    ),
    (
        "EEJ",
        "Direction Éducation Enfance Jeunesse",
        "DEEJ",
        "direction",
        "PSP",
        "current",
        "a.blanc",
        None,
    ),
    (
        "DRH",
        "Direction des ressources humaines",
        "DRH",
        "direction",
        "PRE",
        "current",
        "s.durand",
        None,
    ),
    ("DFI", "Direction des finances", "DFI", "direction", "PRE", "current", None, None),
    (
        "DSI",
        "Direction des systèmes d'information",
        "DSI",
        "direction",
        "PNM",
        "current",
        None,
        None,
    ),
    (
        "COM",
        "Direction de la communication",
        "DCOM",
        "direction",
        "DGS",
        "current",
        "j.bernard",
        None,
    ),
    (
        "DPB",
        "Direction du patrimoine et des bâtiments",
        "DPB",
        "direction",
        "PAC",
        "current",
        None,
        None,
    ),
    (
        "DTE",
        "Direction de la transition écologique",
        "DTE",
        "direction",
        "PAC",
        "current",
        None,
        None,
    ),
]

# The demo accounts log in with PASSWORD; the others exist for ownership and sponsorship.
PEOPLE = [
    {
        "username": "admin",
        "first_name": "Alex",
        "last_name": "Administrateur",
        "role": "dg",
        "unit": "DGS",
        "job_title": "Administrateur de Cap",
        "superuser": True,
    },
    {
        "username": "dg",
        "first_name": "Claire",
        "last_name": "Martin",
        "role": "dg",
        "unit": "DGS",
        "job_title": "Directrice générale des services",
    },
    {
        "username": "directeur",
        "first_name": "Karim",
        "last_name": "Benali",
        "role": "director",
        "unit": "DCV",
        "job_title": "Directeur de la citoyenneté et de la vie locale",
    },
    {
        "username": "elu",
        "first_name": "Françoise",
        "last_name": "Leroy",
        "role": "elected",
        "delegation": "Adjointe à la citoyenneté",
        "job_title": "Adjointe au Maire",
    },
    {
        "username": "rh",
        "first_name": "Nadia",
        "last_name": "Petit",
        "role": "hr",
        "unit": "DRH",
        "job_title": "Responsable recrutement et mobilité",
    },
    # No password login for the people below.
    {
        "username": "p.lambert",
        "first_name": "Philippe",
        "last_name": "Lambert",
        "role": "dg",
        "unit": "PSP",
        "job_title": "Directeur général adjoint – Services à la population",
    },
    {
        "username": "s.mercier",
        "first_name": "Sylvie",
        "last_name": "Mercier",
        "role": "dg",
        "unit": "PRE",
        "job_title": "Directrice générale adjointe – Ressources",
    },
    {
        "username": "s.durand",
        "first_name": "Sophie",
        "last_name": "Durand",
        "role": "director",
        "unit": "DRH",
        "job_title": "Directrice des ressources humaines",
    },
    {
        "username": "j.bernard",
        "first_name": "Julien",
        "last_name": "Bernard",
        "role": "director",
        "unit": "COM",
        "job_title": "Directeur de la communication",
    },
    {
        "username": "l.faure",
        "first_name": "Laurence",
        "last_name": "Faure",
        "role": "director",
        "unit": "PNM",
        "job_title": "Directrice du Pôle Numérique et Modernisation",
    },
    {
        "username": "m.lefevre",
        "first_name": "Marc",
        "last_name": "Lefèvre",
        "role": "director",
        "unit": "PTS",
        "job_title": "Préfigurateur de l'entité Prévention – Tranquillité – Sécurité",
    },
    {
        "username": "c.rousseau",
        "first_name": "Camille",
        "last_name": "Rousseau",
        "role": "director",
        "unit": "DGS",
        "job_title": "Directrice de projet Transformation (CAP 2021)",
    },
    {
        "username": "a.blanc",
        "first_name": "Antoine",
        "last_name": "Blanc",
        "role": "director",
        "unit": "EEJ",
        "job_title": "Directeur Éducation Enfance Jeunesse",
    },
    {
        "username": "o.chevalier",
        "first_name": "Olivier",
        "last_name": "Chevalier",
        "role": "director",
        "unit": "PAC",
        "job_title": "Directeur général adjoint – Aménagement et Cadre de vie",
    },
    {
        "username": "maire",
        "first_name": "Michel",
        "last_name": "Garnier",
        "role": "elected",
        "delegation": "Maire",
        "job_title": "Maire",
    },
    {
        "username": "jp.moreau",
        "first_name": "Jean-Pierre",
        "last_name": "Moreau",
        "role": "elected",
        "delegation": "Adjoint à la tranquillité publique et à la prévention",
        "job_title": "Adjoint au Maire",
    },
    {
        "username": "i.fontaine",
        "first_name": "Isabelle",
        "last_name": "Fontaine",
        "role": "elected",
        "delegation": "Adjointe à la vie associative et aux manifestations",
        "job_title": "Adjointe au Maire",
    },
    {
        "username": "t.girard",
        "first_name": "Thomas",
        "last_name": "Girard",
        "role": "elected",
        "delegation": "Adjoint au personnel et au dialogue social",
        "job_title": "Adjoint au Maire",
    },
    # The staff's representatives on the CT, then the CST: agents elected on union lists.
    # They sit in the staff college; they have no use of Cap (an inactive account).
    {
        "username": "n.roux",
        "first_name": "Nadège",
        "last_name": "Roux",
        "role": "director",
        "job_title": "Représentante du personnel, agente d'accueil",
        "active": False,
    },
    {
        "username": "y.perrin",
        "first_name": "Yann",
        "last_name": "Perrin",
        "role": "director",
        "job_title": "Représentant du personnel, technicien des espaces verts",
        "active": False,
    },
]
DEMO_ACCOUNTS = ("admin", "dg", "directeur", "elu", "rh")

DIRECTORS = ["dg", "p.lambert", "s.mercier", "directeur", "s.durand", "j.bernard", "l.faure"]
ELUS = ["maire", "elu", "jp.moreau", "i.fontaine", "t.girard"]

CST_COLLEGES = {
    "t.girard": "administration",
    "dg": "administration",
    "s.durand": "administration",
    "n.roux": "staff",
    "y.perrin": "staff",
}

BODIES = [
    {
        "name": "Comité de direction",
        "short_name": "CODIR",
        "kind": "administrative",
        "chair": "dg",
        "members": [*DIRECTORS, "m.lefevre", "c.rousseau", "a.blanc", "o.chevalier"],
        "cadence": "Toutes les deux semaines (mardi matin)",
        "charter": (
            "Rôle : instance de pilotage de l'administration ; arbitre les projets "
            "transversaux, les moyens et les recrutements.\n"
            "Membres : la DGS (présidence), les DGA, les directeurs et directrices.\n"
            "Fréquence : toutes les deux semaines, le mardi matin.\n"
            "Quorum : pas de quorum ; les décisions sont portées au relevé de décisions, "
            "diffusé sous huit jours."
        ),
    },
    {
        "name": "Réunion hebdomadaire DG",
        "short_name": "Hebdo DG",
        "kind": "administrative",
        "chair": "dg",
        "members": ["dg", "p.lambert", "s.mercier", "o.chevalier", "c.rousseau"],
        "cadence": "Hebdomadaire (lundi matin)",
        "charter": (
            "Rôle : suivi hebdomadaire de ce qui attend la DG (chantiers en rouge, jalons "
            "en retard, décisions demandées, recrutements à arbitrer).\n"
            "Membres : la DGS, les DGA et la directrice de projet Transformation.\n"
            "Fréquence : chaque lundi matin.\n"
            "Quorum : aucun."
        ),
    },
    {
        "name": "Comité technique",
        "short_name": "CT",
        "kind": "social_dialogue",
        "chair": "t.girard",
        "members": ["t.girard", "dg", "s.durand", "n.roux", "y.perrin"],
        "colleges": CST_COLLEGES,
        "cadence": "Quatre séances par an au moins (jusqu'aux élections du 8 décembre 2022)",
        "convocation_days": 15,
        "urgent_convocation_days": 8,
        "minutes_days": 15,
    },
    {
        # Replaced the CT (and the CHSCT) after the professional elections of 8 Dec 2022.
        "name": "Comité social territorial",
        "short_name": "CST",
        "kind": "social_dialogue",
        "chair": "t.girard",
        "members": ["t.girard", "dg", "s.durand", "n.roux", "y.perrin"],
        "colleges": CST_COLLEGES,
        "secretary": "s.durand",
        "cadence": "Quatre séances par an au moins",
        "convocation_days": 15,
        "urgent_convocation_days": 8,
        "minutes_days": 15,
        "since": "2022-12-09",
        "charter": (
            "Rôle : avis préalable sur l'organisation et le fonctionnement des services, "
            "les lignes directrices de gestion, le temps de travail, les suppressions "
            "d'emplois.\n"
            "Membres : collège des représentants de la collectivité (présidence : l'adjoint "
            "au personnel) et collège des représentants du personnel.\n"
            "Fréquence : quatre séances par an au moins ; convocation 15 jours avant (8 en "
            "urgence).\n"
            "Quorum : la moitié des représentants du personnel ; à défaut, nouvelle séance "
            "dans les 8 jours. Compte rendu diffusé dans les 15 jours."
        ),
    },
    {
        "name": "Bureau municipal",
        "short_name": "",
        "kind": "political",
        "chair": "maire",
        "members": [*ELUS, "dg"],
        "cadence": "Hebdomadaire (mardi soir)",
    },
    {
        "name": "Conseil municipal",
        "short_name": "",
        "kind": "political",
        "chair": "maire",
        "members": ELUS,
        "cadence": "Six séances par an environ",
        "convocation_days": 5,
    },
    {
        "name": "Séminaire des élus",
        "short_name": "",
        "kind": "political",
        "chair": "maire",
        "members": [*ELUS, "dg", "p.lambert", "s.mercier"],
        "cadence": "Une à deux fois par an",
    },
    {
        "name": "Groupe de travail Transversalité",
        "short_name": "GT Transversalité",
        "kind": "working_group",
        "chair": "c.rousseau",
        "members": ["c.rousseau", "directeur", "s.durand", "j.bernard", "l.faure", "a.blanc"],
        "cadence": "Mensuel",
    },
    {
        "name": "Cellule Transversalité",
        "short_name": "",
        "kind": "working_group",
        "chair": "c.rousseau",
        "members": ["c.rousseau", "directeur", "l.faure", "m.lefevre"],
        "cadence": "Mensuel, une fois installée",
    },
]

# key, label, code, article, former text (an administrator corrects them when codes move).
LEGAL_REFERENCES = [
    (
        "cgfp-l542-2",
        "Suppression d'emploi après avis du comité social territorial",
        "CGFP",
        "L.542-2",
        "Loi n° 84-53 du 26 janvier 1984, art. 97",
    ),
    (
        "cgfp-l313-1",
        "Création d'emploi par délibération : grade(s), et pour un contractuel fondement "
        "et niveau de rémunération",
        "CGFP",
        "L.313-1",
        "Loi n° 84-53 du 26 janvier 1984, art. 34",
    ),
    (
        "cgfp-l313-4",
        "Déclaration de vacance d'emploi au centre de gestion",
        "CGFP",
        "L.313-4",
        "Loi n° 84-53 du 26 janvier 1984, art. 41",
    ),
    (
        "cgfp-l332-8-1",
        "Contractuel sur emploi permanent : absence de cadre d'emplois",
        "CGFP",
        "L.332-8 1°",
        "Loi n° 84-53 du 26 janvier 1984, art. 3-3 1°",
    ),
    (
        "cgfp-l332-8-2",
        "Contractuel sur emploi permanent : besoins des services ou nature des fonctions",
        "CGFP",
        "L.332-8 2°",
        "Loi n° 84-53 du 26 janvier 1984, art. 3-3 2°",
    ),
    (
        "cgfp-l332-13",
        "Contractuel : remplacement temporaire d'un agent",
        "CGFP",
        "L.332-13",
        "Loi n° 84-53 du 26 janvier 1984, art. 3-1",
    ),
    (
        "cgfp-l332-14",
        "Contractuel : vacance temporaire d'emploi dans l'attente d'un fonctionnaire",
        "CGFP",
        "L.332-14",
        "Loi n° 84-53 du 26 janvier 1984, art. 3-2",
    ),
    (
        "cgfp-l512-24",
        "Mutation : délai de trois mois, sauf accord entre les deux autorités",
        "CGFP",
        "L.512-24",
        "Loi n° 84-53 du 26 janvier 1984, art. 51",
    ),
    (
        "cgfp-r332-15",
        "Entretien de recrutement d'un contractuel conduit par au moins deux personnes",
        "CGFP",
        "R.332-15",
        "Décret n° 2019-1414 du 19 décembre 2019",
    ),
    (
        "cgct-l2131-2",
        "Transmission des actes au représentant de l'État (contrôle de légalité)",
        "CGCT",
        "L.2131-2",
        "",
    ),
    (
        "decret-2018-1351-art4",
        "Délai d'un mois entre la publication de l'offre et la nomination",
        "Décret n° 2018-1351 du 28 décembre 2018",
        "art. 4",
        "Décret n° 2018-1351 du 28 décembre 2018, art. 4 (à mettre à jour après codification)",
    ),
]


def A(title, state, due, done_on=None):
    """An action: state todo / in_progress / done / abandoned."""
    return {"title": title, "state": state, "due_date": due, "done_on": done_on}


def M(title, due, *, baseline=None, state="achieved", achieved=None, key=False):
    """A milestone; achieved ones are achieved on their due date unless told."""
    if state == "achieved" and achieved is None:
        achieved = due
    return {
        "title": title,
        "due_date": due,
        "baseline_date": baseline or due,
        "state": state,
        "achieved_on": achieved,
        "is_key": key,
    }


def U(
    date,
    weather,
    progress,
    summary,
    *,
    done="",
    next_steps="",
    risks="",
    decisions="",
    state="published",
):
    """A status update; its public summary is its natural key within the workstream."""
    return {
        "date": date,
        "weather": weather,
        "progress": progress,
        "public_summary": summary,
        "done": done,
        "next_steps": next_steps,
        "risks": risks,
        "decisions_needed": decisions,
        "state": state,
    }


ON, RISK, OFF = "on_track", "at_risk", "off_track"

WORKSTREAMS = [
    # ── Cohésion sociale – Citoyenneté ─────────────────────────────────────────────────
    {
        "code": "CSC-01",
        "title": "Création d'une direction Solidarité – Citoyenneté – Accès aux droits",
        "summary": "Créer une direction spécifique sur les thématiques de solidarité, de "
        "citoyenneté et d'accès aux droits, en regroupant des missions aujourd'hui dispersées "
        "entre la DCV et le CCAS.",
        "priority": "CSC",
        "component": "organisation",
        "phase": "officialisation",
        "axis": "concretisation",
        "owner": "directeur",
        "unit": "DCV",
        "sponsor": "elu",
        "start": "2021-09-01",
        "target": "2023-01-31",
        "domains": [4],
        "mandate": [URG, DEM],
        "affected": ["SCA", "DCV"],
        "cst_opinion_on": "2022-03-15",
        "cst_opinion_ref": "CST du 15/03/2022 — avis favorable",
        "weight": 3,
        "actions": [
            A(
                "Diagnostic des missions solidarité et accès aux droits",
                "done",
                "2021-10-15",
                "2021-10-15",
            ),
            A("Projet d'organigramme de la direction", "done", "2022-01-20", "2022-01-20"),
            A("Présentation au comité technique", "done", "2022-03-15", "2022-03-15"),
            A("Délibération de création des postes", "done", "2022-03-31", "2022-03-31"),
            A("Installation de l'équipe et des locaux", "in_progress", "2022-11-30"),
            A("Charte d'accueil commune avec le CCAS", "todo", "2023-03-31"),
        ],
        "milestones": [
            M("Piste présentée au séminaire des élus", "2021-07-03", key=True),
            M(
                "Organisation cible de la direction formalisée",
                "2022-01-31",
                baseline="2021-12-15",
                achieved="2022-01-28",
                key=True,
            ),
            M("Avis du comité technique", "2022-03-15", baseline="2022-02-15", key=True),
            M("Délibération de création des postes", "2022-03-31"),
            M(
                "Arrivée du directeur ou de la directrice",
                "2022-09-01",
                baseline="2022-06-01",
                key=True,
            ),
            M("Officialisation de la direction", "2023-01-02", baseline="2022-12-01"),
        ],
        "updates": [
            U(
                "2021-09-30",
                ON,
                10,
                "Diagnostic des missions lancé avec le CCAS.",
                done="Entretiens avec les équipes de la DCV et du CCAS.",
                next_steps="Premier projet d'organigramme.",
            ),
            U(
                "2022-01-31",
                ON,
                35,
                "Organigramme de la future direction formalisé.",
                done="Organigramme et fiches de mission.",
                next_steps="Passage au comité technique le 15 mars.",
                decisions="Valider la saisine du comité technique.",
            ),
            U(
                "2022-03-31",
                ON,
                55,
                "Avis favorable du CT ; postes créés par le conseil.",
                done="Avis du CT, délibération de création des postes.",
                next_steps="Recrutement du directeur ou de la directrice.",
            ),
            U(
                "2022-09-15",
                RISK,
                75,
                "Direction en place ; l'installation dans les locaux prend du retard.",
                done="Arrivée de la directrice le 1er septembre.",
                next_steps="Fin des travaux d'aménagement.",
                risks="Locaux provisoires jusqu'à la fin des travaux.",
            ),
        ],
    },
    # ── Sécurité – Tranquillité – Prévention ───────────────────────────────────────────
    {
        "code": "PTS-01",
        "title": "Entité Prévention Tranquillité Sécurité et reconstitution de la Police "
        "municipale",
        "summary": "Mettre en place une entité en charge de la politique Prévention "
        "Tranquillité Sécurité pour coordonner les acteurs, et « reconstituer » un service de "
        "police municipale.",
        "priority": "PTS",
        "component": "organisation",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "m.lefevre",
        "unit": "PTS",
        "sponsor": "jp.moreau",
        "start": "2021-09-01",
        "target": "2023-06-30",
        "domains": [4],
        "mandate": [QSP, URG],
        "affected": ["PTS", "PM"],
        "weight": 2,
        "actions": [
            A(
                "État des lieux des acteurs de la prévention (CLSPD, bailleurs, police nationale)",
                "done",
                "2021-11-30",
                "2021-11-30",
            ),
            A("Scénarios d'organisation de l'entité PTS", "done", "2022-02-28", "2022-03-07"),
            A("Recrutement du chef de service de police municipale", "in_progress", "2023-07-05"),
            A("Aménagement du poste de police municipale", "todo", "2023-03-31"),
            A("Convention de coordination avec la police nationale", "todo", "2023-08-29"),
        ],
        "milestones": [
            M("Scénario d'organisation arbitré", "2022-03-07", baseline="2022-01-31", key=True),
            M(
                "Recrutement du chef de service de police municipale",
                "2022-09-16",
                baseline="2022-06-30",
                state="missed",
                achieved=None,
            ),
            M(
                "Arrivée du chef de service de police municipale",
                "2023-01-02",
                baseline="2022-09-01",
                state="planned",
                key=True,
            ),
            M(
                "Avis du CST sur la création de l'entité PTS",
                "2023-07-20",
                baseline="2023-01-24",
                state="postponed",
                key=True,
            ),
        ],
        "updates": [
            U(
                "2021-10-15",
                ON,
                10,
                "État des lieux des acteurs de la prévention engagé.",
                done="Rencontres avec la police nationale et les bailleurs.",
            ),
            U(
                "2022-03-15",
                ON,
                30,
                "Scénario d'organisation retenu par la direction générale.",
                done="Arbitrage du scénario 2 en réunion DG.",
                next_steps="Publication du poste de chef de service.",
            ),
            U(
                "2022-09-20",
                RISK,
                40,
                "Premier recrutement du chef de service infructueux.",
                risks="Marché de l'emploi tendu pour les cadres de police municipale.",
                decisions="Republier l'offre et élargir la diffusion.",
            ),
            U(
                "2023-01-31",
                OFF,
                45,
                "Avis du CST reporté ; le calendrier glisse.",
                done="Présentation au premier CST, le 24 janvier.",
                risks="Le CST demande des précisions sur les effectifs et les horaires.",
                decisions="Arbitrer les horaires de la police municipale.",
            ),
            U(
                "2023-06-26",
                OFF,
                50,
                "Nouvelle publication du poste de chef de service ; "
                "nouvelle présentation au CST dans trois semaines.",
                done="Offre republiée, dossier complété pour le CST.",
                next_steps="Séance du CST, entretiens de recrutement.",
                risks="Sans chef de service, la reconstitution de la police municipale est "
                "suspendue.",
                decisions="Valider la réponse aux questions du CST.",
            ),
        ],
    },
    # ── Vie associative – Manifestations ──────────────────────────────────────────────
    {
        "code": "VAM-01",
        "title": "Expérimentation d'une entité Vie associative et Manifestation (bâtiment "
        "Leinster)",
        "summary": "Expérimenter une entité « Vie associative et Manifestation » en lien avec "
        "le travail fonctionnel entrepris autour du bâtiment Leinster.",
        "priority": "VAM",
        "component": "organisation",
        "phase": "experimentation",
        "axis": "experimentation",
        "owner": "directeur",
        "unit": "DCV",
        "sponsor": "i.fontaine",
        "start": "2021-09-15",
        "target": "2023-10-28",
        "domains": [2],
        "mandate": [DEM, QSP],
        "affected": ["VAM", "SVA", "SMA"],
        "actions": [
            A(
                "Travail fonctionnel sur le bâtiment Leinster (usages, plannings, accueil des "
                "associations)",
                "done",
                "2021-12-15",
                "2021-12-15",
            ),
            A(
                "Regroupement expérimental des équipes vie associative et manifestations",
                "done",
                "2022-04-01",
                "2022-04-01",
            ),
            A("Aménagement des locaux du bâtiment Leinster", "in_progress", "2022-10-31"),
            A("Bilan de l'expérimentation avec les associations", "todo", "2023-07-10"),
            A("Passage au CST avant pérennisation", "todo", "2023-08-29"),
        ],
        "milestones": [
            M("Programme fonctionnel du bâtiment Leinster", "2021-12-15"),
            M("Démarrage de l'expérimentation", "2022-04-01", baseline="2022-01-03", key=True),
            M(
                "Fin des travaux d'aménagement du bâtiment Leinster",
                "2022-10-31",
                baseline="2022-06-30",
                state="missed",
                achieved=None,
            ),
            M(
                "Bilan de l'expérimentation Leinster",
                "2023-07-10",
                baseline="2023-04-11",
                state="planned",
                key=True,
            ),
        ],
        "updates": [
            U("2021-12-20", ON, 20, "Programme fonctionnel du bâtiment Leinster arrêté."),
            U(
                "2022-04-15",
                ON,
                40,
                "L'entité expérimentale est en place depuis le 1er avril.",
                done="Regroupement des équipes, planning commun des salles.",
            ),
            U(
                "2022-10-28",
                RISK,
                55,
                "Les travaux du bâtiment Leinster prennent du retard.",
                risks="Livraison des locaux repoussée.",
                decisions="Arbitrer un budget complémentaire pour les travaux.",
            ),
            U(
                "2023-06-20",
                RISK,
                65,
                "Le bilan de l'expérimentation est en préparation avec les associations.",
                next_steps="Bilan, puis passage au CST avant pérennisation.",
            ),
        ],
    },
    # ── Accueil du public – Relation à l'usager (GRU) ────────────────────────────────
    {
        "code": "GRU-01",
        "title": "Fonctions accueil de la DCV",
        "summary": "Travailler les fonctions d'accueil au niveau de la Direction de la "
        "citoyenneté et de la vie locale.",
        "priority": "GRU",
        "component": "organisation",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "directeur",
        "unit": "DCV",
        "sponsor": "elu",
        "start": "2021-09-01",
        "target": "2022-12-31",
        "domains": [4, 5],
        "mandate": [QSP],
        "actions": [
            A(
                "Cartographie des points d'accueil et des flux d'usagers",
                "done",
                "2021-11-15",
                "2021-11-15",
            ),
            A("Harmonisation des horaires d'ouverture", "done", "2022-02-01", "2022-02-01"),
            A("Formation des agents d'accueil", "done", "2022-05-31", "2022-06-10"),
            A("Démarche qualité de l'accueil (référentiel Marianne)", "in_progress", "2022-12-31"),
        ],
        "milestones": [
            M("Diagnostic des fonctions accueil", "2021-11-30"),
            M("Nouveaux horaires d'accueil en place", "2022-02-01", key=True),
            M(
                "Recrutement d'un agent d'accueil polyvalent",
                "2022-06-30",
                baseline="2022-04-30",
                achieved="2022-07-04",
            ),
        ],
        "updates": [
            U("2021-11-30", ON, 25, "Cartographie des accueils réalisée."),
            U("2022-02-15", ON, 50, "Horaires d'accueil harmonisés depuis le 1er février."),
            U("2022-06-30", ON, 80, "Agents d'accueil formés ; recrutement en cours."),
        ],
    },
    {
        "code": "GRU-02",
        "title": "Sollicitations et réclamations : outil LETTERBOX avec le Pôle NM et "
        "interpellation de la Métropole",
        "summary": "Travailler avec le Pôle NM sur la gestion des sollicitations et "
        "réclamations : groupe de travail sur la mise à jour de l'outil LETTERBOX, et "
        "interpellation de la Métropole sur la GRU.",
        "priority": "GRU",
        "component": "information_system",
        "phase": "implementation",
        "axis": "prioritisation",
        "owner": "l.faure",
        "unit": "PNM",
        "sponsor": "elu",
        "start": "2021-09-15",
        "target": "2022-12-31",
        "domains": [4, 5],
        "mandate": [QSP, DEM],
        "transversal": True,
        "actions": [
            A("Constitution du groupe de travail LETTERBOX", "done", "2021-10-15", "2021-10-15"),
            A(
                "Recensement des évolutions attendues de l'outil LETTERBOX",
                "done",
                "2022-01-31",
                "2022-01-31",
            ),
            A(
                "Courrier d'interpellation de la Métropole sur la GRU",
                "done",
                "2022-02-15",
                "2022-02-15",
            ),
            A("Mise à jour de l'outil LETTERBOX", "done", "2022-11-30", "2022-12-05"),
            A("Tableau de bord des délais de réponse aux usagers", "todo", "2023-03-31"),
        ],
        "milestones": [
            M("Groupe de travail LETTERBOX installé", "2021-10-15"),
            M(
                "Réponse de la Métropole sur la GRU",
                "2022-06-30",
                baseline="2022-04-30",
                state="missed",
                achieved=None,
            ),
            M(
                "Nouvelle version de LETTERBOX en production",
                "2022-11-30",
                baseline="2022-09-30",
                achieved="2022-12-05",
                key=True,
            ),
        ],
        "updates": [
            U("2021-10-30", ON, 10, "Groupe de travail LETTERBOX constitué avec le Pôle NM."),
            U(
                "2022-03-01",
                RISK,
                30,
                "La Métropole n'a pas encore répondu sur la GRU.",
                risks="Sans la Métropole, les sollicitations restent traitées en double.",
            ),
            U("2022-07-15", RISK, 50, "Cahier des charges de LETTERBOX arrêté."),
            U("2022-12-10", ON, 80, "La nouvelle version de LETTERBOX est en production."),
        ],
    },
    # ── Transversalité ──────────────────────────────────────────────────────────────
    {
        "code": "TRA-01",
        "title": "Cellule Transversalité avec des référents par direction",
        "summary": "Proposition d'une « cellule » Transversalité avec des référents par direction.",
        "priority": "TRA",
        "component": "governance",
        "phase": "proposals",
        "axis": "prioritisation",
        "owner": "c.rousseau",
        "unit": "DGS",
        "sponsor": "maire",
        "start": "2021-09-01",
        "target": "2023-09-28",
        "domains": [1, 2, 3, 4, 5],
        "mandate": [QSP, DEM],
        "affected": ["CTR"],
        "transversal": True,
        "actions": [
            A("Proposition présentée au séminaire des élus", "done", "2021-07-03", "2021-07-03"),
            A("Désignation d'un référent par direction", "done", "2021-12-17", "2021-12-17"),
            A("Lettre de mission de la cellule", "done", "2022-06-30", "2022-07-05"),
            A("Installation de la cellule Transversalité", "todo", "2023-07-25"),
        ],
        "milestones": [
            M(
                "Référents désignés dans chaque direction",
                "2021-12-17",
                baseline="2021-11-30",
                key=True,
            ),
            M("Lettre de mission validée en CODIR", "2022-07-05", baseline="2022-03-31"),
            M(
                "Installation de la cellule Transversalité",
                "2023-07-25",
                baseline="2023-05-26",
                state="planned",
                key=True,
            ),
        ],
        "updates": [
            U("2021-09-30", ON, 10, "Le GT Transversalité prépare la cellule."),
            U("2021-12-20", ON, 30, "Un référent est désigné dans chaque direction."),
            U(
                "2022-07-10",
                RISK,
                45,
                "Lettre de mission validée ; le chef de projet reste à recruter.",
                risks="Disponibilité des référents.",
            ),
            U(
                "2023-06-24",
                RISK,
                55,
                "Recrutement du chef de projet en cours (brouillon).",
            ),
        ],
    },
    {
        "code": "TRA-02",
        "title": "Pilotage des projets transversaux : relation usagers et dialogue citoyen",
        "summary": "Réflexion sur le pilotage de projets transversaux comme la gestion de la "
        "relation usagers et le dialogue citoyen.",
        "priority": "TRA",
        "component": "governance",
        "phase": "reflection",
        "axis": "prioritisation",
        "owner": "c.rousseau",
        "unit": "DGS",
        "sponsor": "elu",
        "start": "2021-09-01",
        "target": "2022-12-31",
        "domains": [4, 5],
        "mandate": [DEM, QSP],
        "transversal": True,
        "actions": [
            A("Note de cadrage du pilotage transversal", "done", "2021-11-30", "2021-12-14"),
            A(
                "Désignation des chefs de projet GRU et dialogue citoyen",
                "in_progress",
                "2022-04-30",
            ),
            A(
                "Plateforme de participation citoyenne commune avec la Métropole",
                "abandoned",
                "2022-10-31",
            ),
        ],
        "milestones": [
            M("Note de cadrage validée en CODIR", "2021-12-14", baseline="2021-11-30"),
            M(
                "Premier comité de pilotage GRU – dialogue citoyen",
                "2022-10-31",
                baseline="2022-05-31",
                state="missed",
                achieved=None,
                key=True,
            ),
        ],
        "updates": [
            U("2021-12-15", ON, 15, "Note de cadrage validée en CODIR."),
            U("2022-05-15", RISK, 25, "Chefs de projet pas encore désignés."),
            U(
                "2022-11-15",
                OFF,
                30,
                "Le comité de pilotage n'a pas pu se réunir.",
                risks="Pas de chef de projet désigné, pas de portage politique identifié.",
                decisions="Désigner un élu référent et un chef de projet.",
            ),
        ],
    },
    # ── Communication et cohésion internes ─────────────────────────────────────────────
    {
        "code": "CCI-01",
        "title": "Programme de travail de communication interne autour de 2 ou 3 priorités",
        "summary": "Élaborer un programme de travail autour de 2 ou 3 priorités identifiées.",
        "priority": "CCI",
        "component": "internal_communication",
        "phase": "implementation",
        "axis": "prioritisation",
        "owner": "j.bernard",
        "unit": "COM",
        "sponsor": "maire",
        "start": "2021-09-01",
        "target": "2022-10-31",
        "domains": [5],
        "mandate": [QSP],
        "actions": [
            A(
                "Enquête auprès des agents sur la communication interne",
                "done",
                "2021-11-15",
                "2021-11-15",
            ),
            A(
                "Choix de trois priorités : information des agents, accueil des nouveaux "
                "arrivants, temps communs",
                "done",
                "2021-12-14",
                "2021-12-14",
            ),
            A("Lettre interne mensuelle", "done", "2022-03-01", "2022-03-01"),
            A("Journée d'accueil des nouveaux agents", "done", "2022-09-30", "2022-10-06"),
        ],
        "milestones": [
            M("Priorités de communication interne validées en CODIR", "2021-12-14", key=True),
            M("Premier numéro de la lettre interne", "2022-03-01"),
            M(
                "Première journée d'accueil des nouveaux agents",
                "2022-10-06",
                baseline="2022-06-30",
            ),
        ],
        "updates": [
            U("2021-12-15", ON, 30, "Trois priorités de communication interne retenues."),
            U("2022-03-10", ON, 55, "La lettre interne paraît chaque mois."),
            U("2022-10-10", ON, 85, "Première journée d'accueil des nouveaux agents tenue."),
        ],
    },
    {
        "code": "CCI-02",
        "title": "Organisation et ressources dédiées à la communication interne",
        "summary": "Identifier une organisation et des ressources dédiées à la communication "
        "interne.",
        "priority": "CCI",
        "component": "internal_communication",
        "phase": "proposals",
        "axis": "concretisation",
        "owner": "j.bernard",
        "unit": "COM",
        "start": "2021-10-01",
        "target": "2022-12-31",
        "domains": [5],
        "mandate": [QSP],
        "actions": [
            A("Estimation du besoin en ressources", "done", "2022-01-31", "2022-01-31"),
            A(
                "Fiche de poste de chargé ou chargée de communication interne",
                "in_progress",
                "2022-06-30",
            ),
            A("Arbitrage budgétaire du poste", "todo", "2022-12-31"),
        ],
        "milestones": [
            M("Besoin présenté aux arbitrages globaux", "2022-02-15"),
            M(
                "Poste de chargé ou chargée de communication interne arbitré",
                "2022-12-31",
                baseline="2022-06-30",
                state="planned",
                key=True,
            ),
        ],
        "updates": [
            U("2022-01-31", ON, 20, "Besoin en ressources estimé."),
            U(
                "2022-07-01",
                RISK,
                30,
                "Arbitrage du poste attendu au budget.",
                decisions="Inscrire le poste au budget primitif.",
            ),
        ],
    },
    # ── Projet d'Adaptation : gouvernance interne ──────────────────────────────────────
    {
        "code": "GOV-01",
        "title": "Nouvelles instances : CODIR et réunion hebdomadaire DG",
        "summary": "Installer les nouvelles instances de la gouvernance interne : un CODIR "
        "qui rend un relevé de décisions, et une réunion hebdomadaire de la direction "
        "générale.",
        "priority": "TRA",
        "component": "governance",
        "phase": "closed",
        "axis": "concretisation",
        "owner": "c.rousseau",
        "unit": "DGS",
        "start": "2021-05-01",
        "target": "2021-12-31",
        "domains": [5],
        "mandate": [QSP],
        "actions": [
            A("Nouveau format du CODIR (relevé de décisions)", "done", "2021-09-14", "2021-09-14"),
            A("Réunion hebdomadaire DG du lundi", "done", "2021-09-06", "2021-09-06"),
        ],
        "milestones": [
            M("Premier CODIR au nouveau format", "2021-09-14", key=True),
            M("Bilan des nouvelles instances", "2021-12-14"),
        ],
        "updates": [
            U("2021-09-20", ON, 60, "CODIR et réunion DG au nouveau format depuis septembre."),
            U("2021-12-20", ON, 100, "Les nouvelles instances sont installées."),
        ],
    },
    {
        "code": "GOV-02",
        "title": "Nouveaux rôles managériaux",
        "summary": "Définir les rôles des DGA, directeurs et chefs de service dans la nouvelle "
        "gouvernance, et accompagner les managers.",
        "priority": "CCI",
        "component": "governance",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "s.durand",
        "unit": "DRH",
        "start": "2021-09-01",
        "target": "2023-01-31",
        "domains": [5],
        "mandate": [QSP],
        "actions": [
            A("Référentiel des rôles managériaux", "done", "2022-02-28", "2022-02-28"),
            A("Cycle de formation des managers", "done", "2022-12-31", "2023-01-20"),
        ],
        "milestones": [
            M("Référentiel managérial validé en CODIR", "2022-03-08", key=True),
            M("Cycle de formation managériale achevé", "2023-01-20", baseline="2022-12-31"),
        ],
        "updates": [
            U("2022-03-10", ON, 40, "Référentiel des rôles managériaux validé."),
            U("2022-09-15", ON, 60, "Formation des managers engagée."),
        ],
    },
    {
        "code": "GOV-03",
        "title": "Charte de fonctionnement et de gouvernance",
        "summary": "Écrire et diffuser une charte de fonctionnement et de gouvernance de "
        "l'administration.",
        "priority": "CCI",
        "component": "governance",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "c.rousseau",
        "unit": "DGS",
        "start": "2021-10-01",
        "target": "2022-09-30",
        "domains": [5],
        "mandate": [QSP],
        "actions": [
            A(
                "Projet de charte rédigé avec le GT Transversalité",
                "done",
                "2022-02-15",
                "2022-02-15",
            ),
            A("Présentation en CODIR", "done", "2022-03-08", "2022-03-08"),
            A("Diffusion de la charte aux encadrants", "in_progress", "2022-09-30"),
        ],
        "milestones": [
            M("Charte validée en CODIR", "2022-03-08", baseline="2021-12-31", key=True),
        ],
        "updates": [
            U("2022-01-10", ON, 40, "Projet de charte en cours d'écriture."),
            U("2022-03-20", ON, 70, "Charte validée en CODIR le 8 mars."),
        ],
    },
    {
        "code": "GOV-04",
        "title": "Nouveaux mécanismes de décision avec les élus",
        "summary": "Un circuit de décision lisible entre l'administration et les élus : CODIR, "
        "Bureau municipal, Conseil municipal.",
        "priority": "TRA",
        "component": "governance",
        "phase": "experimentation",
        "axis": "experimentation",
        "owner": "c.rousseau",
        "unit": "DGS",
        "sponsor": "maire",
        "start": "2021-09-01",
        "target": "2022-07-31",
        "domains": [5],
        "mandate": [DEM, QSP],
        "actions": [
            A(
                "Circuit de décision CODIR – Bureau municipal – Conseil",
                "done",
                "2021-10-05",
                "2021-10-05",
            ),
            A(
                "Fiche de saisine du Bureau municipal expérimentée",
                "done",
                "2022-01-11",
                "2022-01-11",
            ),
            A("Bilan de l'expérimentation avec les élus", "done", "2022-06-30", "2022-07-02"),
        ],
        "milestones": [
            M("Circuit de décision présenté au Bureau municipal", "2021-10-05", key=True),
            M("Bilan avec les élus", "2022-07-02", baseline="2022-06-30"),
        ],
        "updates": [
            U("2021-10-10", ON, 30, "Le Bureau municipal expérimente le nouveau circuit."),
            U("2022-02-01", ON, 60, "La fiche de saisine du Bureau municipal est en usage."),
            U("2022-07-05", ON, 90, "Bilan de l'expérimentation partagé avec les élus."),
        ],
    },
    {
        "code": "GOV-05",
        "title": "Formats de réunion et temps d'échanges à revoir",
        "summary": "Expérimenter des formats de réunion et des temps d'échanges nouveaux.",
        "priority": "CCI",
        "component": "governance",
        "phase": "experimentation",
        "axis": "experimentation",
        "owner": "j.bernard",
        "unit": "COM",
        "start": "2022-01-01",
        "target": "2022-12-31",
        "domains": [5],
        "mandate": [QSP],
        "actions": [
            A(
                "Réunions courtes en format debout dans deux directions",
                "done",
                "2022-04-30",
                "2022-04-30",
            ),
            A("Séminaire de rentrée de l'encadrement", "done", "2022-09-15", "2022-09-15"),
        ],
        "milestones": [
            M("Séminaire de rentrée de l'encadrement", "2022-09-15", key=True),
        ],
        "updates": [
            U("2022-05-10", ON, 40, "Premiers formats de réunion expérimentés."),
            U("2022-09-20", ON, 70, "Séminaire de rentrée de l'encadrement tenu."),
        ],
    },
    # ── Projet d'Adaptation : organisation des services ───────────────────────────────
    {
        "code": "ORG-01",
        "title": "Organisation cible à formaliser",
        "summary": "De la réflexion aux propositions de mise en œuvre : projets de services, "
        "besoins en ressources, arbitrages globaux, construction et officialisation "
        "progressive des nouvelles unités.",
        "priority": "TRA",
        "component": "organisation",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "c.rousseau",
        "unit": "DGS",
        "sponsor": "maire",
        "start": "2021-09-01",
        "target": "2023-12-27",
        "domains": [1, 2, 3, 4, 5],
        "mandate": [QSP, URG, TEC, DEM],
        "affected": ["SCA", "PTS", "PM", "VAM", "CTR"],
        "transversal": True,
        "weight": 3,
        "actions": [
            A("Projets de services dans chaque direction", "done", "2021-12-17", "2021-12-17"),
            A("Identification des besoins en ressources", "done", "2022-01-31", "2022-01-31"),
            A("Arbitrages globaux", "done", "2022-03-08", "2022-03-08"),
            A("Officialisation progressive des nouvelles unités", "in_progress", "2023-11-27"),
            A("Organigramme cible présenté au CST", "todo", "2023-07-20"),
        ],
        "milestones": [
            M("Séminaire des élus : point d'étape", "2021-07-03", key=True),
            M("Lancement de la mise en récit de la transformation", "2021-09-14", key=True),
            M("Projets de services remis", "2021-12-17", baseline="2021-11-30"),
            M("Organisation cible formalisée", "2022-07-05", baseline="2022-03-31", key=True),
            M(
                "Organigramme cible présenté au CST",
                "2023-07-20",
                baseline="2023-06-20",
                state="postponed",
            ),
        ],
        "updates": [
            U("2021-09-30", ON, 10, "La mise en récit de la transformation est lancée."),
            U("2022-01-31", ON, 30, "Les projets de services sont remis."),
            U("2022-07-10", ON, 55, "Organisation cible formalisée."),
            U(
                "2023-06-27",
                RISK,
                65,
                "Organigramme cible prêt pour le CST ; l'entité PTS attend toujours son avis.",
                risks="Calendrier du CST.",
            ),
        ],
    },
    {
        "code": "ORG-02",
        "title": "Profils de poste à valider",
        "summary": "Écrire et valider les fiches de poste des nouvelles unités.",
        "priority": "TRA",
        "component": "organisation",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "s.durand",
        "unit": "DRH",
        "start": "2021-10-01",
        "target": "2022-12-31",
        "domains": [5],
        "mandate": [QSP],
        "actions": [
            A("Trame commune de fiche de poste", "done", "2021-10-15", "2021-10-15"),
            A("Validation des fiches de poste des nouvelles unités", "in_progress", "2022-09-30"),
        ],
        "milestones": [
            M(
                "Fiches de poste des nouvelles unités validées",
                "2022-10-14",
                baseline="2022-06-30",
                key=True,
            ),
        ],
        "updates": [
            U("2022-02-15", ON, 40, "Trame commune diffusée ; premières fiches validées."),
            U("2022-10-20", ON, 80, "Fiches de poste des nouvelles unités validées."),
        ],
    },
    {
        "code": "ORG-03",
        "title": "Recrutements à lancer",
        "summary": "Lancer les recrutements des nouvelles unités après les arbitrages globaux.",
        "priority": "TRA",
        "component": "organisation",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "s.durand",
        "unit": "DRH",
        "start": "2022-03-08",
        "target": "2023-06-30",
        "domains": [5],
        "mandate": [QSP],
        "actions": [
            A("Plan de recrutement 2022", "done", "2022-03-31", "2022-03-31"),
            A("Diffusion élargie des offres de police municipale", "in_progress", "2023-07-15"),
        ],
        "milestones": [
            M(
                "Recrutements lancés pour les nouvelles unités",
                "2022-05-10",
                baseline="2022-04-30",
                key=True,
            ),
        ],
        "updates": [
            U("2022-04-10", ON, 20, "Plan de recrutement 2022 arrêté."),
            U(
                "2022-10-05",
                RISK,
                50,
                "Recrutements en police municipale difficiles.",
                risks="Peu de candidatures de fonctionnaires.",
            ),
        ],
    },
    {
        "code": "ORG-04",
        "title": "Temps de dialogue social : réunions de services et comité technique",
        "summary": "Des temps de dialogue social (réunions de services, comité technique puis "
        "comité social territorial) et de validation.",
        "priority": "CCI",
        "component": "organisation",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "s.durand",
        "unit": "DRH",
        "sponsor": "t.girard",
        "start": "2021-09-01",
        "target": "2023-06-30",
        "domains": [5],
        "mandate": [QSP, DEM],
        "actions": [
            A(
                "Réunions de services sur les projets d'organisation",
                "done",
                "2021-11-30",
                "2021-11-30",
            ),
            A("Calendrier des saisines du CT", "done", "2022-01-15", "2022-01-15"),
        ],
        "milestones": [
            M("Réunions de services tenues dans chaque direction", "2021-11-30"),
            M("Premières créations présentées au comité technique", "2022-03-15", key=True),
        ],
        "updates": [
            U("2021-12-01", ON, 30, "Réunions de services tenues."),
            U("2022-03-20", ON, 50, "Premier passage devant le comité technique."),
        ],
    },
    {
        "code": "ORG-05",
        "title": "Aménagements de locaux à poursuivre",
        "summary": "Aménager les locaux des nouvelles unités (direction Solidarité, bâtiment "
        "Leinster, poste de police municipale).",
        "priority": "TRA",
        "component": "organisation",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "o.chevalier",
        "unit": "DPB",
        "start": "2022-01-01",
        "target": "2023-06-30",
        "domains": [5],
        "mandate": [QSP],
        "actions": [
            A("Programme des besoins en locaux", "done", "2022-02-28", "2022-02-28"),
            A("Travaux de la direction Solidarité", "done", "2022-10-31", "2022-11-18"),
        ],
        "milestones": [
            M("Locaux de la direction Solidarité livrés", "2022-11-18", baseline="2022-07-31"),
        ],
        "updates": [
            U("2022-03-01", ON, 20, "Programme des besoins en locaux arrêté."),
            U(
                "2022-11-20",
                RISK,
                50,
                "Locaux de la direction Solidarité livrés ; le bâtiment Leinster suit.",
            ),
        ],
    },
    {
        "code": "ORG-06",
        "title": "Plan d'actions pluriannuel et Projet d'Administration",
        "summary": "Traduire le projet de mandat en un Projet d'Administration et un plan "
        "d'actions pluriannuel.",
        "priority": "TRA",
        "component": "organisation",
        "phase": "proposals",
        "axis": "prioritisation",
        "owner": "c.rousseau",
        "unit": "DGS",
        "sponsor": "maire",
        "start": "2022-01-01",
        "target": "2023-06-30",
        "domains": [1, 2, 3, 4, 5],
        "mandate": [QSP, URG, TEC, DEM],
        "transversal": True,
        "actions": [
            A("Recueil des projets de direction", "done", "2022-06-30", "2022-06-30"),
            A("Projet d'Administration rédigé", "done", "2022-12-15", "2022-12-15"),
        ],
        "milestones": [
            M(
                "Projet d'Administration présenté aux élus",
                "2022-12-15",
                baseline="2022-10-31",
                key=True,
            ),
        ],
        "updates": [
            U("2022-07-05", ON, 40, "Projets de direction recueillis."),
            U("2022-12-20", ON, 70, "Projet d'Administration présenté aux élus."),
        ],
    },
    # ── Projet d'Adaptation : communication interne, système d'information ─────────────
    {
        "code": "COM-01",
        "title": "Nouveaux outils, nouveaux supports, nouveaux temps communs",
        "summary": "Identifier les besoins, puis outiller la communication interne : supports, "
        "outils et temps communs.",
        "priority": "CCI",
        "component": "internal_communication",
        "phase": "implementation",
        "axis": "concretisation",
        "owner": "j.bernard",
        "unit": "COM",
        "start": "2021-10-01",
        "target": "2023-03-31",
        "domains": [5],
        "mandate": [QSP],
        "actions": [
            A("Identification des besoins des agents", "done", "2022-01-31", "2022-01-31"),
            A("Cahier des charges de l'intranet", "in_progress", "2022-12-31"),
        ],
        "milestones": [
            M("Premier temps commun de l'encadrement", "2022-09-15"),
        ],
        "updates": [
            U("2022-02-01", ON, 25, "Besoins des agents recueillis."),
            U("2022-09-20", ON, 45, "Premier temps commun de l'encadrement tenu."),
        ],
    },
    {
        "code": "SI-01",
        "title": "Système d'information : identification des besoins",
        "summary": "Identifier les besoins du système d'information nés de la nouvelle "
        "organisation (GRU, outils collaboratifs, pilotage).",
        "priority": "GRU",
        "component": "information_system",
        "phase": "reflection",
        "axis": "prioritisation",
        "owner": "l.faure",
        "unit": "DSI",
        "start": "2022-01-01",
        "target": "2023-06-30",
        "domains": [5],
        "mandate": [QSP],
        "actions": [
            A("Recueil des besoins auprès des directions", "done", "2022-05-31", "2022-06-15"),
            A("Schéma directeur du système d'information", "todo", "2023-06-30"),
        ],
        "milestones": [
            M("Besoins du système d'information recensés", "2022-06-15", baseline="2022-05-31"),
            M(
                "Schéma directeur du système d'information lancé",
                "2022-11-30",
                baseline="2022-09-30",
                state="missed",
                achieved=None,
            ),
        ],
        "updates": [
            U("2022-06-20", ON, 30, "Besoins du système d'information recensés."),
            U(
                "2022-12-01",
                RISK,
                35,
                "Le schéma directeur attend son financement.",
                decisions="Arbitrer le financement du schéma directeur.",
            ),
        ],
    },
]

# Meetings. Past ones are keyed by (body, starts_at); the ones to come (Rel) by
# (body, place, state planned), so a later run finds them whatever the date.
MEETINGS = [
    {
        "body": "CODIR",
        "at": ("2021-06-22", "09:00"),
        "place": "Salle des commissions, hôtel de ville",
        "minutes": "Préparation du point d'étape présenté aux élus le 3 juillet.",
        "items": [
            ("Préparation du point d'étape CAP 2021", None, "decision", "Support validé."),
        ],
        "decisions": [
            (
                "validation",
                "Le support du point d'étape CAP 2021 est validé pour le séminaire "
                "des élus du 3 juillet.",
                None,
                "done",
                False,
            ),
        ],
    },
    {
        "body": "Séminaire des élus",
        "at": ("2021-07-03", "09:30"),
        "place": "Salle du conseil municipal",
        "minutes": "Point d'étape « Adaptation de l'Organisation » : de la réflexion aux "
        "pistes d'engagement.",
        "items": [
            ("Point d'étape « Adaptation de l'Organisation »", None, "information", ""),
            (
                "Priorités CAP 2021 : de la réflexion à la mise en œuvre",
                "CSC-01",
                "information",
                "Priorités et pistes d'engagement présentées.",
            ),
            (
                "Proposition d'une cellule Transversalité",
                "TRA-01",
                "information",
                "Proposition présentée ; la DG l'approfondit en GT Transversalité.",
            ),
        ],
        "decisions": [],
    },
    {
        "body": "CODIR",
        "at": ("2021-09-14", "09:00"),
        "place": "Salle des commissions, hôtel de ville",
        "minutes": "Rentrée : lancement de la mise en récit, nouveau format du CODIR.",
        "items": [
            ("Lancement de la mise en récit de la transformation", "ORG-01", "decision", ""),
            ("Nouveau format du CODIR", "GOV-01", "information", ""),
        ],
        "decisions": [
            (
                "validation",
                "Lancement de la mise en récit de la transformation autour de trois "
                "axes : priorisation, concrétisation, expérimentation.",
                "ORG-01",
                "done",
                True,
            ),
        ],
    },
    {
        "body": "Bureau municipal",
        "at": ("2021-10-05", "18:00"),
        "place": "Bureau du Maire",
        "minutes": "",
        "items": [
            (
                "Circuit de décision administration – élus",
                "GOV-04",
                "information",
                "Circuit CODIR – Bureau municipal – Conseil municipal présenté par la DG.",
            ),
        ],
        "decisions": [],
    },
    {
        "body": "Groupe de travail Transversalité",
        "at": ("2021-10-12", "14:00"),
        "place": "Salle des commissions, hôtel de ville",
        "minutes": "",
        "items": [
            (
                "Référents transversalité par direction",
                "TRA-01",
                "discussion",
                "Chaque direction désigne un référent avant décembre.",
            ),
        ],
        "decisions": [],
    },
    {
        "body": "Hebdo DG",
        "at": ("2022-03-07", "08:30"),
        "place": "Bureau de la DGS",
        "minutes": "",
        "items": [
            ("Scénario d'organisation de l'entité PTS", "PTS-01", "decision", "Scénario 2."),
        ],
        "decisions": [
            (
                "arbitration",
                "Scénario 2 retenu : entité PTS rattachée à la DGS, reconstitution "
                "d'un service de police municipale de six agents.",
                "PTS-01",
                "done",
                True,
            ),
        ],
    },
    {
        "body": "CODIR",
        "at": ("2022-03-08", "09:00"),
        "place": "Salle des commissions, hôtel de ville",
        "minutes": "",
        "items": [
            ("Charte de fonctionnement et de gouvernance", "GOV-03", "decision", ""),
            ("Arbitrages globaux des besoins en ressources", "ORG-01", "decision", ""),
        ],
        "decisions": [
            (
                "validation",
                "La charte de fonctionnement et de gouvernance est validée.",
                "GOV-03",
                "done",
                True,
            ),
            (
                "arbitration",
                "Arbitrages globaux : création de quatre postes en 2022 "
                "(direction Solidarité, police municipale), poste de communication interne "
                "reporté au budget suivant.",
                "ORG-01",
                "in_progress",
                False,
            ),
        ],
    },
    {
        "body": "CT",
        "at": ("2022-03-15", "14:00"),
        "convocation": "2022-02-28",
        "place": "Salle du conseil municipal",
        "minutes": "Avis favorable à l'unanimité des représentants du personnel.",
        "items": [
            (
                "Création de la direction Solidarité – Citoyenneté – Accès aux droits",
                "CSC-01",
                "consultation",
                "Avis favorable.",
            ),
        ],
        "decisions": [
            (
                "favourable",
                "Avis favorable du comité technique sur la création de la direction "
                "Solidarité – Citoyenneté – Accès aux droits.",
                "CSC-01",
                "done",
                True,
                {"unit": "SCA"},
            ),
        ],
    },
    {
        "body": "Conseil municipal",
        "at": ("2022-03-31", "19:00"),
        "convocation": "2022-03-25",
        "place": "Salle du conseil municipal",
        "minutes": "",
        "items": [
            (
                "Création des postes de la direction Solidarité – Citoyenneté – Accès aux droits",
                "CSC-01",
                "decision",
                "Délibération n° 2022-031 adoptée.",
            ),
        ],
        "decisions": [],
    },
    {
        "body": "Hebdo DG",
        "at": ("2022-09-19", "08:30"),
        "place": "Bureau de la DGS",
        "minutes": "",
        "items": [
            (
                "Recrutement infructueux du chef de service de police municipale",
                "PTS-01",
                "decision",
                "",
            ),
        ],
        "decisions": [
            (
                "arbitration",
                "Republier l'offre de chef de service de police municipale et "
                "élargir sa diffusion (CDG, réseaux professionnels).",
                "PTS-01",
                "in_progress",
                False,
            ),
        ],
    },
    {
        "body": "CST",
        "at": ("2023-01-24", "14:00"),
        "convocation": "2023-01-09",
        "place": "Salle du conseil municipal",
        "minutes": "Le comité demande des précisions sur les effectifs et les horaires.",
        "items": [
            (
                "Création de l'entité Prévention Tranquillité Sécurité",
                "PTS-01",
                "consultation",
                "Avis reporté.",
            ),
        ],
        "decisions": [
            (
                "postponement",
                "Avis reporté : le comité demande des précisions sur les "
                "effectifs et les horaires de la police municipale.",
                "PTS-01",
                "todo",
                False,
            ),
        ],
    },
]

# Positions, their job profile and their recruitment (stages with dates, from need onwards).
POSITIONS = [
    {
        "title": "Directeur ou directrice Solidarité – Citoyenneté – Accès aux droits",
        "unit": "SCA",
        "workstream": "CSC-01",
        "nature": "creation",
        "reason": "Création de la direction Solidarité – Citoyenneté – Accès aux droits.",
        "category": "A",
        "filiere": "administrative",
        "cadre_emplois": "Attachés territoriaux",
        "grades": "Attaché principal, attaché hors classe",
        "is_senior": True,
        "budget_state": "agreed",
        "deliberation_ref": "DEL-2022-031",
        "contract_allowed": True,
        "contract_legal_basis": "cgfp-l332-8-2",
        "pay_level": "Grille des attachés principaux, RIFSEEP groupe A2",
        "profile": ("validated", "2022-02-15"),
        "recruitment": {
            "route": "mutation",
            "arbitration_ref": "CODIR du 08/03/2022",
            "arbitration_on": "2022-03-08",
            "cst_opinion_ref": "CT du 15/03/2022",
            "cst_opinion_on": "2022-03-15",
            "vacancy_date": "2022-04-01",
            "cdg_declaration_ref": "V0692204001187",
            "publication_date": "2022-04-05",
            "application_deadline": "2022-05-06",
            "applications_count": 14,
            "interviews_count": 4,
            "interviewers_count": 3,
            "candidates_informed": True,
            "planned_appointment_date": "2022-09-01",
            "notification_date": "2022-06-01",
            "mutation_agreement": True,
            "act_sent_on": "2022-07-12",
            "arrival_date": "2022-09-01",
            "stages": [
                ("need_identified", "2021-10-01"),
                ("profile_validated", "2022-02-15"),
                ("dg_arbitration", "2022-03-08"),
                ("cst_opinion", "2022-03-15"),
                ("council_deliberation", "2022-03-31"),
                ("cdg_declared", "2022-04-04"),
                ("offer_published", "2022-04-05"),
                ("applications_closed", "2022-05-06"),
                ("interviews", "2022-05-20"),
                ("candidate_chosen", "2022-05-30"),
                ("act_sent", "2022-07-12"),
                ("arrived", "2022-09-01"),
                ("closed", "2022-09-30"),
            ],
        },
    },
    {
        "title": "Coordinateur ou coordinatrice accès aux droits",
        "unit": "SCA",
        "workstream": "CSC-01",
        "nature": "creation",
        "reason": "Création de la direction Solidarité – Citoyenneté – Accès aux droits.",
        "category": "B",
        "filiere": "administrative",
        "cadre_emplois": "Rédacteurs territoriaux",
        "grades": "Rédacteur, rédacteur principal de 2e classe",
        "budget_state": "agreed",
        "deliberation_ref": "DEL-2022-031",
        "contract_allowed": True,
        "contract_legal_basis": "cgfp-l332-14",
        "pay_level": "Grille des rédacteurs, RIFSEEP groupe B2",
        "profile": ("validated", "2022-02-15"),
        "recruitment": {
            "route": "contract",
            "arbitration_ref": "CODIR du 08/03/2022",
            "arbitration_on": "2022-03-08",
            "vacancy_date": "2022-09-01",
            "cdg_declaration_ref": "V0692209002214",
            "publication_date": "2022-09-05",
            "application_deadline": "2022-10-07",
            "applications_count": 9,
            "interviews_count": 3,
            "interviewers_count": 2,
            "cst_opinion_ref": "CT du 15/03/2022",
            "cst_opinion_on": "2022-03-15",
            "no_civil_servant_found": True,
            "planned_appointment_date": "2023-01-02",
            "candidates_informed": True,
            "act_sent_on": "2022-12-05",
            "arrival_date": "2023-01-02",
            "stages": [
                ("need_identified", "2022-01-15"),
                ("profile_validated", "2022-02-15"),
                ("dg_arbitration", "2022-03-08"),
                ("cst_opinion", "2022-03-15"),
                ("council_deliberation", "2022-03-31"),
                ("cdg_declared", "2022-09-01"),
                ("offer_published", "2022-09-05"),
                ("applications_closed", "2022-10-07"),
                ("interviews", "2022-10-20"),
                ("candidate_chosen", "2022-11-10"),
                ("act_sent", "2022-12-05"),
                ("arrived", "2023-01-02"),
                ("closed", "2023-01-31"),
            ],
        },
    },
    {
        "title": "Chef ou cheffe de service de police municipale",
        "unit": "PM",
        "workstream": "PTS-01",
        "nature": "creation",
        "reason": "Reconstitution d'un service de police municipale.",
        "category": "B",
        "filiere": "municipal_police",
        "cadre_emplois": "Chefs de service de police municipale",
        "grades": "Chef de service de police municipale, principal de 2e classe",
        "is_senior": False,
        "budget_state": "agreed",
        "deliberation_ref": "DEL-2022-078",
        "profile": ("validated", "2022-04-12"),
        "recruitments": [
            {
                "route": "mutation",
                "arbitration_ref": "Réunion DG du 07/03/2022",
                "arbitration_on": "2022-03-07",
                # The deliberation waits for the opinion (blocked before it).
                "cst_opinion_ref": "CT du 10/05/2022 — création de l'entité PTS",
                "cst_opinion_on": "2022-05-10",
                "vacancy_date": "2022-06-01",
                "cdg_declaration_ref": "V0692206000873",
                "publication_date": "2022-06-02",
                "application_deadline": "2022-07-04",
                "applications_count": 3,
                "stages": [
                    ("need_identified", "2022-03-07"),
                    ("profile_validated", "2022-04-12"),
                    ("dg_arbitration", "2022-04-19"),
                    (
                        "cst_opinion",
                        "2022-04-19",
                        "Création de l'entité PTS présentée au comité technique avant son "
                        "installation ; le recrutement du chef de service est engagé en "
                        "parallèle (arbitrage DG du 07/03/2022).",
                    ),
                    ("council_deliberation", "2022-05-19"),
                    ("cdg_declared", "2022-06-01"),
                    ("offer_published", "2022-06-02"),
                    ("applications_closed", "2022-07-04"),
                    (
                        "unsuccessful",
                        "2022-09-16",
                        "Aucune candidature retenue après entretiens : offre à republier.",
                    ),
                ],
            },
            {
                "route": "mutation",
                "arbitration_ref": "Réunion DG du 19/09/2022",
                "arbitration_on": "2022-09-19",
                "vacancy_date": "2022-06-01",
                "cdg_declaration_ref": "V0692305000412",
                "publication_date": "2023-05-26",
                "application_deadline": "2023-07-05",
                "applications_count": 2,
                "stages": [
                    ("need_identified", "2022-09-19"),
                    ("profile_validated", "2022-09-19"),
                    ("dg_arbitration", "2022-09-19"),
                    (
                        "cst_opinion",
                        "2023-05-22",
                        "Avis du CST reporté le 24/01/2023 : l'offre est republiée avec une "
                        "diffusion élargie (réunion DG du 19/09/2022).",
                    ),
                    ("council_deliberation", "2023-05-22"),
                    ("cdg_declared", "2023-05-25"),
                    ("offer_published", "2023-05-26"),
                    ("applications_closed", "2023-07-05"),
                    (
                        "unsuccessful",
                        "2023-09-29",
                        "Deux candidatures, aucune retenue : le recrutement reprendra après "
                        "l'avis du CST sur l'entité PTS.",
                    ),
                ],
            },
            {
                # The republication Cap opened after the second failure, set aside at the
                # programme's close: the next mandate's programme takes the post up again.
                "stages": [
                    ("need_identified", "2023-09-30"),
                    (
                        "abandoned",
                        "2023-10-02",
                        "Recrutement repris dans le programme du nouveau mandat.",
                    ),
                ],
            },
        ],
    },
    {
        "title": "Policier ou policière municipal(e)",
        "unit": "PM",
        "workstream": "PTS-01",
        "nature": "creation",
        "reason": "Reconstitution d'un service de police municipale (six agents).",
        "category": "C",
        "filiere": "municipal_police",
        "cadre_emplois": "Agents de police municipale",
        "grades": "Gardien-brigadier, brigadier-chef principal",
        "budget_state": "agreed",
        "profile": ("validated", "2022-09-12"),
        "recruitment": {
            "route": "",
            "arbitration_ref": "Réunion DG du 19/09/2022",
            "arbitration_on": "2022-09-19",
            "stages": [
                ("need_identified", "2022-03-07"),
                ("profile_validated", "2022-09-12"),
                ("dg_arbitration", "2022-09-19"),
                (
                    "abandoned",
                    "2023-11-30",
                    "Recrutement des agents suspendu sans chef de service ni avis du CST sur "
                    "l'entité PTS : repris dans le programme suivant.",
                ),
            ],
        },
    },
    {
        "title": "Chargé ou chargée de mission Vie associative et manifestations",
        "unit": "VAM",
        "workstream": "VAM-01",
        "nature": "creation",
        "reason": "Expérimentation de l'entité Vie associative et Manifestation.",
        "category": "B",
        "filiere": "animation",
        "cadre_emplois": "Animateurs territoriaux",
        "grades": "Animateur, animateur principal de 2e classe",
        "budget_state": "agreed",
        "profile": ("validated", "2022-05-10"),
        "recruitment": {
            "route": "",
            "stages": [
                ("need_identified", "2022-04-01"),
                ("profile_validated", "2022-05-10"),
                (
                    "abandoned",
                    "2022-11-15",
                    "Budget non acquis : missions assurées par redéploiement interne pendant "
                    "l'expérimentation.",
                ),
            ],
        },
    },
    {
        "title": "Agent ou agente d'accueil polyvalent(e)",
        "unit": "ACC",
        "workstream": "GRU-01",
        "nature": "replacement",
        "reason": "Remplacement d'un départ en retraite, sur un poste vacant.",
        "category": "C",
        "filiere": "administrative",
        "cadre_emplois": "Adjoints administratifs territoriaux",
        "grades": "Adjoint administratif, adjoint administratif principal de 2e classe",
        "budget_state": "agreed",
        "vacant_post_exists": True,
        "contract_allowed": True,
        "contract_legal_basis": "cgfp-l332-14",
        "pay_level": "Grille des adjoints administratifs, RIFSEEP groupe C1",
        "profile": ("validated", "2022-03-01"),
        "recruitment": {
            "route": "contract",
            "arbitration_ref": "Réunion DG du 07/03/2022",
            "arbitration_on": "2022-03-07",
            "vacancy_date": "2022-04-01",
            "cdg_declaration_ref": "V0692203001022",
            "publication_date": "2022-03-15",
            "application_deadline": "2022-04-15",
            "applications_count": 22,
            "interviews_count": 5,
            "interviewers_count": 2,
            "no_civil_servant_found": True,
            "candidates_informed": True,
            "planned_appointment_date": "2022-07-04",
            "act_sent_on": "2022-06-20",
            "arrival_date": "2022-07-04",
            "stages": [
                ("need_identified", "2022-02-01"),
                ("profile_validated", "2022-03-01"),
                ("dg_arbitration", "2022-03-07"),
                ("cdg_declared", "2022-03-14"),
                ("offer_published", "2022-03-15"),
                ("applications_closed", "2022-04-15"),
                ("interviews", "2022-05-03"),
                ("candidate_chosen", "2022-05-12"),
                ("act_sent", "2022-06-20"),
                ("arrived", "2022-07-04"),
                ("closed", "2022-07-29"),
            ],
        },
    },
    {
        "title": "Chargé ou chargée de communication interne",
        "unit": "COM",
        "workstream": "CCI-02",
        "nature": "creation",
        "reason": "Organisation et ressources dédiées à la communication interne.",
        "category": "B",
        "filiere": "administrative",
        "cadre_emplois": "Rédacteurs territoriaux",
        "grades": "Rédacteur",
        "budget_state": "pending",
        "profile": ("draft", None),
        "recruitment": {
            "route": "",
            "stages": [
                ("need_identified", "2022-06-15"),
                (
                    "abandoned",
                    "2023-11-30",
                    "Poste non inscrit au budget : la communication interne reste assurée "
                    "par la direction de la communication.",
                ),
            ],
        },
    },
    {
        "title": "Chef ou cheffe de projet Transversalité et relation usagers",
        "unit": "CTR",
        "workstream": "TRA-01",
        "nature": "creation",
        "reason": "Installation de la cellule Transversalité.",
        "category": "A",
        "filiere": "administrative",
        "cadre_emplois": "Attachés territoriaux",
        "grades": "Attaché, attaché principal",
        "budget_state": "agreed",
        "deliberation_ref": "DEL-2022-102",
        "contract_allowed": True,
        "contract_legal_basis": "cgfp-l332-8-2",
        "pay_level": "Grille des attachés, RIFSEEP groupe A3",
        "profile": ("validated", "2022-06-28"),
        "recruitment": {
            "route": "contract",
            "arbitration_ref": "CODIR du 05/07/2022",
            "arbitration_on": "2022-07-05",
            "cst_opinion_ref": "CT du 20/09/2022 — information sur la cellule",
            "cst_opinion_on": "2022-09-20",
            "vacancy_date": "2022-09-01",
            "cdg_declaration_ref": "V0692209001456",
            "publication_date": "2022-10-10",
            "application_deadline": "2022-11-10",
            "applications_count": 11,
            "interviews_count": 2,
            "interviewers_count": 2,
            "planned_appointment_date": "2023-02-01",
            "candidates_informed": True,
            "act_sent_on": "2023-01-16",
            "arrival_date": "2023-02-01",
            "stages": [
                ("need_identified", "2022-06-01"),
                ("profile_validated", "2022-06-28"),
                ("dg_arbitration", "2022-07-05"),
                (
                    "cst_opinion",
                    "2022-07-06",
                    "La cellule Transversalité est une équipe projet rattachée à la DGS, sans "
                    "transfert de missions : information du comité technique à sa prochaine "
                    "séance.",
                ),
                ("council_deliberation", "2022-09-29"),
                ("cdg_declared", "2022-10-07"),
                ("offer_published", "2022-10-10"),
                ("applications_closed", "2022-11-10"),
                (
                    "interviews",
                    "2022-11-24",
                    "Poste ouvert d'emblée aux contractuels (L.332-8 2°) : les candidatures "
                    "de fonctionnaires sont examinées en priorité au même jury.",
                ),
                ("candidate_chosen", "2022-12-01"),
                ("act_sent", "2023-01-16"),
                ("arrived", "2023-02-01"),
                ("closed", "2023-02-28"),
            ],
        },
    },
    {
        "title": "Gestionnaire des sollicitations usagers (LETTERBOX)",
        "unit": "PNM",
        "workstream": "GRU-02",
        "nature": "creation",
        "reason": "Traitement des sollicitations et réclamations dans LETTERBOX.",
        "category": "C",
        "filiere": "administrative",
        "cadre_emplois": "Adjoints administratifs territoriaux",
        "grades": "Adjoint administratif",
        "budget_state": "refused",
        "profile": ("draft", None),
        "recruitment": {
            "route": "",
            "stages": [
                ("need_identified", "2022-01-31"),
                (
                    "abandoned",
                    "2022-03-08",
                    "Arbitrage défavorable : missions redéployées au sein du Pôle NM.",
                ),
            ],
        },
    },
    {
        "title": "Régisseur ou régisseuse de manifestations",
        "unit": "SMA",
        "workstream": "VAM-01",
        "nature": "deletion",
        "reason": "Poste supprimé : missions reprises par l'entité Vie associative et "
        "Manifestation. Suppression soumise à l'avis du CST (rapport de la collectivité).",
        "category": "C",
        "filiere": "technical",
        "cadre_emplois": "Adjoints techniques territoriaux",
        "grades": "Adjoint technique principal de 2e classe",
        "budget_state": "pending",
        "created": "2023-03-15",
    },
]
