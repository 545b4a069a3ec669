from sources.natural_keys import stable_pk


def test_stable_pk_is_the_same_in_every_process():
    # Pinned: the committed fixtures carry these ids, so a change of hash, encoding or
    # truncation would renumber every row (fixtures/guidance.json's first procedure).
    assert stable_pk("guidance.procedure", "tmr") == 91087377242199
    assert stable_pk("guidance.procedure", "intramedullary-distraction-for-lower-limb-lengthening") == (
        200717100272109
    )
    assert stable_pk("guidance.duty", "x.txt", 12) == 65593415075379


def test_stable_pk_differs_by_model_and_key():
    keys = {
        stable_pk("guidance.procedure", "a"),
        stable_pk("guidance.procedure", "b"),
        stable_pk("guidance.registry", "a"),
    }
    assert len(keys) == 3


def test_stable_pk_fits_in_48_bits():
    assert 0 < stable_pk("guidance.duty", "x.txt", 12) < 2**48
