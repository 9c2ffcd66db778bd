"""The supply chain is locked: every dependency with its hashes, used by every install.

No Docker engine or network here: the files are read and parsed, as CI would see them.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
LOCKS = {"runtime": ROOT / "requirements.lock", "dev": ROOT / "requirements-dev.lock"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked(path: Path) -> dict[str, dict]:
    """{name: {"version": …, "hashes": […]}} from a `uv pip compile --generate-hashes` file."""
    entries: dict[str, dict] = {}
    text = path.read_text().replace("\\\n", " ")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)", line)
        if not match:
            continue
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
        entries[_canonical(match.group(1))] = {"version": match.group(3), "hashes": hashes}
    return entries


RUNTIME = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
DEV = [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]]
BUILD = [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]


def _pin(requirement: Requirement) -> str:
    (spec,) = requirement.specifier
    assert spec.operator == "==", f"{requirement} is not pinned exactly"
    return spec.version


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [("runtime", RUNTIME + BUILD), ("dev", RUNTIME + DEV + BUILD)],
)
def test_every_pyproject_pin_is_in_the_lock_with_the_same_version(lock, requirements):
    locked = _locked(LOCKS[lock])
    for requirement in requirements:
        name = _canonical(requirement.name)
        assert name in locked, f"{requirement} is missing from {LOCKS[lock].name}: make lock"
        assert locked[name]["version"] == _pin(requirement), (
            f"{requirement} but {LOCKS[lock].name} has {locked[name]['version']}: make lock"
        )


@pytest.mark.parametrize("lock", ["runtime", "dev"])
def test_every_locked_dependency_has_a_version_and_at_least_one_hash(lock):
    locked = _locked(LOCKS[lock])
    assert len(locked) > len(RUNTIME)  # the indirect dependencies are there too
    for name, entry in locked.items():
        assert entry["hashes"], f"{name} has no hash in {LOCKS[lock].name}"


def test_the_runtime_lock_holds_no_dev_tool_and_the_same_versions_as_the_dev_lock():
    runtime, dev = _locked(LOCKS["runtime"]), _locked(LOCKS["dev"])
    for requirement in DEV:
        assert _canonical(requirement.name) not in runtime
    for name, entry in runtime.items():
        assert dev[name]["version"] == entry["version"], name


def test_the_makefile_ci_and_image_install_from_the_locks_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r $(LOCK_DEV)" in makefile
    assert "--no-deps --no-build-isolation -e ." in makefile
    assert re.search(r"^lock:", makefile, flags=re.M)
    assert "pip compile" in makefile and "--generate-hashes" in makefile
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "make sbom" in ci  # make test installs through $(STAMP)
    assert "pip install" not in ci
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = re.findall(r"pip install[^\n&]*", dockerfile)
    assert installs == [
        "pip install --require-hashes -r /src/requirements.lock \\",
        "pip install --no-deps --no-build-isolation /src",
    ]


def test_the_sbom_is_cyclonedx_of_the_runtime_environment():
    makefile = (ROOT / "Makefile").read_text()
    sbom = makefile.split("\nsbom:", 1)[1].split("\n\n", 1)[0]
    assert "--require-hashes -r $(LOCK)" in sbom
    assert "cyclonedx-py environment" in sbom
    assert "test-results/sbom.cdx.json" in sbom


def test_the_image_is_built_in_two_stages_without_tests_or_benchmarks():
    dockerfile = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)(?: AS (\w+))?", dockerfile, flags=re.M)
    assert len(stages) == 2 and stages[0][1] == "build"
    assert "COPY --from=build /opt/venv /opt/venv" in dockerfile
    assert "postgresql-client-17" in dockerfile  # pg_dump of the compose database's version
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {"tests", "bench", ".ci", ".venv", ".env", ".git"} <= ignored
