//! The report's two charts as SVG (plotters' SVG backend): sessions per week against the goal,
//! and tension before / after and pain per week. Black and white: outcomes differ by fill *and*
//! a mark, the lines by dash pattern *and* marker shape.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use footlog_core::domain::report::{Outcome, Report, WeekRow};

/// The charts' size in SVG units (they scale to the page width, keeping their aspect).
pub const SIZE: (u32, u32) = (720, 175);

const FONT: &str = "sans-serif";
const INK: RGBColor = RGBColor(26, 26, 26);
const MID: RGBColor = RGBColor(95, 95, 95);
const LIGHT: RGBColor = RGBColor(200, 200, 200);
const GRID: RGBColor = RGBColor(225, 225, 225);

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Failure = Box<dyn std::error::Error>;

/// The mark above a week's bar, so outcomes read without colour.
pub fn mark(o: Outcome) -> &'static str {
    match o {
        Outcome::Met => "✓",
        Outcome::Missed => "✗",
        Outcome::Rest => "R",
        Outcome::Current => "…",
        Outcome::NoOutcome => "",
    }
}

fn label_step(n: usize) -> usize {
    n.div_ceil(13).max(1)
}

/// Draws the week labels under the x axis: `7 Sep`, every week or every few.
fn week_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    to_px: impl Fn(f64) -> (i32, i32),
    weeks: &[WeekRow],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let step = label_step(weeks.len());
    let style = TextStyle::from((FONT, 13).into_font())
        .color(&INK)
        .pos(Pos::new(HPos::Center, VPos::Top));
    for (i, w) in weeks.iter().enumerate() {
        if i % step != 0 {
            continue;
        }
        let (x, y) = to_px(i as f64);
        root.draw(&Text::new(
            w.week_start.format("%-d %b").to_string(),
            (x, y + 6),
            style.clone(),
        ))?;
    }
    Ok(())
}

/// Draws one chart with `draw` into an SVG of [`SIZE`], ready to inline.
fn render(draw: impl FnOnce(&Area<'_>) -> Result<(), Failure>) -> Result<String, Failure> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        draw(&root)?;
        root.present()?;
    }
    Ok(finish(&svg))
}

fn finish(svg: &str) -> String {
    // Inline SVG in HTML needs no namespace; leaving it out keeps the file free of any URL.
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}

/// Sessions per week as bars against the goal (a dashed step line), oldest week first.
pub fn sessions_chart(r: &Report) -> Result<String, Failure> {
    render(|root| draw_sessions(root, &r.weeks))
}

fn draw_sessions(root: &Area<'_>, weeks: &[WeekRow]) -> Result<(), Failure> {
    root.fill(&WHITE)?;
    let n = weeks.len().max(1);
    let top = weeks
        .iter()
        .map(|w| w.sessions.max(u32::from(w.goal)))
        .max()
        .unwrap_or(1)
        + 1;
    let mut chart = ChartBuilder::on(root)
        .margin_top(16)
        .margin_right(14)
        .margin_left(4)
        .x_label_area_size(26)
        .y_label_area_size(44)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..f64::from(top))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(usize::try_from(top).unwrap_or(1).min(8) + 1)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .y_desc("sessions")
        .axis_style(INK)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .label_style((FONT, 13).into_font().color(&INK))
        .axis_desc_style((FONT, 13).into_font().color(&INK))
        .draw()?;

    let half = 0.32;
    for (i, w) in weeks.iter().enumerate() {
        let x = i as f64;
        let corners = [(x - half, 0.0), (x + half, f64::from(w.sessions))];
        let fill = match w.outcome {
            Outcome::Met => MID.filled(),
            Outcome::Rest => LIGHT.filled(),
            _ => WHITE.filled(),
        };
        chart.draw_series([
            Rectangle::new(corners, fill),
            Rectangle::new(corners, INK.stroke_width(1)),
        ])?;
        let style = TextStyle::from((FONT, 14).into_font())
            .color(&INK)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        let (px, py) = chart.backend_coord(&(x, f64::from(w.sessions)));
        root.draw(&Text::new(mark(w.outcome), (px, py - 3), style))?;
    }
    let goal: Vec<(f64, f64)> = weeks
        .iter()
        .enumerate()
        .flat_map(|(i, w)| {
            let g = f64::from(w.goal);
            [(i as f64 - 0.5, g), (i as f64 + 0.5, g)]
        })
        .collect();
    chart.draw_series(DashedLineSeries::new(goal, 7, 4, INK.stroke_width(2)))?;
    week_labels(root, |x| chart.backend_coord(&(x, 0.0)), weeks)?;
    Ok(())
}

/// Runs of consecutive weeks that have a value: lines are not drawn across weeks without one.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => cur.push((i as f64, *v)),
            None if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Average tension before (solid line, dots) and after (dashed line, open squares), and pain
/// (dotted line, triangles) per week, on the 0–10 scale.
pub fn tension_chart(r: &Report) -> Result<String, Failure> {
    render(|root| draw_tension(root, &r.weeks))
}

fn draw_tension(root: &Area<'_>, weeks: &[WeekRow]) -> Result<(), Failure> {
    root.fill(&WHITE)?;
    let n = weeks.len().max(1);
    let mut chart = ChartBuilder::on(root)
        .margin_top(16)
        .margin_right(14)
        .margin_left(4)
        .x_label_area_size(26)
        .y_label_area_size(44)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..10.5)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .y_desc("0–10")
        .axis_style(INK)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .label_style((FONT, 13).into_font().color(&INK))
        .axis_desc_style((FONT, 13).into_font().color(&INK))
        .draw()?;

    let before: Vec<Option<f64>> = weeks.iter().map(|w| w.avg_before).collect();
    let after: Vec<Option<f64>> = weeks.iter().map(|w| w.avg_after).collect();
    let pain: Vec<Option<f64>> = weeks.iter().map(|w| w.avg_pain).collect();
    for run in runs(&before) {
        chart.draw_series(LineSeries::new(run.clone(), INK.stroke_width(2)))?;
        chart.draw_series(run.into_iter().map(|p| Circle::new(p, 4, INK.filled())))?;
    }
    for run in runs(&after) {
        chart.draw_series(DashedLineSeries::new(
            run.clone(),
            8,
            5,
            INK.stroke_width(2),
        ))?;
        for p in run {
            let (x, y) = chart.backend_coord(&p);
            root.draw(&Rectangle::new(
                [(x - 4, y - 4), (x + 4, y + 4)],
                WHITE.filled(),
            ))?;
            root.draw(&Rectangle::new(
                [(x - 4, y - 4), (x + 4, y + 4)],
                INK.stroke_width(2),
            ))?;
        }
    }
    for run in runs(&pain) {
        chart.draw_series(DashedLineSeries::new(
            run.clone(),
            2,
            4,
            MID.stroke_width(2),
        ))?;
        chart.draw_series(
            run.into_iter()
                .map(|p| TriangleMarker::new(p, 5, MID.filled())),
        )?;
    }
    week_labels(root, |x| chart.backend_coord(&(x, 0.0)), weeks)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_break_at_weeks_without_values() {
        let r = runs(&[Some(1.0), None, Some(2.0), Some(3.0), None]);
        assert_eq!(r, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
        assert!(runs(&[None, None]).is_empty());
    }

    #[test]
    fn label_steps_keep_labels_apart() {
        assert_eq!(label_step(1), 1);
        assert_eq!(label_step(13), 1);
        assert_eq!(label_step(14), 2);
        assert_eq!(label_step(52), 4);
        assert_eq!(label_step(520), 40);
    }
}
