"""What each crate role runs, said in the plan: only tested crates are in the test rows;
the others are built where the crates that use them are, and linted by the gate."""

from __future__ import annotations

from collections.abc import Sequence

from ..manifest import Manifest, Role

SHOWN = 6  # names listed before "and N more"

_WHAT = {
    "support": "built by the tests that use them{lint}; their own tests do not run",
    "bench": "{linted}not tested; this workflow runs no benchmarks",
    "example": "{linted}not tested",
}


def role_notes(manifest: Manifest) -> list[str]:
    """One line per role other than tested: which crates, and what runs for them."""
    lint = manifest.gate.clippy
    out = []
    for role in ("support", "bench", "example"):
        names = roles_of(manifest, role)
        if not names:
            continue
        what = _WHAT[role].format(
            lint=" and linted by the gate" if lint else "",
            linted="checked by clippy in the gate, "
            if lint
            else "not built (gate.clippy is off), ",
        )
        out.append(f"{role} crates ({listed(names)}): {what}")
    return out


def role_warnings(manifest: Manifest) -> list[str]:
    """Crates whose role keeps tests of their own from running."""
    return [
        f"crates.{name} has role = '{crate.role}' but tests of its own (cost.test-min = "
        f"{crate.cost.test_min:g}): no job runs them; set role = 'tested' to run them"
        for name, crate in sorted(manifest.crates.items())
        if crate.role != "tested" and crate.cost.test_min > 0
    ]


def listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:SHOWN])
    return shown if len(names) <= SHOWN else f"{shown} and {len(names) - SHOWN} more"


def roles_of(manifest: Manifest, role: Role) -> list[str]:
    return sorted(n for n, c in manifest.crates.items() if c.role == role)
