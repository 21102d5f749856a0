"""Start the test OpenID Connect provider (``settings.py`` here) on loopback.

It migrates its own SQLite file, makes an RSA signing key, one confidential client for
Samdrift and the given users, then serves on a free port until stopped.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CLIENT_ID = "samdrift-test"
CLIENT_SECRET = "oidc-client-secret"


@dataclass
class OIDCProvider:
    url: str
    process: subprocess.Popen[bytes]
    root: Path

    @property
    def issuer(self) -> str:
        return self.url

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


SETUP = """
import json, sys
from django.contrib.auth.models import Group, User
from oidc_provider.models import Client, ResponseType, RSAKey
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
spec = json.loads(sys.argv[-1])
private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
RSAKey.objects.create(key=private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()).decode())
client = Client.objects.create(name="Samdrift", client_type="confidential", client_id=spec["client_id"],
    client_secret=spec["client_secret"], jwt_alg="RS256", require_consent=False, reuse_consent=True,
    _redirect_uris="\\n".join(spec["redirect_uris"]), _scope="openid email profile department")
client.response_types.add(ResponseType.objects.get(value="code"))
for u in spec["users"]:
    user = User.objects.create_user(u["username"], u["email"], u["password"], first_name=u.get("first_name", ""), last_name=u.get("last_name", ""))
    if u.get("department"):
        user.groups.add(Group.objects.get_or_create(name=u["department"])[0])
"""


def start(*, redirect_uris: list[str], users: list[dict[str, str]]) -> OIDCProvider:
    root = Path(tempfile.mkdtemp(prefix="samdrift-oidc-"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    src = str(Path(__file__).resolve().parents[3])
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "samdrift.testing.oidc_idp.settings",
        "OIDC_IDP_DB": str(root / "idp.sqlite3"),
        "OIDC_IDP_URL": url,
        "PYTHONPATH": src,
    }
    env.pop("DATABASE_URL", None)
    python = sys.executable
    subprocess.run([python, "-m", "django", "migrate", "-v0"], env=env, check=True)  # noqa: S603
    spec = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": redirect_uris, "users": users}
    setup = root / "setup.py"
    setup.write_text("import django, sys\ndjango.setup()\n" + SETUP)
    subprocess.run([python, str(setup), json.dumps(spec)], env=env, check=True)  # noqa: S603
    process = subprocess.Popen(  # noqa: S603
        [python, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        env=env,
        stdout=open(root / "server.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    provider = OIDCProvider(url, process, root)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2) as answer:  # noqa: S310
                json.load(answer)
                return provider
        except OSError:
            time.sleep(0.2)
    provider.stop()
    raise RuntimeError((root / "server.log").read_text())
