from django import forms


class SearchForm(forms.Form):
    q = forms.CharField(label="Search procedures and policies", max_length=200, required=False, strip=True)
