//! The report as a document: Markdown, or one self-contained HTML file (inline CSS and SVG charts,
//! nothing fetched) that prints on one to three pages for twelve weeks. Rendering only: the
//! numbers come from [`footlog_core::domain::report`].

mod charts;
mod html;
mod markdown;
mod words;

pub use html::render_html;
pub use markdown::render_markdown;

/// The document formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One self-contained HTML file.
    #[default]
    Html,
    /// Markdown.
    Markdown,
}

/// The section headings, in the order the report shows them (Precautions only where the health
/// profile has any).
pub const SECTIONS: [&str; 8] = [
    "Summary",
    "Sessions per week",
    "Tension",
    "What helped",
    "Sleep",
    "Sleep diary",
    "Precautions",
    "Sessions",
];

/// The file name the app writes the report of `date` to (`footlog-report-YYYY-MM-DD.html`), or
/// with `-N` before the extension for the N-th report of the day.
pub fn file_name(date: chrono::NaiveDate, n: u32) -> String {
    if n <= 1 {
        format!("footlog-report-{date}.html")
    } else {
        format!("footlog-report-{date}-{n}.html")
    }
}
