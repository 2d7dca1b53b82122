"""Counting what is a test: the attributes and macros real suites use."""

from __future__ import annotations

import pytest

from ci_gen.cargo.sources import count_tests


@pytest.mark.parametrize(
    ("source", "tests"),
    [
        ("#[test]\nfn a() {}", 1),
        ('#[tokio::test]\nasync fn a() {}\n#[tokio::test(flavor = "multi_thread")]', 2),
        ("#[sqlx::test]\n#[test_log::test]\n#[async_std::test]", 3),
        ('#[cargo_test]\nfn a() {}\n#[cargo_test(requires = "git")]\nfn b() {}', 2),
        ("#[wasm_bindgen_test]\n#[my_project_test]\n#[serial_test::serial]", 2),
        ("#[test_case(1)]\n#[test_case(2)]\nfn sq(x: u32) {}", 2),
        ("#[rstest]\n#[case(1)]\n#[case::two(2)]\nfn f(#[case] x: u32) {}", 3),
        ("#[quickcheck]\nfn prop(x: u32) -> bool { true }", 1),
        (
            "proptest! {\n  #[test]\n  fn a(x in 0..9) {}\n  fn b(y in 0..9) { fn helper() {} }\n}",
            2,
        ),
        ("#[test]\nfn a() {}\nproptest! { fn p(x in 0..9) {} }\n#[test]\nfn b() {}", 3),
        ("#[cfg(test)]\nmod tests {}\n#[attestation]\n#[bench]\nfn b() {}", 0),
        ("#[cfg_attr(test, derive(Debug))]\nstruct S;", 0),
    ],
)
def test_what_counts_as_a_test(source: str, tests: int) -> None:
    assert count_tests(source.encode()) == tests
