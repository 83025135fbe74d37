//! The language server's answer to a change: from the `didChange` of a 2,000-character draft
//! to the `publishDiagnostics` notification serialized for the client (the rule set is built
//! once, when the document is opened). Run with `cargo bench --bench lsp`.

use std::hint::black_box;
use std::str::FromStr;

use alpost::config::CommandLine;
use alpost::lsp::Server;
use criterion::{Criterion, criterion_group, criterion_main};
use lsp_types::{
    DidChangeTextDocumentParams, DidOpenTextDocumentParams, TextDocumentContentChangeEvent,
    TextDocumentItem, Uri, VersionedTextDocumentIdentifier,
};

/// The example posts one after another (every rule area has something to say about some of
/// them), cut at 2,000 characters.
fn draft() -> String {
    let posts = [
        include_str!("../examples/posts/bozza-con-errori.txt"),
        include_str!("../examples/posts/mercato-natale.txt"),
        include_str!("../examples/posts/allerta-arpa.txt"),
        include_str!("../examples/posts/bozza-evento-sponsor.txt"),
        include_str!("../examples/posts/tweet-troppo-lungo.txt"),
    ];
    // Only the first keeps its front matter: the rest are body text.
    let mut text = posts[0].to_owned();
    for post in posts.iter().cycle().skip(1) {
        let body = post.rsplit("+++\n").next().unwrap_or(post);
        text.push('\n');
        text.push_str(body);
        if text.chars().count() >= 2000 {
            break;
        }
    }
    text.chars().take(2000).collect()
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    // A repository without configuration: discovery stops at its top.
    std::fs::create_dir(dir.path().join(".git")).expect("a repository");
    let path = dir.path().join("bozza.txt");
    let uri =
        Uri::from_str(url::Url::from_file_path(&path).expect("absolute").as_str()).expect("a URI");
    let text = draft();
    assert_eq!(text.chars().count(), 2000);
    let mut server = Server::new(None, CommandLine::default(), dir.path().to_path_buf());
    let opened = server.open(DidOpenTextDocumentParams {
        text_document: TextDocumentItem::new(uri.clone(), "plaintext".into(), 1, text.clone()),
    });
    let shown = opened.first().map_or(0, |p| p.diagnostics.len());
    assert!(shown > 10, "{shown} diagnostics");

    let mut version = 1;
    c.bench_function("lsp/change-2000-chars", |b| {
        b.iter(|| {
            version += 1;
            let change = DidChangeTextDocumentParams {
                text_document: VersionedTextDocumentIdentifier::new(uri.clone(), version),
                content_changes: vec![TextDocumentContentChangeEvent {
                    range: None,
                    range_length: None,
                    text: text.clone(),
                }],
            };
            let published = server.change(change);
            let wire: Vec<String> = published
                .iter()
                .map(|p| serde_json::to_string(p).unwrap_or_default())
                .collect();
            black_box(wire)
        })
    });
}

criterion_group!(lsp, benches);
criterion_main!(lsp);
