"""docker-compose.yml and the README agree (no Docker engine runs here, so we parse it)."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
README = (ROOT / "README.md").read_text()


def _deploy_section() -> str:
    return README.split("## Deploying with docker compose", 1)[1].split("\n## ", 1)[0]


APP_SERVICES = ("web", "worker", "beat", "backup")


def test_compose_runs_postgres_redis_web_worker_beat_and_backups_each_with_a_healthcheck():
    services = COMPOSE["services"]
    assert set(services) == {"db", "redis", "migrate", "web", "worker", "beat", "backup"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["web"]["command"][:2] == ["gunicorn", "cap2021.wsgi:application"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "cap2021", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "cap2021", "beat"]
    assert "python manage.py backup --keep" in services["backup"]["command"][-1]
    for name, service in services.items():
        if name != "migrate":  # a one-shot job: it exits once done
            assert "healthcheck" in service, f"{name} has no healthcheck"


def test_compose_runs_a_supported_postgresql_17():
    assert COMPOSE["services"]["db"]["image"] == "postgres:17"


def test_the_web_port_is_published_on_the_hosts_loopback_only():
    assert COMPOSE["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]
    for name, service in COMPOSE["services"].items():
        if name != "web":
            assert "ports" not in service, f"{name} publishes a port"


def test_migrations_run_once_in_a_one_shot_service_before_the_application_starts():
    migrate = COMPOSE["services"]["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in APP_SERVICES:
        service = COMPOSE["services"][name]
        assert service["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }, name
        assert "migrate" not in " ".join(service["command"]), f"{name} migrates by itself"


def test_the_backup_service_writes_to_its_own_volume_and_reads_the_uploaded_files():
    backup = COMPOSE["services"]["backup"]
    assert "backups:/backups" in backup["volumes"]
    assert "media:/app/media" in backup["volumes"]
    assert backup["environment"]["BACKUP_DIR"] == "/backups"
    assert "/backups" in " ".join(backup["healthcheck"]["test"])


def test_every_service_and_volume_the_readme_names_is_in_the_compose_file():
    section = _deploy_section()
    named_services = set(re.findall(r"`(db|redis|migrate|web|worker|beat|backup)`", section))
    assert named_services == set(COMPOSE["services"])
    named_volumes = set(re.findall(r"`(pgdata|redisdata|media|beat|backups)`", section))
    assert named_volumes == set(COMPOSE["volumes"])
    assert set(COMPOSE["volumes"]) == {"pgdata", "redisdata", "media", "beat", "backups"}


def test_the_app_services_get_the_database_and_broker_from_the_environment():
    for name in ("migrate", *APP_SERVICES):
        service = COMPOSE["services"][name]
        env = service["environment"]
        assert env["DATABASE_URL"].startswith("postgres://cap:")
        assert "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["DEBUG"] == "false"
        assert service["env_file"] == ".env"
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
        if name != "migrate":
            assert service["depends_on"]["redis"]["condition"] == "service_healthy"


def test_every_variable_the_readme_asks_for_in_env_is_in_the_example_file():
    section = _deploy_section()
    wanted = set(
        re.search(r"cp \.env\.example \.env\s+# set ([A-Z_, ]+)", section)
        .group(1)
        .replace(" ", "")
        .split(",")
    )
    example = (ROOT / ".env.example").read_text()
    defined = set(re.findall(r"^([A-Z_]+)=", example, flags=re.M))
    assert wanted <= defined
    assert "POSTGRES_PASSWORD" in wanted


def test_every_configuration_variable_in_the_readme_is_read_by_the_settings():
    settings_source = (ROOT / "cap2021" / "settings.py").read_text()
    table = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    variables = {name for cell in first_cells for name in re.findall(r"`([A-Z_]+)`", cell)}
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"} <= variables
    missing = sorted(v for v in variables if f'"{v}"' not in settings_source)
    assert missing == []
