"""Start the test SAML 2.0 identity provider (``server.py`` here) on loopback.

It makes its own RSA key pair and serves on a free port until stopped. ``users`` maps
a username to its password, persistent subject and attributes (pysaml2's friendly names:
``mail``, ``givenName``, ``sn``, ``departmentNumber``…).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class SAMLProvider:
    url: str
    process: subprocess.Popen[bytes]
    root: Path

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/metadata"

    @property
    def entity_id(self) -> str:
        return self.metadata_url

    def metadata(self) -> str:
        with urllib.request.urlopen(self.metadata_url, timeout=10) as answer:  # noqa: S310
            return answer.read().decode()

    def log(self) -> str:
        return (self.root / "server.log").read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start(*, sp_metadata_urls: list[str], users: dict[str, dict[str, Any]], **options: Any) -> SAMLProvider:
    from samdrift.accounts.saml import generate_keypair

    root = Path(tempfile.mkdtemp(prefix="samdrift-saml-idp-"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    key, certificate = generate_keypair("test IdP")
    (root / "idp.key").write_text(key)
    (root / "idp.crt").write_text(certificate)
    spec = {
        "url": url,
        "port": port,
        "key_file": str(root / "idp.key"),
        "cert_file": str(root / "idp.crt"),
        "sp_metadata_urls": sp_metadata_urls,
        "users": users,
        **options,
    }
    (root / "spec.json").write_text(json.dumps(spec))
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "samdrift.testing.saml_idp.server", str(root / "spec.json")],
        stdout=open(root / "server.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    provider = SAMLProvider(url, process, root)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            provider.metadata()
            return provider
        except OSError:
            time.sleep(0.2)
    provider.stop()
    raise RuntimeError(provider.log())
