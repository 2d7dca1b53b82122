"""Lint rendered files in-process, before anything is written or compared.

A finding here is a bug in ci-gen (a template, or a value the manifest checks let
through), never the user's fault, so it is reported as an unexpected error.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import CiGenError, ExitCode

MAX_WORKFLOW_BYTES = 512_000  # GitHub silently ignores workflow files this large

# yamllint's defaults, as a repository without a .yamllint file runs it: the files say
# in yamllint directives where a rule is wrong for them (the workflow's `on:` key and
# its SHA-pinned `uses:` lines).
YAMLLINT_CONFIG = "extends: default\n"


class LintError(CiGenError):
    exit_code = ExitCode.UNEXPECTED

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("rendered files fail yamllint")

    def lines(self) -> list[str]:
        return [
            *self.problems,
            "ci-gen rendered invalid YAML: this is a bug, please report it with the manifest",
        ]


class TooLarge(CiGenError):
    """GitHub silently refuses to start workflows of 512,000 bytes or more."""


def lint(files: Mapping[str, str]) -> None:
    # imported on use: `ci-gen check` compares without linting, and starts faster
    from yamllint import linter  # noqa: PLC0415
    from yamllint.config import YamlLintConfig  # noqa: PLC0415

    config = YamlLintConfig(YAMLLINT_CONFIG)
    problems = [
        f"{path}:{p.line}:{p.column}: {p.desc} ({p.rule})"
        for path, text in files.items()
        for p in linter.run(text, config)
    ]
    if problems:
        raise LintError(problems)


def check_size(files: Mapping[str, str]) -> None:
    for path, text in files.items():
        size = len(text.encode("utf-8"))
        if size >= MAX_WORKFLOW_BYTES:
            raise TooLarge(
                f"{path} would be {size:,} bytes; GitHub ignores workflow files of "
                f"{MAX_WORKFLOW_BYTES:,} bytes or more: trim matrix.os, feature-sets or "
                "matrix.toolchains, or raise budgets.job-minutes for fewer shards"
            )
