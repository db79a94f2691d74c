//! Output profiles: everything a PDF standard decides about the file, as one value.
//!
//! The writer reads only the profile, never the variant's name, so a new standard is a new
//! profile (and its tests): its version, colour model, PDF/X identification, page boxes and
//! marks, links, tagging and validators, and what it does with photos.

use krilla::PdfxXmpNamespace;
use krilla::configure::{Accessibility, Archival, PdfVersion};

/// How the file's own colours (text, fills, rules) are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColourModel {
    /// DeviceCMYK, the output intent's space.
    Cmyk,
    /// RGB, converted from the layout's CMYK the way viewers show DeviceCMYK.
    Rgb,
}

/// What happens to a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImagePolicy {
    /// The JPEG as supplied; RGB photos are tagged with sRGB (ICCBased), CMYK ones stay
    /// DeviceCMYK.
    Original,
    /// The JPEG as supplied if it is CMYK; an RGB photo is a kit error, since the standard allows
    /// no ICC-based or RGB colour and presskit does not separate photos.
    CmykOnly,
    /// sRGB, downsampled to screen resolution where larger.
    Screen,
}

/// The PDF/X identification a profile writes (Info keys, XMP and output intent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pdfx {
    /// `GTS_PDFXVersion`.
    pub version: &'static str,
    /// `GTS_PDFXConformance`, which PDF/X-1a:2003 needs beside the version.
    pub conformance: Option<&'static str>,
    /// The XMP namespace of the identification: PDF/X-4 has its own `pdfxid` schema;
    /// PDF/X-1a:2003 writers use Adobe's `pdfx` one.
    pub xmp_namespace: PdfxXmpNamespace,
}

/// One kind of PDF presskit writes.
#[derive(Debug, Clone, Copy)]
pub struct Profile {
    /// In file names and messages.
    pub name: &'static str,
    /// The standards the file claims.
    pub standard: &'static str,
    /// PDF version krilla writes.
    pub version: PdfVersion,
    /// Colours of text and vectors.
    pub colour: ColourModel,
    /// PDF/X identification and output intent, for print standards.
    pub pdfx: Option<Pdfx>,
    /// TrimBox and BleedBox, with crop marks and the slug line outside the bleed.
    pub print_marks: bool,
    /// Link annotations (PDF/X keeps annotations out of the printed area).
    pub links: bool,
    /// PDF/A level krilla validates, if any.
    pub archival: Option<Archival>,
    /// PDF/UA level krilla validates, if any.
    pub accessibility: Option<Accessibility>,
    /// Photos.
    pub images: ImagePolicy,
}

/// PDF/X-4 (ISO 15930-7:2010): the print shop's file. Tagged like the screen file: the
/// structure costs little, and the /ActualText clusters that keep copied CJK text free of
/// spurious spaces are marked content.
pub const PDFX_4: Profile = Profile {
    name: "print",
    standard: "PDF/X-4",
    version: PdfVersion::Pdf16,
    colour: ColourModel::Cmyk,
    pdfx: Some(Pdfx {
        version: "PDF/X-4",
        conformance: None,
        xmp_namespace: PdfxXmpNamespace::PdfxId,
    }),
    print_marks: true,
    links: false,
    archival: None,
    accessibility: None,
    images: ImagePolicy::Original,
};

/// PDF/X-1a:2003 (ISO 15930-4:2003): PDF 1.4, CMYK and spot colour only, no transparency,
/// fonts embedded. Many print shops still ask for it.
pub const PDFX_1A: Profile = Profile {
    name: "print-x1a",
    standard: "PDF/X-1a:2003",
    version: PdfVersion::Pdf14,
    colour: ColourModel::Cmyk,
    pdfx: Some(Pdfx {
        version: "PDF/X-1:2003",
        conformance: Some("PDF/X-1a:2003"),
        xmp_namespace: PdfxXmpNamespace::AdobePdfx,
    }),
    print_marks: true,
    links: false,
    archival: None,
    accessibility: None,
    images: ImagePolicy::CmykOnly,
};

/// PDF/UA-1 and PDF/A-2a for e-mailing journalists: RGB, small, validated by krilla.
pub const SCREEN: Profile = Profile {
    name: "screen",
    standard: "PDF/UA-1, PDF/A-2a",
    version: PdfVersion::Pdf17,
    colour: ColourModel::Rgb,
    pdfx: None,
    print_marks: false,
    links: true,
    archival: Some(Archival::A2_A),
    accessibility: Some(Accessibility::UA1),
    images: ImagePolicy::Screen,
};
