"""HTML forms of the tendering pages, mirroring the API input schemas (``api/``); rules stay in services."""

from __future__ import annotations

from django import forms

from ggzy.core.web import LocalDateTimeField


class ActionForm(forms.Form):
    """A button with no input (publish, register, withdraw, sign…)."""


class TerminateForm(forms.Form):
    """``TerminateIn``."""

    reason = forms.CharField(required=False, max_length=2000)


class ClarificationForm(forms.Form):
    """``ClarificationIn``."""

    error_fields = {"newDeadline": "new_deadline"}
    body = forms.CharField(required=False, max_length=20000)
    new_deadline = LocalDateTimeField(required=False)


class QuestionForm(forms.Form):
    """``QuestionIn``."""

    text = forms.CharField(required=False, max_length=2000)


class QuestionAnswerForm(forms.Form):
    """``QuestionAnswerIn``."""

    answer = forms.CharField(required=False, max_length=20000)
    new_deadline = LocalDateTimeField(required=False)


class ObjectionForm(forms.Form):
    """``OpeningObjectionIn`` / ``PublicityObjectionIn``."""

    text = forms.CharField(required=False, max_length=2000)


class ObjectionAnswerForm(forms.Form):
    """``OpeningObjectionAnswerIn`` / ``PublicityObjectionAnswerIn``."""

    answer = forms.CharField(required=False, max_length=2000)


class AwardForm(forms.Form):
    """``AwardIn``: the candidate's bid, among the section's bids."""

    bid_id = forms.ModelChoiceField(
        queryset=None, error_messages={"required": "请选择中标候选人", "invalid_choice": "该投标不属于本标段"}
    )

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid_id"].queryset = section.bids.all()
