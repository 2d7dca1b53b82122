"""Checks of [profile]'s cargo settings: a profile name cargo takes, and --config
settings in cargo's KEY=VALUE form with a TOML value."""

import re
import tomllib
from collections.abc import Iterator

from ..errors import Issue, PathPart
from .checks import issue, pattern, shown
from .environment import OWN, SET_BY
from .model import Profile

PROFILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
CONFIG_KEY = re.compile(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*")


def check_profile(profile: Profile) -> Iterator[Issue]:
    if profile.cargo_profile is not None:
        at: list[PathPart] = ["profile", "cargo-profile"]
        yield from pattern(at, profile.cargo_profile, PROFILE, "cargo profile name")
    custom = profile.cargo_profile
    debug = f"CARGO_PROFILE_{custom.upper().replace('-', '_')}_DEBUG" if custom else ""
    for i, setting in enumerate(profile.cargo_config):
        yield from _cargo_setting(["profile", "cargo-config", i], setting, debug)


def _cargo_setting(at: list[PathPart], setting: str, debug: str) -> Iterator[Issue]:
    """KEY=VALUE with a dotted key and a TOML value, as cargo's --config takes it, and
    not a setting ci-gen makes itself (cargo reads build.target as CARGO_BUILD_TARGET)."""
    key, equals, value = setting.partition("=")
    if not equals or not CONFIG_KEY.fullmatch(key.strip()):
        yield issue(at, f"{shown(setting)} is not KEY=VALUE (build.jobs=2)")
        return
    variable = "CARGO_" + key.strip().upper().replace(".", "_").replace("-", "_")
    if variable in SET_BY or variable == debug:
        by = SET_BY.get(variable, "profile.debuginfo")
        yield issue(at, f"{key.strip()} is set by {by}: set it there")
    elif variable in OWN:
        yield issue(at, f"ci-gen sets {key.strip()} ({OWN[variable]}): leave it out")
    try:
        tomllib.loads(f"value = {value}")
    except tomllib.TOMLDecodeError:
        yield issue(
            at,
            f"the value of {shown(setting)} is not TOML: quote a string "
            '(key="text"), write true, a number or an array',
        )
