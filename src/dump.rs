//! A deterministic text dump of a [`PagedDoc`]: one line per drawn item, for golden tests and
//! `presskit build --dump`.

use std::fmt::Write;

use crate::layout::{Item, Mark, PagedDoc, StructKind};

/// Renders the laid-out pages as text: page headers, then each item with its position (pt).
pub fn dump(doc: &PagedDoc) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "doc {} {} pages={}",
        doc.kit_id,
        doc.lang,
        doc.pages.len()
    );
    for (i, page) in doc.pages.iter().enumerate() {
        let _ = writeln!(out, "page {}", i + 1);
        for item in &page.items {
            match item {
                Item::Text {
                    origin, line, mark, ..
                } => {
                    let role = match mark {
                        Mark::Artifact => "furniture".to_string(),
                        Mark::Content(n) => match doc.structure[*n].kind {
                            StructKind::Heading { level, .. } => format!("h{level}"),
                            _ => "body".to_string(),
                        },
                    };
                    // Letter-spacing a justified line used, in per cent of its letters' advances.
                    let track = match line.tracking {
                        0.0 => String::new(),
                        t => format!(" track={:+.2}%", t * 100.0),
                    };
                    let _ = writeln!(
                        out,
                        "  text {role} x={:.2} y={:.2} w={:.2}{track} {:?}",
                        origin.x.to_pt(),
                        origin.y.to_pt(),
                        line.width.to_pt(),
                        line.text()
                    );
                }
                Item::Image { rect, photo, .. } => {
                    let _ = writeln!(
                        out,
                        "  image x={:.2} y={:.2} w={:.2} h={:.2} {}",
                        rect.origin.x.to_pt(),
                        rect.origin.y.to_pt(),
                        rect.size.width.to_pt(),
                        rect.size.height.to_pt(),
                        photo
                            .path
                            .file_name()
                            .map(|n| n.to_string_lossy())
                            .unwrap_or_default()
                    );
                }
                Item::Fill { rect, .. } => {
                    let _ = writeln!(
                        out,
                        "  fill x={:.2} y={:.2} w={:.2} h={:.2}",
                        rect.origin.x.to_pt(),
                        rect.origin.y.to_pt(),
                        rect.size.width.to_pt(),
                        rect.size.height.to_pt()
                    );
                }
                Item::Rule { from, to, .. } => {
                    let _ = writeln!(
                        out,
                        "  rule {:.2},{:.2} → {:.2},{:.2}",
                        from.x.to_pt(),
                        from.y.to_pt(),
                        to.x.to_pt(),
                        to.y.to_pt()
                    );
                }
            }
        }
        for link in &page.links {
            let _ = writeln!(
                out,
                "  link x={:.2} y={:.2} {}",
                link.rect.origin.x.to_pt(),
                link.rect.origin.y.to_pt(),
                link.target
            );
        }
    }
    for b in &doc.outline {
        let _ = writeln!(
            out,
            "bookmark level={} page={} {:?}",
            b.level,
            b.page + 1,
            b.title
        );
    }
    out
}
