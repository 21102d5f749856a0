"""Mailbox settings in the UI, the encrypted password and key rotation."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from samdrift.core import secrets
from samdrift.core.models import AuditEntry
from samdrift.mailin.models import Mailbox, MailDomain

FORM = {
    "collaboration": "",
    "name": "Servicedesk – ”Alpha”",
    "address": "servicedesk@alpha.example",
    "host": "imap.alpha.example",
    "port": "993",
    "username": "desk",
    "password": "hemligt-lösen",
    "folder": "INBOX",
    "unknown_senders": "reject",
    "is_active": "on",
}


def test_an_administrator_sets_up_a_mailbox_and_the_password_stays_hidden(world, client_for) -> None:
    admin = client_for("admin_alpha")
    response = admin.post("/mailin/mailboxs/add/", FORM | {"collaboration": world.alpha.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    mailbox = Mailbox.objects.get()
    assert mailbox.password_encrypted and "hemligt" not in mailbox.password_encrypted
    assert secrets.decrypt(mailbox.password_encrypted) == "hemligt-lösen"
    for url in (
        mailbox.get_absolute_url(),
        f"/mailin/mailboxs/{mailbox.pk}/edit/",
        f"/mailin/mailboxs/{mailbox.pk}/history/",
    ):
        page = admin.get(url).content.decode()
        assert "hemligt" not in page and mailbox.password_encrypted not in page, url
    assert not any("hemligt" in str(e.after) or "gAAAA" in str(e.after) for e in AuditEntry.objects.all())
    # Saving without a password keeps it; a new one replaces it and is audited as changed.
    edit = FORM | {"collaboration": world.alpha.pk, "password": "", "version": mailbox.version, "port": "994"}
    assert admin.post(f"/mailin/mailboxs/{mailbox.pk}/edit/", edit).status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.port == 994 and secrets.decrypt(mailbox.password_encrypted) == "hemligt-lösen"
    edit |= {"password": "nytt", "version": mailbox.version}
    assert admin.post(f"/mailin/mailboxs/{mailbox.pk}/edit/", edit).status_code == 302
    mailbox.refresh_from_db()
    assert secrets.decrypt(mailbox.password_encrypted) == "nytt"
    assert AuditEntry.objects.filter(after={"password": "changed"}).count() == 1


def test_a_new_mailbox_needs_a_password_and_bad_input_is_a_form_error(world, client_for) -> None:
    admin = client_for("admin_alpha")
    response = admin.post(
        "/mailin/mailboxs/add/", FORM | {"collaboration": world.alpha.pk, "password": "", "port": "x"}
    )
    assert response.status_code == 400 and not Mailbox.objects.exists()


def test_only_administrators_manage_mailboxes(world, client_for) -> None:
    response = client_for("agent_alpha").post("/mailin/mailboxs/add/", FORM | {"collaboration": world.alpha.pk})
    assert response.status_code in (403, 404) and not Mailbox.objects.exists()


def test_a_member_administrator_keeps_the_members_mail_domains(world, client_for) -> None:
    admin_b = client_for("admin_b")
    assert (
        admin_b.post(
            "/mailin/maildomains/add/", {"member": world.member_b.pk, "domain": "@Vargarda.EXAMPLE"}
        ).status_code
        == 302
    )
    assert MailDomain.objects.get().domain == "vargarda.example"
    refused = admin_b.post("/mailin/maildomains/add/", {"member": world.member_a.pk, "domain": "herrljunga.example"})
    assert refused.status_code in (400, 403) and MailDomain.objects.count() == 1


@pytest.mark.django_db
def test_keys_rotate_without_losing_a_password(settings) -> None:
    from samdrift.mailin import actions
    from samdrift.testing.world import build_world

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SAMDRIFT_ENCRYPTION_KEYS = [old]
    world = build_world()
    mailbox = actions.do_create_mailbox(
        acting_user=None,
        collaboration=world.alpha,
        name="A",
        address="a@a.example",
        host="h",
        username="u",
        password="p1",
    )
    settings.SAMDRIFT_ENCRYPTION_KEYS = [new, old]
    assert secrets.decrypt(Mailbox.objects.get().password_encrypted) == "p1", "the old key still decrypts"
    out = StringIO()
    call_command("rotate_secrets", stdout=out)
    assert out.getvalue().startswith("1 ")
    settings.SAMDRIFT_ENCRYPTION_KEYS = [new]
    mailbox.refresh_from_db()
    assert secrets.decrypt(mailbox.password_encrypted) == "p1"
    settings.SAMDRIFT_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(secrets.InvalidToken):
        secrets.decrypt(mailbox.password_encrypted)
