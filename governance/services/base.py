"""What governance's writes share: the lock with its version check, the versioned save."""

from django.db import models

from workstreams.services import ConcurrentEditError


def lock[M: models.Model](obj: M, version: int | None) -> M:
    """Lock the row, check nobody saved since `version` (the form's), return the fresh row."""
    fresh = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if version is not None and fresh.version != version:
        raise ConcurrentEditError
    return fresh


def save_versioned(obj: models.Model, fields: list[str], actor) -> None:
    obj._history_user = actor
    obj.full_clean()
    obj.version += 1
    obj.save(update_fields=[*fields, "version"])


def save_new(obj: models.Model, actor) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj.save()
