"""HTML forms of the alert pages, mirroring the API inputs; the service checks the transition and the note."""

from __future__ import annotations

from django import forms


class AlertNoteForm(forms.Form):
    """A verification note (核查记录); attachments come as ``files`` (checked by the service)."""

    note = forms.CharField(required=False, max_length=4000)


class AlertTransitionForm(AlertNoteForm):
    """A status change with its note; the allowed targets are the service's transition table."""

    to = forms.CharField(required=False, max_length=40)
