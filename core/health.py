"""Facts the upper apps add to /healthz (the reminder pass's last run, failed deliveries)
without core importing them: each registers a function returning a small dict."""

import logging
from collections.abc import Callable

logger = logging.getLogger("core.health")

_CHECKS: list[Callable[[], dict]] = []


def register_check(check: Callable[[], dict]) -> Callable[[], dict]:
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def extra_facts() -> dict:
    facts: dict = {}
    for check in _CHECKS:
        try:
            facts.update(check())
        except Exception:  # noqa: BLE001 — a fact that cannot be read never fails /healthz
            logger.exception("health check %s failed", getattr(check, "__name__", check))
    return facts
