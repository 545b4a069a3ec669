"""Forms of the policy pages: the list's filters (GET) and the eligibility checker (POST)."""

from __future__ import annotations

from django import forms

FACT_PREFIX = "fact-"
TRUTH = {"yes": True, "no": False, "unknown": None}


class PolicyFilterForm(forms.Form):
    q = forms.CharField(label="Search", max_length=200, required=False, strip=True)
    body = forms.ChoiceField(label="Commissioning body", choices=[("", "Any")], required=False)
    review = forms.ChoiceField(
        label="Review status",
        choices=[("", "Any"), ("due", "Review due"), ("in_date", "In date")],
        required=False,
    )

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", "Any")] + [(body.slug, body.short_name) for body in bodies]

    def filters(self) -> dict:
        self.is_valid()
        cleaned = {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}
        if "review" in cleaned:
            cleaned["review_due"] = cleaned.pop("review") == "due"
        return cleaned


class EligibilityForm(forms.Form):
    """A patient's answers: ``fact-<key>`` = yes / no / unknown per criterion and exclusion, and a referral date.

    The questions depend on the policy version in force on the referral date,
    so the answers are read generically here; ``policies.selectors.check_policy``
    rejects a key that version does not have (a ``ValueError`` the view reports).
    Patient facts travel by POST, so they stay out of URLs, history and logs.
    """

    referral_date = forms.DateField(
        label="Referral date",
        help_text="The policy in force on this date is used. For example, 2026-11-21.",
        # ISO format: what a date input sends and expects, whatever the locale.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        answers = {}
        for name in self.data:
            if not name.startswith(FACT_PREFIX):
                continue
            value = self.data.get(name)
            if value not in TRUTH:
                raise forms.ValidationError(
                    "Answer every question with Yes, No or Unknown.", code="invalid_answer"
                )
            answers[name.removeprefix(FACT_PREFIX)] = value
        cleaned["answers"] = answers
        return cleaned

    @property
    def answers(self) -> dict[str, str]:
        return self.cleaned_data["answers"]

    def submitted_answers(self) -> dict[str, str]:
        """The well-formed answers as submitted, valid form or not, so a page with an error keeps them."""
        return {
            name.removeprefix(FACT_PREFIX): self.data[name]
            for name in self.data
            if name.startswith(FACT_PREFIX) and self.data.get(name) in TRUTH
        }

    @property
    def facts(self) -> dict[str, bool | None]:
        return {key: TRUTH[value] for key, value in self.answers.items()}
