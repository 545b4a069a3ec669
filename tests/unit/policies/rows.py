"""Stand-ins for a fetched policy version, shaped as ``policies.selectors`` fetches it: no database.

A small version of the LLR hip resurfacing policy: ALL of two leaves and an
AT LEAST 2 of three leaves, one definition, one exclusion, a duration and a
threshold.
"""

from decimal import Decimal
from types import SimpleNamespace


class Related(list):
    """Stands in for a prefetched relation: ``.all()`` gives the rows."""

    def all(self):
        return self


DEFINITION = SimpleNamespace(
    pk=90,
    order=0,
    term="Significant functional impairment",
    marker="*",
    text="is defined as:",
    text_html="<p>is defined as:</p>",
    items=["Cannot work"],
    line=44,
)


def node(pk, parent, kind, key, text, line, definitions=(), k=None, number="", depth=0, connector=None):
    is_leaf = kind == "leaf"
    return SimpleNamespace(
        pk=pk,
        parent_id=parent,
        kind=kind,
        key=key,
        text=text,
        line=line,
        k=k,
        number=number,
        depth=depth,
        connector="" if is_leaf else connector or "lead_in",
        connector_line=None if is_leaf else line,
        definitions=Related(definitions),
    )


def version():
    nodes = [
        node(1, None, "all", "root", "Funded only if", 15),
        node(2, 1, "leaf", "assessed", "Assessed by MSK services", 17, number="1", depth=1),
        node(
            3,
            1,
            "leaf",
            "conservative",
            "Conservative measures for at least six months have failed",
            21,
            depth=1,
        ),
        node(4, 1, "at_least", "root.2", "The patient:", 25, k=2, depth=1),
        node(5, 4, "leaf", "pain", "Has severe pain", 26, depth=2),
        node(
            6,
            4,
            "leaf",
            "instability",
            "Has instability with significant functional impairment*",
            29,
            [DEFINITION],
            depth=2,
        ),
        node(7, 4, "leaf", "bmi", "Has a BMI under 40", 30, depth=2),
    ]
    return SimpleNamespace(
        document=SimpleNamespace(filename="003_hip.txt", source_url="https://icb.example/hip"),
        criteria_problem="",
        criteria_problem_line=None,
        curated_tree_id=None,  # read from the source, not structured by an editor
        curated_tree=None,
        nodes=Related(nodes),
        definitions=Related([DEFINITION]),
        exclusions=Related([SimpleNamespace(key="female", text="Contraindicated in females.", line=11)]),
        durations=Related(
            [
                SimpleNamespace(
                    node_id=3,
                    text="at least six months",
                    comparator=">=",
                    value=Decimal("6.00"),
                    unit="month",
                )
            ]
        ),
        thresholds=Related(
            [
                SimpleNamespace(
                    node_id=7,
                    text="BMI under 40",
                    measure="BMI",
                    comparator="<",
                    value=Decimal("40.0000"),
                    unit="",
                )
            ]
        ),
    )
