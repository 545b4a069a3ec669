"""Forms of the policy pages: the list's filters (GET) and the eligibility checker (POST, or GET for its record)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

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

    The referral date comes as three boxes, day, month and year (the GOV.UK
    date-input pattern), or as one ISO ``referral_date`` (a permalink's query
    string, or a program posting it). Errors are in plain words and name the
    box to fix (``summary_errors``), so the error summary links to it.

    The questions depend on the policy version in force on the referral date,
    so the answers are read generically here; ``policies.selectors.check_version``
    rejects a key that version does not have (a ``ValueError`` the view reports).
    """

    referral_day = forms.CharField(label="Day", required=False, strip=True)
    referral_month = forms.CharField(label="Month", required=False, strip=True)
    referral_year = forms.CharField(label="Year", required=False, strip=True)
    referral_date = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    # A permalink's date checked, so the record it reproduces says the same; never later than today.
    checked = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    PARTS = (("day", "referral_day"), ("month", "referral_month"), ("year", "referral_year"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for _part, name in self.PARTS:
            widget = self.fields[name].widget
            widget.attrs.update({"inputmode": "numeric", "class": f"input date-input__{_part}"})
        self.date_error_parts: set[str] = set()

    @classmethod
    def initial_for(cls, day: dt.date) -> dict[str, str]:
        return {
            "referral_day": str(day.day),
            "referral_month": str(day.month),
            "referral_year": str(day.year),
        }

    def _date_error(self, message: str, parts: Iterable[str]) -> None:
        parts = [part for part, _name in self.PARTS if part in set(parts)]
        self.date_error_parts = set(parts)
        for part in parts:
            attrs = self.fields[f"referral_{part}"].widget.attrs
            attrs.update({"class": f"{attrs['class']} input--error", "aria-invalid": "true"})
        # One message, on the first box to fix: the error summary links there.
        self.add_error(f"referral_{parts[0]}", message)

    def clean(self):
        cleaned = super().clean()
        self._errors.pop("checked", None)  # a bad date checked in a link is replaced by today, not refused
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
        # One date, however it came: what the page and the record check against.
        cleaned["referral_date"] = self._referral(cleaned)
        return cleaned

    def _referral(self, cleaned) -> dt.date | None:
        parts = {part: cleaned.get(name) or "" for part, name in self.PARTS}
        iso_invalid = self._errors.pop("referral_date", None)  # Django's wording: replaced by ours
        if not any(parts.values()):
            if cleaned.get("referral_date"):
                return cleaned["referral_date"]
            if iso_invalid:
                self._date_error("Referral date must be a real date", ["day", "month", "year"])
            else:
                self._date_error("Enter the referral date", ["day", "month", "year"])
            return None
        empty = [part for part, value in parts.items() if not value]
        if empty:
            self._date_error(f"Referral date must include a {' and a '.join(empty)}", empty)
            return None
        not_numbers = [part for part, value in parts.items() if not value.isdigit()]
        if not_numbers:
            self._date_error(
                "Referral date must be a real date, in numbers: for example, 21 11 2026", not_numbers
            )
            return None
        if len(parts["year"]) != 4:
            self._date_error("Year must include 4 numbers", ["year"])
            return None
        try:
            return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            month = int(parts["month"])
            self._date_error(
                "Referral date must be a real date", ["month"] if not 1 <= month <= 12 else ["day"]
            )
            return None

    def checked_on(self, today: dt.date) -> dt.date:
        """The date the check was made: a permalink's, when it is a real day not after ``today``."""
        checked = self.cleaned_data.get("checked")
        return checked if checked is not None and checked <= today else today

    @property
    def date_error(self) -> str:
        """The referral date's one error message, shown once above its three boxes."""
        for _part, name in self.PARTS:
            if self.errors.get(name):
                return self.errors[name][0]
        return ""

    @property
    def summary_errors(self) -> list[tuple[str, str]]:
        """Every error as ``(href, message)``: a field's links to its box, the others to the form."""
        found = []
        for name, errors in self.errors.items():
            href = f"#{self[name].id_for_label}" if name in self.fields else "#check-form"
            found.extend((href, message) for message in errors)
        return found

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
