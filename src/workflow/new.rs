//! `presskit new DIR --languages en,ja,…`: a complete, commented example kit that builds at once
//! (cover, release, one speaker with a photo, a fact table, key figures, contacts), written in
//! every requested language presskit has sample text for and in English otherwise.
//!
//! The figures agree across the languages, so `presskit check` on a new kit reports no
//! mismatch; labels for a language presskit has no built-in labels for are written into the
//! kit's `[labels]`, in English to translate.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};

/// The sample texts presskit has, by language.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sample {
    En,
    Id,
    Ja,
    ZhHant,
    ZhHans,
    Ko,
    Vi,
}

fn sample_for(tag: &str) -> Sample {
    let lower = tag.to_ascii_lowercase();
    let mut parts = lower.split('-');
    match parts.next().unwrap_or_default() {
        "id" => Sample::Id,
        "ja" => Sample::Ja,
        "ko" => Sample::Ko,
        "vi" => Sample::Vi,
        "zh" => {
            let rest: Vec<&str> = parts.collect();
            if rest.contains(&"hant")
                || (!rest.contains(&"hans") && ["hk", "tw", "mo"].iter().any(|r| rest.contains(r)))
            {
                Sample::ZhHant
            } else {
                Sample::ZhHans
            }
        }
        _ => Sample::En,
    }
}

/// One text in the seven sample languages: en, id, ja, zh-Hant, zh-Hans, ko, vi.
type Texts = [&'static str; 7];

fn pick(texts: &Texts, sample: Sample) -> &'static str {
    texts[sample as usize]
}

const TITLE: Texts = [
    "Harbour Climate Tech Summit — Press Kit",
    "Kit Media Harbour Climate Tech Summit",
    "ハーバー気候テック・サミット プレスキット",
    "海港氣候科技峰會新聞資料套",
    "海港气候科技峰会新闻资料包",
    "하버 기후테크 서밋 프레스 키트",
    "Bộ tài liệu báo chí Hội nghị Công nghệ Khí hậu Harbour",
];
const EVENT: Texts = [
    "Harbour Climate Tech Summit",
    "Harbour Climate Tech Summit",
    "ハーバー気候テック・サミット",
    "海港氣候科技峰會",
    "海港气候科技峰会",
    "하버 기후테크 서밋",
    "Hội nghị Công nghệ Khí hậu Harbour",
];
const HEADLINE: Texts = [
    "Example Agency opens a fund for climate start-ups at the Harbour Climate Tech Summit",
    "Example Agency membuka dana untuk startup iklim di Harbour Climate Tech Summit",
    "Example Agency、ハーバー気候テック・サミットで気候スタートアップ向けファンドを開設",
    "Example Agency於海港氣候科技峰會推出氣候初創基金",
    "Example Agency在海港气候科技峰会推出气候初创基金",
    "Example Agency, 하버 기후테크 서밋에서 기후 스타트업 펀드 출범",
    "Example Agency ra mắt quỹ cho các công ty khởi nghiệp khí hậu tại Hội nghị Công nghệ Khí hậu Harbour",
];
const SUBHEAD: Texts = [
    "The HK$50 million fund will support 120 start-ups over three years.",
    "Dana senilai HK$50 juta akan mendukung 120 startup selama tiga tahun.",
    "5000万香港ドル規模のファンドで、3年間に120社のスタートアップを支援する。",
    "5,000萬港元的基金將於三年內支援120間初創企業。",
    "5000万港元的基金将在三年内支持120家初创企业。",
    "5000만 홍콩달러 규모의 펀드가 3년간 120개 스타트업을 지원한다.",
    "Quỹ trị giá 50 triệu đô la Hồng Kông sẽ hỗ trợ 120 công ty khởi nghiệp trong ba năm.",
];
const DATELINE: Texts = [
    "HONG KONG",
    "HONG KONG",
    "香港",
    "香港",
    "香港",
    "홍콩",
    "HỒNG KÔNG",
];
const ORGANISER: Texts = [
    "Example Agency",
    "Example Agency",
    "Example Agency",
    "Example Agency",
    "Example Agency",
    "Example Agency",
    "Example Agency",
];
const SPEAKER_NAME: Texts = [
    "Alex Chan",
    "Alex Chan",
    "アレックス・チャン",
    "陳亞歷",
    "陈亚历",
    "알렉스 챈",
    "Alex Chan",
];
const SPEAKER_ROLE: Texts = [
    "Director, Example Agency",
    "Direktur, Example Agency",
    "Example Agency ディレクター",
    "Example Agency總監",
    "Example Agency总监",
    "Example Agency 디렉터",
    "Giám đốc, Example Agency",
];
const SPEAKER_BIO: Texts = [
    "Alex Chan leads Example Agency’s start-up programmes. At the summit Alex announced the HK$50 million fund.",
    "Alex Chan memimpin program startup Example Agency. Di forum ini, Alex mengumumkan dana senilai HK$50 juta.",
    "アレックス・チャン氏はExample Agencyのスタートアップ支援を統括する。サミットで5000万香港ドル規模のファンドを発表した。",
    "陳亞歷負責Example Agency的初創企業計劃，並在峰會上宣布成立5,000萬港元的基金。",
    "陈亚历负责Example Agency的初创企业计划，并在峰会上宣布设立5000万港元的基金。",
    "알렉스 챈은 Example Agency의 스타트업 프로그램을 이끌고 있다. 서밋에서 5000만 홍콩달러 규모의 펀드를 발표했다.",
    "Alex Chan phụ trách các chương trình khởi nghiệp của Example Agency. Tại hội nghị, Alex đã công bố quỹ trị giá 50 triệu đô la Hồng Kông.",
];
const SPEAKER_ALT: Texts = [
    "Placeholder portrait of Alex Chan",
    "Potret placeholder Alex Chan",
    "アレックス・チャン氏の肖像（仮画像）",
    "陳亞歷肖像（示意圖片）",
    "陈亚历肖像（示意图片）",
    "알렉스 챈 초상(임시 이미지)",
    "Ảnh chân dung minh họa của Alex Chan",
];
const CAPTION: Texts = [
    "The fund at a glance",
    "Sekilas tentang dana",
    "ファンドの概要",
    "基金概覽",
    "基金概览",
    "펀드 개요",
    "Tổng quan về quỹ",
];
const COL_ITEM: Texts = ["Item", "Butir", "項目", "項目", "项目", "항목", "Mục"];
const COL_VALUE: Texts = ["Value", "Nilai", "内容", "內容", "内容", "내용", "Giá trị"];
const ROW_SIZE: Texts = [
    "Fund size",
    "Nilai dana",
    "ファンド規模",
    "基金規模",
    "基金规模",
    "펀드 규모",
    "Quy mô quỹ",
];
const ROW_SIZE_VALUE: Texts = [
    "HK$50 million",
    "HK$50 juta",
    "5000万香港ドル",
    "5,000萬港元",
    "5000万港元",
    "5000만 홍콩달러",
    "50 triệu đô la Hồng Kông",
];
const ROW_STARTUPS: Texts = [
    "Start-ups supported",
    "Startup yang didukung",
    "支援するスタートアップ",
    "受資助初創企業",
    "受资助初创企业",
    "지원 스타트업",
    "Công ty khởi nghiệp được hỗ trợ",
];
const ROW_STARTUPS_VALUE: Texts = ["120", "120", "120社", "120間", "120家", "120개", "120"];
const FIGURE_LABEL: Texts = [
    "start-ups supported over three years",
    "startup didukung selama tiga tahun",
    "3年間に支援するスタートアップ",
    "三年內支援的初創企業",
    "三年内支持的初创企业",
    "3년간 지원하는 스타트업",
    "công ty khởi nghiệp được hỗ trợ trong ba năm",
];
/// The key figure is the fact table's start-up count: one text, so the two cannot disagree.
const FIGURE_VALUE: Texts = ROW_STARTUPS_VALUE;
const ABOUT_TITLE: Texts = [
    "About Example Agency",
    "Tentang Example Agency",
    "Example Agencyについて",
    "關於Example Agency",
    "关于Example Agency",
    "Example Agency 소개",
    "Về Example Agency",
];
const ABOUT_BODY: Texts = [
    "Example Agency is a placeholder organisation used in presskit’s example kit. Replace this text with your organisation’s boilerplate.",
    "Example Agency adalah organisasi contoh dalam kit contoh presskit. Ganti teks ini dengan profil organisasi Anda.",
    "Example Agencyはpresskitのサンプルキットで使う架空の組織です。この文章を貴団体の紹介文に差し替えてください。",
    "Example Agency是presskit示例資料套中的虛構機構。請以貴機構的簡介取代此段文字。",
    "Example Agency是presskit示例资料包中的虚构机构。请用贵机构的简介替换这段文字。",
    "Example Agency는 presskit 예시 키트에 쓰인 가상의 기관입니다. 이 글을 귀 기관의 소개문으로 바꾸십시오.",
    "Example Agency là tổ chức giả định trong bộ tài liệu mẫu của presskit. Hãy thay đoạn này bằng phần giới thiệu về tổ chức của bạn.",
];
const CONTACT_NAME: Texts = [
    "Press Office (placeholder)",
    "Bagian Pers (placeholder)",
    "広報担当（仮）",
    "新聞組（示例）",
    "新闻组（示例）",
    "홍보팀(예시)",
    "Phòng Báo chí (mẫu)",
];
const CONTACTS_NOTE: Texts = [
    "Placeholder contact — replace before distribution.",
    "Kontak placeholder — ganti sebelum didistribusikan.",
    "仮の連絡先です。配布前に差し替えてください。",
    "示例聯絡資料，發放前請更新。",
    "示例联系方式，发布前请更新。",
    "예시 연락처입니다. 배포 전에 바꾸십시오.",
    "Liên hệ mẫu — hãy thay trước khi phát hành.",
];
const RELEASE: Texts = [
    "Example Agency today opened a HK$50 million fund for climate start-ups at the Harbour Climate Tech Summit.\n\n## Support for 120 start-ups\n\nOver three years the fund will support 120 start-ups working on clean energy, cooling and materials.\n\n“Climate technology needs patient capital,” said Alex Chan, Director of Example Agency.\n\nApplications open on the agency’s website, https://www.example.org.\n",
    "Example Agency hari ini membuka dana senilai HK$50 juta untuk startup iklim di Harbour Climate Tech Summit.\n\n## Dukungan untuk 120 startup\n\nSelama tiga tahun, dana ini akan mendukung 120 startup di bidang energi bersih, pendinginan, dan material.\n\n“Teknologi iklim membutuhkan modal yang sabar,” kata Alex Chan, Direktur Example Agency.\n\nPendaftaran dibuka di situs web lembaga, https://www.example.org.\n",
    "Example Agencyは本日、ハーバー気候テック・サミットで、気候スタートアップ向けの5000万香港ドル規模のファンドを開設した。\n\n## 120社のスタートアップを支援\n\nファンドは3年間で、クリーンエネルギー、冷却、素材に取り組む120社のスタートアップを支援する。\n\nExample Agencyのアレックス・チャン ディレクターは「気候テクノロジーには忍耐強い資本が必要だ」と述べた。\n\n申し込みは同機関のウェブサイト https://www.example.org で受け付ける。\n",
    "Example Agency今日在海港氣候科技峰會推出5,000萬港元的氣候初創基金。\n\n## 支援120間初創企業\n\n基金將於三年內支援120間從事潔淨能源、冷卻及材料的初創企業。\n\nExample Agency總監陳亞歷表示：「氣候科技需要有耐性的資本。」\n\n申請可於機構網站 https://www.example.org 遞交。\n",
    "Example Agency今天在海港气候科技峰会推出5000万港元的气候初创基金。\n\n## 支持120家初创企业\n\n基金将在三年内支持120家从事清洁能源、制冷和材料的初创企业。\n\nExample Agency总监陈亚历表示：“气候科技需要有耐心的资本。”\n\n申请可在机构网站 https://www.example.org 提交。\n",
    "Example Agency는 오늘 하버 기후테크 서밋에서 기후 스타트업을 위한 5000만 홍콩달러 규모의 펀드를 출범했다.\n\n## 120개 스타트업 지원\n\n펀드는 3년간 청정에너지, 냉방, 소재 분야의 120개 스타트업을 지원한다.\n\nExample Agency의 알렉스 챈 디렉터는 “기후 기술에는 인내심 있는 자본이 필요하다”고 말했다.\n\n신청은 기관 웹사이트 https://www.example.org 에서 받는다.\n",
    "Hôm nay, Example Agency đã ra mắt quỹ trị giá 50 triệu đô la Hồng Kông dành cho các công ty khởi nghiệp khí hậu tại Hội nghị Công nghệ Khí hậu Harbour.\n\n## Hỗ trợ 120 công ty khởi nghiệp\n\nTrong ba năm, quỹ sẽ hỗ trợ 120 công ty khởi nghiệp trong lĩnh vực năng lượng sạch, làm mát và vật liệu.\n\n“Công nghệ khí hậu cần nguồn vốn kiên nhẫn,” ông Alex Chan, Giám đốc Example Agency, cho biết.\n\nHồ sơ được nhận trên trang web của cơ quan, https://www.example.org.\n",
];

/// The English labels, written for a language presskit has none for, to be translated.
const EN_LABELS: &[(&str, &str)] = &[
    ("immediate", "FOR IMMEDIATE RELEASE"),
    ("embargo", "EMBARGOED UNTIL {when}"),
    ("press_release", "Press release"),
    ("co_hosts", "Co-hosted by"),
    ("speakers", "Speakers"),
    ("figures", "Key figures"),
    ("contacts", "Media contacts"),
    ("email", "E-mail"),
    ("phone", "Tel."),
    ("page", "Page {page} of {pages}"),
    ("continued", "{caption} (continued)"),
    ("end", "— ENDS —"),
    ("date", "{day} {month} {year}"),
    (
        "months",
        "January|February|March|April|May|June|July|August|September|October|November|December",
    ),
    ("dateline", "{place}, {date}"),
    ("separator", ": "),
    ("phone_labelled", "{phone} ({label})"),
];

/// The built-in label for a tag, looked up as presskit does: the tag, then with its last
/// subtag dropped (`src/document/labels.toml`).
fn built_in_label(tag: &str, name: &str) -> Option<String> {
    type Table = std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>;
    let table: Table = toml::from_str(include_str!("../document/labels.toml")).ok()?;
    let mut candidate = tag;
    loop {
        if let Some(label) = table.get(candidate).and_then(|t| t.get(name)) {
            return Some(label.clone());
        }
        candidate = &candidate[..candidate.rfind('-')?];
    }
}

fn has_built_in_labels(tag: &str) -> bool {
    built_in_label(tag, "press_release").is_some()
}

fn quote(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

/// `lang = "…"` for every language, the text quoted for TOML.
fn entries<'a>(t: &'a Texts, languages: &'a [String]) -> impl Iterator<Item = String> + 'a {
    languages
        .iter()
        .map(|lang| format!("{lang} = {}", quote(pick(t, sample_for(lang)))))
}

/// Key lines `name.lang = "…"` for every language.
fn texts(key: &str, t: &Texts, languages: &[String]) -> String {
    entries(t, languages)
        .map(|entry| format!("{key}.{entry}\n"))
        .collect()
}

/// An inline table `{ lang = "…", … }`.
fn inline(t: &Texts, languages: &[String]) -> String {
    format!(
        "{{ {} }}",
        entries(t, languages).collect::<Vec<_>>().join(", ")
    )
}

/// The kit's `presskit.toml`.
fn spec(id: &str, languages: &[String]) -> String {
    let l = languages;
    let mut s = String::new();
    s.push_str("# A presskit kit. Build it with `presskit build <this folder>`, check it with\n");
    s.push_str("# `presskit check <this folder>`. Every text is given once per language: `key.<lang> = \"…\"`.\n");
    s.push_str("# All names, figures and contacts below are placeholders: replace them.\n\n");
    s.push_str("[kit]\n");
    s.push_str(&format!(
        "id = {}                      # used in output file names\n",
        quote(id)
    ));
    let langs: Vec<String> = l.iter().map(|x| quote(x)).collect();
    s.push_str(&format!(
        "languages = [{}]   # BCP 47 tags; the first is the source language\n",
        langs.join(", ")
    ));
    s.push_str("layout = \"a4\"                # a4 or letter (layouts/)\n");
    s.push_str("date = 2027-03-15              # release date; also fixes the PDFs' dates\n");
    s.push_str("release = \"immediate\"        # or set `embargo = 2027-03-15T09:00:00+08:00`\n");
    s.push_str("release_file = \"content/release.{lang}.md\"\n");
    s.push_str("url = \"https://www.example.org\"\n");
    s.push_str(&texts("title", &TITLE, l));
    s.push_str(&texts("event", &EVENT, l));
    s.push_str(&texts("headline", &HEADLINE, l));
    s.push_str(&texts("subhead", &SUBHEAD, l));
    s.push_str(&texts("dateline", &DATELINE, l));
    s.push_str("\n# ── Organisers, in the order they are credited ──\n\n[[organisers]]\n");
    s.push_str(&texts("name", &ORGANISER, l));
    s.push_str("\n# ── Speakers: one card each, with a portrait (JPEG, at least 300 dpi at its printed size) ──\n\n[[speakers]]\nkey = \"chan\"\nphoto = \"photos/chan.jpg\"\n");
    s.push_str(&texts("name", &SPEAKER_NAME, l));
    s.push_str(&texts("role", &SPEAKER_ROLE, l));
    s.push_str(&texts("bio", &SPEAKER_BIO, l));
    s.push_str("# Alternative text, read out by screen readers in the screen PDF.\n");
    s.push_str(&texts("alt", &SPEAKER_ALT, l));
    s.push_str("\n# ── Fact table: column widths add up to 1 ──\n\n[facts]\n");
    s.push_str(&texts("caption", &CAPTION, l));
    s.push_str("\n[[facts.columns]]\n");
    s.push_str(&texts("label", &COL_ITEM, l));
    s.push_str("width = 0.6\n\n[[facts.columns]]\n");
    s.push_str(&texts("label", &COL_VALUE, l));
    s.push_str("width = 0.4\n\n");
    for (item, value) in [
        (&ROW_SIZE, &ROW_SIZE_VALUE),
        (&ROW_STARTUPS, &ROW_STARTUPS_VALUE),
    ] {
        s.push_str(&format!(
            "[[facts.rows]]\ncells = [\n  {},\n  {},\n]\n\n",
            inline(item, l),
            inline(value, l)
        ));
    }
    s.push_str("# ── Key figures ──\n\n[[figures]]\n");
    s.push_str(&texts("value", &FIGURE_VALUE, l));
    s.push_str(&texts("label", &FIGURE_LABEL, l));
    s.push_str("\n# ── Boilerplate ──\n\n[about]\n");
    s.push_str(&texts("title", &ABOUT_TITLE, l));
    s.push_str(&texts("body", &ABOUT_BODY, l));
    s.push_str("\n# ── Media contacts ──\n\n[[contacts]]\n");
    s.push_str(&texts("name", &CONTACT_NAME, l));
    s.push_str("email = \"press@example.org\"\nphone = \"+852 0000 0000\"\n\n[contacts_note]\n");
    for entry in entries(&CONTACTS_NOTE, l) {
        s.push_str(&entry);
        s.push('\n');
    }
    // A `[labels]` entry names only the languages it gives: those presskit has no built-in
    // labels for, in English to translate.
    if l.iter().any(|x| !has_built_in_labels(x)) {
        s.push_str(
            "\n# ── Labels presskit has no built-in translation for (translate the English) ──\n",
        );
        for (name, en) in EN_LABELS {
            s.push_str(&format!("\n[labels.{name}]\n"));
            for lang in l.iter().filter(|x| !has_built_in_labels(x)) {
                s.push_str(&format!("{lang} = {}\n", quote(en)));
            }
        }
    }
    s
}

/// A placeholder portrait: an abstract head-and-shoulders silhouette, 720 × 900 pixels (enough
/// for 300 dpi at 60 × 75 mm), the same bytes every time.
fn portrait() -> Result<Vec<u8>, String> {
    let (w, h) = (720u32, 900u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f64 / w as f64, y as f64 / h as f64);
        let head = ((fx - 0.5) / 0.17).powi(2) + ((fy - 0.38) / 0.2).powi(2) <= 1.0;
        let body = ((fx - 0.5) / 0.38).powi(2) + ((fy - 1.0) / 0.36).powi(2) <= 1.0;
        if head || body {
            image::Rgb([92, 104, 120])
        } else {
            let shade = (200.0 + 40.0 * fy) as u8;
            image::Rgb([shade, shade.saturating_add(6), 235])
        }
    });
    let mut out = vec![];
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Writes the kit into `dir` (which must not exist or be empty); returns the files written.
pub fn write_kit(dir: &Path, languages: &[String]) -> Result<Vec<PathBuf>, Diagnostics> {
    let fail = |what: String| vec![Diagnostic::bare(what)];
    let mut languages: Vec<String> = languages
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    languages.dedup();
    if languages.is_empty() {
        return Err(fail(
            "failed to create the kit (no language given: --languages en,ja,…)".into(),
        ));
    }
    for lang in &languages {
        let ok = lang
            .split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if !ok {
            return Err(fail(format!(
                "failed to create the kit (`{lang}` is not a BCP 47 language tag)"
            )));
        }
    }
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(fail(format!(
            "failed to create the kit ({} exists and is not empty)",
            dir.display()
        )));
    }
    let id = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .map(|n| {
            n.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect::<String>()
        })
        .map(|n| n.trim_matches('-').to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "my-kit".into());
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![(
        dir.join("presskit.toml"),
        spec(&id, &languages).into_bytes(),
    )];
    for lang in &languages {
        files.push((
            dir.join(format!("content/release.{lang}.md")),
            pick(&RELEASE, sample_for(lang)).as_bytes().to_vec(),
        ));
    }
    files.push((
        dir.join("photos/chan.jpg"),
        portrait().map_err(|e| fail(format!("failed to make the placeholder portrait ({e})")))?,
    ));
    let mut written = vec![];
    for (path, bytes) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| fail(format!("failed to create {} ({e})", parent.display())))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| fail(format!("failed to write {} ({e})", path.display())))?;
        written.push(path);
    }
    Ok(written)
}
