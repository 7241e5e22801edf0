//! Replays the committed cargo-fuzz corpus through the fuzz targets' own bodies, on stable, so
//! that every input that ever found new coverage keeps passing.

use std::path::PathBuf;

#[allow(clippy::unwrap_used)]
fn replay(target: &str, run: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{} panics", path.display());
        count += 1;
    }
    assert!(count >= 50, "{target}: only {count} corpus files");
}

#[test]
fn decrypt_corpus() {
    replay("decrypt", wxopen::fuzzing::decrypt_any);
}

#[test]
fn push_parse_corpus() {
    replay("push_parse", wxopen::fuzzing::parse_any);
}
