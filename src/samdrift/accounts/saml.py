"""SAML 2.0 sign-in with a member's identity provider (pysaml2, the service provider).

Each SAML ``IdentityProvider`` is its own service provider (SP) towards its IdP, with its
own entity ID (the address of its metadata), its own key pair (made when the provider is
saved; the key stored encrypted) and its own assertion consumer service (ACS):

* ``start`` sends the browser to the IdP with a signed ``AuthnRequest`` (HTTP-Redirect
  binding) and keeps the request's ID in the session;
* ``finish`` takes the IdP's ``Response`` (HTTP-POST binding): pysaml2 checks the
  signature (the response or the assertion must be signed by a key in the IdP's
  metadata), that it answers a request of this session (``InResponseTo``; unsolicited
  responses are refused), the audience, the destination and the validity window, and
  decrypts an encrypted assertion. It must come from the provider's IdP: metadata of a
  federation names many IdPs, and any of them would pass the signature check.
  The attributes become the same claims an OpenID Connect login gives (``sub``,
  ``email``, ``given_name``, ``family_name``, the department attribute), and
  ``actions.do_sso_login`` makes of them what it makes of an OIDC login.

Why pysaml2 directly, not djangosaml2: djangosaml2 takes one SP configuration from the
settings and creates users through its own backend; Samdrift has any number of IdPs per
member, configured in the UI, and one way to turn a login into a user. pysaml2 is what
djangosaml2 is built on. It signs and verifies with Debian's ``xmlsec1``, which reads keys
from files, so the key pair is written to a private temporary folder for each use.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.response import StatusError
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT, NAMEID_FORMAT_UNSPECIFIED
from saml2.sigver import get_xmlsec_binary
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from samdrift.core import secrets

if TYPE_CHECKING:
    from .models import IdentityProvider

__all__ = [
    "MetadataError",
    "Refused",
    "SAMLError",
    "finish",
    "generate_keypair",
    "has_outstanding",
    "idp_entity_id",
    "sp_metadata",
    "start",
]

SESSION_KEY = "saml_requests"
OUTSTANDING_PER_PROVIDER = 5  # a person may click "log in" again before the first answer
XMLSEC_PATHS = ["/usr/bin", "/usr/local/bin", "/opt/local/bin"]

# Attribute names (pysaml2's friendly names, or the last part of a claim URI as Entra ID
# and AD FS send them) that carry the e-mail address and the names.
EMAIL_NAMES = ("mail", "email", "emailaddress")
GIVEN_NAMES = ("givenname", "given_name")
FAMILY_NAMES = ("sn", "surname", "family_name")


class SAMLError(Exception):
    """The IdP's answer is not a valid sign-in (bad signature, wrong audience, expired…)."""


class Refused(SAMLError):
    """The IdP answered, but did not sign the person in (or not with what Samdrift needs)."""


class MetadataError(SAMLError):
    """The IdP's metadata cannot be used."""


def generate_keypair(name: str) -> tuple[str, str]:
    """A new RSA key and a self-signed certificate for an SP (PEM): the key pair SAML uses
    for signing requests and decrypting assertions, valid for ten years."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Samdrift {name}"[:64])])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=3652))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


def _xmlsec() -> str:
    try:
        return str(get_xmlsec_binary(XMLSEC_PATHS))
    except Exception as exc:
        raise SAMLError(_("xmlsec1 is not installed (scripts/ensure-system-packages).")) from exc


def _idp_entity_ids(config: SPConfig) -> list[str]:
    return sorted(config.metadata.with_descriptor("idpsso"))


def _choose_idp(config: SPConfig, wanted: str) -> str:
    idps = _idp_entity_ids(config)
    if wanted:
        if wanted not in idps:
            raise MetadataError(_("The metadata does not describe the IdP “%(entity)s”.") % {"entity": wanted[:200]})
        chosen = wanted
    elif len(idps) == 1:
        chosen = idps[0]
    elif not idps:
        raise MetadataError(_("The metadata describes no identity provider."))
    else:
        raise MetadataError(
            _("The metadata describes %(count)d identity providers: give the IdP entity ID.") % {"count": len(idps)}
        )
    if not config.metadata.single_sign_on_service(chosen, BINDING_HTTP_REDIRECT):
        raise MetadataError(_("The IdP offers no single sign-on with the HTTP-Redirect binding."))
    return chosen


def idp_entity_id(metadata_xml: str, wanted: str = "") -> str:
    """The entity ID of the IdP that pasted metadata describes (``wanted``, or its only
    IdP); raises ``MetadataError`` when the metadata is unusable."""
    config = SPConfig()
    try:
        config.load(
            {"entityid": "urn:samdrift:check", "xmlsec_binary": _xmlsec(), "metadata": {"inline": [metadata_xml]}}
        )
    except SAMLError:
        raise
    except Exception as exc:  # malformed XML, expired validUntil, schema errors…
        raise MetadataError(_("The metadata cannot be read: %(error)s") % {"error": str(exc)[:200]}) from exc
    return _choose_idp(config, wanted)


def _urls(request: HttpRequest, provider: IdentityProvider) -> tuple[str, str]:
    """The SP's entity ID (its metadata address) and its ACS address."""
    entity_id = request.build_absolute_uri(reverse("accounts:saml_metadata", args=[provider.slug]))
    acs = request.build_absolute_uri(reverse("accounts:saml_acs", args=[provider.slug]))
    return entity_id, acs


@contextmanager
def _client(request: HttpRequest, provider: IdentityProvider, *, with_idp: bool = True) -> Iterator[Saml2Client]:
    """A pysaml2 client configured as this provider's SP (the key pair in a private
    temporary folder for as long as the client is used)."""
    if not provider.saml_sp_certificate:
        raise SAMLError(_("The provider has no key pair yet: save it again."))
    folder = tempfile.mkdtemp(prefix="samdrift-saml-")
    try:
        key_file, cert_file = os.path.join(folder, "sp.key"), os.path.join(folder, "sp.crt")
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.decrypt(provider.saml_sp_key_encrypted))
        with open(cert_file, "w") as handle:
            handle.write(provider.saml_sp_certificate)
        entity_id, acs = _urls(request, provider)
        metadata: dict[str, Any] = {}
        if with_idp:
            if provider.saml_metadata.strip():
                metadata = {"inline": [provider.saml_metadata]}
            else:
                metadata = {"remote": [{"url": provider.saml_metadata_url}]}
        persistent = not provider.saml_subject_attribute
        config = SPConfig()
        try:
            config.load(
                {
                    "entityid": entity_id,
                    "xmlsec_binary": _xmlsec(),
                    "key_file": key_file,
                    "cert_file": cert_file,
                    "encryption_keypairs": [{"key_file": key_file, "cert_file": cert_file}],
                    "metadata": metadata,
                    "allow_unknown_attributes": True,
                    "accepted_time_diff": 60,
                    "http_client_timeout": 15,
                    "service": {
                        "sp": {
                            "name": "Samdrift",
                            "endpoints": {"assertion_consumer_service": [(acs, BINDING_HTTP_POST)]},
                            "allow_unsolicited": False,
                            "authn_requests_signed": True,
                            "want_response_signed": False,
                            "want_assertions_signed": False,
                            "want_assertions_or_response_signed": True,
                            "name_id_format": [NAMEID_FORMAT_PERSISTENT if persistent else NAMEID_FORMAT_UNSPECIFIED],
                            "name_id_format_allow_create": True,
                            "signing_algorithm": SIG_RSA_SHA256,
                            "digest_algorithm": DIGEST_SHA256,
                        }
                    },
                }
            )
        except SAMLError:
            raise
        except Exception as exc:  # the metadata URL cannot be read, or its content is bad
            raise MetadataError(_("The IdP's metadata cannot be read: %(error)s") % {"error": str(exc)[:200]}) from exc
        yield Saml2Client(config)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sp_metadata(request: HttpRequest, provider: IdentityProvider) -> str:
    """Samdrift's SP metadata for this provider: what the IdP or the federation registers."""
    with _client(request, provider, with_idp=False) as client:
        metadata = create_metadata_string(None, config=client.config, valid=24 * 365)
    return metadata.decode() if isinstance(metadata, bytes) else str(metadata)


def start(request: HttpRequest, provider: IdentityProvider) -> HttpResponse:
    """Send the browser to the IdP with a signed AuthnRequest."""
    with _client(request, provider) as client:
        idp = _choose_idp(client.config, provider.saml_entity_id)
        request_id, info = client.prepare_for_authenticate(
            entityid=idp, binding=BINDING_HTTP_REDIRECT, sign=True, sigalg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256
        )
    outstanding = dict(request.session.get(SESSION_KEY) or {})
    ids = [*outstanding.get(provider.slug, []), request_id][-OUTSTANDING_PER_PROVIDER:]
    outstanding[provider.slug] = ids
    request.session[SESSION_KEY] = outstanding
    location = dict(info["headers"])["Location"]
    return HttpResponseRedirect(location)


def has_outstanding(request: HttpRequest, provider: IdentityProvider) -> bool:
    """Whether this browser's session started a sign-in at this provider."""
    return bool((request.session.get(SESSION_KEY) or {}).get(provider.slug))


def _values(ava: dict[str, list[Any]]) -> dict[str, list[str]]:
    """Attributes keyed by lower-case name, a claim URI also by its last part."""
    values: dict[str, list[str]] = {}
    for name, given in ava.items():
        texts = [str(v) for v in (given if isinstance(given, list) else [given]) if v not in (None, "")]
        for key in {name.lower(), name.rsplit("/", 1)[-1].lower()}:
            values.setdefault(key, texts)
    return values


def _first(values: dict[str, list[str]], names: tuple[str, ...]) -> str:
    for name in names:
        if values.get(name.lower()):
            return values[name.lower()][0]
    return ""


def finish(request: HttpRequest, provider: IdentityProvider, saml_response: str) -> dict[str, Any]:
    """The claims of the verified sign-in in ``saml_response`` (base64, HTTP-POST binding).
    Raises ``Refused`` or ``SAMLError``; the request it answers is used up either way."""
    outstanding = dict(request.session.get(SESSION_KEY) or {})
    ids = outstanding.pop(provider.slug, [])
    request.session[SESSION_KEY] = outstanding
    with _client(request, provider) as client:
        idp = _choose_idp(client.config, provider.saml_entity_id)
        try:
            response = client.parse_authn_request_response(
                saml_response, BINDING_HTTP_POST, outstanding=dict.fromkeys(ids, "")
            )
        except StatusError as exc:
            raise Refused(_("The identity provider refused: %(error)s") % {"error": str(exc)[:200]}) from exc
        except Exception as exc:  # signature, audience, time, replay, XML: never a 500
            raise SAMLError(_("The sign-in could not be verified: %(error)s") % {"error": str(exc)[:200]}) from exc
        if response is None:
            raise SAMLError(_("The sign-in could not be verified: %(error)s") % {"error": "no assertion"})
        if response.issuer() != idp:
            raise SAMLError(_("The answer comes from another identity provider than this one's."))
        values = _values(response.get_identity() or {})
        name_id = response.name_id
    if provider.saml_subject_attribute:
        subject = _first(values, (provider.saml_subject_attribute,))
        if not subject:
            raise Refused(
                _("The identity provider sent no “%(attribute)s” attribute.")
                % {"attribute": provider.saml_subject_attribute}
            )
    else:
        if name_id is None or not name_id.text:
            raise Refused(_("The identity provider sent no subject."))
        if name_id.format == NAMEID_FORMAT_TRANSIENT:
            raise Refused(_("The identity provider sent a transient NameID: set a subject attribute for it."))
        subject = name_id.text
    claims: dict[str, Any] = {
        "sub": subject,
        "email": _first(values, EMAIL_NAMES),
        "given_name": _first(values, GIVEN_NAMES),
        "family_name": _first(values, FAMILY_NAMES),
    }
    if provider.department_claim:
        claims[provider.department_claim] = _first(values, (provider.department_claim,))
    return claims
