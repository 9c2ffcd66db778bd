"""Screenshots of Cap's key pages, as their readers see them, into docs/screens/.

    .venv/bin/python bench/screens.py [--only NAME …] [--port 8190]     (or: make screens)

Loads the demo into a scratch SQLite database (var/screens.sqlite3, made anew each run),
serves it with gunicorn on loopback, logs each demo account in through the login form with
Playwright driving Debian's chromium, and writes one PNG per line of SCREENS. To add a
page, add a line: its file name, the demo account ("anon" for none), the path (`{code}` is
the first workstream the demo director owns) and the window size.
"""

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, manage, production_env, setup_django, start_gunicorn, stop_gunicorn  # noqa: E402

PASSWORD = "cap2021-demo"
OUT = ROOT / "docs" / "screens"
DESKTOP = (1280, 900)
PHONE = (320, 640)


@dataclass(frozen=True)
class Screen:
    name: str  # the PNG's file name, without .png
    user: str  # a demo account, or "anon"
    path: str
    viewport: tuple[int, int] = DESKTOP
    full_page: bool = False  # the whole page, or only its first screen


SCREENS = [
    Screen("dashboard-dg", "dg", "/"),
    Screen("dashboard-dg-full", "dg", "/", full_page=True),
    Screen("dashboard-director", "directeur", "/"),
    Screen("dashboard-dg-320", "dg", "/", PHONE),
    Screen("menu-open-320", "dg", "/#menu", PHONE),
    Screen("workstream", "dg", "/workstreams/{code}/"),
    Screen("workstream-list", "dg", "/workstreams/"),
    Screen("progress-elus", "elu", "/progress/"),
    Screen("milestones", "dg", "/milestones/"),
    # The point d'étape's presentation mode, as the élus see it on a 16:9 projector.
    Screen("point-etape-cover", "elu", "/progress/report/slides/#slide-1", (1280, 720)),
    Screen("point-etape-slide-frame", "elu", "/progress/report/slides/#slide-2", (1280, 720)),
    Screen("point-etape-slide-priority", "elu", "/progress/report/slides/#slide-5", (1280, 720)),
    # An edition frozen a year after the seminar: its cover, then what changed since.
    Screen("edition-changes", "dg", "/progress/editions/{edition}/", (1280, 1200)),
    # The DG's office: the next CODIR meeting, and the CST's page (charter, members).
    Screen("governance-meeting", "dg", "/governance/meetings/{meeting}/", full_page=True),
    Screen("governance-body-cst", "dg", "/governance/bodies/{cst}/"),
    # HR's week: the pipeline by stage, and the DG's arbitration of the posts.
    Screen("recruitment-board", "rh", "/recruitment/board/"),
    Screen("recruitment-arbitration", "dg", "/recruitment/arbitration/"),
    Screen("dg-agenda", "dg", "/governance/dg-agenda/"),
]


def placeholders() -> dict[str, str]:
    from governance.models import Body, Meeting
    from reporting.models import Edition
    from workstreams.models import Workstream

    workstream = Workstream.objects.filter(owner__username="directeur").order_by("code").first()
    meeting = (
        Meeting.objects.filter(body__name="Comité de direction", state="planned")
        .order_by("starts_at")
        .first()
    )
    cst = Body.objects.filter(name="Comité social territorial").first()
    edition = Edition.objects.filter(shared_with_elected=True).order_by("-date").first()
    return {
        "code": workstream.code if workstream else "",
        "meeting": str(meeting.pk if meeting else ""),
        "cst": str(cst.pk if cst else ""),
        "edition": str(edition.pk if edition else ""),
    }


def shoot(base: str, screens: list[Screen], values: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for screen in screens:
                width, height = screen.viewport
                context = browser.new_context(
                    locale="fr-FR",
                    timezone_id="Europe/Paris",
                    viewport={"width": width, "height": height},
                    base_url=base,
                )
                page = context.new_page()
                if screen.user != "anon":
                    page.goto("/accounts/login/")
                    page.get_by_label("Nom d’utilisateur").fill(screen.user)
                    page.get_by_label("Mot de passe").fill(PASSWORD)
                    page.get_by_role("button", name="Se connecter").click()
                    page.wait_for_load_state("domcontentloaded")
                path = screen.path.format(**values)
                response = page.goto(path.split("#")[0])
                if response is None or response.status != 200:
                    raise SystemExit(f"{screen.path} answered {response and response.status}")
                if "#" in path:  # a fragment (an open menu): the same page, then the target
                    page.goto(path)
                target = OUT / f"{screen.name}.png"
                page.screenshot(path=str(target), full_page=screen.full_page)
                print(
                    f"{target.relative_to(ROOT)}  ({screen.user}, {screen.path}, {width}×{height})"
                )
                context.close()
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--only", nargs="*", help="names of SCREENS to take (all by default)")
    args = parser.parse_args()
    screens = [s for s in SCREENS if not args.only or s.name in args.only]

    database = ROOT / "var" / "screens.sqlite3"
    database.parent.mkdir(exist_ok=True)
    database.unlink(missing_ok=True)
    env = production_env(DATABASE_URL="", SQLITE_PATH=str(database), REDIS_URL="")
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "seed_demo", "--force", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    setup_django(env)
    values = placeholders()
    server = start_gunicorn(args.port, env, workers=1)
    try:
        shoot(f"http://127.0.0.1:{args.port}", screens, values)
    finally:
        stop_gunicorn(server)


if __name__ == "__main__":
    main()
