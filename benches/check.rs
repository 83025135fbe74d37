//! Criterion benchmarks of the hot paths: loading the pack, tokenizing a body, checking one
//! draft with the full default pack, and fixing it. Run with `cargo bench --bench check`.

use std::hint::black_box;

use alpost::draft::Draft;
use alpost::lint::{Defaults, lint};
use alpost::text::TextModel;
use criterion::{Criterion, criterion_group, criterion_main};

/// A realistic faulty post: every rule area has something to say about it.
const POST: &str = include_str!("../examples/posts/bozza-con-errori.txt");
/// A realistic clean reply.
const REPLY: &str = include_str!("../examples/replies/risposta-buca.txt");

fn benches(c: &mut Criterion) {
    c.bench_function("pack/load-default", |b| {
        b.iter(|| black_box(alpost::pack::default_rules().expect("pack loads")))
    });

    let draft = Draft::parse("bozza.txt", POST.to_owned()).expect("draft parses");
    c.bench_function("text/tokenize-post", |b| {
        b.iter(|| black_box(TextModel::new(&draft.source, draft.body.clone())))
    });

    let rules = alpost::pack::default_rules().expect("pack loads");
    c.bench_function("check/faulty-post", |b| {
        b.iter(|| {
            let draft = Draft::parse("bozza.txt", POST.to_owned()).expect("draft parses");
            black_box(lint(&draft, &rules, Defaults::default()))
        })
    });
    c.bench_function("check/clean-reply", |b| {
        b.iter(|| {
            let draft = Draft::parse("risposta.txt", REPLY.to_owned()).expect("draft parses");
            black_box(lint(&draft, &rules, Defaults::default()))
        })
    });
    c.bench_function("fix/faulty-post", |b| {
        b.iter(|| {
            black_box(alpost::fix::fix_text(
                "bozza.txt",
                POST.to_owned(),
                &rules,
                Defaults::default(),
            ))
        })
    });
}

criterion_group!(check, benches);
criterion_main!(check);
