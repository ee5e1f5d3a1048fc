"""Writing and re-checking BagIt 1.0 bags (RFC 8493) on disk; no Django in here.

A bag is written in a temporary folder under the archive root (``.building-*``) by the ``bagit`` library and
renamed into place in one step, so a reader never sees half a bag and a crashed build leaves only a temporary
folder. Fixity is re-checked against the bag's own ``manifest-sha256.txt`` *and* against the digests of the
manifests recorded when the bag was made (someone rewriting a file and its manifest line is caught too).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import bagit

PayloadFile = bytes | Path
MANIFEST = "manifest-sha256.txt"
TAGMANIFEST = "tagmanifest-sha256.txt"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class WrittenBag:
    path: Path
    payload_oxum: str
    manifest_sha256: str
    tagmanifest_sha256: str


@dataclass(frozen=True)
class FixityProblem:
    kind: str  # changed | missing | added | bag
    path: str

    def describe(self) -> str:
        label = {"changed": "已被改动", "missing": "缺失", "added": "多出（清单外）", "bag": "档案包结构损坏"}
        return f"{self.path}：{label.get(self.kind, self.kind)}"

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "path": self.path}


def safe_payload_path(name: str) -> PurePosixPath:
    """A relative path inside data/ (no absolute path, no '..', no empty part)."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(p in ("", ".", "..") for p in path.parts):
        raise ValueError(f"unsafe payload path {name!r}")
    return path


def write_bag(
    *, root: Path, name: str, files: Mapping[str, PayloadFile], info: Mapping[str, str]
) -> WrittenBag:
    """Write ``files`` (path under data/ → bytes or a file to copy) as the bag ``root/name``; refuses to replace
    an existing bag (``FileExistsError``)."""
    root.mkdir(parents=True, exist_ok=True)
    final = root / name
    if final.exists():
        raise FileExistsError(str(final))
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
    try:
        for rel, content in files.items():
            target = building.joinpath(*safe_payload_path(rel).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, target)
            else:
                target.write_bytes(content)
        bag = bagit.make_bag(str(building), bag_info=dict(info), checksums=["sha256"], processes=1)
        oxum = str(bag.info.get("Payload-Oxum", ""))
        os.rename(building, final)  # atomic on one file system; the folder appears complete or not at all
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return WrittenBag(
        path=final,
        payload_oxum=oxum,
        manifest_sha256=file_sha256(final / MANIFEST),
        tagmanifest_sha256=file_sha256(final / TAGMANIFEST),
    )


def file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _manifest_entries(path: Path) -> dict[str, str]:
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        digest, _, name = line.partition(" ")
        name = name.strip().replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
        entries[name] = digest.lower()
    return entries


def check_bag(path: Path, *, manifest_sha256: str = "", tagmanifest_sha256: str = "") -> list[FixityProblem]:
    """Every changed, missing or added file of the bag at ``path`` (payload and tag files); [] when it holds."""
    if not path.is_dir():
        return [FixityProblem("missing", str(path.name))]
    problems: list[FixityProblem] = []
    for tag, recorded in ((MANIFEST, manifest_sha256), (TAGMANIFEST, tagmanifest_sha256)):
        if not (path / tag).is_file():
            problems.append(FixityProblem("missing", tag))
        elif recorded and file_sha256(path / tag) != recorded:
            problems.append(FixityProblem("changed", tag))
    if not (path / MANIFEST).is_file():
        return problems
    expected = _manifest_entries(path / MANIFEST)
    if (path / TAGMANIFEST).is_file():
        expected |= _manifest_entries(path / TAGMANIFEST)  # bagit.txt, bag-info.txt, manifest-sha256.txt
    present = {
        p.relative_to(path).as_posix()
        for p in path.rglob("*")
        if p.is_file() and (p.relative_to(path).parts[0] == "data")
    }
    for name in sorted(set(expected) | present):
        if name == TAGMANIFEST or FixityProblem("changed", name) in problems:
            continue
        if name not in expected:
            problems.append(FixityProblem("added", name))
        elif not (path / name).is_file():
            problems.append(FixityProblem("missing", name))
        elif file_sha256(path / name) != expected[name]:
            problems.append(FixityProblem("changed", name))
    return problems


def copy_bag(source: Path, destination: Path) -> Path:
    """A copy of the bag folder at ``destination/<bag name>`` (refuses to overwrite)."""
    target = destination / source.name
    shutil.copytree(source, target)
    return target
