"""Built-in runner profiles and action pins. docs/model.md cites the source of each figure.

Disk figures are floors, never the lucky observation: GitHub documents 14 GB of free
SSD for every hosted runner, and that is what the planner assumes unless the manifest
says otherwise (``[runners.ubuntu] free-gb = 84`` for a public repository that measured it).
"""

from __future__ import annotations

from types import MappingProxyType

from .model import CleanupTier, Pin, RunnerSpec

DOCUMENTED_FREE_GB = 14.0

# Linux x64: `rm -rf` of the SDK folders frees 24-27 GB in 15 s to a few minutes;
# Docker images and apt large packages add ~5 GB more in 3-8 minutes (29 GB, counting
# the overlap of apt's .NET packages with the folder the fast tier already removed).
_LINUX_FAST = CleanupTier(gb=24.0, minutes=2.0)
_LINUX_FULL = CleanupTier(gb=29.0, minutes=8.0)
# Linux arm64 images carry no Android, .NET or GHC: cleanup frees only 9-10 GB.
_ARM_FAST = CleanupTier(gb=9.0, minutes=1.0)
_ARM_FULL = CleanupTier(gb=10.0, minutes=4.0)

RUNNERS: MappingProxyType[str, RunnerSpec] = MappingProxyType(
    {
        "ubuntu": RunnerSpec(
            label="ubuntu-24.04",
            os="linux",
            free_gb=DOCUMENTED_FREE_GB,
            cores=4,
            memory_gb=16,
            price=1.0,
            speed=1.0,
            fast=_LINUX_FAST,
            full=_LINUX_FULL,
            mnt=True,
        ),
        "ubuntu-private": RunnerSpec(
            label="ubuntu-24.04",
            os="linux",
            free_gb=DOCUMENTED_FREE_GB,
            cores=2,
            memory_gb=8,
            price=1.0,
            speed=0.5,
            fast=_LINUX_FAST,
            full=_LINUX_FULL,
            mnt=True,
        ),
        "ubuntu-arm": RunnerSpec(
            label="ubuntu-24.04-arm",
            os="linux",
            free_gb=DOCUMENTED_FREE_GB,
            cores=4,
            memory_gb=16,
            price=0.625,
            speed=1.0,
            fast=_ARM_FAST,
            full=_ARM_FULL,
            mnt=False,
        ),
        "windows": RunnerSpec(
            label="windows-2025",
            os="windows",
            free_gb=DOCUMENTED_FREE_GB,
            cores=4,
            memory_gb=16,
            price=2.0,
            speed=1.0,
            mnt=False,
        ),
        "windows-2022": RunnerSpec(
            label="windows-2022",
            os="windows",
            free_gb=DOCUMENTED_FREE_GB,
            cores=4,
            memory_gb=16,
            price=2.0,
            speed=1.0,
            mnt=False,
        ),
        "macos": RunnerSpec(
            label="macos-15",
            os="macos",
            free_gb=DOCUMENTED_FREE_GB,
            cores=3,
            memory_gb=7,
            price=10.0,
            speed=1.0,
            mnt=False,
        ),
        "macos-intel": RunnerSpec(
            label="macos-15-intel",
            os="macos",
            free_gb=DOCUMENTED_FREE_GB,
            cores=4,
            memory_gb=14,
            price=10.0,
            speed=1.0,
            mnt=False,
        ),
    }
)

PINS: MappingProxyType[str, Pin] = MappingProxyType(
    {
        "actions/checkout": Pin("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
        "actions/cache": Pin("55cc8345863c7cc4c66a329aec7e433d2d1c52a9", "v6.1.0"),
        "actions/upload-artifact": Pin("043fb46d1a93c77aae656e7c1c64a875d1fc6a0a", "v7.0.1"),
        "actions/download-artifact": Pin("3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", "v8.0.1"),
        "actions/setup-python": Pin("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
        "Swatinem/rust-cache": Pin("6323deb102c322ba6fcbdcafc7e3dddab59af2b6", "v2.9.2"),
        "dtolnay/rust-toolchain": Pin("3c5f7ea28cd621ae0bf5283f0e981fb97b8a7af9", "master"),
        "taiki-e/install-action": Pin("ba47c86ac325773530516bb756137ac718732518", "v2.86.5"),
        "jlumbroso/free-disk-space": Pin("54081f138730dfa15788a46383842cd2f914a1be", "v1.3.1"),
        "mozilla-actions/sccache-action": Pin(
            "9e7fa8a12102821edf02ca5dbea1acd0f89a2696", "v0.0.10"
        ),
        "dorny/paths-filter": Pin("7b450fff21473bca461d4b92ce414b9d0420d706", "v4.0.2"),
        "codecov/codecov-action": Pin("57e3a136b779b570ffcdbf80b3bdc90e7fab3de2", "v6.0.0"),
        "EmbarkStudios/cargo-deny-action": Pin(
            "91bf2b620e09e18d6eb78b92e7861937469acedb", "v2.0.17"
        ),
        "rustsec/audit-check": Pin("69366f33c96575abad1ee0dba8212993eecbe998", "v2.0.0"),
    }
)
