"""A real, dependency-free Cargo workspace with the target kinds real projects have."""

from __future__ import annotations

FIXTURE = {
    "Cargo.toml": """
        [workspace]
        members = ["lib-doc", "cdylib-only", "no-doctest", "bin-only", "lib-bins"]
        resolver = "2"

        [workspace.package]
        version = "0.1.0"
        edition = "2021"
        rust-version = "1.70"
        """,
    # A library with doc tests and a feature.
    "lib-doc/Cargo.toml": """
        [package]
        name = "lib-doc"
        version.workspace = true
        edition.workspace = true
        rust-version.workspace = true

        [features]
        extra = []
        """,
    "lib-doc/src/lib.rs": """
        //! Adds numbers.

        /// Adds two numbers.
        ///
        /// ```
        /// assert_eq!(lib_doc::add(2, 2), 4);
        /// ```
        pub fn add(a: u32, b: u32) -> u32 {
            a + b
        }

        /// Only with the `extra` feature.
        ///
        /// ```
        /// # #[cfg(feature = "extra")]
        /// assert_eq!(lib_doc::double(2), 4);
        /// ```
        #[cfg(feature = "extra")]
        pub fn double(a: u32) -> u32 {
            a * 2
        }

        #[cfg(test)]
        mod tests {
            #[test]
            fn adds() {
                assert_eq!(super::add(1, 2), 3);
            }
        }
        """,
    # A cdylib-only library: rustdoc has no doc tests for it.
    "cdylib-only/Cargo.toml": """
        [package]
        name = "cdylib-only"
        version.workspace = true
        edition.workspace = true

        [lib]
        crate-type = ["cdylib"]
        """,
    "cdylib-only/src/lib.rs": """
        /// ```
        /// this is not Rust, and cdylibs have no doc tests
        /// ```
        #[no_mangle]
        pub extern "C" fn answer() -> u32 {
            42
        }

        #[cfg(test)]
        mod tests {
            #[test]
            fn answers() {
                assert_eq!(super::answer(), 42);
            }
        }
        """,
    # doctest = false: its doc comments are not Rust.
    "no-doctest/Cargo.toml": """
        [package]
        name = "no-doctest"
        version.workspace = true
        edition.workspace = true

        [lib]
        doctest = false
        """,
    "no-doctest/src/lib.rs": """
        /// ```
        /// this is prose in a code block, not Rust
        /// ```
        pub fn prose() -> &'static str {
            "prose"
        }
        """,
    # A binary only, with a unit test.
    "bin-only/Cargo.toml": """
        [package]
        name = "bin-only"
        version.workspace = true
        edition.workspace = true
        """,
    "bin-only/src/main.rs": """
        fn main() {
            println!("{}", greeting());
        }

        fn greeting() -> &'static str {
            "hello"
        }

        #[cfg(test)]
        mod tests {
            #[test]
            fn greets() {
                assert_eq!(super::greeting(), "hello");
            }
        }
        """,
    # A library with extra binaries, an example and an integration test.
    "lib-bins/Cargo.toml": """
        [package]
        name = "lib-bins"
        version.workspace = true
        edition.workspace = true

        [dependencies]
        lib-doc = { path = "../lib-doc" }
        """,
    "lib-bins/src/lib.rs": """
        /// Four.
        ///
        /// ```
        /// assert_eq!(lib_bins::four(), 4);
        /// ```
        pub fn four() -> u32 {
            lib_doc::add(2, 2)
        }
        """,
    "lib-bins/src/bin/tool.rs": """
        fn main() {
            println!("{}", lib_bins::four());
        }
        """,
    "lib-bins/examples/demo.rs": """
        fn main() {
            println!("{}", lib_bins::four());
        }
        """,
    "lib-bins/tests/it.rs": """
        #[test]
        fn four_is_four() {
            assert_eq!(lib_bins::four(), 4);
        }
        """,
}
