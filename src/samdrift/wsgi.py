import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samdrift.settings.production")
application = get_wsgi_application()

from samdrift.core.heap import freeze_startup_heap  # noqa: E402 -- needs the set-up apps

freeze_startup_heap()
