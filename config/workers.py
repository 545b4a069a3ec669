"""What a server process does once the app is loaded, before its first request (ADR 0018)."""

import gc


def freeze_loaded_objects() -> None:
    """Move what loading made (modules, settings, models, URL patterns: ~110,000 objects) out of the
    cyclic collector's reach, for the life of the process.

    They live as long as the worker does, yet every full collection walked them: about one request
    in twenty at 10,000x paused 70-90 ms for it, which put the lists' p95 over 50 ms; after this,
    20-30 ms (docs/performance.md). Objects made later are collected as before.
    """
    gc.collect()
    gc.freeze()
