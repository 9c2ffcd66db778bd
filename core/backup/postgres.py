"""pg_dump and pg_restore, called with the connection settings of a Django database."""

import os
import subprocess
from pathlib import Path

from django.db import connections
from django.utils.translation import gettext as _


class PostgresToolError(Exception):
    """pg_dump or pg_restore failed (a message in French with the tool's own words)."""


def _env(using: str) -> dict[str, str]:
    settings = connections[using].settings_dict
    env = os.environ.copy()
    values = {
        "PGHOST": settings.get("HOST") or "",
        "PGPORT": str(settings.get("PORT") or ""),
        "PGUSER": settings.get("USER") or "",
        "PGPASSWORD": settings.get("PASSWORD") or "",
        "PGDATABASE": settings["NAME"],
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def _run(command: list[str], *, using: str) -> None:
    try:
        subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            command, env=_env(using), check=True, capture_output=True, text=True
        )
    except FileNotFoundError:
        raise PostgresToolError(
            _("%(tool)s est introuvable : installez le client PostgreSQL de la version du serveur.")
            % {"tool": command[0]}
        ) from None
    except subprocess.CalledProcessError as error:
        raise PostgresToolError(
            _("%(tool)s a échoué : %(detail)s")
            % {"tool": command[0], "detail": (error.stderr or "").strip()[-2000:]}
        ) from None


def dump(path: Path, *, using: str = "default") -> None:
    """One consistent snapshot of the database in pg_dump's custom (compressed) format."""
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)],
        using=using,
    )


def restore(path: Path, *, using: str = "default") -> None:
    """Replace the dumped objects with the archive's, in one transaction (all or nothing)."""
    connections[using].close()  # no open transaction of ours may hold a lock pg_restore needs
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            connections[using].settings_dict["NAME"],
            str(path),
        ],
        using=using,
    )
