"""Throttles the API's views opt into."""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle


class EvaluateAnonThrottle(AnonRateThrottle):
    """Anonymous evaluate calls, per client address (rate: REST_FRAMEWORK's "evaluate_anon")."""

    scope = "evaluate_anon"
