"""Loading ci.toml: every problem reported at once, located, with no traceback.

The contract: ``ci.toml: key.path: what is wrong`` for every problem in one
``ManifestError`` (``ci.toml:LINE:COL: message`` for TOML syntax errors), unknown keys
rejected with a "did you mean", references between tables checked, exit code 2 from the
CLI. The assertions compare the exact rendered lines users read.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ci_gen.cli import app
from ci_gen.errors import ExitCode, ManifestError
from ci_gen.manifest import Cost, Crate, Manifest, load
from ci_gen.manifest.checks import did_you_mean

from .conftest import GOLDEN, REPO, ManifestFactory


def problems(path: Path, label: str | None = None) -> list[str]:
    """The rendered lines of the ManifestError that loading ``path`` must raise."""
    with pytest.raises(ManifestError) as info:
        load(path, label)
    return info.value.lines()


def problems_in(path: Path, text: bytes) -> list[str]:
    """Write ``text`` byte for byte (no dedent, no newline translation) and load it."""
    path.write_bytes(text)
    return problems(path)


# --- reading and TOML syntax ---------------------------------------------------------------

EXPECTED_VALUE = (
    'expected a value here: a "quoted string", a number, true or false, an [array] or an '
    "{ inline table }"
)


def test_syntax_error_has_one_based_line_and_column(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [workspace]
        msrv = "x"
        toolchain = = "stable"
        """
    )
    # The second '=' is the 13th character of line 3.
    assert problems(path) == [f"ci.toml:3:13: {EXPECTED_VALUE}"]


def test_syntax_error_location_is_the_same_with_crlf_line_endings(tmp_path: Path) -> None:
    text = b'[workspace]\r\nmsrv = "x"\r\ntoolchain = = "stable"\r\n'
    assert problems_in(tmp_path / "ci.toml", text) == [f"ci.toml:3:13: {EXPECTED_VALUE}"]


def test_syntax_error_column_points_past_the_first_character(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        role = "tested" "bench"
        """
    )
    assert problems(path) == [
        "ci.toml:3:17: expected the end of the line after the value: one key = value per "
        "line, and a space inside a value needs quotes"
    ]


def test_unterminated_string_is_located_at_the_line_end(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "core
        """
    )
    assert problems(path) == [
        'ci.toml:2:13: the string is not closed on its line: end it with its quote, or use """'
        '...""" for text over several lines'
    ]


@pytest.mark.parametrize(
    ("line", "where", "says"),
    [
        ("cost = { build-gb = 1 build-min = 2 }", "1:23", "expected ',' or '}' here"),
        ("cost = { build-gb = 1, }", "1:24", "an inline table takes no ',' after its last"),
        ("[crates.a", "1:10", "expected ']' to close the [table] header"),
        ("[[steps]", "1:8", "expected ']]' to close the [[array of tables]] header"),
        ("path = a", "1:8", "expected a value here"),
        ("a b = 1", "1:3", "expected '=' after the key"),
        ("x = 1 2", "1:7", "expected the end of the line after the value"),
        ("x.= 1", "1:3", "expected a key here: letters, digits"),
        ("x = 'core", "1:10", "the string is not closed on its line"),
        ('x = """core', "1:12", 'expected """ to close the multi-line string'),
        ("x = 1\nx = 2", "2:1", 'Key "x" already exists.'),  # tomlkit says it better
    ],
)
def test_a_syntax_error_says_what_was_expected(
    tmp_path: Path, line: str, where: str, says: str
) -> None:
    (found,) = problems_in(tmp_path / "ci.toml", f"{line}\n".encode())
    assert found.startswith(f"ci.toml:{where}: ")
    assert says in found


def test_unclosed_array_says_end_of_file_not_a_nul_character(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        deps = ["b",
        """
    )
    assert problems(path) == [f"ci.toml:3:13: {EXPECTED_VALUE}; the file ends first"]


def test_key_repeated_in_a_table_is_a_manifest_error(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [workspace]
        msrv = "1.80"
        msrv = "1.81"
        """
    )
    assert problems(path) == ['ci.toml: Key "msrv" already exists.']


def test_key_repeated_in_an_inline_table_is_a_manifest_error(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        cost = { build-gb = 1, build-gb = 2 }
        """
    )
    assert problems(path) == ['ci.toml: Key "build-gb" already exists.']


def test_table_declared_twice_is_a_located_syntax_error(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        [crates.a]
        deps = []
        """
    )
    [line] = problems(path)
    # tomlkit locates this at the end of the repeated table, not at its header, so only
    # the shape of the location is asserted.
    prefix, _, message = line.partition(": ")
    assert message == 'Key "a" already exists.'
    file, row, col = prefix.split(":")
    assert (file, col) == ("ci.toml", "1")
    assert int(row) >= 3


def test_message_containing_at_line_is_not_truncated(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates."b at line 9"]
        path = "a"
        [crates."b at line 9"]
        path = "b"
        """
    )
    [line] = problems(path)
    assert line.endswith(': Key "b at line 9" already exists.')


def test_missing_file(tmp_path: Path) -> None:
    assert problems(tmp_path / "ci.toml") == [
        "ci.toml: no such file (`ci-gen init` writes one; --manifest points elsewhere)"
    ]


def test_non_utf8_bytes(tmp_path: Path) -> None:
    text = b'[workspace]\nmsrv = "caf\xe9"\n'
    assert problems_in(tmp_path / "ci.toml", text) == [
        "ci.toml: cannot read: 'utf-8' codec can't decode byte 0xe9 in position 23: "
        "invalid continuation byte"
    ]


def test_a_folder_is_not_a_manifest(tmp_path: Path) -> None:
    folder = tmp_path / "ci.toml"
    folder.mkdir()
    assert problems(folder) == [f"ci.toml: cannot read: [Errno 21] Is a directory: '{folder}'"]


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "ci.toml"
    path.write_bytes(b'\xef\xbb\xbf[crates.a]\npath = "a"\n')
    assert set(load(path).crates) == {"a"}


def test_label_names_the_file_in_every_line(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        role = "lib"
        [budgets]
        disk = 2
        """
    )
    assert problems(path, label="repo/ci.toml") == [
        "repo/ci.toml: crates.a.role: expected one of 'tested', 'bench', 'example', "
        "'support', got a string 'lib'",
        "repo/ci.toml: budgets.disk: must be more than 0 and at most 1 (a share, e.g. 0.70), got 2",
    ]


# --- unknown keys ----------------------------------------------------------------------------


def test_unknown_top_level_table_suggests_the_close_one(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        [crate.b]
        path = "b"
        [feature_sets.x]
        """
    )
    assert problems(path) == [
        "ci.toml: crate: unknown table (did you mean 'crates'?)",
        "ci.toml: feature_sets: unknown table (did you mean 'feature-sets'?)",
    ]


def test_unknown_nested_key_suggests_the_close_one(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        cost = { buildmin = 3 }
        [runners.macos]
        freegb = 18
        """
    )
    assert problems(path) == [
        "ci.toml: crates.a.cost.buildmin: unknown key (did you mean 'build-min'?)",
        "ci.toml: runners.macos.freegb: unknown key (did you mean 'free-gb'?)",
    ]


def test_a_swapped_or_slipped_letter_is_close_however_short_the_word(
    manifest: ManifestFactory,
) -> None:
    """'tsl' for 'tls': two neighbours swapped in a three-letter feature."""
    path = manifest(
        """
        [crates.core]
        path = "core"
        features = ["tls", "postgres"]
        [feature-sets.secure]
        features = ["tsl", "core/potsgres"]
        [matrix]
        toolchains = ["stabel", "1.x"]
        """
    )
    assert problems(path) == [
        "ci.toml: feature-sets.secure.features[0]: no crate of this set declares feature "
        "'tsl' (did you mean 'tls'?)",
        "ci.toml: feature-sets.secure.features[1]: crate 'core' declares no feature "
        "'potsgres' (did you mean 'postgres'?)",
        "ci.toml: matrix.toolchains[0]: 'stabel' is not a valid toolchain (did you mean 'stable'?)",
        "ci.toml: matrix.toolchains[1]: '1.x' is not a valid toolchain (such as 'stable', "
        "'beta', 'nightly', 'nightly-2026-01-15', '1.80')",
    ]


@pytest.mark.parametrize(
    ("word", "choices", "close"),
    [
        ("tsl", ["tls", "std"], "tls"),  # swapped neighbours
        ("ab", ["ba"], "ba"),  # too short for a ratio, one swap all the same
        ("tl", ["tls"], "tls"),  # a letter dropped
        ("tlss", ["tls"], "tls"),  # a letter added
        ("tks", ["tls"], "tls"),  # a letter wrong
        ("slt", ["tls"], ""),  # two swaps away, and no ratio to save it
        ("Default", ["default"], "default"),
    ],
)
def test_one_slip_suggests(word: str, choices: list[str], close: str) -> None:
    expected = f" (did you mean '{close}'?)" if close else ""
    assert did_you_mean(word, choices) == expected


def test_unknown_key_without_a_close_match_has_no_suggestion(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        colour = "red"
        [zzz]
        x = 1
        """
    )
    assert problems(path) == [
        "ci.toml: zzz: unknown table",
        "ci.toml: crates.a.colour: unknown key",
    ]


def test_several_unknown_keys_in_one_table_are_sorted(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [workspace]
        zeta = 1
        alpha = 2
        nextest_profile = "ci"
        [crates.a]
        path = "a"
        """
    )
    assert problems(path) == [
        "ci.toml: workspace.alpha: unknown key",
        "ci.toml: workspace.nextest_profile: unknown key (did you mean 'nextest-profile'?)",
        "ci.toml: workspace.zeta: unknown key",
    ]


def test_key_path_quotes_keys_that_are_not_bare(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates."my crate"]
        path = "a"
        "build.gb" = 1
        [pins."actions/checkout"]
        sha = "3d3c42e5aac5ba805825da76410c181273ba90b1"
        """
    )
    assert problems(path) == [
        'ci.toml: crates."my crate"."build.gb": unknown key',
        'ci.toml: pins."actions/checkout".tag: required key is missing',
    ]


# --- wrong types ------------------------------------------------------------------------------

WRONG_TYPES = [
    pytest.param(
        "[budgets]\njob-minutes = '30'",
        "budgets.job-minutes: expected a number, got a string '30'",
        id="string-for-number",
    ),
    pytest.param(
        "[runners.macos]\ncores = true",
        "runners.macos.cores: expected an integer, got a boolean true",
        id="boolean-for-integer",
    ),
    pytest.param(
        "[runners.macos]\ncores = 2.5",
        "runners.macos.cores: expected an integer, got a number 2.5",
        id="float-for-integer",
    ),
    pytest.param(
        "[budgets]\ndisk = true",
        "budgets.disk: expected a number, got a boolean true",
        id="boolean-for-number",
    ),
    pytest.param(
        "[workspace]\nnextest = 'yes'",
        "workspace.nextest: expected true or false, got a string 'yes'",
        id="string-for-boolean",
    ),
    pytest.param(
        "[workspace]\ndefault-branch = 5",
        "workspace.default-branch: expected a string, got an integer 5",
        id="integer-for-string",
    ),
    pytest.param(
        "[matrix]\nos = 'macos'",
        "matrix.os: expected an array, got a string 'macos'",
        id="string-for-array",
    ),
    pytest.param(
        "[gate]\nclippy-args = ['--all-targets', 1]",
        "gate.clippy-args[1]: expected a string, got an integer 1",
        id="number-in-array",
    ),
    pytest.param(
        "[matrix]\nsmoke = [['default']]",
        "matrix.smoke[0]: expected a string, got an array",
        id="array-in-array",
    ),
    pytest.param(
        "workspace = 'x'",
        "workspace: expected a table, got a string 'x'",
        id="scalar-for-table",
    ),
    pytest.param(
        "[runners.macos]\nfast = 10",
        "runners.macos.fast: expected a table, got an integer 10",
        id="scalar-for-optional-table",
    ),
    pytest.param(
        "[runners.macos]\nfast = { gb = 10 }",
        "runners.macos.fast.minutes: required key is missing",
        id="missing-key-in-nested-table",
    ),
    pytest.param(
        "[matrix]\nmsrv = 'always'",
        "matrix.msrv: expected one of 'check', 'test', 'off', got a string 'always'",
        id="enum-value",
    ),
    pytest.param(
        "[profile]\ndebuginfo = false",
        "profile.debuginfo: expected one of 'full', 'line-tables-only', 'none', "
        "got a boolean false",
        id="boolean-for-enum",
    ),
    pytest.param(
        "[runners.macos]\nos = 'freebsd'",
        "runners.macos.os: expected one of 'linux', 'macos', 'windows', got a string 'freebsd'",
        id="optional-enum",
    ),
    pytest.param(
        "[budgets]\ncache-gb = nan",
        "budgets.cache-gb: expected a finite number, got a number nan",
        id="nan",
    ),
    pytest.param(
        "[runners.macos]\nfree-gb = inf",
        "runners.macos.free-gb: expected a finite number, got a number inf",
        id="inf",
    ),
    pytest.param(
        "[pins.'actions/checkout']\nsha = '3d3c42e5aac5ba805825da76410c181273ba90b1'",
        'pins."actions/checkout".tag: required key is missing',
        id="missing-pin-tag",
    ),
]


@pytest.mark.parametrize(("section", "expected"), WRONG_TYPES)
def test_wrong_type_outside_crates(manifest: ManifestFactory, section: str, expected: str) -> None:
    path = manifest(section + '\n[crates.a]\npath = "a"\n')
    assert problems(path) == [f"ci.toml: {expected}"]


def test_wrong_types_in_a_crate(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        role = "lib"
        doc-tests = 1
        cost = { build-gb = "3", build-min = true }

        [crates.b]
        path = "b"
        cost = 3

        [crates.c]
        deps = ["a", 3]
        """
    )
    # Within a table the problems follow the model's field order, not the file's.
    assert problems(path) == [
        "ci.toml: crates.a.role: expected one of 'tested', 'bench', 'example', 'support', "
        "got a string 'lib'",
        "ci.toml: crates.a.doc-tests: expected true or false, got an integer 1",
        "ci.toml: crates.a.cost.build-gb: expected a number, got a string '3'",
        "ci.toml: crates.a.cost.build-min: expected a number, got a boolean true",
        "ci.toml: crates.b.cost: expected a table, got an integer 3",
        "ci.toml: crates.c.path: required key is missing",
        "ci.toml: crates.c.deps[1]: expected a string, got an integer 3",
    ]


def test_string_for_deps_is_not_split_into_characters(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.core]
        path = "core"
        [crates.a]
        path = "a"
        deps = "core"
        dev-deps = "core"
        features = "x"
        """
    )
    # Were the string taken as an array, "c", "o", "r", "e" would be unknown crates.
    assert problems(path) == [
        "ci.toml: crates.a.deps: expected an array, got a string 'core'",
        "ci.toml: crates.a.dev-deps: expected an array, got a string 'core'",
        "ci.toml: crates.a.features: expected an array, got a string 'x'",
    ]


def test_a_number_is_not_coerced_to_a_string(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [workspace]
        msrv = 1.85
        [crates.a]
        path = "a"
        """
    )
    assert problems(path) == ["ci.toml: workspace.msrv: expected a string, got a number 1.85"]


def test_a_date_is_not_a_string(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = 2024-05-27
        """
    )
    assert problems(path) == ["ci.toml: crates.a.path: expected a string, got date"]


def test_an_entry_of_a_named_table_must_be_a_table(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates]
        a = "x"
        b = { path = "b" }
        [feature-sets]
        x = 1
        [runners]
        y = []
        """
    )
    assert problems(path) == [
        "ci.toml: crates.a: expected a table, got a string 'x'",
        "ci.toml: feature-sets.x: expected a table, got an integer 1",
        "ci.toml: runners.y: expected a table, got an array",
    ]


def test_crates_that_is_not_a_table(manifest: ManifestFactory) -> None:
    path = manifest("crates = 3\n")
    # The second line follows from the first: nothing could be read as a crate.
    assert problems(path) == [
        "ci.toml: crates: expected a table, got an integer 3",
        "ci.toml: crates: no crates declared: add [crates.<package>] with path = '...'",
    ]


def test_array_of_tables_for_crates(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [[crates.a]]
        path = "a"
        """
    )
    assert problems(path) == ["ci.toml: crates.a: expected a table, got an array"]


def test_required_path_missing(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        deps = []
        """
    )
    assert problems(path) == ["ci.toml: crates.a.path: required key is missing"]


# --- references between tables -------------------------------------------------------------


def test_dep_and_dev_dep_on_undeclared_crates(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.core]
        path = "core"
        dev-deps = ["storag", "zzz"]
        [crates.storage]
        path = "storage"
        deps = ["cor"]
        """
    )
    assert problems(path) == [
        "ci.toml: crates.core.dev-deps[0]: unknown crate 'storag' (did you mean 'storage'?)",
        "ci.toml: crates.core.dev-deps[1]: unknown crate 'zzz'",
        "ci.toml: crates.storage.deps[0]: unknown crate 'cor' (did you mean 'core'?)",
    ]


def test_self_dependency_through_deps_is_one_error(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.core]
        path = "core"
        deps = ["core"]
        """
    )
    # Reported once, not a second time as the cycle "core -> core".
    assert problems(path) == ["ci.toml: crates.core.deps[0]: a crate cannot depend on itself"]


def test_self_dependency_through_dev_deps_is_allowed(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.core]
        path = "core"
        dev-deps = ["core"]
        """
    )
    assert load(path).crates["core"].dev_deps == ("core",)


def test_cycle_through_normal_deps_names_the_cycle(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        deps = ["b"]
        [crates.b]
        path = "b"
        deps = ["c"]
        [crates.c]
        path = "c"
        deps = ["a"]
        [crates.d]
        path = "d"
        deps = ["a"]
        """
    )
    assert problems(path) == [
        "ci.toml: crates: dependency cycle through normal deps: a -> b -> c -> a"
    ]


def test_cycle_through_dev_deps_is_allowed(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.core]
        path = "core"
        dev-deps = ["storage"]
        [crates.storage]
        path = "storage"
        deps = ["core"]
        """
    )
    loaded = load(path)
    assert loaded.crates["core"].dev_deps == ("storage",)
    assert loaded.crates["storage"].deps == ("core",)


def test_feature_set_naming_unknown_crates(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.core]
        path = "core"
        [crates.cli]
        path = "cli"
        [feature-sets.narrow]
        crates = ["cor", "cli"]
        skip = ["clii", "nothing-like-it"]
        """
    )
    assert problems(path) == [
        "ci.toml: feature-sets.narrow.crates[0]: unknown crate 'cor' (did you mean 'core'?)",
        "ci.toml: feature-sets.narrow.skip[0]: unknown crate 'clii' (did you mean 'cli'?)",
        "ci.toml: feature-sets.narrow.skip[1]: unknown crate 'nothing-like-it'",
    ]


def test_feature_set_selecting_no_crate(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.core]
        path = "core"
        [crates.bench]
        path = "bench"
        role = "bench"
        [feature-sets.skip-all]
        skip = ["core"]
        [feature-sets.skip-listed]
        crates = ["core"]
        skip = ["core"]
        [feature-sets.bench-only]
        crates = ["bench"]
        """
    )
    # An explicit crates list may name a non-tested crate; skipping every one is the error.
    assert problems(path) == [
        "ci.toml: feature-sets.skip-all: selects no crate: check crates and skip",
        "ci.toml: feature-sets.skip-listed: selects no crate: check crates and skip",
    ]


def test_crate_qualified_features(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.core]
        path = "core"
        features = ["fast", "serde"]
        [crates.cli]
        path = "cli"
        [feature-sets.x]
        features = ["core/fsat", "nope/x", "cli/anything", "core/serde", "a/b/c", "bad feat"]
        """
    )
    # cli lists no features: cargo would refuse cli/anything ("does not contain this
    # feature") in every job of the set; init lists what each Cargo.toml declares.
    assert problems(path) == [
        "ci.toml: feature-sets.x.features[0]: crate 'core' declares no feature 'fsat' "
        "(did you mean 'fast'?)",
        "ci.toml: feature-sets.x.features[1]: unknown crate 'nope'",
        "ci.toml: feature-sets.x.features[2]: crate 'cli' declares no features (list its "
        "features in crates.cli.features, as its Cargo.toml does)",
        "ci.toml: feature-sets.x.features[4]: 'a/b/c' is not a valid feature "
        "('name' or 'crate/name')",
        "ci.toml: feature-sets.x.features[5]: 'bad feat' is not a valid feature "
        "('name' or 'crate/name')",
    ]


def test_plain_feature_no_selected_crate_declares(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.core]
        path = "core"
        features = ["fast"]
        [crates.cli]
        path = "cli"
        features = ["turso"]
        [crates.tools]
        path = "tools"
        role = "support"
        features = ["redb"]
        [feature-sets.ok]
        features = ["fast", "turso"]
        [feature-sets.narrow]
        crates = ["core"]
        features = ["turso"]
        [feature-sets.support-only]
        features = ["redb"]
        """
    )
    hint = "(list it in crates.<name>.features, or write 'crate/feature')"
    assert problems(path) == [
        f"ci.toml: feature-sets.narrow.features[0]: no crate of this set declares feature "
        f"'turso' {hint}",
        f"ci.toml: feature-sets.support-only.features[0]: no crate of this set declares "
        f"feature 'redb' {hint}",
    ]


def test_matrix_references(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        [feature-sets.default]
        [feature-sets.all]
        all-features = true
        [runners.big]
        label = "big-runner"
        os = "linux"
        free-gb = 150
        [matrix]
        os = ["ubuntu", "macoss", "big", "zzz"]
        full = ["ubuntu", "windows"]
        smoke = ["defualt", "all"]
        """
    )
    assert problems(path) == [
        "ci.toml: matrix.os[1]: unknown runner profile 'macoss' (did you mean 'macos'?)",
        "ci.toml: matrix.os[3]: unknown runner profile 'zzz'",
        "ci.toml: matrix.full[1]: 'windows' is not in matrix.os",
        "ci.toml: matrix.smoke[0]: unknown feature set 'defualt' (did you mean 'default'?)",
    ]


def test_smoke_default_set_exists_without_feature_sets(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        [matrix]
        smoke = ["default", "all"]
        """
    )
    assert problems(path) == ["ci.toml: matrix.smoke[1]: unknown feature set 'all'"]


def test_matrix_os_empty(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        [matrix]
        os = []
        """
    )
    assert problems(path) == ["ci.toml: matrix.os: needs at least one runner profile"]


@pytest.mark.parametrize(
    ("main", "extra"),
    [
        ("stable", '"beta", "stable"'),
        ("1.80", '"1.80"'),
        ("nightly-2024-05-01", '"nightly-2024-05-01"'),
    ],
)
def test_extra_toolchain_equal_to_the_workspace_one(
    manifest: ManifestFactory, main: str, extra: str
) -> None:
    path = manifest(
        f"""
        [workspace]
        toolchain = "{main}"
        [crates.a]
        path = "a"
        [matrix]
        toolchains = [{extra}]
        """
    )
    index = extra.count(",")
    assert problems(path) == [
        f"ci.toml: matrix.toolchains[{index}]: is already workspace.toolchain"
    ]


def test_runner_extends_unknown_built_in(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        [runners.fat]
        extends = "ubunt"
        free-gb = 80
        [runners.other]
        extends = "big"
        """
    )
    assert problems(path) == [
        "ci.toml: runners.fat.extends: unknown built-in profile 'ubunt' (did you mean 'ubuntu'?)",
        "ci.toml: runners.other.extends: unknown built-in profile 'big'",
    ]


def test_new_runner_profile_needs_label_os_free_gb(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        [runners.big]
        cores = 16
        [runners.half]
        label = "half"
        os = "linux"
        [runners.complete]
        label = "complete"
        os = "linux"
        free-gb = 100
        [runners.derived]
        extends = "ubuntu-arm"
        cores = 8
        [runners.macos]
        free-gb = 18
        """
    )
    # Overrides of built-ins and profiles that extend one need nothing more.
    assert problems(path) == [
        "ci.toml: runners.big: a new runner profile needs label, os, free-gb "
        "(or extends = 'ubuntu')",
        "ci.toml: runners.half: a new runner profile needs free-gb (or extends = 'ubuntu')",
    ]


# --- ranges and formats ---------------------------------------------------------------------


def test_runner_numbers_must_be_positive(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        [runners.ubuntu]
        free-gb = 0
        cores = -2
        memory-gb = 0.0
        price = -1
        speed = 0
        """
    )
    assert problems(path) == [
        "ci.toml: runners.ubuntu.free-gb: must be more than 0 and at most 100000, got 0",
        "ci.toml: runners.ubuntu.cores: must be between 1 and 1024, got -2",
        "ci.toml: runners.ubuntu.memory-gb: must be more than 0 and at most 100000, got 0",
        "ci.toml: runners.ubuntu.price: must be more than 0 and at most 1000, got -1",
        "ci.toml: runners.ubuntu.speed: must be between 0.01 and 100, got 0",
    ]


BUDGETS = [
    pytest.param(
        "disk = 0",
        "budgets.disk: must be more than 0 and at most 1 (a share, e.g. 0.70), got 0",
        id="disk-0",
    ),
    pytest.param(
        "disk = 1.5",
        "budgets.disk: must be more than 0 and at most 1 (a share, e.g. 0.70), got 1.5",
        id="disk-1.5",
    ),
    pytest.param(
        "disk = -0.1",
        "budgets.disk: must be more than 0 and at most 1 (a share, e.g. 0.70), got -0.1",
        id="disk-neg",
    ),
    pytest.param(
        "job-minutes = 400",
        "budgets.job-minutes: must be between 1 and 360 (GitHub's job limit is 360), got 400",
        id="minutes-400",
    ),
    pytest.param(
        "job-minutes = 0.5",
        "budgets.job-minutes: must be between 1 and 360 (GitHub's job limit is 360), got 0.5",
        id="minutes-half",
    ),
    pytest.param(
        "cache-gb = 0",
        "budgets.cache-gb: must be more than 0 and at most 10000, got 0",
        id="cache-0",
    ),
    pytest.param(
        "cache-gb = 99999999999999999999999999",
        "budgets.cache-gb: must be more than 0 and at most 10000, got 1e+26",
        id="cache-huge",
    ),
]


@pytest.mark.parametrize(("line", "expected"), BUDGETS)
def test_budget_out_of_range(manifest: ManifestFactory, line: str, expected: str) -> None:
    path = manifest(f'[crates.a]\npath = "a"\n[budgets]\n{line}\n')
    assert problems(path) == [f"ci.toml: {expected}"]


@pytest.mark.parametrize("line", ["disk = 1", "disk = 0.01", "job-minutes = 360", "cache-gb = 0.5"])
def test_budget_at_the_edge_of_its_range(manifest: ManifestFactory, line: str) -> None:
    path = manifest(f'[crates.a]\npath = "a"\n[budgets]\n{line}\n')
    key, _, value = line.partition(" = ")
    assert getattr(load(path).budgets, key.replace("-", "_")) == float(value)


def test_negative_costs(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        cost = { build-gb = -1, build-min = -0.5, test-min = 0 }
        """
    )
    assert problems(path) == [
        "ci.toml: crates.a.cost.build-gb: must be between 0 and 1000, got -1",
        "ci.toml: crates.a.cost.build-min: must be between 0 and 1000, got -0.5",
    ]


@pytest.mark.parametrize(
    "sha",
    [
        "3D3C42E5AAC5BA805825DA76410C181273BA90B1",  # uppercase
        "3d3c42e5aac5ba805825da76410c181273ba90b",  # 39 characters
        "3d3c42e5aac5ba805825da76410c181273ba90b1a",  # 41 characters
        "3d3c42e5aac5ba805825da76410c181273ba90g1",  # not hex
        "v4.2.0",  # a tag, not a SHA
    ],
)
def test_pin_sha_must_be_40_lowercase_hex(manifest: ManifestFactory, sha: str) -> None:
    path = manifest(
        f"""
        [crates.a]
        path = "a"
        [pins."actions/checkout"]
        sha = "{sha}"
        tag = "v4"
        """
    )
    assert problems(path) == [
        'ci.toml: pins."actions/checkout".sha: must be a full 40-character lowercase commit SHA'
    ]


def test_pin_key_must_be_owner_slash_repo(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        [pins.checkout]
        sha = "3d3c42e5aac5ba805825da76410c181273ba90b1"
        tag = "v4"
        """
    )
    assert problems(path) == [
        "ci.toml: pins.checkout: 'checkout' is not a valid action (owner/repo)"
    ]


@pytest.mark.parametrize("folder", ["/abs/a", "../a", "a/../../b", "a\\\\b", ""])
def test_crate_path_must_stay_inside_the_repository(manifest: ManifestFactory, folder: str) -> None:
    path = manifest(f'[crates.a]\npath = "{folder}"\n')
    shown = folder.replace("\\\\", "\\")
    assert problems(path) == [
        f"ci.toml: crates.a.path: '{shown}' must be a relative folder inside the repository"
    ]


@pytest.mark.parametrize("folder", [".", "a", "crates/a", "./a", "a/"])
def test_crate_path_accepted(manifest: ManifestFactory, folder: str) -> None:
    path = manifest(f'[crates.a]\npath = "{folder}"\n')
    assert load(path).crates["a"].path == folder


def test_two_crates_in_one_folder(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "shared"
        [crates.b]
        path = "shared"
        [crates.c]
        path = "./shared/"
        [crates.d]
        path = "shared/d"
        """
    )
    assert problems(path) == [
        "ci.toml: crates.b.path: same folder as crate 'a'",
        "ci.toml: crates.c.path: same folder as crate 'a'",
    ]


def test_invalid_names(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates."-core"]
        path = "core"
        features = ["ok+1", "bad feature"]
        [crates.ok]
        path = "ok"
        [feature-sets."no good"]
        [runners._r]
        extends = "ubuntu"
        label = "bad label"
        """
    )
    assert problems(path) == [
        "ci.toml: crates.-core: '-core' is not a valid package name",
        "ci.toml: crates.-core.features[1]: 'bad feature' is not a valid feature name",
        "ci.toml: feature-sets.\"no good\": 'no good' is not a valid feature set name",
        "ci.toml: runners._r: '_r' is not a valid runner profile name",
        "ci.toml: runners._r.label: 'bad label' is not a valid runner label",
    ]


def without_hints(lines: list[str]) -> list[str]:
    """The lines without their suggestion ("did you mean", "such as"), tested apart."""
    return [re.sub(r" \((did you mean|such as) .*\)$", "", line) for line in lines]


INVALID_TOOLCHAINS = ["stabel", "1", "1.85.0.1", "nightly-2024-1-1", "nightly-", "v1.85", "Stable"]


@pytest.mark.parametrize("toolchain", INVALID_TOOLCHAINS)
def test_invalid_workspace_toolchain(manifest: ManifestFactory, toolchain: str) -> None:
    path = manifest(
        f"""
        [workspace]
        toolchain = "{toolchain}"
        msrv = "{toolchain}"
        [crates.a]
        path = "a"
        """
    )
    assert without_hints(problems(path)) == [
        f"ci.toml: workspace.toolchain: '{toolchain}' is not a valid toolchain",
        f"ci.toml: workspace.msrv: '{toolchain}' is not a valid Rust version",
    ]


@pytest.mark.parametrize("toolchain", INVALID_TOOLCHAINS)
def test_invalid_extra_toolchain(manifest: ManifestFactory, toolchain: str) -> None:
    path = manifest(
        f"""
        [crates.a]
        path = "a"
        [matrix]
        toolchains = ["beta", "{toolchain}"]
        """
    )
    assert without_hints(problems(path)) == [
        f"ci.toml: matrix.toolchains[1]: '{toolchain}' is not a valid toolchain"
    ]


@pytest.mark.parametrize(
    "toolchain", ["stable", "beta", "nightly", "nightly-2024-05-01", "1.85", "1.85.1"]
)
def test_valid_toolchain(manifest: ManifestFactory, toolchain: str) -> None:
    path = manifest(
        f"""
        [workspace]
        toolchain = "{toolchain}"
        [crates.a]
        path = "a"
        """
    )
    assert load(path).workspace.toolchain == toolchain


def test_workspace_strings(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [workspace]
        default-branch = "has space"
        nextest-profile = "-ci"
        [crates.a]
        path = "a"
        """
    )
    assert problems(path) == [
        "ci.toml: workspace.default-branch: 'has space' is not a valid branch",
        "ci.toml: workspace.nextest-profile: '-ci' is not a valid profile",
    ]


# --- every problem at once ------------------------------------------------------------------

MANY_PROBLEMS = {
    "workspace": """
        [workspace]
        toolchain = "stabel"
        """,
    "crates": """
        [crates.core]
        path = "core"
        deps = ["storag"]
        cost = { buildmin = 3 }
        [crates.storage]
        path = "/storage"
        """,
    "feature-sets": """
        [feature-sets.x]
        crates = ["cli"]
        """,
    "matrix": """
        [matrix]
        os = ["ubuntu", "macoss"]
        """,
    "runners": """
        [runners.ubuntu]
        cores = true
        """,
    "budgets": """
        [budgets]
        disk = 0
        """,
    "pins": """
        [pins."actions/cache"]
        sha = "abc"
        tag = "v4"
        """,
    "extra": """
        [benchmarks]
        x = 1
        """,
}
MANY_LINES = [
    "ci.toml: benchmarks: unknown table",
    "ci.toml: crates.core.cost.buildmin: unknown key (did you mean 'build-min'?)",
    "ci.toml: runners.ubuntu.cores: expected an integer, got a boolean true",
    "ci.toml: workspace.toolchain: 'stabel' is not a valid toolchain (did you mean 'stable'?)",
    "ci.toml: crates.storage.path: '/storage' must be a relative folder inside the repository",
    "ci.toml: feature-sets.x.crates[0]: unknown crate 'cli'",
    "ci.toml: matrix.os[1]: unknown runner profile 'macoss' (did you mean 'macos'?)",
    "ci.toml: budgets.disk: must be more than 0 and at most 1 (a share, e.g. 0.70), got 0",
    'ci.toml: pins."actions/cache".sha: must be a full 40-character lowercase commit SHA',
]


def _many(order: list[str]) -> str:
    return "".join(textwrap.dedent(MANY_PROBLEMS[key]) for key in order)


def test_every_problem_is_reported_at_once(manifest: ManifestFactory) -> None:
    path = manifest(_many(list(MANY_PROBLEMS)))
    with pytest.raises(ManifestError) as info:
        load(path)
    # Unknown tables, then structure problems, then checks; each group by section.
    # "storag" is unknown too, but crates.core failed to structure, so its deps are
    # not checked against a half-read entry.
    assert info.value.lines() == MANY_LINES
    assert info.value.exit_code == ExitCode.INVALID
    assert str(info.value) == "ci.toml: 9 problem(s)"


def test_order_does_not_depend_on_the_order_of_sections(manifest: ManifestFactory) -> None:
    path = manifest(_many(list(reversed(MANY_PROBLEMS))))
    assert problems(path) == MANY_LINES


def test_validation_problems_beside_a_structure_problem(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.core]
        path = "core"
        deps = ["storag"]
        [crates.broken]
        path = 1
        [budgets]
        job-minutes = 400
        """
    )
    assert problems(path) == [
        "ci.toml: crates.broken.path: expected a string, got an integer 1",
        "ci.toml: crates.core.deps[0]: unknown crate 'storag'",
        "ci.toml: budgets.job-minutes: must be between 1 and 360 (GitHub's job limit is "
        "360), got 400",
    ]


# --- an entry that fails to structure is reported once ---------------------------------------


def test_broken_crate_is_not_also_an_unknown_crate(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        deps = ["b"]
        dev-deps = ["b"]
        [crates.b]
        path = "b"
        role = 3
        [feature-sets.x]
        crates = ["b"]
        skip = ["a"]
        features = ["b/foo"]
        """
    )
    assert problems(path) == [
        "ci.toml: crates.b.role: expected one of 'tested', 'bench', 'example', 'support', "
        "got an integer 3"
    ]


def test_broken_runner_and_feature_set_are_not_unknown(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        [feature-sets.y]
        all-features = "yes"
        [runners.big]
        cores = "many"
        [matrix]
        os = ["ubuntu", "big"]
        smoke = ["y"]
        """
    )
    assert problems(path) == [
        "ci.toml: feature-sets.y.all-features: expected true or false, got a string 'yes'",
        "ci.toml: runners.big.cores: expected an integer, got a string 'many'",
    ]


def test_broken_crate_does_not_cause_guesses_about_what_it_holds(
    manifest: ManifestFactory,
) -> None:
    path = manifest(
        """
        [crates.a]
        path = "a"
        role = "bench"
        features = ["fast"]
        [crates.b]
        path = 1
        features = ["slow"]
        [feature-sets.plain]
        features = ["slow"]
        [feature-sets.rest]
        skip = ["a"]
        [feature-sets.qualified]
        crates = ["a"]
        features = ["a/fsat"]
        """
    )
    # b may well be tested and declare "slow": no "no crate has role = 'tested'", no
    # "selects no crate", no "no crate of this set declares feature 'slow'". What can be
    # checked without b still is.
    assert problems(path) == [
        "ci.toml: crates.b.path: expected a string, got an integer 1",
        "ci.toml: feature-sets.qualified.features[0]: crate 'a' declares no feature 'fsat' "
        "(did you mean 'fast'?)",
    ]


# --- empty and degenerate manifests ---------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "# only a comment\n", '[workspace]\ntoolchain = "beta"\n', "[crates]\n"]
)
def test_manifest_with_no_crates(manifest: ManifestFactory, text: str) -> None:
    assert problems(manifest(text)) == [
        "ci.toml: crates: no crates declared: add [crates.<package>] with path = '...'"
    ]


def test_no_crate_is_tested(manifest: ManifestFactory) -> None:
    path = manifest(
        """
        [crates.bench]
        path = "bench"
        role = "bench"
        [crates.helpers]
        path = "helpers"
        role = "support"
        [crates.demo]
        path = "demo"
        role = "example"
        """
    )
    assert problems(path) == [
        "ci.toml: crates: no crate has role = 'tested': nothing would be tested"
    ]


# --- manifests that load ----------------------------------------------------------------------


def test_reference_manifest_loads() -> None:
    loaded = load(REPO / "ci.toml")
    assert len(loaded.crates) == 9
    assert set(loaded.feature_sets) == {"default", "all", "redb-only", "turso-only", "hybrid"}
    assert loaded.matrix.os == ("ubuntu", "macos")
    assert loaded.runners["macos"].free_gb == 18.0
    assert loaded.runners["macos"].label is None  # an override: the rest is built in
    core = loaded.crates["do-memory-core"]
    assert core.cost == Cost(build_gb=3.0, build_min=6.0, test_min=4.0)
    assert "do-memory-core" in core.dev_deps  # a self dev-dependency is fine


def test_minimal_golden_manifest_loads_with_defaults() -> None:
    loaded = load(GOLDEN / "minimal" / "ci.toml")
    assert loaded == Manifest(crates={"tinyjson": Crate(path=".")})


def test_defaults_apply_to_a_crate_with_only_a_path(manifest: ManifestFactory) -> None:
    loaded = load(manifest('[crates.a]\npath = "a"\n'))
    crate = loaded.crates["a"]
    assert crate.role == "tested"
    assert crate.deps == crate.dev_deps == crate.features == ()
    assert crate.doc_tests is True
    assert (crate.cost.build_gb, crate.cost.build_min, crate.cost.test_min) == (1.0, 2.0, 1.0)
    assert loaded.workspace.toolchain == "stable"
    assert loaded.workspace.default_branch == "main"
    assert loaded.matrix.os == ("ubuntu",)
    assert loaded.matrix.msrv == "check"
    assert (loaded.budgets.disk, loaded.budgets.job_minutes, loaded.budgets.cache_gb) == (
        0.70,
        30.0,
        10.0,
    )
    assert loaded.feature_sets == {}
    assert loaded.gate.clippy_args == ("--all-targets",)


def test_integers_are_read_as_floats_where_numbers_are_expected(
    manifest: ManifestFactory,
) -> None:
    loaded = load(
        manifest(
            """
            [crates.a]
            path = "a"
            cost = { build-gb = 3, build-min = 6 }
            """
        )
    )
    cost = loaded.crates["a"].cost
    assert (cost, type(cost.build_gb)) == (Cost(build_gb=3.0, build_min=6.0), float)


# --- no traceback, whatever the manifest ----------------------------------------------------

KEYS = [
    *("workspace", "crates", "feature-sets", "matrix", "runners", "budgets", "profile"),
    *("gate", "pins", "a", "b", "path", "deps", "dev-deps", "features", "role", "cost"),
    *("build-gb", "crates", "skip", "toolchain", "msrv", "os", "full", "smoke", "extends"),
    *("label", "free-gb", "cores", "fast", "gb", "disk", "job-minutes", "sha", "ubuntu"),
]
SCALARS = st.one_of(
    st.booleans(),
    st.integers(-3, 500),
    st.floats(allow_nan=True),
    st.sampled_from(KEYS),
    st.text(max_size=4),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6))
def test_any_toml_document_loads_or_raises_manifest_error(document: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ci.toml"
        path.write_text(tomlkit.dumps(document), encoding="utf-8")
        try:
            loaded = load(path)
        except ManifestError as exc:
            assert exc.issues
            assert all(line.startswith("ci.toml: ") for line in exc.lines())
        else:
            assert loaded.crates
            costs = [c.cost for c in loaded.crates.values()]
            assert all(math.isfinite(x) for c in costs for x in (c.build_gb, c.test_min))


# --- the command line -----------------------------------------------------------------------

BAD = """
    [crates.a]
    path = "a"
    role = "lib"
    [matrix]
    os = ["macoss"]
    """


def _bad_lines(path: Path) -> str:
    return (
        f"{path}: crates.a.role: expected one of 'tested', 'bench', 'example', 'support', "
        f"got a string 'lib'\n"
        f"{path}: matrix.os[0]: unknown runner profile 'macoss' (did you mean 'macos'?)\n"
    )


@pytest.mark.parametrize("command", [["plan"], ["plan", "--json"], ["render"], ["check"]])
def test_cli_bad_manifest_exits_2_with_the_lines_on_stderr(
    manifest: ManifestFactory, command: list[str]
) -> None:
    path = manifest(BAD)
    result = CliRunner().invoke(app, [*command, "--manifest", str(path)])
    assert result.exit_code == 2
    assert result.stderr == _bad_lines(path)
    assert result.stdout == ""
    assert not (path.parent / ".github").exists()


def test_cli_syntax_error_exits_2(manifest: ManifestFactory) -> None:
    path = manifest('[crates.a]\npath = "a"\nrole = = "bench"\n')
    result = CliRunner().invoke(app, ["plan", "--manifest", str(path)])
    assert (result.exit_code, result.stderr) == (2, f"{path}:3:8: {EXPECTED_VALUE}\n")


def test_cli_missing_manifest_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    result = CliRunner().invoke(app, ["check", "--manifest", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"{path}: no such file (`ci-gen init` writes one; --manifest points elsewhere)\n",
    )


@pytest.mark.parametrize("command", ["plan", "render", "check"])
def test_cli_subprocess_shows_no_traceback(
    manifest: ManifestFactory, tmp_path: Path, command: str
) -> None:
    path = manifest(BAD)
    result = subprocess.run(
        [sys.executable, "-m", "ci_gen", "--debug", command, "--manifest", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == _bad_lines(path)
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "text",
    [
        b'[crates.a]\npath = "a"\ncost = { build-gb = 1, build-gb = 2 }\n',
        b'[crates.a]\npath = "a"\ncost = { build-gb = nan }\n',
        b'[workspace]\nmsrv = "\xff"\n',
    ],
    ids=["inline-duplicate", "nan", "latin-1"],
)
def test_cli_exits_2_for_duplicate_key_nan_and_bad_encoding(tmp_path: Path, text: bytes) -> None:
    path = tmp_path / "ci.toml"
    path.write_bytes(text)
    result = CliRunner().invoke(app, ["plan", "--manifest", str(path)])
    assert result.exit_code == 2, result.stderr
    assert "unexpected error" not in result.stderr
    assert result.stderr.startswith(f"{path}: ")
