"""Every write to guidance data goes through here (the pipeline's load calls these through its hooks)."""

from __future__ import annotations

from guidance.models import Procedure, Registry


def delete_all_guidance() -> None:
    """Remove every procedure and registry (before fixtures are loaded again); their rows cascade."""
    Procedure.objects.all().delete()
    Registry.objects.all().delete()
