//! Ends /ActualText spans under the transform their glyphs were drawn with.
//!
//! krilla wraps every drawing call in `q … cm … Q`, so a span around two calls ends after the
//! last `Q`. Poppler (pdftotext, Evince, Okular) places a span's replacement text with the
//! graphics state current at its `EMC`, and with the page transform restored that text lands
//! mirrored on the page, out of reading order. Moving the `EMC` in front of that `Q` is the same
//! marked content to every other reader (ISO 32000-1 §14.6 only requires marked content to nest
//! with `BT`/`ET`, which it still does).

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object};

/// Rewrites every page's content so that spans with /ActualText end before the `Q` that closes
/// their last drawing call.
pub fn end_spans_before_restore(doc: &mut Document) -> Result<(), String> {
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    for page in pages {
        let content = doc.get_page_content(page);
        let content = Content::decode(&content).map_err(|e| e.to_string())?;
        let Some(operations) = reorder(content.operations) else {
            continue;
        };
        let bytes = Content { operations }.encode().map_err(|e| e.to_string())?;
        let ids = doc.get_page_contents(page);
        let [id] = ids[..] else {
            return Err(format!(
                "page has {} content streams, expected one",
                ids.len()
            ));
        };
        let stream = doc
            .get_object_mut(id)
            .and_then(Object::as_stream_mut)
            .map_err(|e| e.to_string())?;
        stream.set_plain_content(bytes);
        stream.compress().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The operations with each /ActualText span's `EMC` moved before a directly preceding `Q`;
/// `None` if nothing moved.
fn reorder(operations: Vec<Operation>) -> Option<Vec<Operation>> {
    let mut out: Vec<Operation> = Vec::with_capacity(operations.len());
    // For each open marked-content sequence: whether it carries /ActualText.
    let mut open: Vec<bool> = vec![];
    let mut moved = false;
    for op in operations {
        match op.operator.as_str() {
            "BDC" => open.push(op.operands.get(1).is_some_and(has_actual_text)),
            "BMC" => open.push(false),
            "EMC"
                if open.pop() == Some(true)
                    && out.last().is_some_and(|last| last.operator == "Q") =>
            {
                let restore = out.pop().expect("checked above");
                out.push(op);
                out.push(restore);
                moved = true;
                continue;
            }
            _ => {}
        }
        out.push(op);
    }
    moved.then_some(out)
}

fn has_actual_text(properties: &Object) -> bool {
    properties.as_dict().is_ok_and(|d| d.has(b"ActualText"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(source: &str) -> Vec<Operation> {
        Content::decode(source.as_bytes()).unwrap().operations
    }

    fn operators(ops: &[Operation]) -> Vec<&str> {
        ops.iter().map(|o| o.operator.as_str()).collect()
    }

    #[test]
    fn actual_text_span_ends_inside_the_last_drawing_call() {
        let source = "/Span <</MCID 1 /ActualText (x)>> BDC q 1 0 0 -1 0 800 cm BT ET Q \
                      q 1 0 0 -1 0 800 cm BT ET Q EMC";
        let out = reorder(ops(source)).expect("the span is moved");
        assert_eq!(
            operators(&out),
            [
                "BDC", "q", "cm", "BT", "ET", "Q", "q", "cm", "BT", "ET", "EMC", "Q"
            ]
        );
    }

    #[test]
    fn other_marked_content_is_left_alone() {
        let source = "/Span <</MCID 1>> BDC q BT ET Q EMC /Artifact BMC q Q EMC";
        assert!(reorder(ops(source)).is_none());
    }
}
