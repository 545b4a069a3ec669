"""policies.fhir: criteria trees as FHIR R4 Questionnaires, checked for structure and for safe enableWhen."""

import re
from itertools import product

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.evaluation import compile_tree, evaluate
from policies.fhir import ITEM_CONTROL_SYSTEM, ITEM_CONTROL_URL, questionnaire

FIXED = settings(max_examples=200, derandomize=True, database=None, deadline=None)

# https://hl7.org/fhir/R4/valueset-item-type.html
ITEM_TYPES = {
    "group",
    "display",
    "boolean",
    "decimal",
    "integer",
    "date",
    "dateTime",
    "time",
    "string",
    "text",
    "url",
    "choice",
    "open-choice",
    "attachment",
    "reference",
    "quantity",
}
STATUSES = {"draft", "active", "retired", "unknown"}
FHIR_DATETIME = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")


def leaf(key, text=None, number=None, definitions=()):
    return {
        "id": key,
        "key": key,
        "kind": "leaf",
        "text": text or f"criterion {key}",
        "number": number,
        "line": 1,
        "definitions": list(definitions),
    }


def group(kind, *children, k=None, node_id="root"):
    return {
        "id": node_id,
        "kind": kind,
        "k": k,
        "text": "",
        "number": None,
        "line": 1,
        "children": list(children),
    }


# The hip resurfacing policy's shape (seed 003): A AND B AND any of six.
HIP = group(
    "all",
    leaf("assessed"),
    leaf("conservative"),
    group(
        "any",
        leaf("pain"),
        leaf("instability", definitions=["Significant functional impairment"]),
        leaf("severe"),
        leaf("moderate", definitions=["Significant functional impairment"]),
        leaf("danger"),
        leaf("destruction"),
        node_id="root.2",
    ),
)
DEFINITIONS = [
    {
        "term": "Significant functional impairment",
        "text": "Significant functional impairment is defined as:",
        "items": ["Symptoms preventing work", "Symptoms preventing caring"],
    }
]


def make(criteria=HIP, **overrides):
    arguments = {
        "slug": "llr-icb-hip-resurfacing",
        "url": "https://example.org/api/v1/policies/llr-icb-hip-resurfacing/fhir",
        "title": "LLR ICB: Hip Resurfacing",
        "publisher": "NHS Leicester, Leicestershire and Rutland Integrated Care Board",
        "version": "ARP 55",
        "description": "In hip resurfacing, the femoral head is capped.",
        "criteria": criteria,
        "definitions": DEFINITIONS,
        "exclusions": [{"key": "female", "text": "The procedure is contraindicated in females."}],
        "review": {"value": "2026", "precision": "year"},
        "source_url": "https://example.org/policy",
    }
    return questionnaire(**{**arguments, **overrides})


def leaf_keys(node):
    if node["kind"] == "leaf":
        return [node["key"]]
    return [key for child in node["children"] for key in leaf_keys(child)]


def all_items(items):
    for item in items:
        yield item
        yield from all_items(item.get("item", []))


def assert_valid_questionnaire(resource):
    """Valid for the FHIR model of a maintained library, and the Questionnaire invariants we rely on."""
    # fhir.resources' R4B model: the Questionnaire resource of R4 and R4B is the same.
    model = Questionnaire.model_validate(resource)
    assert model.get_resource_type() == "Questionnaire"
    assert resource["resourceType"] == "Questionnaire"
    assert re.fullmatch(r"[A-Za-z0-9\-.]{1,64}", resource["id"])
    assert resource["status"] in STATUSES
    assert re.fullmatch(r"[A-Z]([A-Za-z0-9_]){0,254}", resource["name"])  # que-0
    assert resource["url"].startswith(("http://", "https://"))
    for field in ("title", "publisher", "description", "version"):
        assert isinstance(resource[field], str)
        assert resource[field].strip()
    if "date" in resource:
        assert FHIR_DATETIME.fullmatch(resource["date"])
        assert resource["effectivePeriod"]["start"] == resource["date"]
    items = list(all_items(resource["item"]))
    link_ids = [item["linkId"] for item in items]
    assert len(link_ids) == len(set(link_ids))  # que-2: unique linkIds
    earlier: set[str] = set()
    for item in resource["item"]:
        assert item["type"] in ITEM_TYPES
        assert item["type"] == "boolean"
        assert item["text"]
        conditions = item.get("enableWhen", [])
        if len(conditions) > 1:
            assert item["enableBehavior"] in {"all", "any"}  # que-12
        for condition in conditions:
            assert condition["question"] in earlier  # an existing, earlier question
            assert condition["operator"] == "="
            assert isinstance(condition["answerBoolean"], bool)
            assert set(condition) == {"question", "operator", "answerBoolean"}  # exactly one answer[x]
        earlier.add(item["linkId"])
        for child in item.get("item", []):
            assert child["type"] == "display"
            assert "item" not in child
            (extension,) = child["extension"]
            assert extension["url"] == ITEM_CONTROL_URL
            (coding,) = extension["valueCodeableConcept"]["coding"]
            assert (coding["system"], coding["code"]) == (ITEM_CONTROL_SYSTEM, "help")
            assert "enableWhen" not in child
            assert "required" not in child


def test_questionnaire_has_the_fhir_fields():
    resource = make()
    assert_valid_questionnaire(resource)
    assert resource["id"] == "llr-icb-hip-resurfacing"
    assert resource["name"] == "LlrIcbHipResurfacing"
    assert (resource["status"], resource["version"], resource["subjectType"]) == (
        "active",
        "ARP 55",
        ["Patient"],
    )
    assert "date" not in resource  # the policy states no effective date


def test_one_top_level_boolean_item_per_leaf_in_tree_order():
    resource = make()
    assert [item["linkId"] for item in resource["item"]] == leaf_keys(HIP)
    assert resource["item"][0]["text"] == "criterion assessed"


def test_all_group_enables_later_siblings_once_earlier_ones_are_true():
    items = {item["linkId"]: item for item in make()["item"]}
    assert "enableWhen" not in items["assessed"]
    assert items["conservative"]["enableWhen"] == [
        {"question": "assessed", "operator": "=", "answerBoolean": True}
    ]
    assert items["conservative"]["enableBehavior"] == "all"
    # The ANY group's members inherit the conditions of its place in the ALL, and add none of their own.
    for key in ("pain", "instability", "destruction"):
        assert [c["question"] for c in items[key]["enableWhen"]] == ["assessed", "conservative"]


def test_definitions_become_help_items():
    items = {item["linkId"]: item for item in make()["item"]}
    (help_item,) = items["instability"]["item"]
    assert help_item["linkId"] == "instability.help.1"
    assert (
        help_item["text"]
        == "Significant functional impairment is defined as:\n- Symptoms preventing work\n- Symptoms preventing caring"
    )
    assert "item" not in items["pain"]


def test_description_lists_structure_exclusions_review_and_source():
    description = make()["description"]
    assert description.startswith("In hip resurfacing")
    assert "- All of:\n  - assessed\n  - conservative\n  - Any of:\n    - pain" in description
    assert "The procedure is contraindicated in females. (female)" in description
    assert "Review date: 2026." in description
    assert "Source: https://example.org/policy" in description


def test_dates_keep_their_precision():
    resource = make(effective={"value": "2025-06", "precision": "month"})
    assert resource["date"] == "2025-06"
    assert resource["effectivePeriod"] == {"start": "2025-06"}
    assert_valid_questionnaire(resource)


def test_printed_numbers_become_prefixes():
    resource = make(criteria=group("any", leaf("a", number="1"), leaf("b", number="a)")))
    assert [item.get("prefix") for item in resource["item"]] == ["1", "a)"]


def test_at_least_n_of_n_is_treated_as_all_and_k_of_n_adds_no_condition():
    all_of = make(criteria=group("at_least", leaf("a"), leaf("b"), k=2))
    assert all_of["item"][1]["enableWhen"][0]["question"] == "a"
    some_of = make(criteria=group("at_least", leaf("a"), leaf("b"), leaf("c"), k=2))
    assert all("enableWhen" not in item for item in some_of["item"])


def test_a_group_before_a_criterion_adds_no_condition():
    resource = make(criteria=group("all", group("any", leaf("a"), leaf("b"), node_id="root.0"), leaf("c")))
    assert all("enableWhen" not in item for item in resource["item"])


def test_a_slug_that_is_no_fhir_id_is_cleaned():
    resource = make(slug="x" * 80)
    assert resource["id"] == "x" * 64
    assert make(slug="9-lives")["name"] == "Policy9Lives"


def test_duplicate_link_ids_are_refused():
    with pytest.raises(ValueError, match="a.help.1"):
        make(
            criteria=group(
                "all", leaf("a", definitions=["Significant functional impairment"]), leaf("a.help.1")
            )
        )


# --- every tree ------------------------------------------------------------------------


@st.composite
def trees(draw, depth=0, counter=None):
    counter = counter if counter is not None else iter(range(1000))
    if depth >= 3 or draw(st.integers(0, 2)) == 0:
        return leaf(f"L{next(counter)}")
    children = [draw(trees(depth + 1, counter)) for _ in range(draw(st.integers(1, 4)))]
    kind = draw(st.sampled_from(["all", "any", "at_least"]))
    return group(kind, *children, k=draw(st.integers(1, len(children))) if kind == "at_least" else None)


def engine_tree(node):
    """The tree as ``policies.evaluation`` takes it."""
    if node["kind"] == "leaf":
        return {"leaf": node["text"], "key": node["key"]}
    built = {"op": node["kind"], "children": [engine_tree(child) for child in node["children"]]}
    if node["kind"] == "at_least":
        built["k"] = node["k"]
    return built


@FIXED
@given(trees())
def test_every_tree_gives_a_valid_questionnaire_with_one_item_per_leaf(tree):
    resource = make(criteria=tree, definitions=[])
    assert_valid_questionnaire(resource)
    assert [item["linkId"] for item in resource["item"]] == leaf_keys(tree)


@FIXED
@given(trees())
def test_enable_when_never_hides_a_question_that_could_change_the_answer(tree):
    """For every full set of answers: a criterion disabled by its enableWhen can be flipped
    without changing the result, so a form that hides it loses nothing."""
    keys = leaf_keys(tree)
    if len(keys) > 8:
        return
    compiled = compile_tree(engine_tree(tree))
    conditions = {
        item["linkId"]: [c["question"] for c in item.get("enableWhen", [])]
        for item in make(criteria=tree)["item"]
    }
    for answers in product([True, False], repeat=len(keys)):
        facts = dict(zip(keys, answers, strict=True))
        result = evaluate(compiled, facts).result
        for key in keys:
            if not all(facts[question] for question in conditions[key]):
                assert evaluate(compiled, {**facts, key: not facts[key]}).result == result, (key, facts)
