//! Reading the PDFs a build writes, for the checks several test binaries make alike: objects
//! behind references, the identification dictionaries, page boxes, fonts, links, images
//! (`pdfimages`), copied text (`pdftotext`), and the layout dump's text lines.

use std::path::Path;
use std::process::Command;

use lopdf::{Dictionary, Document, Object};

/// `obj`, with a reference followed to the object it names.
pub fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).expect("reference resolves").1
}

/// `obj` (or the object it refers to) as a dictionary.
pub fn dict<'a>(doc: &'a Document, obj: &'a Object) -> &'a Dictionary {
    resolve(doc, obj).as_dict().expect("a dictionary")
}

/// The catalog's `key` entry as a dictionary (/MarkInfo, /StructTreeRoot, /Outlines, …).
pub fn catalog_dict<'a>(doc: &'a Document, key: &[u8]) -> &'a Dictionary {
    let catalog = doc.catalog().expect("catalog");
    dict(doc, catalog.get(key).expect("catalog entry"))
}

/// The document information dictionary (/Info in the trailer).
pub fn info(doc: &Document) -> &Dictionary {
    dict(doc, doc.trailer.get(b"Info").expect("trailer /Info"))
}

/// The catalog's XMP metadata packet as stored.
pub fn xmp_packet(doc: &Document) -> Vec<u8> {
    let catalog = doc.catalog().expect("catalog");
    let stream = resolve(doc, catalog.get(b"Metadata").expect("/Metadata"))
        .as_stream()
        .expect("a stream");
    stream.content.clone()
}

/// The file's one output intent (PDF/X: ISO 15930-4 §6.2.2, ISO 15930-7 §6.2.3), checked to be
/// the only one.
pub fn output_intent(doc: &Document) -> &Dictionary {
    let catalog = doc.catalog().expect("catalog");
    let intents = resolve(doc, catalog.get(b"OutputIntents").expect("/OutputIntents"))
        .as_array()
        .expect("an array");
    assert_eq!(intents.len(), 1, "output intents");
    dict(doc, &intents[0])
}

/// The output intent's /DestOutputProfile, decompressed: the ICC profile bytes.
pub fn output_profile(doc: &Document, intent: &Dictionary) -> Vec<u8> {
    let profile = intent
        .get(b"DestOutputProfile")
        .expect("/DestOutputProfile");
    let stream = resolve(doc, profile).as_stream().expect("a stream");
    stream.decompressed_content().expect("profile decompresses")
}

/// A page's box (`/MediaBox`, `/TrimBox`, `/BleedBox`) as `[x0, y0, x1, y1]` in points.
pub fn rect(doc: &Document, page: &Dictionary, key: &[u8]) -> [f64; 4] {
    let array = resolve(doc, page.get(key).expect("page box"))
        .as_array()
        .expect("an array");
    let mut out = [0.0; 4];
    for (o, v) in out.iter_mut().zip(array) {
        *o = v
            .as_float()
            .map(f64::from)
            .or_else(|_| v.as_i64().map(|i| i as f64))
            .unwrap();
    }
    out
}

/// The /URI of every link annotation, in object order.
pub fn link_uris(doc: &Document) -> Vec<String> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link"))
        .filter_map(|d| d.get(b"A").ok())
        .filter_map(|a| doc.dereference(a).ok()?.1.as_dict().ok()?.get(b"URI").ok())
        .map(|u| String::from_utf8_lossy(u.as_str().unwrap()).to_string())
        .collect()
}

/// Checks that every font is a Type0 font, subset (`ABCDEF+` name prefix) and with a
/// /ToUnicode map, over an embedded CID font (ISO 32000-1 §9.7, §9.9, §9.10); and that there are
/// at least two (Latin and another script). `what` names the file in messages.
pub fn assert_fonts_embedded_subset_with_to_unicode(doc: &Document, what: &str) {
    let mut fonts = 0;
    for dict in doc.objects.values().filter_map(|o| o.as_dict().ok()) {
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font") {
            continue;
        }
        match dict.get(b"Subtype").and_then(Object::as_name).unwrap() {
            b"Type0" => {
                fonts += 1;
                let base = dict.get(b"BaseFont").unwrap().as_name().unwrap();
                assert_eq!(
                    base.get(6),
                    Some(&b'+'),
                    "{what}: {} is not subset",
                    String::from_utf8_lossy(base)
                );
                assert!(dict.get(b"ToUnicode").is_ok(), "{what}: no ToUnicode");
            }
            b"CIDFontType2" | b"CIDFontType0" => {
                let descriptor = self::dict(doc, dict.get(b"FontDescriptor").unwrap());
                assert!(
                    [&b"FontFile2"[..], b"FontFile3", b"FontFile"]
                        .iter()
                        .any(|k| descriptor.get(k).is_ok()),
                    "{what}: font not embedded"
                );
            }
            other => panic!(
                "{what}: unexpected font subtype {}",
                String::from_utf8_lossy(other)
            ),
        }
    }
    assert!(fonts >= 2, "{what}: only {fonts} fonts");
}

/// One `text` line of a layout dump (`--dump`): where it starts, how wide it is, what it says.
pub struct DumpText<'a> {
    /// The left edge, in points.
    pub x: f64,
    /// The width, in points (full advances, a hanging mark's blank included).
    pub w: f64,
    /// The line's text, without its quotes.
    pub text: &'a str,
    /// The whole dump line, for messages.
    pub line: &'a str,
}

/// The `text` lines of a layout dump.
pub fn dump_text_lines(dump: &str) -> impl Iterator<Item = DumpText<'_>> {
    dump.lines()
        .filter(|l| l.trim_start().starts_with("text "))
        .map(|line| {
            let field = |key: &str| -> f64 {
                let start = line.find(key).unwrap() + key.len();
                line[start..].split(' ').next().unwrap().parse().unwrap()
            };
            DumpText {
                x: field(" x="),
                w: field(" w="),
                text: line.rsplit('"').nth(1).unwrap_or(""),
                line,
            }
        })
}

/// One image of a file, as `pdfimages -list` (poppler-utils) lists it.
#[derive(Debug)]
pub struct ImageRow {
    /// `image`, `smask`, `mask` or `stencil`.
    pub kind: String,
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// `rgb`, `cmyk`, `gray`, `icc`, `index`, …
    pub colour: String,
    /// Colour components per pixel.
    pub comps: u32,
    /// The filter: `jpeg`, `image` (Flate), …
    pub enc: String,
    /// Resolution as placed, horizontally, in pixels per inch.
    pub x_ppi: u32,
    /// Resolution as placed, vertically, in pixels per inch.
    pub y_ppi: u32,
}

/// Every image of `pdf`, in `pdfimages -list` order.
pub fn images(pdf: &Path) -> Vec<ImageRow> {
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfimages (poppler-utils)");
    // Two header lines, then: page num type width height color comp bpc enc interp object ID
    // x-ppi y-ppi size ratio.
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            ImageRow {
                kind: c[2].into(),
                width: c[3].parse().unwrap(),
                height: c[4].parse().unwrap(),
                colour: c[5].into(),
                comps: c[6].parse().unwrap(),
                enc: c[8].into(),
                x_ppi: c[12].parse().unwrap(),
                y_ppi: c[13].parse().unwrap(),
            }
        })
        .collect()
}

/// The text poppler's `pdftotext` (poppler-utils) copies out of `pdf`, `args` (e.g. `-layout`)
/// given before the file.
pub fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(out.stdout).unwrap()
}

/// Checks that `qpdf --check` finds no syntax or stream encoding error in `pdf`.
pub fn assert_qpdf_check(pdf: &Path) {
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(pdf)
        .output()
        .expect("qpdf is installed");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("No syntax or stream encoding errors"),
        "{}: qpdf --check failed:\n{stdout}",
        pdf.display()
    );
}
