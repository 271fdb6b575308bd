//! The SVG backend the charts are drawn on (a plotters `DrawingBackend`):
//! the markup of plotters' own SVG backend, with text measured by plotters'
//! naive rule (0.7 em a byte wide) instead of the font, so a chart draws
//! the same natively and in the browser, with no page layout per label.

use crate::base::float::shortest_text;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
    FontTransform,
};
use std::fmt::Write as _;

/// Draws into a `String` an SVG document of a given size in pixels; the
/// document is complete after [`DrawingBackend::present`].
pub(crate) struct SvgWriter<'a> {
    out: &'a mut String,
    size: (u32, u32),
    /// The `<svg>` element still needs its end tag.
    open: bool,
}

/// The writer never fails; plotters still wants an error type.
pub(crate) type SvgError = std::fmt::Error;

type Drawn = Result<(), DrawingErrorKind<SvgError>>;

impl<'a> SvgWriter<'a> {
    /// Starts a `width` × `height` document in `out`.
    pub(crate) fn new(out: &'a mut String, (width, height): (u32, u32)) -> SvgWriter<'a> {
        let _ = writeln!(
            out,
            "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">"
        );
        SvgWriter {
            out,
            size: (width, height),
            open: true,
        }
    }

    /// Writes `text` escaped for an attribute or element content.
    fn escaped(&mut self, text: &str) {
        crate::render::html::escape_into(self.out, text);
    }

    /// ` opacity="…"`: the colour's alpha.
    fn opacity(&mut self, color: BackendColor) {
        let _ = write!(self.out, " opacity=\"{}\"", shortest_text(color.alpha));
    }

    /// An empty element as plotters writes one: `start` (its tag and the
    /// attributes before the opacity), the opacity, the attributes `rest`
    /// writes, `/>`; nothing at all in an invisible colour.
    fn element(&mut self, color: BackendColor, start: &str, rest: impl FnOnce(&mut Self)) -> Drawn {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.out.push_str(start);
        self.opacity(color);
        rest(self);
        self.out.push_str("/>\n");
        Ok(())
    }

    /// ` name="#RRGGBB"`.
    fn color(&mut self, name: &str, color: BackendColor) {
        let _ = write!(self.out, " {name}=\"");
        write_hex(self.out, color.rgb);
        self.out.push('"');
    }

    /// ` points="x,y x,y "`.
    fn points(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        self.out.push_str(" points=\"");
        for (x, y) in path {
            let _ = write!(self.out, "{x},{y} ");
        }
        self.out.push('"');
    }

    /// `fill` and `stroke` of a shape drawn filled or outlined.
    fn fill_or_stroke(&mut self, color: BackendColor, fill: bool) {
        if fill {
            self.color("fill", color);
            self.out.push_str(" stroke=\"none\"");
        } else {
            self.out.push_str(" fill=\"none\"");
            self.color("stroke", color);
        }
    }
}

impl Drop for SvgWriter<'_> {
    /// Ends the document if the drawing did not (as plotters' backend does).
    fn drop(&mut self) {
        let _ = self.present();
    }
}

impl DrawingBackend for SvgWriter<'_> {
    type ErrorType = SvgError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        if std::mem::take(&mut self.open) {
            self.out.push_str("</svg>\n");
        }
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> Drawn {
        let start = format!("<rect x=\"{x}\" y=\"{y}\" width=\"1\" height=\"1\" stroke=\"none\"");
        self.element(color, &start, |w| w.color("fill", color))
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Drawn {
        let color = style.color();
        self.element(color, "<line", |w| {
            w.color("stroke", color);
            let _ = write!(
                w.out,
                " stroke-width=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"",
                style.stroke_width(),
                from.0,
                from.1,
                to.0,
                to.1
            );
        })
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        let start = format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            upper_left.0,
            upper_left.1,
            bottom_right.0 - upper_left.0,
            bottom_right.1 - upper_left.1
        );
        let color = style.color();
        self.element(color, &start, |w| w.fill_or_stroke(color, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Drawn {
        let color = style.color();
        self.element(color, "<polyline fill=\"none\"", |w| {
            w.color("stroke", color);
            let _ = write!(w.out, " stroke-width=\"{}\"", style.stroke_width());
            w.points(path);
        })
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Drawn {
        let color = style.color();
        self.element(color, "<polygon", |w| {
            w.color("fill", color);
            w.points(path);
        })
    }

    fn draw_circle<S: BackendStyle>(&mut self, (x, y): BackendCoord, radius: u32, style: &S, fill: bool) -> Drawn {
        let color = style.color();
        let start = format!("<circle cx=\"{x}\" cy=\"{y}\" r=\"{radius}\"");
        self.element(color, &start, |w| {
            w.fill_or_stroke(color, fill);
            let _ = write!(w.out, " stroke-width=\"{}\"", style.stroke_width());
        })
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, (x, y): BackendCoord) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        let _ = write!(
            self.out,
            "<text x=\"{x}\" y=\"{y}\" dy=\"{dy}\" text-anchor=\"{anchor}\" font-family=\""
        );
        let family = style.family();
        self.escaped(family.as_str());
        let _ = write!(self.out, "\" font-size=\"{}\"", shortest_text(style.size() / 1.24));
        self.opacity(color);
        self.color("fill", color);
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.out.push_str(" font-weight=\"bold\""),
            other => {
                let _ = write!(self.out, " font-style=\"{}\"", other.as_str());
            }
        }
        let degrees = match style.transform() {
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => 270,
            _ => 0,
        };
        if degrees != 0 {
            let _ = write!(self.out, " transform=\"rotate({degrees}, {x}, {y})\"");
        }
        self.out.push_str(">\n");
        self.escaped(text);
        self.out.push_str("\n</text>\n");
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<SvgError>> {
        // plotters' naive font: 0.7 em a byte wide, 1.24 em tall.
        let em = style.size() / 1.24 / 1.24;
        let width = libm::round(em * 0.7 * text.len() as f64);
        let height = libm::round(em * 0.24) + libm::round(em);
        Ok((width.max(0.0) as u32, height.max(0.0) as u32))
    }
}

/// `#RRGGBB`, as every colour of the charts is written.
pub(crate) fn write_hex(out: &mut String, (r, g, b): (u8, u8, u8)) {
    let _ = write!(out, "#{r:02X}{g:02X}{b:02X}");
}

#[cfg(test)]
mod tests {
    use super::SvgWriter;
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    use plotters_backend::FontTransform;

    /// Draws every kind of element plotters' backends are asked for:
    /// lines, filled and outlined rectangles and circles, polylines,
    /// polygons, pixels, text in each anchor, style and rotation, with
    /// opaque, translucent and invisible colours and text to escape.
    fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, plotters::coord::Shift>) {
        let translucent = RGBColor(31, 119, 180).mix(0.8);
        let invisible = RED.mix(0.0);
        area.fill(&WHITE).unwrap();
        area.draw(&PathElement::new(vec![(1, 2), (30, 40), (50, 7)], BLUE.stroke_width(3)))
            .unwrap();
        area.draw(&PathElement::new(vec![(1, 2), (3, 4)], invisible)).unwrap();
        area.draw(&Rectangle::new([(5, 6), (70, 80)], translucent.filled()))
            .unwrap();
        area.draw(&Rectangle::new([(5, 6), (70, 80)], BLACK.stroke_width(2)))
            .unwrap();
        area.draw(&Circle::new((40, 50), 5, BLACK.filled())).unwrap();
        area.draw(&Circle::new((40, 50), 7, RGBColor(90, 90, 90).stroke_width(2)))
            .unwrap();
        area.draw(&Polygon::new(vec![(10, 10), (20, 10), (15, 25)], GREEN.mix(0.3)))
            .unwrap();
        area.draw_pixel((3, 4), &MAGENTA).unwrap();
        area.draw_pixel((5, 6), &invisible).unwrap();
        area.draw(&plotters::element::Pixel::new((9, 9), CYAN.mix(0.5)))
            .unwrap();
        for (i, (h, v)) in [
            (HPos::Left, VPos::Top),
            (HPos::Center, VPos::Center),
            (HPos::Right, VPos::Bottom),
        ]
        .into_iter()
        .enumerate()
        {
            let style = ("sans-serif", 13 + 2 * i as u32)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(h, v));
            area.draw_text("a <b> & \"c\" 'd' — é", &style, (100, 20 * i as i32))
                .unwrap();
        }
        let rotated = ("serif", 15)
            .into_font()
            .style(FontStyle::Bold)
            .transform(FontTransform::Rotate270)
            .color(&RED);
        area.draw_text("up", &rotated, (12, 150)).unwrap();
        for (style, transform) in [
            (FontStyle::Italic, FontTransform::Rotate90),
            (FontStyle::Oblique, FontTransform::Rotate180),
        ] {
            let font = ("monospace", 11.5)
                .into_font()
                .style(style)
                .transform(transform)
                .color(&BLUE.mix(0.25));
            area.draw_text("slanted", &font, (60, 120)).unwrap();
        }
        area.draw_text("hidden", &("sans-serif", 12).into_font().color(&invisible), (0, 0))
            .unwrap();
        area.present().unwrap();
    }

    #[test]
    fn writes_the_markup_plotters_svg_backend_writes() {
        let size = (240, 180);
        let mut ours = String::new();
        draw(&SvgWriter::new(&mut ours, size).into_drawing_area());
        let mut theirs = String::new();
        draw(&SVGBackend::with_string(&mut theirs, size).into_drawing_area());
        assert!(
            theirs.contains("opacity=\"0.8\"") && theirs.contains("&lt;b&gt;"),
            "{theirs}"
        );
        assert!(theirs.contains("rotate(270, 12, 150)"), "{theirs}");
        assert_eq!(ours, theirs);
    }

    #[test]
    fn a_document_dropped_without_present_is_still_complete() {
        let mut svg = String::new();
        {
            let mut writer = SvgWriter::new(&mut svg, (10, 10));
            writer.draw_line((0, 0), (9, 9), &BLACK).unwrap();
        }
        assert!(svg.starts_with("<svg width=\"10\" height=\"10\""), "{svg}");
        assert!(svg.ends_with("</svg>\n"), "{svg}");
        assert_eq!(svg.matches("</svg>").count(), 1);
    }
}
