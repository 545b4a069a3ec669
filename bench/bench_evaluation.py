"""Benchmark policies.evaluation: evaluations per second on a realistic 50-leaf policy.

Run from the repository root::

    .venv/bin/python bench/bench_evaluation.py

The tree is shaped like a large threshold-criteria policy (sections joined by
AND, alternatives by OR, "2 or more of the following" lists, nesting four
groups deep) with 50 leaves and 3 exclusions.  The facts are 200 fixed
patients (seeded), from fully answered to half answered and mostly "yes", so
the run mixes met, not met and undetermined answers and exercises every
explanation.  Each figure is the median of several timeit runs, in one process
on one core, in CPU time (the machine is shared; one wall-clock figure is
printed too).  The tree is compiled once, outside the timing, as the product
does per policy; nothing is cached between evaluations.
"""

from __future__ import annotations

import platform
import random
import statistics
import sys
import time
import timeit
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policies.evaluation import CriteriaTree, compile_exclusions, compile_tree, evaluate  # noqa: E402

TARGET_PER_SECOND = 20_000
N_PATIENTS = 200
REPEATS = 11
SECONDS_PER_RUN = 0.25
SEED = 20250101


def _tree() -> dict:
    """50 leaves; ``L`` marks a leaf, tuples are (op, k or None, children)."""
    L = "L"
    spec = (
        "all",
        None,
        [
            # referral, BMI, age
            L,
            L,
            L,
            # conservative care
            ("any", None, [("all", None, [L, L, L]), L, L]),
            # symptoms
            (
                "any",
                None,
                [
                    L,
                    L,
                    L,
                    L,
                    ("all", None, [L, ("at_least", 2, [L, L, L, L])]),
                    ("all", None, [L, L]),
                ],
            ),
            # optimised comorbidities
            ("at_least", 3, [L, L, L, L, L, L]),
            # imaging
            (
                "any",
                None,
                [
                    ("all", None, [L, L, L]),
                    ("all", None, [L, ("any", None, [L, L, L])]),
                    ("at_least", 2, [L, L, L]),
                ],
            ),
            # shared decision
            ("all", None, [L, ("any", None, [L, L, L, L]), ("any", None, [L, L])]),
            # pathway
            ("any", None, [L, L, ("all", None, [L, L, ("any", None, [L, L, L, L])])]),
        ],
    )
    counter = iter(range(1000))

    def build(node) -> dict:
        if node == L:
            number = next(counter)
            key = f"criterion_{number:02d}"
            return {"leaf": f"Criterion {number} of the policy", "key": key, "number": None}
        op, k, children = node
        built = {"op": op, "text": f"{op} of the following", "children": [build(child) for child in children]}
        if k is not None:
            built["k"] = k
        return built

    return build(spec)


EXCLUSIONS = [
    {"key": "female", "text": "The procedure is contraindicated in females."},
    {"key": "active_infection", "text": "Active infection of the joint."},
    {"key": "previous_resurfacing", "text": "Previous resurfacing of the same joint."},
]


def _patients(tree: CriteriaTree) -> list[dict[str, bool]]:
    """Fixed patients: each answers a share of the facts (50-100%), mostly "yes"."""
    rng = random.Random(SEED)
    exclusion_keys = {e["key"] for e in EXCLUSIONS}
    keys = list(tree.leaf_keys) + sorted(exclusion_keys)
    patients = []
    for _ in range(N_PATIENTS):
        answered = rng.uniform(0.5, 1.0)
        # Exclusions rarely apply (3%); criteria are mostly met (80%).
        patients.append(
            {
                key: rng.random() < (0.03 if key in exclusion_keys else 0.8)
                for key in keys
                if rng.random() < answered
            }
        )
    return patients


def _per_second(run, patients: list[dict[str, bool]], timer=time.process_time) -> tuple[float, float]:
    """Evaluations per second: (median, best) of REPEATS timings of ``run``, SECONDS_PER_RUN each.

    Timed in CPU time of this process by default: the machine is shared, and
    time spent waiting for the CPU is not time spent evaluating.  The best run
    is printed beside the median to show how much the neighbours cost.
    """
    loops = max(1, int(SECONDS_PER_RUN / timeit.timeit(run, number=1, timer=timer)))
    times = timeit.repeat(run, number=loops, repeat=REPEATS, timer=timer)
    evaluations = len(patients) * loops
    return evaluations / statistics.median(times), evaluations / min(times)


def main() -> int:
    tree = compile_tree(_tree())
    exclusions = compile_exclusions(EXCLUSIONS)
    patients = _patients(tree)
    outcomes = Counter(evaluate(tree, facts, exclusions).result for facts in patients)
    answered = statistics.mean(len(facts) for facts in patients) / (len(tree.leaf_keys) + len(EXCLUSIONS))

    def evaluate_all() -> None:
        for facts in patients:
            evaluate(tree, facts, exclusions)

    def evaluate_raw_exclusions_all() -> None:
        for facts in patients:
            evaluate(tree, facts, EXCLUSIONS)

    def evaluate_and_serialise_all() -> None:
        for facts in patients:
            evaluate(tree, facts, exclusions).to_dict()

    figures = {
        "evaluate(), everything, compiled exclusions": _per_second(evaluate_all, patients),
        "evaluate(), everything, exclusions as dicts": _per_second(evaluate_raw_exclusions_all, patients),
        "evaluate() + to_dict()": _per_second(evaluate_and_serialise_all, patients),
    }
    figures["the same, wall-clock time"] = _per_second(evaluate_all, patients, timer=time.perf_counter)
    headline, _ = figures["evaluate(), everything, compiled exclusions"]
    # The same, for each kind of answer alone: met carries the largest
    # explanation (every true leaf of a satisfying selection).
    for outcome in sorted(outcomes):
        alike = [facts for facts in patients if evaluate(tree, facts, exclusions).result == outcome]

        def evaluate_alike(alike: list[dict[str, bool]] = alike) -> None:
            for facts in alike:
                evaluate(tree, facts, exclusions)

        figures[f"  of which {outcome} only"] = _per_second(evaluate_alike, alike)

    print(f"Python {platform.python_version()} ({platform.python_implementation()}) on {platform.machine()}")
    print(
        f"median of {REPEATS} timeit runs of {SECONDS_PER_RUN}s each, CPU time of this process unless noted"
    )
    print(
        f"tree: {len(tree.leaf_keys)} leaves, {len(tree.groups)} groups, {len(EXCLUSIONS)} exclusions; "
        f"{len(patients)} patients, {answered:.0%} of facts answered; outcomes: "
        + ", ".join(f"{name} {count}" for name, count in sorted(outcomes.items()))
    )
    for name, (median, best) in figures.items():
        print(f"{name:45s} {median:>9,.0f} evaluations/s  (best run {best:,.0f})")
    verdict = "PASS" if headline >= TARGET_PER_SECOND else "FAIL"
    print(f"target {TARGET_PER_SECOND:,}/s for evaluate(): {verdict}")
    return 0 if headline >= TARGET_PER_SECOND else 1


if __name__ == "__main__":
    sys.exit(main())
