"""Reading messages: text round trips, references, automatic mail (no database)."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP

from hypothesis import given
from hypothesis import strategies as st

from samdrift.mailin.parsing import parse

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")) | st.sampled_from("–”åäöÅÄÖ"),
    min_size=1,
    max_size=120,
).filter(lambda s: " ".join(s.split()) == s and s)  # header whitespace is normalised to single spaces


@given(subject=TEXT, body=TEXT, charset=st.sampled_from(["utf-8", "iso-8859-1", "cp1252"]))
def test_subject_and_body_survive_any_encoding(subject: str, body: str, charset: str) -> None:
    message = EmailMessage()
    message["From"] = "Åsa Öberg <asa@example.org>"
    message["Subject"] = subject
    try:
        message.set_content(body, charset=charset)
    except UnicodeEncodeError:
        message.set_content(body)  # not representable in that charset: UTF-8
    parsed = parse(message.as_bytes(policy=SMTP))
    assert parsed.subject == subject
    assert parsed.body == body.strip()
    assert parsed.sender == "asa@example.org" and parsed.sender_name == "Åsa Öberg"
    assert parsed.automatic == ""


def test_ticket_numbers_come_from_our_message_ids_then_the_subject() -> None:
    raw = (
        b"From: a@b.se\r\nSubject: Re: [SD-2026-000002] x\r\nMessage-ID: <r@b.se>\r\n"
        b"In-Reply-To: <samdrift.SD-2026-000001.0f1e@desk.example>\r\n"
        b"References: <other@x> <samdrift.SD-2026-000001.0f1e@desk.example>\r\n\r\nhej\r\n"
    )
    assert parse(raw).ticket_numbers() == ["SD-2026-000001", "SD-2026-000002"]


def test_a_message_without_message_id_is_keyed_by_its_content() -> None:
    one, other = parse(b"From: a@b.se\r\n\r\nett\r\n"), parse(b"From: a@b.se\r\n\r\ntva\r\n")
    assert one.message_id.startswith("sha256:") and one.message_id != other.message_id
    assert parse(b"From: a@b.se\r\n\r\nett\r\n").message_id == one.message_id


def test_html_only_mail_is_read_as_text() -> None:
    raw = b"From: a@b.se\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hej<br>du</p><script>x</script>\r\n"
    assert parse(raw).body.splitlines()[:2] == ["Hej", "du"]


def test_delivery_reports_are_automatic() -> None:
    raw = (
        b"From: postmaster@b.se\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b--\r\n"
    )
    assert parse(raw).automatic
