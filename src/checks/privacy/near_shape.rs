//! The detector shared by identifiers with no check digit (identity documents, plates): a shape
//! that counts only with a context word within `window` words, minus the allow-list.

use super::Shape;

use serde::Deserialize;

use super::context::Near;
use super::{AllowList, candidates, compact};
use crate::checks::{Check, Context, Hit, params};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    context: Vec<String>,
    window: Option<usize>,
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Debug)]
pub struct NearShape {
    shape: &'static Shape,
    context: Near,
    allow: AllowList,
    /// Values of the shape that are never personal (a plate series kept for diplomats).
    reserved: fn(&str) -> bool,
}

impl NearShape {
    pub fn build(
        table: toml::Table,
        shape: &'static Shape,
        default_window: usize,
        reserved: fn(&str) -> bool,
    ) -> Result<Box<dyn Check>, String> {
        let p: Params = params(table)?;
        if p.context.is_empty() {
            return Err("`context` needs at least one phrase".into());
        }
        Ok(Box::new(NearShape {
            shape,
            context: Near::new(&p.context, p.window.unwrap_or(default_window))?,
            allow: AllowList::new(&p.allow, compact),
            reserved,
        }))
    }
}

impl Check for NearShape {
    fn scanned_lists(&mut self) -> Vec<&mut crate::text::phrase::PhraseMatcher> {
        vec![self.context.list()]
    }

    fn run(&self, cx: &Context<'_>, hits: &mut Vec<Hit>) {
        if !self.shape.may_occur(cx.text) {
            return;
        }
        let source = cx.text.source();
        let found = candidates(cx.text, self.shape);
        if found.is_empty() {
            return;
        }
        let context = self.context.find(cx.text);
        for span in found {
            let value = compact(&source[span.clone()]);
            if (self.reserved)(&value)
                || self.allow.contains(&value)
                || !self.context.is_near(cx.text, &context, &span)
            {
                continue;
            }
            let mut hit = Hit::at(span);
            hit.sensitive = true;
            hits.push(hit);
        }
    }
}
