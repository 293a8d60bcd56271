"""bandit over the project's own code and pip-audit over the pinned requirements.

Exceptions are justified where they are made: bandit's in `# nosec <test id>` comments with a
reason on the line above (and `[tool.bandit]` in pyproject.toml), pip-audit's in
PIP_AUDIT_IGNORE below, each with the advisory and why it does not apply.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent

# Advisory id → why it does not apply to this project. Empty: nothing to excuse today.
PIP_AUDIT_IGNORE: dict[str, str] = {}


def project_code() -> list[str]:
    """The Django apps that live in this repository, plus config/."""
    local = [
        Path(config.path).relative_to(BASE_DIR).as_posix()
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(BASE_DIR)
    ]
    return sorted({*local, "config"})


def test_bandit_finds_nothing():
    result = subprocess.run(
        [BIN / "bandit", "-c", "pyproject.toml", "-r", "-q", "-f", "json", *project_code()],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    issues = [f"{i['filename']}:{i['line_number']} {i['test_id']} {i['issue_text']}" for i in report["results"]]
    assert issues == [], "\n".join(issues)
    assert result.returncode == 0, result.stderr
    assert len(report["metrics"]) > 5  # it really scanned the apps


@pytest.mark.slow
def test_pip_audit_finds_no_known_vulnerability():
    ignores = [arg for vuln in PIP_AUDIT_IGNORE for arg in ("--ignore-vuln", vuln)]
    result = subprocess.run(
        [BIN / "pip-audit", "-r", "requirements.txt", "--progress-spinner", "off", "-f", "json", *ignores],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    # No network to the vulnerability service is a failure, loudly, never a pass.
    assert result.stdout.strip(), f"pip-audit produced no report (network?):\n{result.stderr}"
    report = json.loads(result.stdout)
    found = [
        f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {', '.join(vuln['fix_versions']) or 'no release'})"
        for dep in report["dependencies"]
        for vuln in dep.get("vulns", [])
    ]
    assert found == [], "Known vulnerabilities in pinned requirements:\n" + "\n".join(found)
    assert result.returncode == 0, result.stderr
    audited = {dep["name"].lower() for dep in report["dependencies"] if "skip_reason" not in dep}
    unaudited = sorted(
        f"{dep['name']} {dep.get('version', '')}".strip() for dep in report["dependencies"] if "skip_reason" in dep
    )
    if not audited:
        # pip-audit asks PyPI's JSON API for each pinned version's advisories. Where pypi.org is
        # out of reach (no network, or an index mirror that does not serve that API) every
        # dependency comes back "not found on PyPI": pip-audit exits 0 having checked nothing.
        # That is no pass: it is reported as skipped, with the reason, in every run's summary.
        pytest.skip(
            f"pip-audit audited none of the {len(unaudited)} pinned requirements (PyPI's vulnerability "
            f"data was not reachable, or knows none of these versions): nothing was checked"
        )
    # Some audited and some not: those not audited would otherwise pass unseen.
    assert unaudited == [], f"pip-audit could not audit: {unaudited}"
    assert {"django", "djangorestframework", "celery"} <= audited, report["dependencies"]
