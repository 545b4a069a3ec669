"""Every page runs a fixed number of SQL queries whatever the data size: 4 and 300 procedures, same bounds.

One test per corpus size (loading 75 copies takes seconds), looping over every page.
"""

import pytest

TMR = "targeted-muscle-reinnervation-for-managing-limb-amputation-pain"
POLICY = "llr-icb-hip-resurfacing"

# The most queries each page may run, counting the data-version read the response cache keys on
# (web.middleware.AnonymousCacheMiddleware). The same bound holds at 4 and at 300 procedures.
BUDGETS = {
    "/": 10,
    # Procedures (9) and policies (5), each with the texts a snippet is chosen from (recommendations,
    # sections, duties; criteria, definitions, exclusions); a word shaped like an abbreviation
    # ("TMR", "variant") adds one look-up per app for the texts that can define it.
    "/search/?q=reinnervation": 15,
    "/search/?q=variant": 17,
    "/search/?q=TMR": 17,
    "/procedures/": 8,
    "/procedures/?level=special&stage=consultation_closed&special=yes&q=variant&sort=-stage": 8,
    "/procedures/?page=3": 8,
    f"/procedures/{TMR}/": 15,
    "/procedures/intramedullary-distraction-for-lower-limb-lengthening/": 15,
    "/procedures/intramedullary-distraction-for-upper-limb-lengthening/": 15,
    "/procedures/neurostimulation-of-lumbar-muscles-for-refractory-non-specific-chronic-low-back-pain/": 15,
    "/governance/": 9,
    "/governance/?audience=clinicians&kind=audit&page=2": 9,
    "/governance/register.csv": 8,
    "/consultations/": 11,
    "/consultations/?page=2": 11,
    "/consultations/key-dates.ics": 2,
    "/policies/": 5,
    "/policies/?body=llr-icb&review=due&q=hip": 5,
    f"/policies/{POLICY}/": 10,
}
CHECK = {
    "referral_date": "2026-11-21",
    "fact-assessed-musculoskeletal-services-end-stage-osteoarthritis": "yes",
    "fact-fully-engaged-conservative-measures-period": "unknown",
    "fact-exclusion-procedure-contraindicated-females": "no",
}
CHECK_BUDGET = 9


@pytest.mark.django_db
@pytest.mark.parametrize("copies", [1, 75], ids=["4-procedures", "300-procedures"])
def test_every_page_runs_a_fixed_number_of_queries(
    client, corpus_data, django_assert_max_num_queries, copies
):
    corpus_data(copies)
    for url, budget in BUDGETS.items():
        with django_assert_max_num_queries(budget, info=url):
            assert client.get(url).status_code == 200, url
    with django_assert_max_num_queries(CHECK_BUDGET, info="eligibility check"):
        assert client.post(f"/policies/{POLICY}/", CHECK).status_code == 200
