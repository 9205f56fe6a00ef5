"""devtools is installed in development only: DEBUG on, DEVTOOLS=1, the tests, the load test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def installed(settings_module: str, **env: str) -> bool:
    """Whether `devtools` is in INSTALLED_APPS, read in a fresh interpreter."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DEVTOOLS", "DATABASE_URL"}
    }
    clean.update(DJANGO_SETTINGS_MODULE=settings_module, SECRET_KEY="k" * 64, **env)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print('devtools' in settings.INSTALLED_APPS)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip() == "True"


@pytest.mark.parametrize(
    ("settings_module", "env", "expected"),
    [
        ("send_tracker.settings", {}, False),
        ("send_tracker.settings", {"DEBUG": "0", "DEVTOOLS": "0"}, False),
        ("send_tracker.settings", {"DEBUG": "1"}, True),
        ("send_tracker.settings", {"DEVTOOLS": "1"}, True),
        ("send_tracker.test_settings", {}, True),
        ("devtools.loadtest.settings", {}, True),
    ],
)
def test_installed_only_for_development(settings_module: str, env: dict, expected: bool):
    assert installed(settings_module, **env) is expected
