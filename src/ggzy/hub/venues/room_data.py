"""The rooms of the Shanghai centre and two branches (场所提供, plan 四.4): seeded by migration 0003 and
re-installed by the demo data (a flushed test database has none)."""

from __future__ import annotations

ROOMS = [
    # code, name, centre, kind, capacity, equipment, isolated
    ("SH-KB01", "第一开标室", "main", "opening_hall", 60, ["电子开标系统", "大屏", "音视频录制"], False),
    ("SH-KB02", "第二开标室", "main", "opening_hall", 40, ["电子开标系统", "大屏", "音视频录制"], False),
    ("SH-PB01", "第一评标室", "main", "evaluation_room", 12, ["评标终端", "通讯屏蔽", "全程录音录像"], True),
    ("SH-PB02", "第二评标室", "main", "evaluation_room", 9, ["评标终端", "通讯屏蔽", "全程录音录像"], True),
    (
        "SH-YC01",
        "远程异地评标席位（一）",
        "main",
        "remote_seat",
        5,
        ["远程评标终端", "音视频会商", "全程录音录像"],
        True,
    ),
    ("SH-JJ01", "竞价大厅", "main", "auction_hall", 80, ["竞价系统", "大屏", "音视频录制"], False),
    ("PD-KB01", "浦东开标室", "pudong", "opening_hall", 30, ["电子开标系统", "音视频录制"], False),
    ("PD-PB01", "浦东评标室", "pudong", "evaluation_room", 9, ["评标终端", "通讯屏蔽", "全程录音录像"], True),
    ("PD-YC01", "浦东远程异地评标席位", "pudong", "remote_seat", 5, ["远程评标终端", "音视频会商"], True),
    ("MH-KB01", "闵行开标室", "minhang", "opening_hall", 30, ["电子开标系统", "音视频录制"], False),
    (
        "MH-PB01",
        "闵行评标室",
        "minhang",
        "evaluation_room",
        7,
        ["评标终端", "通讯屏蔽", "全程录音录像"],
        True,
    ),
]


def install_rooms(room_model) -> int:
    """Create or refresh the rooms above (``room_model``: the model, or a migration's historical one)."""
    for code, name, centre, kind, capacity, equipment, isolated in ROOMS:
        room_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "centre": centre,
                "kind": kind,
                "capacity": capacity,
                "equipment": equipment,
                "isolated": isolated,
                "active": True,
            },
        )
    return len(ROOMS)
