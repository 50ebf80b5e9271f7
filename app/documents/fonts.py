"""CJK fonts for official documents (DOC-1).

GB/T 9704 names 小标宋 for titles, 仿宋_GB2312 for the body and 楷体_GB2312 / 黑体 for headings.
Those fonts are licensed and rarely installed, so each role has a stack: the official font when
it is installed system-wide or dropped into instance/fonts/, else Noto Serif CJK SC / AR PL UKai
(Debian packages fonts-noto-cjk, fonts-arphic-ukai; see scripts/system-packages.sh).
"""
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2"}


@dataclass(frozen=True)
class FontRole:
    key: str
    label: str
    stack: tuple[str, ...]


ROLES = (
    FontRole("title", "标题（方正小标宋）", (
        "方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05",
        "小标宋", "Noto Serif CJK SC", "AR PL UKai CN")),
    FontRole("body", "正文（仿宋_GB2312）", (
        "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong",
        "Noto Serif CJK SC", "AR PL UKai CN")),
    FontRole("kai", "三级标题、署名（楷体_GB2312）", (
        "楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "AR PL UKai CN", "Noto Serif CJK SC")),
    FontRole("hei", "一级标题（黑体）", (
        "黑体", "SimHei", "Noto Sans CJK SC", "Noto Serif CJK SC")),
)


def css_stack(role: FontRole) -> str:
    return ", ".join(f'"{name}"' for name in role.stack) + ", serif"


def fonts_dir() -> Path:
    return Path(current_app.instance_path) / "fonts"


def _family_names(path: Path) -> set[str]:
    """The family names (English and Chinese) a font file declares."""
    from fontTools.ttLib import TTCollection, TTFont

    try:
        fonts = TTCollection(str(path)).fonts if path.suffix.lower() in {".ttc", ".otc"} else [TTFont(str(path), lazy=True)]
    except Exception:  # not a font we can read: ignore it, the admin page lists it as unreadable
        return set()
    names = set()
    for font in fonts[:1]:  # CSS @font-face uses the first face of a collection
        for record in font["name"].names:
            if record.nameID in (1, 16):
                try:
                    names.add(record.toUnicode().strip())
                except UnicodeDecodeError:
                    continue
    return {n for n in names if n}


def drop_in_signature(folder: Path | None = None) -> tuple:
    """(path, mtime, size) of each font file in instance/fonts/: changes when fonts are added."""
    folder = folder or fonts_dir()
    if not folder.is_dir():
        return ()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES and p.is_file())
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


@lru_cache(maxsize=8)
def _read_drop_ins(signature: tuple) -> tuple[tuple[Path, frozenset[str]], ...]:
    return tuple((Path(path), frozenset(_family_names(Path(path)))) for path, _, _ in signature)


def drop_in_fonts(folder: Path | None = None) -> list[tuple[Path, frozenset[str]]]:
    """Font files in instance/fonts/ and the families each declares (read once per change)."""
    return list(_read_drop_ins(drop_in_signature(folder)))


def font_face_css(faces) -> str:
    """@font-face rules for the drop-in fonts, under every name they declare."""
    rules = []
    for path, families in faces:
        for family in sorted(families):
            rules.append(f'@font-face {{ font-family: "{family}"; src: url("{path.resolve().as_uri()}"); }}')
    return "\n".join(rules)


def installed_families(pattern: str = ":") -> set[str]:
    """Families fontconfig knows about (`fc-list :lang=zh` for the Chinese ones); empty when
    fc-list is missing."""
    try:
        out = subprocess.run(["fc-list", pattern, "family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}


@dataclass(frozen=True)
class RoleStatus:
    role: FontRole
    used: str | None  # the first family of the stack that is present, None: none at all
    preferred_present: bool  # the official (non-fallback) font is present


FALLBACKS = {"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN"}


def available_families(system: set[str] | None = None) -> set[str]:
    """Installed families plus the drop-in ones: what a PDF can use right now."""
    system = installed_families() if system is None else system
    return system | {name for _, names in drop_in_fonts() for name in names}


@lru_cache(maxsize=1)
def installed_families_at_start() -> frozenset[str]:
    """fc-list once per process, for rendering (system fonts change with a restart; drop-in
    fonts are picked up at once)."""
    return frozenset(installed_families())


def title_has_official_font() -> bool:
    """False when 小标宋 is missing: the fallback title is set bold to come closer to it."""
    return role_status(available_families(set(installed_families_at_start())))[0].preferred_present


def role_status(available: set[str]) -> list[RoleStatus]:
    statuses = []
    for role in ROLES:
        used = next((name for name in role.stack if name in available), None)
        statuses.append(RoleStatus(role, used, used is not None and used not in FALLBACKS))
    return statuses
