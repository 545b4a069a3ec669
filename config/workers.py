"""What a server process does once the app is loaded, before its first request (ADR 0018)."""

import gc

# Allocations (net of deallocations) before a young collection, and young collections per older
# one. Python's defaults (700, 10, 10) ran several collections inside every list request at
# 10,000x; with these the lists' p95 over 100 requests went from 40-43 ms to 25-38 ms, for about
# 9 MB more per worker (docs/performance.md). Cycles still die young and are collected young.
COLLECTION_THRESHOLDS = (20_000, 20, 50)


def freeze_loaded_objects() -> None:
    """Move what loading made (modules, settings, models, URL patterns: ~110,000 objects) out of the
    cyclic collector's reach, for the life of the process, and collect less often.

    They live as long as the worker does, yet every full collection walked them: about one request
    in twenty at 10,000x paused 70-90 ms for it, which put the lists' p95 over 50 ms; after this,
    20-30 ms (docs/performance.md). Objects made later are collected as before, at
    ``COLLECTION_THRESHOLDS``.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*COLLECTION_THRESHOLDS)
