"""The served application freezes its start-up heap (core/heap.py)."""

import gc
import os
import subprocess
import sys

from samdrift.core.heap import freeze_startup_heap

PROBE = """
import gc, sys
import samdrift.wsgi
print(gc.get_freeze_count(), 'samdrift.servicedesk.views' in sys.modules)
"""


def test_the_wsgi_application_freezes_the_start_up_heap_with_the_views_loaded() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samdrift.settings.test"}
    # Our own interpreter and a fixed probe.
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert result.returncode == 0, result.stderr
    frozen, views_loaded = result.stdout.split()
    # Django, every app's models and the URLconf with its views: far more than 10,000.
    assert int(frozen) > 10_000
    assert views_loaded == "True"


def test_frozen_objects_are_left_out_of_later_collections() -> None:
    before = gc.get_freeze_count()
    try:
        frozen = freeze_startup_heap()
        assert frozen >= before and frozen > 0
        # A full collection now visits only objects made after the freeze.
        assert len(gc.get_objects()) < frozen
    finally:
        gc.unfreeze()
