from sources.natural_keys import stable_pk


def test_stable_pk_is_the_same_every_time():
    assert stable_pk("guidance.procedure", "tmr") == stable_pk("guidance.procedure", "tmr")


def test_stable_pk_differs_by_model_and_key():
    keys = {
        stable_pk("guidance.procedure", "a"),
        stable_pk("guidance.procedure", "b"),
        stable_pk("guidance.registry", "a"),
    }
    assert len(keys) == 3


def test_stable_pk_fits_in_48_bits():
    assert 0 < stable_pk("guidance.duty", "x.txt", 12) < 2**48
