"""Durability, for real: gunicorn and two ``samdrift worker`` processes on PostgreSQL, killed
with SIGKILL in the middle of a load of API requests and restarted.

* Every ticket acknowledged with 201 exists exactly once, and every request that was not
  acknowledged, sent again with its ``Idempotency-Key``, gives one ticket, not two.
* Every queued mail reaches the (real, local) SMTP server exactly once. One worker is
  killed in the middle of an SMTP exchange: the server holds its answer to ``RCPT`` until
  the worker is dead. That mail's row lock dies with the worker's connection, and a
  restarted worker sends it.
* The task the killed worker was running is marked failed (``WorkerLost``).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult
from post_office.models import STATUS, Email

from samdrift.servicedesk.models import Ticket
from samdrift.testing.world import PASSWORD

pytestmark = [pytest.mark.durability, pytest.mark.django_db(transaction=True)]

TICKETS = 80  # bounded: the whole test takes about two minutes on two busy cores
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    """An aiosmtpd handler that records what it accepted, and can hold its answer to the
    next ``RCPT`` until the test says so (the sender is killed meanwhile)."""

    def __init__(self) -> None:
        self.accepted: list[tuple[tuple[str, ...], str]] = []
        self.hold_next = threading.Event()
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.hold_next.is_set():
            self.hold_next.clear()
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.accepted.append((tuple(envelope.rcpt_tos), str(message["Subject"])))
        return "250 OK"


@pytest.fixture
def inbox():
    from aiosmtpd.controller import Controller

    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    handler.release.set()
    controller.stop()


class Stack:
    """gunicorn and the workers, in their own process groups, on the test's database."""

    def __init__(self, smtp_port: int) -> None:
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "samdrift.testing.durability_settings",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "SAMDRIFT_TEST_SMTP_PORT": str(smtp_port),
            "SAMDRIFT_WORKER_LOST_AFTER": "3",
        }
        self.port = free_port()
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        self.processes = [
            subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "samdrift.wsgi:application",
                    "-b",
                    f"127.0.0.1:{self.port}",
                    "-w",
                    "2",
                    "-t",
                    "30",
                ],
                env=self.env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        ] + [
            subprocess.Popen(
                [sys.executable, "-m", "samdrift", "worker", "--interval", "0.2"],
                env=self.env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(2)
        ]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v1/", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start")

    def kill(self) -> None:
        for process in self.processes:
            os.killpg(process.pid, signal.SIGKILL)
        for process in self.processes:
            process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def post(url: str, body: dict[str, str], headers: dict[str, str]) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(  # noqa: S310
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **headers}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, {}
    except (OSError, http.client.HTTPException):
        # The app was killed under the request, before or while it answered (a body cut
        # short is IncompleteRead, not an OSError): not acknowledged, so sent again.
        return 0, {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="several workers on several hosts need PostgreSQL")
def test_tickets_and_mail_survive_sigkill_of_app_and_workers(live_world, inbox) -> None:
    stack = Stack(inbox.port)
    stack.start()
    try:
        base = f"http://127.0.0.1:{stack.port}"
        status, body = post(f"{base}/api/v1/auth/token/", {"username": "requester_a1", "password": PASSWORD}, {})
        assert status == 201, body  # a new named token per call
        auth = {"Authorization": f"Token {body['token']}", "Accept-Language": "en"}
        keys = [str(uuid.uuid4()) for _ in range(TICKETS)]
        acknowledged: dict[str, int] = {}  # key -> ticket id answered with 201
        cut_off: list[str] = []  # requests the kill interrupted
        lock = threading.Lock()
        killed = threading.Event()

        def send(key: str) -> None:
            if killed.is_set():
                return
            status, body = post(
                f"{base}/api/v1/tickets/",
                {"subject": f"Hållbarhet {key[:8]} – test", "description": "Skärmen är svart."},
                {**auth, "Idempotency-Key": key},
            )
            with lock:
                if status == 201:
                    acknowledged[key] = int(body["id"])  # type: ignore[call-overload]
                elif status == 0:
                    cut_off.append(key)

        # Phase 1: load; mid-load, SIGKILL everything while a worker is in an SMTP exchange.
        with ThreadPoolExecutor(4) as pool:
            first = [pool.submit(send, key) for key in keys]
            while len(acknowledged) < 10:
                time.sleep(0.05)
            inbox.hold_next.set()
            assert inbox.holding.wait(60), "no worker sent mail"
            stack.kill()
            killed.set()
            inbox.release.set()
            for future in first:
                future.result()
        unacknowledged = [key for key in keys if key not in acknowledged]
        assert len(acknowledged) >= 10 and unacknowledged
        assert cut_off, "the kill interrupted requests in flight"

        acknowledged_before = dict(acknowledged)
        # Phase 2: restart; send the rest and again every request without a 201, same keys.
        stack.start()
        killed.clear()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(send, unacknowledged))
        assert set(acknowledged) == set(keys), "every request is acknowledged after the restart"

        mine = Ticket.objects.filter(requester=live_world.requester_a1)
        assert mine.count() == TICKETS, "one ticket per key: none lost, none twice"
        assert set(mine.values_list("pk", flat=True)) == set(acknowledged.values())
        for key in keys:
            assert mine.filter(subject=f"Hållbarhet {key[:8]} – test").count() == 1

        deadline = time.monotonic() + 90
        while Email.objects.exclude(status=STATUS.sent).exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        queued = list(Email.objects.values_list("to", "subject", "status"))
        assert queued and all(row[2] == STATUS.sent for row in queued), "every queued mail was sent"
        delivered = Counter(inbox.accepted)
        expected = Counter((tuple(to), subject) for to, subject, _status in queued)
        assert delivered == expected, "every mail delivered exactly once"

        deadline = time.monotonic() + 30
        while not DBTaskResult.objects.filter(exception_class_path__endswith="WorkerLost").exists():
            assert time.monotonic() < deadline, "the killed worker's task was not marked failed"
            time.sleep(0.5)
        print(
            f"\ndurability: {TICKETS} tickets, {len(acknowledged_before)} acknowledged before SIGKILL, "
            f"{len(cut_off)} cut off in flight, {len(unacknowledged)} (re-)sent after the restart, "
            f"{len(queued)} mails delivered once each"
        )
    finally:
        stack.stop()
