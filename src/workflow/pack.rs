//! Packs for journalists (`presskit build --pack`): per language, `<kit-id>-<lang>.zip` with the
//! screen PDF, the release as plain UTF-8 text, the speakers' photos at full resolution with
//! their credits, and a short README in that language.
//!
//! The archive is deterministic: entries sorted by name, every timestamp the kit's date (or
//! `SOURCE_DATE_EPOCH`), fixed permissions, text deflated at a fixed level and JPEG/PDF stored
//! (they are compressed already), so the same kit gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::diag::{Diagnostic, Diagnostics};
use crate::document::{Block, LangDoc};
use crate::markup::Span;
use crate::pdf::Timestamp;
use crate::spec::Kit;

/// The README's wording per language: title line, what is inside, the credit note.
struct ReadmeText {
    intro: &'static str,
    pdf: &'static str,
    text: &'static str,
    photos: &'static str,
    credits: &'static str,
    contacts: &'static str,
    no_credit: &'static str,
    photo_of: &'static str,
}

const README_EN: ReadmeText = ReadmeText {
    intro: "Press kit",
    pdf: "the press kit as an accessible PDF for reading on screen",
    text: "the release as plain text (UTF-8), for copying quotes",
    photos: "the photos at full resolution",
    credits: "credits and descriptions of the photos",
    contacts: "Media contacts",
    no_credit: "credit not stated in the kit; ask the media contacts",
    photo_of: "Photo",
};
const README_ID: ReadmeText = ReadmeText {
    intro: "Kit media",
    pdf: "kit media dalam PDF yang aksesibel untuk dibaca di layar",
    text: "siaran pers dalam teks biasa (UTF-8), untuk menyalin kutipan",
    photos: "foto dalam resolusi penuh",
    credits: "kredit dan keterangan foto",
    contacts: "Kontak media",
    no_credit: "kredit tidak dicantumkan dalam kit; tanyakan kepada kontak media",
    photo_of: "Foto",
};
const README_JA: ReadmeText = ReadmeText {
    intro: "プレスキット",
    pdf: "画面で読むためのアクセシブルなPDF版プレスキット",
    text: "引用をコピーするためのプレスリリース本文（UTF-8テキスト）",
    photos: "フル解像度の写真",
    credits: "写真のクレジットと説明",
    contacts: "報道関係者のお問い合わせ先",
    no_credit: "クレジットの記載なし。お問い合わせ先にご確認ください",
    photo_of: "写真",
};
const README_ZH_HANT: ReadmeText = ReadmeText {
    intro: "新聞資料套",
    pdf: "供屏幕閱讀的無障礙PDF新聞資料套",
    text: "新聞稿純文字版（UTF-8），方便複製引述",
    photos: "原解像度相片",
    credits: "相片來源及說明",
    contacts: "傳媒查詢",
    no_credit: "資料套未註明相片來源，請向傳媒聯絡人查詢",
    photo_of: "相片",
};
const README_ZH_HANS: ReadmeText = ReadmeText {
    intro: "新闻资料包",
    pdf: "供屏幕阅读的无障碍PDF新闻资料包",
    text: "新闻稿纯文本（UTF-8），便于复制引语",
    photos: "原始分辨率照片",
    credits: "照片来源及说明",
    contacts: "媒体联系人",
    no_credit: "资料包未注明照片来源，请向媒体联系人询问",
    photo_of: "照片",
};
const README_KO: ReadmeText = ReadmeText {
    intro: "프레스 키트",
    pdf: "화면에서 읽을 수 있는 접근성 PDF 프레스 키트",
    text: "인용문을 복사할 수 있는 보도자료 일반 텍스트(UTF-8)",
    photos: "원본 해상도 사진",
    credits: "사진 출처와 설명",
    contacts: "언론 문의",
    no_credit: "키트에 출처가 명시되지 않음. 언론 담당자에게 문의하십시오",
    photo_of: "사진",
};
const README_VI: ReadmeText = ReadmeText {
    intro: "Bộ tài liệu báo chí",
    pdf: "bộ tài liệu báo chí dạng PDF dễ tiếp cận để đọc trên màn hình",
    text: "thông cáo báo chí dạng văn bản thuần (UTF-8) để sao chép trích dẫn",
    photos: "ảnh ở độ phân giải đầy đủ",
    credits: "nguồn và mô tả ảnh",
    contacts: "Liên hệ báo chí",
    no_credit: "bộ tài liệu không ghi nguồn ảnh; vui lòng hỏi người liên hệ báo chí",
    photo_of: "Ảnh",
};

/// The README wording for a BCP 47 tag, English when presskit has none.
fn readme_text(lang: &str) -> &'static ReadmeText {
    let lower = lang.to_ascii_lowercase();
    let mut subtags = lower.split('-');
    match subtags.next().unwrap_or_default() {
        "id" | "ms" => &README_ID,
        "ja" => &README_JA,
        "ko" => &README_KO,
        "vi" => &README_VI,
        "zh" => {
            let rest: Vec<&str> = subtags.collect();
            let traditional = rest.contains(&"hant")
                || (!rest.contains(&"hans") && ["hk", "tw", "mo"].iter().any(|r| rest.contains(r)));
            if traditional {
                &README_ZH_HANT
            } else {
                &README_ZH_HANS
            }
        }
        _ => &README_EN,
    }
}

/// Writes `<kit-id>-<lang>.zip` beside each screen PDF the build wrote; returns the paths.
pub fn write_packs(
    options: &crate::BuildOptions,
    built: &crate::BuildReport,
) -> Result<Vec<std::path::PathBuf>, crate::BuildError> {
    use crate::BuildError;
    let spec_options = crate::spec::SpecOptions {
        layouts_dir: options.resources.join("layouts"),
        layout_override: options.layout.clone(),
    };
    let kit = crate::spec::load(&options.kit_dir, &spec_options).map_err(BuildError::Kit)?;
    let time = crate::timestamp(&kit, options.source_date_epoch);
    let mut written = vec![];
    for output in built
        .outputs
        .iter()
        .filter(|o| o.variant == crate::Variant::Screen)
    {
        let pdf = std::fs::read(&output.path).map_err(|err| {
            BuildError::Internal(vec![Diagnostic::bare(format!(
                "failed to read {} ({err})",
                output.path.display()
            ))])
        })?;
        let doc = crate::document::build(&kit, &output.lang).map_err(BuildError::Kit)?;
        let bytes = pack(&kit, &doc, &pdf, time).map_err(BuildError::Internal)?;
        let path = options
            .out_dir
            .join(format!("{}-{}.zip", kit.id, output.lang));
        crate::output::write_atomically(&path, &bytes).map_err(BuildError::Internal)?;
        written.push(path);
    }
    Ok(written)
}

/// Builds one language's pack in memory.
pub fn pack(
    kit: &Kit,
    doc: &LangDoc,
    screen_pdf: &[u8],
    time: Timestamp,
) -> Result<Vec<u8>, Diagnostics> {
    let lang = &doc.lang;
    let words = readme_text(lang);
    let pdf_name = format!("{}-{lang}.pdf", kit.id);
    let text_name = format!("{}-{lang}.txt", kit.id);

    let mut entries: Vec<(String, Vec<u8>)> = vec![
        (pdf_name.clone(), screen_pdf.to_vec()),
        (text_name.clone(), plain_text(doc).into_bytes()),
    ];
    let mut credits = String::new();
    for speaker in &kit.speakers {
        // A speaker without a photo has nothing to credit.
        let Some(crate::spec::Portrait { photo, alt }) = &speaker.portrait else {
            continue;
        };
        let file = photo
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| format!("{}.jpg", speaker.key));
        let name = format!("photos/{file}");
        if entries.iter().any(|e| e.0 == name) {
            continue;
        }
        let credit = photo_credit(&photo.data.bytes)
            .map(|c| format!("© {c}"))
            .unwrap_or_else(|| words.no_credit.to_string());
        credits.push_str(&format!(
            "{name} ({} × {} px)\n  {}: {} — {}\n  {}\n  {credit}\n\n",
            photo.width,
            photo.height,
            words.photo_of,
            speaker.name.get(lang),
            speaker.role.get(lang),
            alt.get(lang),
        ));
        entries.push((name, photo.data.bytes.clone()));
    }
    let has_photos = !credits.is_empty();
    if has_photos {
        entries.push(("photos/CREDITS.txt".into(), credits.into_bytes()));
    }
    let mut readme = format!("{} — {}\n\n", words.intro, doc.title);
    readme.push_str(&format!(
        "{pdf_name}\n  {}\n{text_name}\n  {}\n",
        words.pdf, words.text
    ));
    if has_photos {
        readme.push_str(&format!(
            "photos/\n  {}\nphotos/CREDITS.txt\n  {}\n",
            words.photos, words.credits
        ));
    }
    let contacts: Vec<String> = kit
        .contacts
        .iter()
        .map(|c| {
            let mut line = format!("  {}", c.name.get(lang));
            let phones = c.phones.iter().map(|p| p.display.as_str());
            for part in c.email.as_deref().into_iter().chain(phones) {
                line.push_str(&format!(", {part}"));
            }
            line
        })
        .collect();
    if !contacts.is_empty() {
        readme.push_str(&format!("\n{}:\n{}\n", words.contacts, contacts.join("\n")));
    }
    entries.push(("README.txt".into(), readme.into_bytes()));
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    write_zip(&entries, time)
}

/// Writes the entries into a zip with fixed metadata.
fn write_zip(entries: &[(String, Vec<u8>)], time: Timestamp) -> Result<Vec<u8>, Diagnostics> {
    let fail = |err: &dyn std::fmt::Display| {
        vec![Diagnostic::bare(format!(
            "failed to write the pack ({err})"
        ))]
    };
    // Zip dates start in 1980; a kit dated earlier is stamped 1980-01-01.
    let stamp = DateTime::from_date_and_time(
        time.year,
        time.month,
        time.day,
        time.hour,
        time.minute,
        time.second,
    )
    .unwrap_or_default();
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let stored = name.ends_with(".pdf") || name.ends_with(".jpg") || name.ends_with(".jpeg");
        let options = SimpleFileOptions::default()
            .last_modified_time(stamp)
            .unix_permissions(0o644)
            .compression_method(if stored {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            })
            .compression_level(if stored { None } else { Some(6) });
        zip.start_file(name.as_str(), options)
            .map_err(|e| fail(&e))?;
        zip.write_all(bytes).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

/// The credit a photo carries in its EXIF `Copyright` or `Artist` field.
fn photo_credit(jpeg: &[u8]) -> Option<String> {
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(jpeg))
        .ok()?;
    let text = |tag| -> Option<String> {
        let field = exif.get_field(tag, exif::In::PRIMARY)?;
        match &field.value {
            exif::Value::Ascii(parts) => {
                let s: Vec<String> = parts
                    .iter()
                    .map(|p| String::from_utf8_lossy(p).trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect();
                (!s.is_empty()).then(|| s.join(" "))
            }
            _ => None,
        }
    };
    text(exif::Tag::Copyright).or_else(|| text(exif::Tag::Artist))
}

/// The document as plain text in reading order: what a journalist pastes into an article.
pub fn plain_text(doc: &LangDoc) -> String {
    let spans = |spans: &[Span]| spans.iter().map(|s| s.text.as_str()).collect::<String>();
    let mut out = String::new();
    let para = |out: &mut String, text: &str| {
        let text = text.trim();
        if !text.is_empty() {
            out.push_str(text);
            out.push_str("\n\n");
        }
    };
    for block in &doc.blocks {
        match block {
            Block::Cover(cover) => {
                para(&mut out, &cover.flag);
                para(&mut out, &cover.headline);
                if let Some(sub) = &cover.subhead {
                    para(&mut out, sub);
                }
                para(&mut out, &cover.dateline);
                if !cover.organisers.is_empty() {
                    para(
                        &mut out,
                        &format!(
                            "{}{}",
                            cover
                                .organisers_label
                                .as_deref()
                                .map(|l| format!("{}\n", l.trim_end()))
                                .unwrap_or_default(),
                            cover.organisers.join("\n")
                        ),
                    );
                }
            }
            Block::Heading { spans: s, .. } => para(&mut out, &spans(s)),
            Block::Paragraph { spans: s, kind, .. } => {
                let text = spans(s);
                match kind {
                    crate::document::ParaKind::Item { marker, depth } => {
                        let indent = "  ".repeat(*depth as usize);
                        para(&mut out, &format!("{indent}{marker} {}", text.trim()));
                    }
                    crate::document::ParaKind::Quote => {
                        para(&mut out, &format!("> {}", text.trim()))
                    }
                    _ => para(&mut out, &text),
                }
            }
            Block::Speaker(card) => para(
                &mut out,
                &format!(
                    "{}\n{}\n{}",
                    card.name,
                    card.role,
                    card.bio
                        .iter()
                        .map(|p| spans(p))
                        .collect::<Vec<_>>()
                        .join("\n\n")
                ),
            ),
            Block::Table(table) => {
                let mut t = format!("{}\n", table.caption);
                t.push_str(
                    &table
                        .columns
                        .iter()
                        .map(|c| c.label.as_str())
                        .collect::<Vec<_>>()
                        .join(" | "),
                );
                for row in &table.rows {
                    t.push('\n');
                    let cells: Vec<String> = row
                        .iter()
                        .map(|cell| {
                            let paragraphs: Vec<String> =
                                cell.paragraphs.iter().map(|p| spans(p)).collect();
                            paragraphs.join(" / ")
                        })
                        .collect();
                    t.push_str(&cells.join(" | "));
                }
                para(&mut out, &t);
            }
            Block::Figures { items, .. } => {
                let lines: Vec<String> = items
                    .iter()
                    .map(|f| format!("{} — {}", f.value, f.label))
                    .collect();
                para(&mut out, &lines.join("\n"));
            }
            Block::Contacts { entries, .. } => {
                for e in entries {
                    let mut lines = vec![e.name.clone()];
                    lines.extend(e.role.clone());
                    lines.extend(e.organisation.clone());
                    for line in &e.lines {
                        lines.push(format!("{}{}", line.label, line.value));
                    }
                    para(&mut out, &lines.join("\n"));
                }
            }
            Block::EndMark(mark) => para(&mut out, mark),
        }
    }
    let mut out = out.trim_end().to_string();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG holding only an EXIF segment with one ASCII tag (TIFF 6.0 layout, little-endian).
    fn jpeg_with_exif_tag(tag: u16, text: &str) -> Vec<u8> {
        let mut value = text.as_bytes().to_vec();
        value.push(0);
        let mut tiff = b"II*\0".to_vec();
        tiff.extend(8u32.to_le_bytes()); // IFD0 at offset 8
        tiff.extend(1u16.to_le_bytes()); // one entry
        tiff.extend(tag.to_le_bytes());
        tiff.extend(2u16.to_le_bytes()); // ASCII
        tiff.extend((value.len() as u32).to_le_bytes());
        tiff.extend(26u32.to_le_bytes()); // value after the IFD: 8 + 2 + 12 + 4
        tiff.extend(0u32.to_le_bytes()); // no next IFD
        tiff.extend(value);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
        jpeg.extend(((app1.len() + 2) as u16).to_be_bytes());
        jpeg.extend(app1);
        jpeg.extend([0xFF, 0xD9]);
        jpeg
    }

    #[test]
    fn photo_credit_comes_from_exif_copyright_then_artist() {
        assert_eq!(
            photo_credit(&jpeg_with_exif_tag(0x8298, "Jane Doe / Example Agency")).as_deref(),
            Some("Jane Doe / Example Agency")
        );
        assert_eq!(
            photo_credit(&jpeg_with_exif_tag(0x013B, "Jane Doe")).as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(photo_credit(&[0xFF, 0xD8, 0xFF, 0xD9]), None);
    }

    #[test]
    fn readme_language_falls_back_by_script_then_to_english() {
        assert_eq!(readme_text("zh-Hant-HK").intro, "新聞資料套");
        assert_eq!(readme_text("zh-TW").intro, "新聞資料套");
        assert_eq!(readme_text("zh-Hans").intro, "新闻资料包");
        assert_eq!(readme_text("zh").intro, "新闻资料包");
        assert_eq!(readme_text("ko-KR").intro, "프레스 키트");
        assert_eq!(readme_text("el").intro, "Press kit");
    }
}
