"""``config.workers``: what a server process does once loaded (ADR 0018)."""

import gc

from config import workers


def test_a_loaded_process_freezes_what_loading_made_and_collects_less_often():
    thresholds = gc.get_threshold()
    try:
        workers.freeze_loaded_objects()
        assert gc.get_freeze_count() > 10_000  # modules, settings, models, URL patterns
        assert gc.get_threshold() == workers.COLLECTION_THRESHOLDS == (20_000, 20, 50)
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
