"""policies.parsing.keys: stable, readable, unique keys."""

from hypothesis import given
from hypothesis import strategies as st

from policies.parsing.keys import KeyMaker, slug_words


def test_slug_words_drops_filler_and_keeps_hyphenated_words():
    text = (
        "The patient has been assessed by Musculoskeletal Services and diagnosed as suffering from "
        "end-stage osteoarthritis"
    )
    assert slug_words(text) == ["assessed", "musculoskeletal", "services", "end-stage", "osteoarthritis"]


def test_slug_words_folds_accents_apostrophes_and_dashes():
    assert slug_words("Patient’s Ménière’s disease, Class 3–6") == ["menieres", "disease", "class", "3-6"]


def test_key_for_uses_first_five_significant_words():
    keys = KeyMaker()
    assert keys.key_for("The patient has severe persistent pain that is causing severe impairment") == (
        "severe-persistent-pain-causing-severe"
    )


def test_key_for_takes_more_words_when_key_is_taken():
    keys = KeyMaker()
    first = keys.key_for("Has radiological features of severe disease with moderate impairment")
    second = keys.key_for("Has radiological features of severe disease with moderate pain")
    assert first == "radiological-features-severe-disease-moderate"
    assert second == "radiological-features-severe-disease-moderate-pain"


def test_key_for_numbers_identical_texts_in_order():
    keys = KeyMaker()
    assert [keys.key_for("Stridor") for _ in range(3)] == ["stridor", "stridor-2", "stridor-3"]


def test_key_for_text_without_significant_words_uses_fallback():
    assert KeyMaker().key_for("The patient has:") == "criterion"


def test_exclusion_keys_are_prefixed_and_never_repeat_leaf_keys():
    leaves = KeyMaker()
    leaf_key = leaves.key_for("Exclusion of malignancy")
    exclusions = KeyMaker(prefix="exclusion-", fallback="item", taken=leaves.taken)
    assert leaf_key == "exclusion-malignancy"
    assert exclusions.key_for("Malignancy") == "exclusion-malignancy-2"


@given(st.lists(st.text(max_size=40), max_size=30))
def test_key_for_gives_unique_stable_keys(texts):
    first = [KeyMaker().key_for(text) for text in texts]  # fresh maker: keys depend on the text only
    maker = KeyMaker()
    keys = [maker.key_for(text) for text in texts]
    assert len(set(keys)) == len(keys)
    # A key taken already is lengthened or numbered, never replaced: it still starts with the text's own.
    assert all(key.startswith(own) for key, own in zip(keys, first, strict=True))
    assert all(key and key == key.lower() for key in first)
