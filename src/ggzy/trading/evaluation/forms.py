"""HTML forms of the evaluation pages, mirroring the API input schemas (``api.py``); rules stay in services."""

from __future__ import annotations

from django import forms


class EnterForm(forms.Form):
    """``EnterIn``: the conflict-of-interest statement (empty: no conflict)."""

    conflict = forms.CharField(max_length=300, required=False)


class VoteForm(forms.Form):
    """``VoteIn``: the member voted chair, among the committee's seated members."""

    candidate = forms.ModelChoiceField(
        queryset=None, error_messages={"required": "请选择候选人", "invalid_choice": "候选人不在本委员会"}
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates


class ReasonForm(forms.Form):
    """``ReasonIn``: a disqualification's reason (the service refuses an empty one)."""

    reason = forms.CharField(max_length=500, required=False)


class SignForm(forms.Form):
    """``SignIn``: signing the report, with an optional dissent."""

    dissent = forms.CharField(max_length=2000, required=False)


class ActionForm(forms.Form):
    """A button with no input (e.g. prepare the report)."""


class ScoresForm(forms.Form):
    """``ScoresIn``: one score (and optional comment) per bid and scoring item — fields ``s-<bid>-<item>`` and
    ``c-<bid>-<item>``, built from the committee's bids and items so nothing else is accepted."""

    def __init__(self, *args, bids, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = [(bid, item) for bid in bids for item in items]
        for bid, item in self.cells:
            self.fields[f"s-{bid.pk}-{item.code}"] = forms.CharField(max_length=20, required=False)
            self.fields[f"c-{bid.pk}-{item.code}"] = forms.CharField(max_length=500, required=False)

    def scores(self) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
        given: dict[str, dict[str, str]] = {}
        comments: dict[str, dict[str, str]] = {}
        for bid, item in self.cells:
            given.setdefault(str(bid.pk), {})[item.code] = self.cleaned_data[f"s-{bid.pk}-{item.code}"]
            comment = self.cleaned_data[f"c-{bid.pk}-{item.code}"]
            if comment:
                comments.setdefault(str(bid.pk), {})[item.code] = comment
        return given, comments
