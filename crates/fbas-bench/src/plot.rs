//! The plot: time against N per analysis, one panel per generated family, both axes log scale,
//! as a plain SVG (polylines and text, no plotting library). The N axis always spans the
//! suite's sizes (10 to 200 organizations), so a curve that stops short shows where rows are
//! missing; an unknown answer is a hollow marker, and each panel marks its rows' budgets.

use crate::report::fmt_ms;
use crate::results::{Analysis, Row};
use crate::suite::{FAMILIES, SIZES};
use std::fmt::Write;

const COLORS: [&str; 11] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#000000",
];

const W: f64 = 400.0;
const H: f64 = 280.0;
const LEFT: f64 = 60.0;
const TOP: f64 = 30.0;
const PW: f64 = W - LEFT - 15.0;
const PH: f64 = H - TOP - 40.0;

/// A point of a series: N, time in ms, and whether it is unknown (drawn hollow).
type Point = (f64, f64, bool);

/// A named series of points.
type Series = (String, Vec<Point>);

/// Every series of one family: per [`Analysis`], then the legacy engine (a timeout drawn
/// hollow at its budget).
fn series(rows: &[&Row]) -> Vec<Series> {
    let mut out: Vec<Series> = Analysis::ALL
        .iter()
        .map(|&analysis| {
            let pts = rows
                .iter()
                .filter_map(|r| {
                    let a = r.timing(analysis)?;
                    Some((r.size? as f64, a.ms?, a.unknown))
                })
                .collect();
            (analysis.title().to_string(), pts)
        })
        .collect();
    let legacy = rows
        .iter()
        .filter_map(|r| {
            let l = r.legacy()?;
            let n = r.size? as f64;
            Some(match l.total_ms {
                Some(t) => (n, t, false),
                None => (n, r.legacy_budget_s * 1000.0, true),
            })
        })
        .collect();
    out.push(("legacy engine (18 calls)".into(), legacy));
    out
}

/// The SVG document.
pub fn svg(rows: &[Row]) -> String {
    let fams: Vec<&str> = FAMILIES
        .iter()
        .copied()
        .filter(|f| rows.iter().any(|r| r.group == *f && r.size.is_some()))
        .collect();
    // Per family: its series and the distinct budgets of its rows, in seconds.
    let all: Vec<(&str, Vec<Series>, Vec<f64>)> = fams
        .iter()
        .map(|f| {
            let mut rs: Vec<&Row> = rows.iter().filter(|r| r.group == *f).collect();
            rs.sort_by_key(|r| r.size);
            let mut budgets: Vec<f64> = rs.iter().map(|r| r.budget_s).collect();
            budgets.sort_by(f64::total_cmp);
            budgets.dedup();
            (*f, series(&rs), budgets)
        })
        .collect();
    let budget_s = all
        .iter()
        .flat_map(|(_, _, b)| b.iter().copied())
        .fold(1.0, f64::max);
    let points = || {
        all.iter()
            .flat_map(|(_, s, _)| s.iter().flat_map(|(_, p)| p.iter()))
    };
    let (mut xmin, mut xmax) = (SIZES[0] as f64, SIZES[SIZES.len() - 1] as f64);
    let (mut ymin, mut ymax) = (f64::INFINITY, budget_s * 1000.0);
    for &(x, y, _) in points() {
        xmin = xmin.min(x);
        xmax = xmax.max(x);
        ymin = ymin.min(y.max(1e-3));
        ymax = ymax.max(y);
    }
    if !ymin.is_finite() {
        ymin = 0.1;
    }
    let (lx0, lx1) = ((xmin * 0.85).log10(), (xmax * 1.15).log10());
    let (ly0, ly1) = (ymin.log10().floor(), ymax.log10().ceil());
    let cols = 3;
    let panel_rows = fams.len().div_ceil(cols).max(1);
    let legend_h = 70.0;
    let width = W * cols as f64;
    let height = H * panel_rows as f64 + legend_h + 30.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(
        s,
        r#"<rect width="100%" height="100%" fill="white"/><text x="{}" y="18" text-anchor="middle" font-size="14">fbas-sat: median time against N (organizations), per analysis; log-log; hollow = unknown (t/o), dashed red = the budget</text>"#,
        width / 2.0
    );
    for (i, (fam, ser, budgets)) in all.iter().enumerate() {
        let ox = (i % cols) as f64 * W;
        let oy = 25.0 + (i / cols) as f64 * H;
        let px = |x: f64| ox + LEFT + (x.log10() - lx0) / (lx1 - lx0) * PW;
        let py = |y: f64| oy + TOP + PH - (y.max(1e-3).log10() - ly0) / (ly1 - ly0) * PH;
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="13" font-weight="bold">{fam}</text><rect x="{}" y="{}" width="{PW}" height="{PH}" fill="none" stroke="#444"/>"##,
            ox + LEFT + PW / 2.0,
            oy + TOP - 8.0,
            ox + LEFT,
            oy + TOP
        );
        // y ticks: decades.
        let mut e = ly0 as i32;
        while e as f64 <= ly1 {
            let y = 10f64.powi(e);
            let yy = py(y);
            let _ = writeln!(
                s,
                r##"<line x1="{}" x2="{}" y1="{yy}" y2="{yy}" stroke="#ddd"/><text x="{}" y="{}" text-anchor="end">{}</text>"##,
                ox + LEFT,
                ox + LEFT + PW,
                ox + LEFT - 4.0,
                yy + 4.0,
                fmt_ms(y).replace(".00", "").replace(".0 ", " ")
            );
            e += 1;
        }
        // Budget lines, one per budget the panel's rows were measured with.
        for budget_s in budgets {
            let by = py(budget_s * 1000.0);
            let _ = writeln!(
                s,
                r##"<line x1="{}" x2="{}" y1="{by}" y2="{by}" stroke="#d62728" stroke-dasharray="4 3"/><text x="{}" y="{}" fill="#d62728" text-anchor="end">budget {budget_s} s</text>"##,
                ox + LEFT,
                ox + LEFT + PW,
                ox + LEFT + PW - 3.0,
                by - 3.0
            );
        }
        // x ticks: the suite's sizes and any other size present.
        let mut xs: Vec<f64> = ser
            .iter()
            .flat_map(|(_, p)| p.iter().map(|q| q.0))
            .chain(SIZES.iter().map(|&n| n as f64))
            .collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup();
        for x in xs {
            let xx = px(x);
            let _ = writeln!(
                s,
                r##"<line x1="{xx}" x2="{xx}" y1="{}" y2="{}" stroke="#ddd"/><text x="{xx}" y="{}" text-anchor="middle">{x}</text>"##,
                oy + TOP,
                oy + TOP + PH,
                oy + TOP + PH + 14.0
            );
        }
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">N (organizations)</text>"#,
            ox + LEFT + PW / 2.0,
            oy + TOP + PH + 30.0
        );
        for (k, (_, pts)) in ser.iter().enumerate() {
            let color = COLORS[k % COLORS.len()];
            let dash = if k + 1 == ser.len() {
                r#" stroke-dasharray="6 3""#
            } else {
                ""
            };
            if pts.len() > 1 {
                let path: Vec<String> = pts
                    .iter()
                    .map(|&(x, y, _)| format!("{:.1},{:.1}", px(x), py(y)))
                    .collect();
                let _ = writeln!(
                    s,
                    r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="1.5"{dash}/>"#,
                    path.join(" ")
                );
            }
            for &(x, y, timeout) in pts {
                let fill = if timeout { "white" } else { color };
                let _ = writeln!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{fill}" stroke="{color}"/>"#,
                    px(x),
                    py(y)
                );
            }
        }
    }
    // Legend.
    let names: Vec<String> = all
        .first()
        .map(|(_, ser, _)| ser.iter().map(|(n, _)| n.clone()).collect())
        .unwrap_or_default();
    let ly = 25.0 + H * panel_rows as f64 + 10.0;
    for (k, name) in names.iter().enumerate() {
        let x = 20.0 + (k % 4) as f64 * (width - 40.0) / 4.0;
        let y = ly + (k / 4) as f64 * 18.0;
        let color = COLORS[k % COLORS.len()];
        let _ = writeln!(
            s,
            r#"<line x1="{x}" x2="{}" y1="{y}" y2="{y}" stroke="{color}" stroke-width="2"/><text x="{}" y="{}">{name}</text>"#,
            x + 22.0,
            x + 28.0,
            y + 4.0
        );
    }
    let _ = writeln!(s, "</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::fixtures::{row, set, timing};

    /// Every family present gets a panel reaching N = 200 even when its rows stop earlier; an
    /// unknown is hollow, and each budget its rows had is marked.
    #[test]
    fn panels_reach_200_with_unknowns_hollow() {
        let mut rows = vec![
            row("symmetric", Some(25), 3.0, 10),
            row("symmetric", Some(200), 30.0, 10),
            row("core-style", Some(50), 3.0, 10),
        ];
        set(
            &mut rows[1],
            Analysis::SplittingOrg,
            Some(timing(60_000.0, "?[60..70]")),
        );
        rows[2].budget_s = 10.0;
        let svg = svg(&rows);
        for text in [
            ">symmetric<",
            ">core-style<",
            ">200<",
            "budget 60 s",
            "budget 10 s",
        ] {
            assert!(svg.contains(text), "{text}");
        }
        assert_eq!(svg.matches(r#"fill="white" stroke"#).count(), 1);
        assert_eq!(svg.matches(">200</text>").count(), 2);
    }
}
