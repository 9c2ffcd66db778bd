"""Screenshots of the point d'étape's presentation mode for docs/screens/ (issue 14).

    DEBUG=true .venv/bin/python manage.py seed_demo
    DEBUG=true .venv/bin/python manage.py runserver 127.0.0.1:8114 &
    .venv/bin/python bench/point_etape_screens.py [--base URL] [--out docs/screens]

Logs in as the demo's élu, opens /progress/report/slides/ at 1280×720 (16:9) and writes the
cover, the frame slide and the first priority's slide.
"""

import argparse

from playwright.sync_api import sync_playwright


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8114")
    parser.add_argument("--out", default="docs/screens")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless=new", "--no-sandbox"]
        )
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 720})
        context.set_default_timeout(120_000)
        page = context.new_page()
        page.goto(f"{args.base}/accounts/login/")
        page.get_by_label("Nom d’utilisateur").fill("elu")
        page.get_by_label("Mot de passe").fill("cap2021-demo")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state("domcontentloaded")
        page.goto(f"{args.base}/progress/report/slides/")
        page.screenshot(path=f"{args.out}/point-etape-cover.png")
        page.keyboard.press("ArrowRight")
        page.screenshot(path=f"{args.out}/point-etape-slide-frame.png")
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.screenshot(path=f"{args.out}/point-etape-slide-priority.png")
        browser.close()


if __name__ == "__main__":
    main()
