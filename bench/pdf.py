"""Time and size of the point d'étape's PDF (WeasyPrint) at a volume.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cap_bench_pdf \\
        .venv/bin/python bench/pdf.py --scale 1 [--runs 3]

Migrates and fills the database as bench/pages.py does (`generate_volume --scale N` plus
`seed_demo --force`), then, in-process and with production settings, builds the point
d'étape of the programme holding the volume `--runs` times and prints the median time of
each step (the published content's JSON, the HTML, the PDF printed and kept through
reporting.services) with the PDF's size and pages, then the time a request takes to
serve it once it is kept (reporting/pdf_files.py).
The PDF's CPU time is printed too: on a shared machine it moves far less than the time.
"""

import argparse
import io
import statistics
import sys
import tempfile
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
    # The PDFs are kept in a folder of the run's own (reporting/pdf_files.py).
    env = production_env(REDIS_URL="", MEDIA_ROOT=tempfile.mkdtemp(prefix="cap-bench-pdf-"))
    setup_django(env)
    if not args.no_seed:
        seed(args.scale, env)
    manage(env, "collectstatic", "--no-input", "-v", "0")  # the manifest production reads

    from django.core.files.storage import default_storage
    from django.db.models import Count
    from pypdf import PdfReader

    from priorities.models import Programme
    from reporting import pdf_files, services
    from reporting.point_etape import build_content

    programme = (
        Programme.objects.select_related("commune")
        .annotate(n=Count("workstreams"))
        .order_by("-n")
        .first()
    )
    timings: dict[str, list[float]] = {"content": [], "html": [], "pdf": []}
    cpu: list[float] = []
    pdf = b""
    for _ in range(args.runs):
        started = time.perf_counter()
        content = build_content(programme)
        timings["content"].append(time.perf_counter() - started)
        started = time.perf_counter()
        job = pdf_files.live_job(programme, content)
        job.html  # noqa: B018 — rendered here, kept on the job for the PDF
        timings["html"].append(time.perf_counter() - started)
        default_storage.delete(job.name)  # printed again on each run
        started, started_cpu = time.perf_counter(), time.process_time()
        pdf = services.report_pdf_write(job)
        timings["pdf"].append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    # What a request does once the PDF is kept: the content and its hash, then the file.
    kept: list[float] = []
    for _ in range(args.runs):
        started = time.perf_counter()
        served = pdf_files.read(pdf_files.live_job(programme))
        kept.append(time.perf_counter() - started)
        assert served == pdf, "the kept PDF is not the one printed"
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
    print(f"  pdf CPU  median {statistics.median(cpu):7.2f} s")
    print(f"  PDF      {len(pdf) / 1024:7.0f} KiB, {pages} pages")
    print(f"  kept     median {statistics.median(kept):7.2f} s  (served again: content, file)")


if __name__ == "__main__":
    main()
