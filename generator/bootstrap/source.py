"""Where the running ci-gen was installed from, so ``init`` can pin the drift check to it.

pip records a VCS install (``pipx install git+https://github.com/<owner>/<repo>@<ref>``,
``uv tool install``...) in the distribution's ``direct_url.json``: the repository URL and
the commit. From a package index or a local folder there is no commit to pin.
"""

from __future__ import annotations

import json
import re
from importlib import metadata

import attrs

DISTRIBUTION = "ci-gen"
_GITHUB = re.compile(
    r"^(?:git\+)?https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?$"
)
_SHA = re.compile(r"^[0-9a-f]{40}$")


@attrs.frozen
class Source:
    repository: str  # owner/name on GitHub
    sha: str
    tag: str  # the ref it was installed at, or the version


def installed_source(version: str) -> Source | None:
    """The GitHub repository and commit this ci-gen came from, when pip recorded them."""
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    return parse_direct_url(text or "", version)


def parse_direct_url(text: str, version: str) -> Source | None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    vcs = data.get("vcs_info") if isinstance(data, dict) else None
    if not isinstance(vcs, dict) or vcs.get("vcs") != "git":
        return None
    found = _GITHUB.match(str(data.get("url", "")))
    sha = str(vcs.get("commit_id", ""))
    if found is None or not _SHA.fullmatch(sha):
        return None
    ref = str(vcs.get("requested_revision") or "")
    tag = ref if ref and not _SHA.fullmatch(ref) else f"v{version}"
    return Source(found.group(1), sha, tag)
