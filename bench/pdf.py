"""Time and size of the point d'étape's PDF (WeasyPrint) at a volume.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cap_bench_pdf \\
        .venv/bin/python bench/pdf.py --scale 1 [--runs 3]

Migrates and fills the database as bench/pages.py does (`generate_volume --scale N` plus
`seed_demo --force`), then, in-process and with production settings, builds the point
d'étape of the programme holding the volume `--runs` times and prints the median time of
each step (the published content's JSON, the HTML, the PDF) with the PDF's size and pages.
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import manage, production_env, setup_django  # noqa: E402
from pages import check_database, seed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--allow-sqlite", action="store_true")
    parser.add_argument("--no-seed", action="store_true")
    args = parser.parse_args()
    check_database(args.allow_sqlite)
    env = production_env(REDIS_URL="")
    setup_django(env)
    if not args.no_seed:
        seed(args.scale, env)
    manage(env, "collectstatic", "--no-input", "-v", "0")  # the manifest production reads

    from django.db.models import Count
    from django.template.loader import render_to_string
    from pypdf import PdfReader

    from priorities.models import Programme
    from reporting.pdf import render_pdf
    from reporting.point_etape import build_content
    from reporting.report import REPORT_TEMPLATE, report_context

    programme = (
        Programme.objects.select_related("commune")
        .annotate(n=Count("workstreams"))
        .order_by("-n")
        .first()
    )
    timings: dict[str, list[float]] = {"content": [], "html": [], "pdf": []}
    pdf = b""
    for _ in range(args.runs):
        started = time.perf_counter()
        content = build_content(programme)
        timings["content"].append(time.perf_counter() - started)
        started = time.perf_counter()
        context = report_context(content, html_url="/", pdf_url="/", slides_url="/")
        html = render_to_string(REPORT_TEMPLATE, {**context, "for_pdf": True})
        timings["html"].append(time.perf_counter() - started)
        started = time.perf_counter()
        pdf = render_pdf(html)
        timings["pdf"].append(time.perf_counter() - started)
    workstreams = sum(len(p["workstreams"]) for p in content["priorities"])
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"\nPoint d'étape of {programme.short_name}: {workstreams} workstreams, "
        f"{len(content['milestones'])} key milestones, scale {args.scale}, {args.runs} runs"
    )
    for step, values in timings.items():
        print(f"  {step:8} median {statistics.median(values):7.2f} s")
    total = sum(statistics.median(v) for v in timings.values())
    print(f"  total    median {total:7.2f} s")
    print(f"  PDF      {len(pdf) / 1024:7.0f} KiB, {pages} pages")


if __name__ == "__main__":
    main()
