//! Chart points split into runs, so a line never crosses a stretch with no data.

/// Splits chart points (ordered by x) into runs whose neighbours are in the same or the next
/// `bucket` (a week: 7 days; a week index: 1), so a line never joins points across a bucket
/// with no data.
pub fn runs(points: &[(f64, f64)], bucket: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut last: Option<f64> = None;
    for p in points {
        let b = (p.0 / bucket).floor();
        match (out.last_mut(), last) {
            (Some(run), Some(prev)) if b - prev <= 1.0 => run.push(*p),
            _ => out.push(vec![*p]),
        }
        last = Some(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::runs;

    #[test]
    fn runs_break_where_a_whole_bucket_is_empty() {
        let pts = [
            (0.5, 1.0),
            (3.5, 2.0),
            (8.5, 3.0),
            (22.5, 4.0),
            (23.5, 5.0),
            (40.0, 6.0),
        ];
        let r = runs(&pts, 7.0);
        let xs: Vec<Vec<f64>> = r
            .iter()
            .map(|run| run.iter().map(|p| p.0).collect())
            .collect();
        assert_eq!(xs, vec![vec![0.5, 3.5, 8.5], vec![22.5, 23.5], vec![40.0]]);
        assert!(runs(&[], 7.0).is_empty());
    }
}
