"""Write side of the expert pool and the draw. Every function is atomic and audited."""

from .draws import draw_cancel, draw_execute, draw_publish, draw_request, draws_advance
from .invitations import invitation_avoid, invitation_respond, invitations_expire
from .pool import (
    evaluation_record_add,
    expert_register,
    expert_set_status,
    expert_update_profile,
    expert_vet,
)

__all__ = [
    "draw_cancel",
    "draw_execute",
    "draw_publish",
    "draw_request",
    "draws_advance",
    "evaluation_record_add",
    "expert_register",
    "expert_set_status",
    "expert_update_profile",
    "expert_vet",
    "invitation_avoid",
    "invitation_respond",
    "invitations_expire",
]
