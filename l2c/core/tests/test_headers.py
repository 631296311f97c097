"""Security headers on every answer (issue 16): the browser features no page uses are
switched off (Permissions-Policy); production asks browsers to keep to HTTPS (HSTS)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from l2c.core.middleware import PERMISSIONS_POLICY


@pytest.mark.django_db
def test_br_sec_02_every_answer_switches_off_unused_browser_features(client):
    for path in ("/login/", "/api/v1/me/", "/no-such-page/"):
        response = client.get(path)
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "geolocation=()" in PERMISSIONS_POLICY and "camera=()" in PERMISSIONS_POLICY


def test_br_sec_02_production_sends_hsts():
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "DJANGO_SECRET_KEY": "x" * 50}
    code = "import config.django.production as p; print(p.SECURE_HSTS_SECONDS, p.DEBUG)"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["31536000", "False"]
