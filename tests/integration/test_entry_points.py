"""The servers' entry points load the one settings module and give Django's handlers."""

from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler


def test_wsgi_and_asgi_applications_are_django_handlers():
    from config.asgi import application as asgi_application
    from config.wsgi import application as wsgi_application

    assert isinstance(wsgi_application, WSGIHandler)
    assert isinstance(asgi_application, ASGIHandler)
