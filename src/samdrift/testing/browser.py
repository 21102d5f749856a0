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


# Reports every CSP violation on a page (from the ``securitypolicyviolation`` event) to the
# console, where :class:`CSPWatch` collects it; Chromium's own "Refused to ..." console
# errors are collected too. Playwright injects this before any page script, past the CSP.
_CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("[CSP violation] " + event.effectiveDirective + " blocked "
    + (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber
    + " on " + document.location.pathname);
});
"""


class CSPWatch:
    """Collects Content-Security-Policy violations of every page in a browser context.

    The shared ``page`` fixture uses one and fails the test at teardown if any page it
    loaded broke the policy, so every browser test checks the CSP without saying so.
    """

    def __init__(self, context: Any) -> None:
        self.violations: list[str] = []
        context.add_init_script(_CSP_REPORTER)
        context.on("page", self.attach)

    def attach(self, page: Any) -> None:
        page.on("console", self._on_console)

    def _on_console(self, message: Any) -> None:
        text = message.text
        if "[CSP violation]" in text or "Content Security Policy" in text:
            self.violations.append(text)

    def take(self) -> list[str]:
        """The violations seen so far, forgetting them."""
        seen, self.violations = self.violations, []
        return seen

    def assert_clean(self) -> None:
        seen = self.take()
        details = "\n".join(f"- {v}" for v in seen)
        assert not seen, f"Content-Security-Policy violations:\n{details}"
