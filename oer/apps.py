"""App config for OER listings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OerConfig(AppConfig):
    name = "oer"
    verbose_name = _("Open educational resources")
