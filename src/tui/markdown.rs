//! Markdown (as pulldown-cmark parses it) to styled, wrapped ratatui lines: headings, paragraphs,
//! bullet and numbered lists (nested, with hanging indents), emphasis, bold and inline code.
//! Also the styled word wrapper the insights screen uses for its sentences.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::tui::theme::Theme;

/// A paragraph, heading or list item before wrapping.
#[derive(Debug, Default)]
struct Block {
    /// Drawn before the first line ("• ", "2. "), after `indent` spaces.
    marker: Option<Span<'static>>,
    /// Columns of indentation of every line (the marker's width is added for continuation lines).
    indent: usize,
    /// The text.
    spans: Vec<Span<'static>>,
    /// An empty line goes before this block.
    gap_before: bool,
}

/// Parses `md` and wraps it to `width` columns.
pub fn render(md: &str, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for b in blocks(md, theme) {
        if b.gap_before && !out.is_empty() {
            out.push(Line::raw(""));
        }
        let lead = " ".repeat(b.indent);
        let first = match &b.marker {
            Some(m) => vec![Span::raw(lead.clone()), m.clone()],
            None => vec![Span::raw(lead.clone())],
        };
        let hang = b.indent + b.marker.as_ref().map_or(0, Span::width);
        out.extend(wrap(first, hang, b.spans, usize::from(width)));
    }
    out
}

fn heading_style(level: HeadingLevel, theme: &Theme) -> Style {
    match level {
        HeadingLevel::H1 => theme
            .title
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        HeadingLevel::H2 => theme.title.add_modifier(Modifier::BOLD),
        _ => theme.text.add_modifier(Modifier::BOLD),
    }
}

/// The indentation of text inside the lists `lists`: continuation text of an item lines up
/// after its marker ("• " or "1. ").
fn indent_of(lists: &[Option<u64>]) -> usize {
    lists.iter().map(|l| if l.is_some() { 3 } else { 2 }).sum()
}

/// The block a list item starts, in the innermost of `lists` (whose number it advances): its
/// marker, "• " (or "◦ " when nested) or the next number, after the outer lists' indentation.
fn item_block(lists: &mut [Option<u64>], gap_before: bool, theme: &Theme) -> Block {
    let depth = lists.len().saturating_sub(1);
    let indent = indent_of(lists.get(..depth).unwrap_or_default());
    let marker = match lists.last_mut() {
        Some(Some(n)) => {
            let m = format!("{n}. ");
            *n += 1;
            Span::styled(m, theme.title)
        }
        _ => Span::styled(if depth == 0 { "• " } else { "◦ " }, theme.title),
    };
    Block {
        marker: Some(marker),
        indent,
        gap_before,
        ..Block::default()
    }
}

fn blocks(md: &str, theme: &Theme) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut cur: Option<Block> = None;
    let mut styles: Vec<Style> = vec![theme.text];
    // One entry per open list: the next number of an ordered list, or None for bullets.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut gap = false;
    let style = |styles: &[Style]| styles.last().copied().unwrap_or_default();
    let flush = |cur: &mut Option<Block>, out: &mut Vec<Block>| {
        if let Some(b) = cur.take()
            && !b.spans.is_empty()
        {
            out.push(b);
        }
    };
    for ev in Parser::new(md) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut cur, &mut out);
                styles.push(heading_style(level, theme));
                cur = Some(Block {
                    gap_before: true,
                    ..Block::default()
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                styles.pop();
                flush(&mut cur, &mut out);
                gap = true;
            }
            Event::Start(Tag::Paragraph) => {
                // A tight list item's text has no paragraph; a loose one's first paragraph
                // continues the item's block.
                if cur.as_ref().is_some_and(|b| b.spans.is_empty()) {
                    continue;
                }
                flush(&mut cur, &mut out);
                cur = Some(Block {
                    indent: indent_of(&lists),
                    gap_before: gap || lists.is_empty(),
                    ..Block::default()
                });
                gap = false;
            }
            Event::End(TagEnd::Paragraph) => {
                flush(&mut cur, &mut out);
                gap = lists.is_empty();
            }
            Event::Start(Tag::List(first)) => {
                flush(&mut cur, &mut out);
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut cur, &mut out);
                lists.pop();
                gap = lists.is_empty();
            }
            Event::Start(Tag::Item) => {
                flush(&mut cur, &mut out);
                cur = Some(item_block(&mut lists, gap, theme));
                gap = false;
            }
            Event::End(TagEnd::Item) => flush(&mut cur, &mut out),
            Event::Start(Tag::Emphasis) => {
                styles.push(style(&styles).add_modifier(Modifier::ITALIC));
            }
            Event::Start(Tag::Strong) => styles.push(style(&styles).add_modifier(Modifier::BOLD)),
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => {
                styles.pop();
            }
            Event::Text(t) => {
                let s = style(&styles);
                cur.get_or_insert_with(Block::default)
                    .spans
                    .push(Span::styled(t.into_string(), s));
            }
            Event::Code(t) => cur
                .get_or_insert_with(Block::default)
                .spans
                .push(Span::styled(t.into_string(), theme.key)),
            Event::SoftBreak | Event::HardBreak => cur
                .get_or_insert_with(Block::default)
                .spans
                .push(Span::raw(" ")),
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    out
}

/// Word-wraps `spans` to `width` columns, keeping each word's style. The first line starts with
/// `first`; the others with `hang` spaces. A word longer than a line is cut.
pub fn wrap(
    first: Vec<Span<'static>>,
    hang: usize,
    spans: Vec<Span<'static>>,
    width: usize,
) -> Vec<Line<'static>> {
    // Words as styled pieces: "**Relaxation**:" is one word of two styles.
    let mut words: Vec<Vec<Span<'static>>> = Vec::new();
    let mut word: Vec<Span<'static>> = Vec::new();
    for span in spans {
        let mut piece = String::new();
        for c in span.content.chars() {
            // A no-break space joins words ("(12 of 19)" never splits).
            if c.is_whitespace() && c != '\u{a0}' {
                if !piece.is_empty() {
                    word.push(Span::styled(std::mem::take(&mut piece), span.style));
                }
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            } else {
                piece.push(c);
            }
        }
        if !piece.is_empty() {
            word.push(Span::styled(piece, span.style));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }

    let mut lines = Vec::new();
    let mut line: Vec<Span<'static>> = first;
    let start_w = |l: &[Span<'static>]| l.iter().map(Span::width).sum::<usize>();
    let mut w = start_w(&line);
    let mut empty = true;
    for word in words {
        let ww: usize = word.iter().map(Span::width).sum();
        if !empty && w + 1 + ww > width {
            lines.push(Line::from(merge(std::mem::take(&mut line))));
            line = vec![Span::raw(" ".repeat(hang))];
            w = hang;
            empty = true;
        }
        if !empty {
            line.push(Span::raw(" "));
            w += 1;
        }
        for piece in word {
            for c in piece.content.chars() {
                let cw = Span::raw(c.to_string()).width();
                if w + cw > width && w > hang {
                    lines.push(Line::from(merge(std::mem::take(&mut line))));
                    line = vec![Span::raw(" ".repeat(hang))];
                    w = hang;
                }
                line.push(Span::styled(c.to_string(), piece.style));
                w += cw;
            }
        }
        empty = false;
    }
    lines.push(Line::from(merge(line)));
    lines
}

/// Joins neighbouring spans of the same style and drops empty ones.
fn merge(spans: Vec<Span<'static>>) -> Vec<Span<'static>> {
    let mut out: Vec<Span<'static>> = Vec::new();
    for s in spans {
        if s.content.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.style == s.style => {
                let joined = format!("{}{}", last.content, s.content);
                last.content = joined.into();
            }
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(l: &Line<'_>) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    fn span<'a>(lines: &'a [Line<'static>], content: &str) -> &'a Span<'static> {
        lines
            .iter()
            .flat_map(|l| &l.spans)
            .find(|s| s.content == content)
            .unwrap_or_else(|| panic!("no span {content:?} in {lines:?}"))
    }

    const MD: &str = "# Title\n\nSome *soft* and **firm** text.\n\n## Steps\n\n\
                      1. **Wash** your feet.\n2. Sit.\n   - the *balls*,\n   - the heels\n\n\
                      - one\n- two\n";

    #[test]
    fn headings_lists_and_emphasis_become_styled_spans() {
        let t = Theme::default();
        let lines = render(MD, &t, 60);
        let all: Vec<String> = lines.iter().map(text).collect();
        assert_eq!(
            all,
            [
                "Title",
                "",
                "Some soft and firm text.",
                "",
                "Steps",
                "",
                "1. Wash your feet.",
                "2. Sit.",
                "   ◦ the balls,",
                "   ◦ the heels",
                "",
                "• one",
                "• two",
            ]
        );
        let h1 = span(&lines, "Title").style;
        assert!(
            h1.add_modifier
                .contains(Modifier::BOLD | Modifier::UNDERLINED)
        );
        assert!(
            span(&lines, "Steps")
                .style
                .add_modifier
                .contains(Modifier::BOLD)
        );
        assert!(
            span(&lines, "soft")
                .style
                .add_modifier
                .contains(Modifier::ITALIC)
        );
        assert!(
            span(&lines, "firm")
                .style
                .add_modifier
                .contains(Modifier::BOLD)
        );
        assert!(
            span(&lines, "Wash")
                .style
                .add_modifier
                .contains(Modifier::BOLD)
        );
        assert!(
            span(&lines, "balls")
                .style
                .add_modifier
                .contains(Modifier::ITALIC)
        );
        assert_eq!(span(&lines, "1. ").style, t.title);
        assert!(
            !span(&lines, " and ")
                .style
                .add_modifier
                .contains(Modifier::BOLD)
        );
    }

    #[test]
    fn list_items_wrap_with_a_hanging_indent() {
        let lines = render("- alpha beta gamma delta", &Theme::default(), 12);
        let all: Vec<String> = lines.iter().map(text).collect();
        assert_eq!(all, ["• alpha beta", "  gamma", "  delta"]);
    }

    #[test]
    fn words_longer_than_the_line_are_cut_and_nothing_is_wider_than_asked() {
        let lines = wrap(vec![], 0, vec![Span::raw("abcdefghij klm")], 4);
        let all: Vec<String> = lines.iter().map(text).collect();
        assert_eq!(all, ["abcd", "efgh", "ij", "klm"]);
        let guide = render(include_str!("../../assets/guide.md"), &Theme::default(), 30);
        assert!(guide.iter().all(|l| l.width() <= 30));
    }
}
