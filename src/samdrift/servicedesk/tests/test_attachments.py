"""Attachments: limits on size and type, checked before anything is stored."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from samdrift.servicedesk import actions
from samdrift.servicedesk.models import Attachment, Ticket
from samdrift.testing.world import make_ticket


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English."""
    from django.utils import translation

    with translation.override("en"):
        yield


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"x" * 64


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_valid_files_are_stored(world, settings) -> None:
    ticket = make_ticket(
        world,
        attachments=[
            SimpleUploadedFile("skärmbild.png", PNG, "image/png"),
            SimpleUploadedFile("logg.txt", b"fel 42\n", "text/plain"),
        ],
    )
    assert sorted(ticket.attachments.values_list("filename", flat=True)) == ["logg.txt", "skärmbild.png"]
    assert len(stored_files(settings)) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ" + b"\x00" * 64, "not allowed"),
        ("faktura.pdf", b"MZ" + b"\x00" * 64, "does not match"),
        ("bild.png", PDF, "does not match"),
        ("anteckning.txt", b"\x00\x01\x02", "text file"),
    ],
)
def test_forbidden_files_are_refused_and_nothing_is_stored(world, settings, name, content, message) -> None:
    before = Ticket.objects.count()
    with pytest.raises(ValidationError, match=message):
        make_ticket(world, attachments=[SimpleUploadedFile(name, content)])
    assert Ticket.objects.count() == before
    assert stored_files(settings) == []


def test_oversized_file_is_refused_before_storing(world, settings) -> None:
    actions.do_configure_desk(world.alpha, acting_user=None, attachment_max_mb=1)
    ticket = make_ticket(world)
    big = SimpleUploadedFile("stor.pdf", PDF + b"x" * (1024 * 1024))
    with pytest.raises(ValidationError, match="too large"):
        actions.do_add_attachment(ticket, acting_user=world.requester_a1, upload=big)
    with pytest.raises(ValidationError, match="too large"):
        actions.do_add_comment(ticket, acting_user=world.requester_a1, body="Här är filen", attachments=[big])
    assert not Attachment.objects.exists()
    assert not ticket.comments.exists(), "the reply is not half-saved without its file"
    assert stored_files(settings) == []
