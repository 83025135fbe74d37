//! Criterion benchmarks of the content scorer: features of one post, and the two scores of a
//! post, a reply and a listing with the embedded weights, and the reference extractor for
//! comparison. Run with `cargo bench --bench score`.

use std::hint::black_box;

use alpost::score::{embedded, features::features};
use alpost::text::segment::{lexicon, split_tag};
use criterion::{Criterion, criterion_group, criterion_main};

const POST: &str = include_str!("../examples/posts/bozza-con-errori.txt");
const REPLY: &str = include_str!("../examples/replies/risposta-buca.txt");
const LISTING: &str = "Vendesi trilocale in centro, 85 mq, prezzo 99.000 euro trattabili. \
    Ottime condizioni, cantina e box auto. No agenzie. #vendita #casa";

fn benches(c: &mut Criterion) {
    let model = embedded().expect("the committed weights load");
    let lex = lexicon();
    c.bench_function("score/features-post", |b| {
        b.iter(|| black_box(features(black_box(POST), lex)))
    });
    c.bench_function("score/reference-features-post", |b| {
        b.iter(|| black_box(alpost::score::reference::features(black_box(POST), lex)))
    });
    c.bench_function("score/post", |b| {
        b.iter(|| black_box(model.score(black_box(POST))))
    });
    c.bench_function("score/reply", |b| {
        b.iter(|| black_box(model.score(black_box(REPLY))))
    });
    c.bench_function("score/listing", |b| {
        b.iter(|| black_box(model.score(black_box(LISTING))))
    });
    c.bench_function("segment/tag", |b| {
        b.iter(|| black_box(split_tag(black_box("#25settembrevotoLega"))))
    });
    // The embedded weights and words are tables compiled in; these two measure parsing a
    // weights file or word list given at run time, which only tools and tests do.
    c.bench_function("score/load-weights", |b| {
        b.iter(|| {
            black_box(alpost::score::Model::parse(include_str!(
                "../rules/model/content.tsv"
            )))
        })
    });
    c.bench_function("segment/load-words", |b| {
        b.iter(|| {
            black_box(
                alpost::text::segment::Lexicon::parse(include_str!("../rules/words/it.txt")).len(),
            )
        })
    });
}

criterion_group!(score, benches);
criterion_main!(score);
