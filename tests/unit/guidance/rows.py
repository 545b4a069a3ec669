"""Stand-ins for guidance rows as the selectors fetch them (prefetched relations behind ``.all()``): no database."""

from types import SimpleNamespace

from sources.parsing.dates import PartialDate


class Related(list):
    """Stands in for a prefetched relation: ``.all()`` gives the rows."""

    def all(self):
        return self


def event(
    kind, start, precision="day", end="", end_precision="", starts_on=None, ends_on=None, line=1, **extra
):
    """A ``TimelineEvent`` with its first and last days worked out from the printed dates."""
    first = PartialDate(start, precision)
    last = PartialDate(end, end_precision) if end else first
    return SimpleNamespace(
        kind=kind,
        label=extra.pop("label", kind.replace("_", " ").capitalize()),
        start_value=start,
        start_precision=precision,
        end_value=end,
        end_precision=end_precision,
        starts_on=starts_on or first.first_day,
        ends_on=ends_on or last.last_day,
        line=line,
        **extra,
    )


def duty(pk, text, kinds, line, *, mentions_audit_tool=False, registry_names=()):
    return SimpleNamespace(
        pk=pk,
        text=text,
        text_html=f"<p>{text}</p>",
        kinds=kinds,
        line=line,
        mentions_audit_tool=mentions_audit_tool,
        registry_names=list(registry_names),
    )


def register_procedure():
    """A special-arrangements procedure (IPG739-like): a clinicians' and an organisations' duty list."""
    document = SimpleNamespace(
        pk=1,
        filename="002.txt",
        source_url="https://example.org/ipg739",
        kind="ipg_recommendations",
        guidance_id="IPG739",
    )
    registry = SimpleNamespace(name="National Neuromodulation Registry", slug="nnr")
    clinicians = SimpleNamespace(
        audience="clinicians",
        number="1.2",
        lead_in="Clinicians should:",
        indication="",
        document=document,
        document_id=1,
        line=9,
        duties=Related(
            [
                duty(
                    1,
                    "Audit outcomes in NICE's interventional procedures outcomes audit tool.",
                    ["audit"],
                    19,
                    mentions_audit_tool=True,
                ),
                duty(
                    2,
                    "=Enter everyone onto the National Neuromodulation Registry.",
                    ["registry_entry"],
                    21,
                    registry_names=["National Neuromodulation Registry"],
                ),
            ]
        ),
    )
    organisations = SimpleNamespace(
        audience="organisations",
        number="1.3",
        lead_in="Healthcare organisations should:",
        indication="",
        document=document,
        document_id=1,
        line=23,
        duties=Related([duty(3, "Regularly review data.", ["data_review"], 29)]),
    )
    return SimpleNamespace(
        title="Lumbar neurostimulation",
        level_not_read_file="",
        level_not_read_line=None,
        indications=Related(
            [
                SimpleNamespace(
                    text="",
                    level="special",
                    is_draft=False,
                    document_id=1,
                    document=document,
                    recommendation_number="1.1",
                    line=5,
                )
            ]
        ),
        duty_lists=Related([organisations, clinicians]),
        registry_mentions=Related(
            [
                SimpleNamespace(
                    registry=registry, document=document, document_id=1, line=21, recommendation_number="1.2"
                )
            ]
        ),
        service_requirements=Related(
            [
                SimpleNamespace(
                    kind="specialist_centres",
                    text="Only in specialist centres by trained surgeons.",
                    document=document,
                    line=33,
                    recommendation_number="1.4",
                ),
                SimpleNamespace(
                    kind="surgeon_training",
                    text="Only in specialist centres by trained surgeons.",
                    document=document,
                    line=33,
                    recommendation_number="1.4",
                ),
            ]
        ),
    )
