"""Browser-test helpers: Debian's Chromium through Playwright, and axe-core checks."""

from __future__ import annotations

import os
import shutil
from typing import Any

from axe_playwright_python.sync_playwright import Axe

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_axe = Axe()


def chromium_path() -> str:
    path = os.environ.get("SAMDRIFT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        raise RuntimeError("Chromium not found: run scripts/ensure-system-packages (Debian package 'chromium').")
    return path


def assert_accessible(page: Any) -> None:
    """Fail on any serious or critical axe-core violation on the current page."""
    results = _axe.run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in bad
    )
    assert not bad, f"axe-core violations on {page.url}:\n{details}"


def log_in(page: Any, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    assert_accessible(page)
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base_url}/")
