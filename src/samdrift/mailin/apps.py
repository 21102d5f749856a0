from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailinConfig(AppConfig):
    name = "samdrift.mailin"
    label = "mailin"
    verbose_name = _("Inbound e-mail")
