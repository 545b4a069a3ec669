"""Shared data for the page tests: the seed slugs and every page the site serves."""

import pytest

TMR = "targeted-muscle-reinnervation-for-managing-limb-amputation-pain"
UPPER = "intramedullary-distraction-for-upper-limb-lengthening"
LOWER = "intramedullary-distraction-for-lower-limb-lengthening"
LUMBAR = "neurostimulation-of-lumbar-muscles-for-refractory-non-specific-chronic-low-back-pain"
POLICY = "llr-icb-hip-resurfacing"

# Every HTML page, with the query strings its filters take.
HTML_PAGES = [
    "/",
    "/search/?q=reinnervation",
    "/procedures/",
    "/procedures/?level=special&stage=published&special=yes&registry=national-neuromodulation-registry&q=lumbar&sort=-stage",
    f"/procedures/{TMR}/",
    f"/procedures/{UPPER}/",
    f"/procedures/{LOWER}/",
    f"/procedures/{LUMBAR}/",
    "/governance/",
    "/governance/?audience=clinicians&kind=audit&registry=national-neuromodulation-registry&q=lumbar",
    "/consultations/",
    "/policies/",
    "/policies/?body=llr-icb&review=due&q=hip",
    f"/policies/{POLICY}/",
]
DOWNLOADS = ["/governance/register.csv", "/consultations/key-dates.ics"]


@pytest.fixture
def html_pages():
    return list(HTML_PAGES)


@pytest.fixture
def slugs():
    return {"tmr": TMR, "upper": UPPER, "lower": LOWER, "lumbar": LUMBAR, "policy": POLICY}


@pytest.fixture
def downloads():
    return list(DOWNLOADS)
