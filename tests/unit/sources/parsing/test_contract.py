"""The parse contract's enums and the models' choices name the same values.

Parsers write the contract's values (``sources.parsing.contract``,
``policies.parsing.model``, ``sources.parsing.dates``); ingest copies them
into columns whose ``TextChoices`` the admin, forms and API validate against.
A value added on one side only would be refused on the other, so each pair is
pinned here, literally, as well as compared.
"""

from typing import get_args

import pytest

from guidance import models as guidance_models
from policies import models as policy_models
from policies.parsing import model as policy_contract
from sources import models as source_models
from sources.parsing import contract
from sources.parsing.dates import Precision

PAIRS = [
    (
        contract.DocumentKind,
        source_models.DocumentKind,
        {"ipg_recommendations", "ip_in_progress", "ip_consultation", "icb_policy"},
    ),
    (contract.Level, guidance_models.Level, {"standard", "special", "research_only", "do_not_use"}),
    (contract.Audience, guidance_models.Audience, {"clinicians", "organisations", "other"}),
    (
        contract.DutyKind,
        guidance_models.DutyKind,
        {
            "notify_governance_leads",
            "written_patient_information",
            "understanding_of_uncertainties",
            "audit",
            "registry_entry",
            "annual_appraisal",
            "organisational_data_systems",
            "data_review",
            "other",
        },
    ),
    (
        contract.ServiceRequirementKind,
        guidance_models.ServiceRequirementKind,
        {"specialist_centres", "multidisciplinary_selection", "surgeon_training"},
    ),
]


@pytest.mark.parametrize(("parsed", "choices", "values"), PAIRS, ids=[pair[1].__name__ for pair in PAIRS])
def test_contract_enum_and_model_choices_are_the_same_values(parsed, choices, values):
    assert {member.value for member in parsed} == values
    assert set(choices.values) == values


def test_contract_enums_and_model_choices_list_their_values_in_the_same_order():
    # Pages and the API list audiences (and the rest) in this order.
    for parsed, choices, _values in PAIRS:
        assert [member.value for member in parsed] == choices.values, choices.__name__


def test_criterion_node_kinds_are_the_contracts_group_ops_and_leaf():
    assert {op.value for op in policy_contract.Op} == {"all", "any", "at_least"}
    assert set(policy_models.NodeKind.values) == {op.value for op in policy_contract.Op} | {"leaf"}


def test_group_operator_sources_are_the_models_operator_source_choices():
    assert set(policy_models.OperatorSource.values) == set(policy_contract.OPERATOR_SOURCES)


def test_date_precisions_are_the_models_precision_choices():
    assert set(get_args(Precision)) == {"year", "month", "day"}
    assert set(source_models.Precision.values) == set(get_args(Precision))
