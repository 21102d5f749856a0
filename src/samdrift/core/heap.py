"""The start-up heap of a server process, kept out of the garbage collector's full passes.

After start-up a worker holds some 240,000 objects that live as long as the process:
modules, models, URL patterns, translations. CPython's full (generation 2) collection
visits every tracked object, and a page that builds large intermediate results (the SLA
report, the delivery report) triggers one every ten or so requests. On the 262,000-ticket
demo that pass took about 120 ms, so one SLA report in ten answered in 275 ms instead of
145 ms. ``gc.freeze()`` moves the start-up objects into the permanent generation, which no
collection visits; the pass then covers only what requests left behind (about 10 ms).
Reference counting still frees frozen objects that are released later; only cycles among
them stay, and start-up objects are not released.

``samdrift.wsgi`` calls :func:`freeze_startup_heap` once the application is built, so
gunicorn's workers and the demo's server both get it; ``bench/pages.py`` does the same so
that it measures what the server does.
"""

from __future__ import annotations

import gc

from django.urls import get_resolver


def freeze_startup_heap() -> int:
    """Import every view now (not in the first request), collect, freeze; the frozen count."""
    get_resolver().url_patterns  # noqa: B018 -- loads the URLconf and the view modules
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
