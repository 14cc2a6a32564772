"""Root URLs: public pages under a language prefix; admin and health check outside it."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    prefix_default_language=True,
)
