"""Celery tasks of reporting: printing the point d'étape's PDFs too large to print in a
request (reporting.pdf_files)."""

from celery import shared_task
from django.core.cache import cache

from reporting import pdf_files, services


def pending_key(kind: str, ids) -> str:
    return f"reporting:pdf:{kind}:{':'.join(str(i or 0) for i in ids)}"


@shared_task(name="reporting.render_report_pdf")
def render_report_pdf(kind: str, ids: list) -> dict:
    try:
        job = pdf_files.job_for(kind, ids)
        if job is None:
            return {"written": None}
        pdf = services.report_pdf_write(job)
        return {"written": job.name, "bytes": len(pdf)}
    finally:
        cache.delete(pending_key(kind, ids))
