"""The test SAML 2.0 identity provider: pysaml2's ``Server`` behind a small WSGI app.

Run by ``samdrift.testing.saml_idp.start`` with the path of a JSON spec (its address, key
pair, the service providers' metadata addresses and the users). It serves

* ``GET /metadata``: its own metadata;
* ``GET /sso/redirect``: an ``AuthnRequest`` (HTTP-Redirect binding; the signature is
  verified) answered with a login form;
* ``POST /login``: the form; a known user and password give a signed ``Response`` with a
  persistent NameID and the user's attributes (the assertion encrypted for a user
  marked ``encrypt``), posted to the SP's ACS by a page that
  submits itself (the HTTP-POST binding as real IdPs do it).

The SPs' metadata is read again for every request, so an SP registered after the IdP
started (a test's provider with a new key pair) is known at once.
"""

from __future__ import annotations

import html
import json
import sys
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import AUTHN_PASSWORD_PROTECTED, NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.sigver import get_xmlsec_binary

SPEC: dict[str, Any] = {}
FIELDS = ("SAMLRequest", "RelayState", "SigAlg", "Signature")


def _server(*, with_sps: bool = True) -> Server:
    url = SPEC["url"]
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{url}/metadata",
            "xmlsec_binary": get_xmlsec_binary(["/usr/bin", "/usr/local/bin"]),
            "key_file": SPEC["key_file"],
            "cert_file": SPEC["cert_file"],
            "metadata": {"remote": [{"url": u} for u in SPEC["sp_metadata_urls"]]} if with_sps else {},
            "service": {
                "idp": {
                    "name": "Samdrift test IdP",
                    "endpoints": {"single_sign_on_service": [(f"{url}/sso/redirect", BINDING_HTTP_REDIRECT)]},
                    "policy": {"default": {"lifetime": {"minutes": 15}, "name_form": NAME_FORMAT_URI}},
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "want_authn_requests_signed": True,
                }
            },
        }
    )
    return Server(config=config)


def _page(body: str, status: str = "200 OK") -> tuple[str, list[tuple[str, str]], bytes]:
    document = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head>'
        f"<body><main><h1>Test identity provider</h1>{body}</main></body></html>"
    )
    return status, [("Content-Type", "text/html; charset=utf-8")], document.encode()


def _login_form(fields: dict[str, str], error: str = "") -> tuple[str, list[tuple[str, str]], bytes]:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(fields[name])}">' for name in FIELDS if name in fields
    )
    message = f'<p role="alert">{html.escape(error)}</p>' if error else ""
    return _page(
        f'{message}<form method="post" action="/login">{hidden}'
        '<label for="idp-username">Username</label> <input id="idp-username" name="username"> '
        '<label for="idp-password">Password</label> <input id="idp-password" name="password" type="password"> '
        "<button>Sign in at the IdP</button></form>"
    )


def _parse(server: Server, fields: dict[str, str]) -> Any:
    return server.parse_authn_request(
        fields["SAMLRequest"],
        BINDING_HTTP_REDIRECT,
        relay_state=fields.get("RelayState"),
        sigalg=fields.get("SigAlg"),
        signature=fields.get("Signature"),
    )


def _answer(server: Server, fields: dict[str, str], user: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    request = _parse(server, fields).message
    arguments = server.response_args(request, [BINDING_HTTP_POST])
    response = server.create_authn_response(
        user["attributes"],
        userid=fields["username"],
        name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=user["subject"]),
        authn={"class_ref": AUTHN_PASSWORD_PROTECTED, "authn_auth": SPEC["url"]},
        sign_assertion=SPEC.get("sign_assertion", True),
        sign_response=SPEC.get("sign_response", False),
        encrypt_assertion=user.get("encrypt", False),  # to the SP's encryption key in its metadata
        **arguments,
    )
    http = server.apply_binding(
        BINDING_HTTP_POST, str(response), arguments["destination"], fields.get("RelayState", ""), response=True
    )
    return "200 OK", [("Content-Type", "text/html; charset=utf-8")], http["data"].encode()


def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
    try:
        if path == "/metadata":
            metadata = create_metadata_string(None, config=_server(with_sps=False).config)
            status, headers, body = "200 OK", [("Content-Type", "application/samlmetadata+xml")], metadata
        elif path == "/sso/redirect" and method == "GET":
            fields = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
            _parse(_server(), fields)  # refuse a bad or unsigned request before asking for a password
            status, headers, body = _login_form(fields)
        elif path == "/login" and method == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            fields = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
            user = SPEC["users"].get(fields.get("username", ""))
            if user is None or user["password"] != fields.get("password"):
                status, headers, body = _login_form(fields, "Wrong username or password.")
            else:
                status, headers, body = _answer(_server(), fields, user)
        else:
            status, headers, body = _page("<p>Not found.</p>", "404 Not Found")
    except Exception as exc:  # the tests read the reason in the answer
        status, headers, body = _page(f"<p>Refused: {html.escape(repr(exc))}</p>", "400 Bad Request")
    start_response(status, headers)
    return [body]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(format % args + "\n")


def main() -> None:
    with open(sys.argv[1]) as handle:
        SPEC.update(json.load(handle))
    with make_server("127.0.0.1", SPEC["port"], app, handler_class=QuietHandler) as httpd:
        httpd.serve_forever()


if __name__ == "__main__":
    main()
