"""Settings for the app and worker processes that the durability test starts and kills:
the test settings, with mail to the test's SMTP server (``SAMDRIFT_TEST_SMTP_PORT``)."""

import os

from samdrift.settings.test import *  # noqa: F403

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": int(os.environ["SAMDRIFT_TEST_SMTP_PORT"]), "timeout": 10},  # type: ignore[dict-item]
    }
}
# Mail every second, so that the test meets a worker in an SMTP exchange mid-load.
SAMDRIFT_PERIODIC_TASKS = [
    (path, 1 if path.endswith("send_queued_mail") else every)
    for path, every in SAMDRIFT_PERIODIC_TASKS  # noqa: F405
]
