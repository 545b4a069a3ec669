"""Base views: anonymous, read-only, conditional GET; a paginated list that calls one selector."""

from __future__ import annotations

import functools

from django.http import HttpResponseNotModified
from rest_framework import exceptions, serializers
from rest_framework.views import APIView

from apicore.conditional import asks_for_any_representation, is_not_modified, stamp, validators_for
from apicore.pagination import Pagination
from apicore.parameters import PageParameters
from apicore.snapshot import read_snapshot


class ApiView(APIView):
    """Anonymous, read-only, conditional GET. Subclasses set ``depends_on_today`` to False when
    their answer does not change with the date."""

    authentication_classes: list = []  # nobody logs in to the API: no session, no CSRF
    depends_on_today = True

    @classmethod
    def as_view(cls, **initkwargs):
        """DRF's view function behind a conditional-GET check that runs first: a 304 costs the
        validators (no query while the data version is fresh) and no view instance, no DRF request."""
        view = super().as_view(**initkwargs)
        depends_on_today = cls.depends_on_today

        def conditional_view(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                validators = validators_for(request, depends_on_today=depends_on_today)
                # "If-None-Match: *" holds only if the resource exists: known after the view ran.
                if not asks_for_any_representation(request) and is_not_modified(request, validators):
                    response = HttpResponseNotModified()
                    stamp(response, validators)
                    return response
                request.api_validators = validators  # stamped on the 200 by finalize_response
            return view(request, *args, **kwargs)

        # Keep what Django and drf-spectacular read off the view: cls, initkwargs, csrf_exempt.
        return functools.update_wrapper(conditional_view, view)

    def dispatch(self, request, *args, **kwargs):
        # Every API answer is a read (the evaluate POST too): all of its queries see one snapshot.
        with read_snapshot():
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        # A method this endpoint does not have is a 405 with its Allow header, before the
        # permission check would answer 403 to an anonymous client (RFC 9110 §15.5.6).
        if request.method.upper() not in self.allowed_methods:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        validators = getattr(request, "api_validators", None)
        if validators is not None and response.status_code == 200:
            if asks_for_any_representation(request):
                response = HttpResponseNotModified()  # it exists, so "*" matches (RFC 9110 §13.1.2)
            stamp(response, validators)
        return response


class ListView(ApiView):
    """A paginated list: ``parameters_class`` validates the query, ``get_queryset`` calls one selector."""

    pagination_class = Pagination
    parameters_class: type[PageParameters] = PageParameters
    serializer_class: type[serializers.Serializer]

    def get_queryset(self, parameters: dict):
        raise NotImplementedError

    def get_serializer_context(self, page: list) -> dict:
        """What the serializer gets besides the rows: plain data a builder made from ``page``, say."""
        return {}

    def get(self, request, *args, **kwargs):
        parameters = self.parameters_class.parse(request)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(self.get_queryset(parameters), request, view=self)
        context = {"request": request, **self.get_serializer_context(page)}
        serializer = self.serializer_class(page, many=True, context=context)
        return paginator.get_paginated_response(serializer.data)
