"""Every write to policy data goes through here."""

from __future__ import annotations

from policies.models import CommissioningBody, Policy


def delete_all_policies() -> None:
    """Remove every policy row (before fixtures are loaded again); versions, trees and all cascade."""
    Policy.objects.all().delete()
    CommissioningBody.objects.all().delete()
