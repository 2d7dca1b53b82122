"""Files beside the manifests that CI must honour: the pinned toolchain, nextest profiles.

rustup reads ``rust-toolchain.toml`` or the older ``rust-toolchain``; when both exist it
uses ``rust-toolchain``, so this does too. The older file is either one line (the
channel) or the same TOML as the newer one.
"""

from __future__ import annotations

from pathlib import Path

from .model import Toolchain
from .tomlfile import Problems, load_toml, strings, table, text_or_none

NEXTEST = ".config/nextest.toml"


def read_toolchain(root: Path, problems: Problems) -> Toolchain:
    legacy = root / "rust-toolchain"
    if legacy.is_file():
        try:
            text = legacy.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = "[toolchain]"  # let the TOML reader report it
        if "[toolchain]" not in text:
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            return Toolchain(channel=lines[0] if lines else None)
        return _from_toml(root, "rust-toolchain", problems)
    if (root / "rust-toolchain.toml").is_file():
        return _from_toml(root, "rust-toolchain.toml", problems)
    return Toolchain()


def _from_toml(root: Path, file: str, problems: Problems) -> Toolchain:
    parsed = load_toml(root, file, problems)
    settings = table(parsed.data.get("toolchain")) if parsed else {}
    return Toolchain(
        channel=text_or_none(settings.get("channel")),
        components=tuple(sorted(set(strings(settings.get("components"))))),
        targets=tuple(sorted(set(strings(settings.get("targets"))))),
    )


def nextest_profiles(root: Path, problems: Problems) -> tuple[str, ...] | None:
    """The profile names of ``.config/nextest.toml``; None when there is no such file."""
    if not (root / NEXTEST).is_file():
        return None
    parsed = load_toml(root, NEXTEST, problems)
    return tuple(sorted(table(parsed.data.get("profile")))) if parsed else ()
