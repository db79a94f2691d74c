//! Booklet imposition (`presskit build --variant handout --booklet`): the handout's pages, two
//! to a side of an A4 landscape sheet, in saddle-stitch order, for duplex printing flipped on the
//! short edge, folding and stapling.
//!
//! The written PDF is post-imposed with lopdf: each page becomes a Form XObject (its content
//! stream and resources unchanged) drawn scaled onto the sheet, so the pages look exactly as in
//! the handout. Tagging, bookmarks, links and the PDF/A and PDF/UA claims refer to the original
//! pages and are dropped: an imposed sheet is for the printer, not a reader.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use crate::diag::{Diagnostic, Diagnostics};

/// A4 landscape in points (297 × 210 mm).
pub const SHEET: (f64, f64) = (297.0 / 25.4 * 72.0, 210.0 / 25.4 * 72.0);

/// The page numbers (1-based, `None` for a blank) on each side of each sheet, in printing order:
/// for `n` pages padded to `m`, a multiple of 4, sheet 1's front is `[m, 1]`, its back `[2, m-1]`,
/// sheet 2's front `[m-2, 3]`, and so on. Left half first.
pub fn order(pages: usize) -> Vec<[Option<usize>; 2]> {
    let m = pages.div_ceil(4).max(1) * 4;
    let page = |p: usize| (p <= pages).then_some(p);
    let mut sides = vec![];
    for sheet in 0..m / 4 {
        let k = 2 * sheet;
        sides.push([page(m - k), page(1 + k)]);
        sides.push([page(2 + k), page(m - 1 - k)]);
    }
    sides
}

/// Imposes a PDF as a booklet; returns the new file's bytes.
pub fn impose(pdf: &[u8]) -> Result<Vec<u8>, Diagnostics> {
    let fail = |what: String| {
        vec![Diagnostic::bare(format!(
            "failed to impose the booklet ({what})"
        ))]
    };
    let mut doc = Document::load_mem(pdf).map_err(|e| fail(e.to_string()))?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let pages_root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|e| fail(e.to_string()))?;

    // Each page → a Form XObject with its size.
    let mut forms = vec![];
    for &page_id in &pages {
        let page = doc
            .get_dictionary(page_id)
            .map_err(|e| fail(e.to_string()))?;
        let media = media_box(&doc, page).ok_or_else(|| fail("page without a MediaBox".into()))?;
        let resources = page
            .get(b"Resources")
            .cloned()
            .unwrap_or(Object::Dictionary(Dictionary::new()));
        let content = doc.get_page_content(page_id);
        let mut form = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => media.iter().map(|v| Object::Real(*v as f32)).collect::<Vec<_>>(),
                "Resources" => resources,
            },
            content,
        );
        let _ = form.compress();
        let id = doc.add_object(form);
        forms.push((id, media));
    }

    let (sheet_w, sheet_h) = SHEET;
    let half = sheet_w / 2.0;
    let mut kids = vec![];
    for side in order(pages.len()) {
        let mut ops = String::new();
        let mut xobjects = Dictionary::new();
        for (slot, page) in side.iter().enumerate() {
            let Some(p) = page else { continue };
            let (form, media) = forms[p - 1];
            let (w, h) = (media[2] - media[0], media[3] - media[1]);
            let scale = (half / w).min(sheet_h / h);
            let x = slot as f64 * half + (half - w * scale) / 2.0 - media[0] * scale;
            let y = (sheet_h - h * scale) / 2.0 - media[1] * scale;
            let name = format!("P{p}");
            ops.push_str(&format!(
                "q {scale:.5} 0 0 {scale:.5} {x:.3} {y:.3} cm /{name} Do Q\n"
            ));
            xobjects.set(name.into_bytes(), Object::Reference(form));
        }
        let mut content = Stream::new(Dictionary::new(), ops.into_bytes());
        let _ = content.compress();
        let content_id = doc.add_object(content);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_root,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(sheet_w as f32), Object::Real(sheet_h as f32)],
            "Resources" => dictionary! { "XObject" => xobjects },
            "Contents" => content_id,
        });
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    let root = doc
        .get_object_mut(pages_root)
        .and_then(Object::as_dict_mut)
        .map_err(|e| fail(e.to_string()))?;
    root.set("Kids", kids);
    root.set("Count", count);
    root.remove(b"Resources");
    let catalog = doc.catalog_mut().map_err(|e| fail(e.to_string()))?;
    for key in [
        "StructTreeRoot",
        "MarkInfo",
        "Metadata",
        "OutputIntents",
        "Outlines",
        "PageLabels",
        "PageMode",
        "Names",
        "ViewerPreferences",
    ] {
        catalog.remove(key.as_bytes());
    }
    doc.prune_objects();
    let mut out = vec![];
    doc.save_to(&mut out).map_err(|e| fail(e.to_string()))?;
    Ok(out)
}

fn media_box(doc: &Document, page: &Dictionary) -> Option<[f64; 4]> {
    let obj = page.get(b"MediaBox").ok()?;
    let obj = match obj {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        o => o,
    };
    let arr = obj.as_array().ok()?;
    let mut v = [0.0; 4];
    for (i, o) in arr.iter().take(4).enumerate() {
        v[i] = match o {
            Object::Integer(n) => *n as f64,
            Object::Real(r) => *r as f64,
            _ => return None,
        };
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saddle_stitch_order() {
        // Eight pages, two sheets: the order a print shop's imposition chart gives.
        assert_eq!(
            order(8),
            vec![
                [Some(8), Some(1)],
                [Some(2), Some(7)],
                [Some(6), Some(3)],
                [Some(4), Some(5)],
            ]
        );
        // Six pages pad to eight; pages 7 and 8 are blank.
        assert_eq!(order(6)[0], [None, Some(1)]);
        assert_eq!(order(6)[1], [Some(2), None]);
        assert_eq!(order(1), vec![[None, Some(1)], [None, None]]);
    }
}
