//! In-process benchmark (`cargo bench`): the same generated profiles parsed by roxmltree alone
//! (the floor of the design) and linted with every rule plus JSON rendering. Compare
//! the two throughputs; `bench/run.sh` measures the whole program against xmllint.

#[path = "../bench/corpus_gen.rs"]
mod corpus_gen;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use profile_lint::decode::DecodedText;
use profile_lint::lint::{lint_bytes, LintOptions};
use profile_lint::output::json::JsonStream;

const SAMPLE: u64 = 500;

fn corpus() -> Vec<Vec<u8>> {
    (0..SAMPLE)
        .map(|i| corpus_gen::profile(1, i).bytes)
        .collect()
}

fn total(corpus: &[Vec<u8>]) -> usize {
    corpus.iter().map(Vec::len).sum()
}

fn main() {
    divan::main();
}

/// Decoding plus roxmltree parsing, nothing else: the floor.
#[divan::bench(sample_count = 20)]
fn parse_only(bencher: Bencher) {
    let corpus = corpus();
    bencher.counter(BytesCount::new(total(&corpus))).bench(|| {
        for bytes in &corpus {
            if let Ok(decoded) = DecodedText::decode(bytes) {
                let _ = black_box(roxmltree::Document::parse(&decoded.text).is_ok());
            }
        }
    });
}

/// The whole per-file pipeline: decode, extract, limits, parse, model, all rules, JSON.
#[divan::bench(sample_count = 20)]
fn lint_all_rules_json(bencher: Bencher) {
    let corpus = corpus();
    let options = LintOptions::default();
    bencher.counter(BytesCount::new(total(&corpus))).bench(|| {
        for bytes in &corpus {
            let report = lint_bytes("bench.xml", bytes, &options);
            black_box(JsonStream::entry(&report));
        }
    });
}
