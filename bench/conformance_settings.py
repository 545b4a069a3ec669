"""Settings for bench/schemathesis_live.sh only: the product's settings (development or production,
from the environment as usual) with the evaluate throttle raised, so that schemathesis's evaluate
requests reach the engine instead of stopping at the documented 429 after the 60th in a minute.
"""

from config.settings import *  # noqa: F403 (the product's settings, unchanged but for the throttle)
from config.settings import REST_FRAMEWORK

REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"evaluate_anon": "100000/minute"}}
