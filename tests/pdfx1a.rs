//! The PDF/X-1a:2003 profile (`--variant pdfx-1a`), checked against ISO 15930-4:2003 by parsing
//! the files: PDF 1.4, the X-1a identification, an output intent, CMYK and spot colour only, no
//! transparency, fonts embedded, trim and bleed boxes.

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Document, Object};
use presskit::{BuildError, BuildOptions, Variant};

mod common;
use common::pdf::{info, output_intent, output_profile, xmp_packet};
use common::{copy_dir, kit_dir_options, root};

fn options(kit: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        variants: vec![Variant::PrintX1a],
        dump: false,
        report: None,
        ..kit_dir_options(kit, out)
    }
}

/// The sample kit with every portrait replaced by its one CMYK portrait.
fn cmyk_kit(dir: &Path) -> PathBuf {
    let kit = dir.join("kit");
    copy_dir(&root().join("kits/japan-hk-forum"), &kit);
    let cmyk = kit.join("photos/matsuo.jpg");
    for name in ["cheong", "hara", "miura", "wong"] {
        std::fs::copy(&cmyk, kit.join(format!("photos/{name}.jpg"))).unwrap();
    }
    kit
}

fn text(doc: &Document, dict: &lopdf::Dictionary, key: &[u8]) -> String {
    let value = doc.dereference(dict.get(key).unwrap()).unwrap().1;
    lopdf::decode_text_string(value).unwrap()
}

/// Names used anywhere in the file, as (key, value) pairs of dictionaries and array items.
fn all_names(doc: &Document) -> Vec<Vec<u8>> {
    fn walk(obj: &Object, out: &mut Vec<Vec<u8>>) {
        match obj {
            Object::Name(n) => out.push(n.clone()),
            Object::Array(items) => items.iter().for_each(|o| walk(o, out)),
            Object::Dictionary(d) => d.iter().for_each(|(k, v)| {
                out.push(k.clone());
                walk(v, out);
            }),
            Object::Stream(s) => s.dict.iter().for_each(|(k, v)| {
                out.push(k.clone());
                walk(v, out);
            }),
            _ => {}
        }
    }
    let mut out = vec![];
    doc.objects.values().for_each(|o| walk(o, &mut out));
    out
}

#[test]
fn pdfx1a_files_meet_iso_15930_4() {
    let dir = tempfile::tempdir().unwrap();
    let kit = cmyk_kit(dir.path());
    let out = dir.path().join("out");
    let report = presskit::build(&options(&kit, &out), &|_| {}).expect("CMYK kit builds");
    assert_eq!(report.outputs.len(), 4);
    let profile = std::fs::read(root().join("layouts/icc/presskit-fogra39.icc")).unwrap();
    for output in &report.outputs {
        let path = &output.path;
        let name = path.display();
        assert!(path.to_string_lossy().ends_with("-print-x1a.pdf"));
        let bytes = std::fs::read(path).unwrap();
        // §6.1: a PDF 1.4 file (PDF/X-1a:2003 is based on PDF 1.4).
        assert!(bytes.starts_with(b"%PDF-1.4"), "{name}: header");
        let doc = Document::load_mem(&bytes).unwrap();
        // §6.7.5: identification in the document information dictionary.
        let info = info(&doc);
        assert_eq!(text(&doc, info, b"GTS_PDFXVersion"), "PDF/X-1:2003");
        assert_eq!(text(&doc, info, b"GTS_PDFXConformance"), "PDF/X-1a:2003");
        assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
        assert!(info.get(b"CreationDate").is_ok() && info.get(b"ModDate").is_ok());
        assert!(doc.trailer.get(b"ID").is_ok(), "{name}: no ID");
        // §6.2.2: one GTS_PDFX output intent with its profile.
        let intent = output_intent(&doc);
        assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
        assert_eq!(output_profile(&doc, intent), profile);
        // §6.7.5 via Adobe's PDF/X schema, as PDF/X-1a:2003 writers declare it (PDF/X-4's
        // `pdfxid` schema did not exist then).
        let xmp = String::from_utf8_lossy(&xmp_packet(&doc)).to_string();
        assert!(
            xmp.contains(r#"xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/""#)
                && xmp.contains("<pdfx:GTS_PDFXVersion>PDF/X-1:2003</pdfx:GTS_PDFXVersion>")
                && xmp
                    .contains("<pdfx:GTS_PDFXConformance>PDF/X-1a:2003</pdfx:GTS_PDFXConformance>")
                && !xmp.contains("pdfxid"),
            "{name}: XMP\n{xmp}"
        );
        // §6.2.3: colour is DeviceCMYK, DeviceGray or Separation/DeviceN only; §6.3: no
        // transparency (no soft masks, transparency groups, blend modes or constant alpha).
        let names = all_names(&doc);
        for forbidden in [
            &b"ICCBased"[..],
            b"DeviceRGB",
            b"CalRGB",
            b"Lab",
            b"SMask",
            b"Transparency",
            b"BM",
            b"CA",
            b"ca",
        ] {
            assert!(
                !names.iter().any(|n| n == forbidden),
                "{name}: /{} present",
                String::from_utf8_lossy(forbidden)
            );
        }
        for (_, page) in doc.get_pages() {
            let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
            for op in &content.operations {
                assert!(
                    !matches!(op.operator.as_str(), "rg" | "RG" | "sh"),
                    "{name}: {} operator",
                    op.operator
                );
            }
            // §6.4: every page has a TrimBox (and a BleedBox, for the 3 mm bleed).
            let dict = doc.get_dictionary(page).unwrap();
            assert!(dict.get(b"TrimBox").is_ok() && dict.get(b"BleedBox").is_ok());
            assert!(dict.get(b"Annots").is_err(), "{name}: annotations");
        }
        // §6.3.5: every font embedded.
        for font in doc.objects.values().filter_map(|o| o.as_dict().ok()) {
            if font.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"FontDescriptor") {
                assert!(
                    font.get(b"FontFile2").is_ok()
                        || font.get(b"FontFile3").is_ok()
                        || font.get(b"FontFile").is_ok(),
                    "{name}: font not embedded"
                );
            }
        }
        let catalog = doc.catalog().unwrap();
        assert!(catalog.get(b"AcroForm").is_err() && catalog.get(b"Names").is_err());
    }
    // Adobe's XMP toolkit reads the identification back, when installed (.ci/run installs it).
    let exempi = Command::new("sh")
        .args(["-c", "command -v exempi"])
        .output();
    if exempi.is_ok_and(|o| o.status.success()) {
        for output in &report.outputs {
            let out = Command::new("exempi")
                .arg("-x")
                .arg(&output.path)
                .output()
                .unwrap();
            let xmp = String::from_utf8(out.stdout).unwrap();
            assert!(
                xmp.contains("<pdfx:GTS_PDFXVersion>PDF/X-1:2003</pdfx:GTS_PDFXVersion>")
                    && xmp.contains(
                        "<pdfx:GTS_PDFXConformance>PDF/X-1a:2003</pdfx:GTS_PDFXConformance>"
                    )
                    && xmp.contains("<pdf:PDFVersion>1.4</pdf:PDFVersion>"),
                "{}: XMP\n{xmp}",
                output.path.display()
            );
        }
    } else {
        eprintln!("\n!!! SKIPPED: exempi (Adobe XMP toolkit) is not installed !!!\n");
    }
}

#[test]
fn pdfx1a_refuses_rgb_photos_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let kit = root().join("kits/japan-hk-forum");
    let Err(BuildError::Kit(errors)) = presskit::build(&options(&kit, &out), &|_| {}) else {
        panic!("an RGB photo in PDF/X-1a must be a kit error");
    };
    // Reported once, though every language meets it.
    assert_eq!(errors.len(), 1, "{errors:?}");
    let message = errors[0].to_string();
    assert!(
        message.contains("photos/") && message.contains("CMYK photos only"),
        "{message}"
    );
    assert!(!out.exists(), "no partial output");
}
