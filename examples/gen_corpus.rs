//! Writes the benchmark corpus: `cargo run --release --example gen_corpus -- DIR [COUNT] [SEED]`.
//!
//! See `bench/run.sh` and `docs/performance.md`.

#[path = "../bench/corpus_gen.rs"]
mod corpus_gen;

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: gen_corpus DIR [COUNT=10000] [SEED=1]");
        std::process::exit(2);
    };
    let count: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let seed: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut total = 0usize;
    for index in 0..count {
        let generated = corpus_gen::profile(seed, index);
        let path = dir.join(&generated.name);
        if let Some(parent) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                eprintln!("error: {}: {e}", parent.display());
                std::process::exit(2);
            }
        }
        if let Err(e) = std::fs::write(&path, &generated.bytes) {
            eprintln!("error: {}: {e}", path.display());
            std::process::exit(2);
        }
        total += generated.bytes.len();
    }
    println!(
        "wrote {count} profiles ({:.1} MiB, mean {:.1} KiB) to {}",
        total as f64 / 1048576.0,
        total as f64 / count.max(1) as f64 / 1024.0,
        dir.display()
    );
}
