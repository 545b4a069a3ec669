import pytest

from guidance.parsing.registries import named_registries


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Enter details about everyone having the procedure onto the National Neuromodulation Registry "
            "and "
            "review local clinical outcomes.",
            "National Neuromodulation Registry",
        ),
        (
            "Enter details about all patients onto an appropriate registry (for example, the British "
            "Society of "
            "Urogynaecology database).",
            "British Society of Urogynaecology database",
        ),
        (
            "Submit data to the (British Society of Urogynaecology database).",
            "British Society of Urogynaecology database",
        ),
        (
            "National Bariatric Surgery Registry data should be collected.",
            "National Bariatric Surgery Registry",
        ),
        ("Enter details onto the UK TAVI registry.", "UK TAVI registry"),
    ],
)
def test_named_registries_finds_the_name_as_printed(text, name):
    assert [found for _, found in named_registries(text)] == [name]


def test_named_registries_offset_points_at_the_name():
    text = "Enter details onto the National Neuromodulation Registry."
    ((offset, name),) = named_registries(text)
    assert text[offset : offset + len(name)] == name


@pytest.mark.parametrize(
    "text",
    [
        "Further research, which could be registry data, should report details of patient selection.",
        "Data should be collected using an appropriate register.",
        "Use registry data to review outcomes.",
        "Enter details onto a UK registry.",
        "Enter details onto NICE's registry.",
    ],
)
def test_named_registries_a_generic_register_is_not_a_name(text):
    assert named_registries(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Enter details onto the European Registry for Example Freezing of the Bladder (EREFB) register and review "
        "outcomes.",
        "The European Registry for Example Freezing of the Bladder (EREFB) register is being set up.",
    ],
)
def test_named_registries_long_name_with_its_abbreviation_is_one_name(text):
    ((offset, name),) = named_registries(text)
    assert name == "European Registry for Example Freezing of the Bladder (EREFB) register"
    assert text[offset : offset + len(name)] == name
