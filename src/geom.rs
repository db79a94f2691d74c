//! Units and simple geometry shared by layout and PDF writing.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// An absolute length in PostScript points (1/72 inch).
#[derive(Debug, Default, Clone, Copy, PartialEq, PartialOrd, serde::Deserialize)]
#[serde(transparent)]
pub struct Abs(f64);

impl Abs {
    /// Zero length.
    pub const ZERO: Abs = Abs(0.0);

    /// A length in points.
    pub const fn pt(pt: f64) -> Self {
        Abs(pt)
    }

    /// A length in millimetres.
    pub fn mm(mm: f64) -> Self {
        Abs(mm * 72.0 / 25.4)
    }

    /// The length in points.
    pub fn to_pt(self) -> f64 {
        self.0
    }

    /// The length in millimetres.
    pub fn to_mm(self) -> f64 {
        self.0 * 25.4 / 72.0
    }

    /// The larger of two lengths.
    /// The absolute value.
    pub fn abs(self) -> Abs {
        Abs(self.0.abs())
    }

    pub fn max(self, other: Abs) -> Abs {
        Abs(self.0.max(other.0))
    }

    /// The smaller of two lengths.
    pub fn min(self, other: Abs) -> Abs {
        Abs(self.0.min(other.0))
    }

    /// Whether this length exceeds `other` by more than rounding noise (1/1000 pt).
    pub fn fits_in(self, other: Abs) -> bool {
        self.0 <= other.0 + 1e-3
    }
}

impl Add for Abs {
    type Output = Abs;
    fn add(self, rhs: Abs) -> Abs {
        Abs(self.0 + rhs.0)
    }
}
impl AddAssign for Abs {
    fn add_assign(&mut self, rhs: Abs) {
        self.0 += rhs.0;
    }
}
impl Sub for Abs {
    type Output = Abs;
    fn sub(self, rhs: Abs) -> Abs {
        Abs(self.0 - rhs.0)
    }
}
impl SubAssign for Abs {
    fn sub_assign(&mut self, rhs: Abs) {
        self.0 -= rhs.0;
    }
}
impl Neg for Abs {
    type Output = Abs;
    fn neg(self) -> Abs {
        Abs(-self.0)
    }
}
impl Mul<f64> for Abs {
    type Output = Abs;
    fn mul(self, rhs: f64) -> Abs {
        Abs(self.0 * rhs)
    }
}
impl Div<f64> for Abs {
    type Output = Abs;
    fn div(self, rhs: f64) -> Abs {
        Abs(self.0 / rhs)
    }
}
impl Div for Abs {
    type Output = f64;
    fn div(self, rhs: Abs) -> f64 {
        self.0 / rhs.0
    }
}
impl std::iter::Sum for Abs {
    fn sum<I: Iterator<Item = Abs>>(iter: I) -> Abs {
        Abs(iter.map(|a| a.0).sum())
    }
}

/// A length relative to the font size.
#[derive(Debug, Default, Clone, Copy, PartialEq, PartialOrd)]
pub struct Em(f64);

impl Em {
    /// A length in ems.
    pub const fn new(em: f64) -> Self {
        Em(em)
    }

    /// Ems from font units.
    pub fn from_units(units: f64, units_per_em: f64) -> Self {
        Em(units / units_per_em)
    }

    /// The value in ems.
    pub fn get(self) -> f64 {
        self.0
    }

    /// The absolute length at a font size.
    pub fn at(self, size: Abs) -> Abs {
        size * self.0
    }
}

/// A point, measured from the top-left of the trim box, y growing downwards.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: Abs,
    /// Vertical position, downwards.
    pub y: Abs,
}

impl Point {
    /// A point from its coordinates.
    pub fn new(x: Abs, y: Abs) -> Self {
        Self { x, y }
    }
}

/// A width and height.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Size {
    /// Horizontal extent.
    pub width: Abs,
    /// Vertical extent.
    pub height: Abs,
}

impl Size {
    /// A size from its extents.
    pub fn new(width: Abs, height: Abs) -> Self {
        Self { width, height }
    }
}

/// An axis-aligned rectangle.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Top-left corner.
    pub origin: Point,
    /// Extent.
    pub size: Size,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    pub fn new(x: Abs, y: Abs, width: Abs, height: Abs) -> Self {
        Self {
            origin: Point::new(x, y),
            size: Size::new(width, height),
        }
    }

    /// The right edge.
    pub fn right(&self) -> Abs {
        self.origin.x + self.size.width
    }

    /// The bottom edge.
    pub fn bottom(&self) -> Abs {
        self.origin.y + self.size.height
    }
}

/// A colour as CMYK fractions in 0..=1: the layout's native colour model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cmyk {
    /// Cyan.
    pub c: f32,
    /// Magenta.
    pub m: f32,
    /// Yellow.
    pub y: f32,
    /// Black.
    pub k: f32,
}

impl Cmyk {
    /// Full black ink (100 % K), the colour of body text.
    pub const BLACK: Cmyk = Cmyk {
        c: 0.0,
        m: 0.0,
        y: 0.0,
        k: 1.0,
    };
    /// No ink.
    pub const WHITE: Cmyk = Cmyk {
        c: 0.0,
        m: 0.0,
        y: 0.0,
        k: 0.0,
    };
}
