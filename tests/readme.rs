//! The README documents the keys from the same registry the app uses: keep them equal.

use lathe::app::commands::markdown_table;

#[test]
fn readme_key_table_matches_the_registry() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = "<!-- keys:start -->\n";
    let end = "<!-- keys:end -->";
    let a = readme.find(start).expect("README has a keys:start marker") + start.len();
    let b = readme.find(end).expect("README has a keys:end marker");
    let expected = markdown_table();
    assert!(
        readme[a..b] == expected,
        "README key table is stale; replace it with:\n{expected}"
    );
}

#[test]
fn readme_names_the_ci_test_command() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(readme.contains("cargo test"));
    assert!(ci
        .lines()
        .any(|l| l.starts_with("cargo test ") || l.trim() == "cargo test"));
}
