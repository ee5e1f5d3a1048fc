"""Drive a draw to completion through the real services."""

from __future__ import annotations

import datetime as dt

from ggzy.hub.experts import services
from ggzy.hub.experts.models import Draw, Invitation


def finished_draw(request_draw, clock, seal, make_expert, *, n_experts=8, lines=None) -> Draw:
    for n in range(n_experts):
        make_expert(100 + n, specialties=("A080101", "C0101"))
    draw = request_draw(
        lines=lines or [{"specialty": "A080101", "count": 3}, {"specialty": "C01", "count": 1}]
    )
    seal(clock)
    services.draws_advance()
    declined = False
    while True:
        pending = (
            Invitation.objects.filter(line__draw=draw, outcome="pending")
            .select_related("expert__user")
            .first()
        )
        if pending is None:
            break
        accept = declined  # decline the very first one to exercise continuation
        declined = True
        services.invitation_respond(actor=pending.expert.user, invitation=pending, accept=accept)
    draw.refresh_from_db()
    return draw


def publish(draw: Draw, clock) -> Draw:
    clock.move_to(draw.evaluation_at + dt.timedelta(hours=6), tick=False)
    return services.draw_publish(actor=None, draw=draw)
