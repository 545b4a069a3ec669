"""Every write to guidance data goes through here (views, commands and tests call these)."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from guidance.models import Procedure, Registry, SourceDocument


@transaction.atomic
def load_fixtures(*, paths: list[Path]) -> dict[str, int]:
    """Replace all source-derived data with the given fixture files, all or nothing.

    The whole replacement runs in one transaction: a fixture that fails to load
    (a bad record, a missing file) rolls everything back and the database is
    left exactly as it was.
    """
    missing = [str(path) for path in paths if not Path(path).exists()]
    if missing:
        raise FileNotFoundError(f"fixture file(s) not found: {', '.join(missing)} (run 'make fixtures')")
    # Policies reference guidance documents, so they go first (the delete cascades below them).
    from policies.actions import delete_all_policies

    delete_all_policies()
    SourceDocument.objects.all().delete()
    Procedure.objects.all().delete()
    Registry.objects.all().delete()
    call_command("loaddata", *[str(path) for path in paths], verbosity=0)
    return {
        "procedures": Procedure.objects.count(),
        "documents": SourceDocument.objects.count(),
    }
