from __future__ import annotations

from django import forms


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=300)


class HoldLiftForm(forms.Form):
    hold_id = forms.IntegerField(label="保全", min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(label="解除理由", max_length=300)


class ConfirmForm(forms.Form):
    pass
