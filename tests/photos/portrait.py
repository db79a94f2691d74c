"""Drawing shared by the sample kits' placeholder-portrait scripts.

Imported by kits/japan-hk-forum/photos/make_placeholders.py and
kits/kr-vn-energy-summit/photos/make_photos.py, so that both kits draw the same
silhouette from one copy of the code. It lives here, beside the script that
makes the test photos, rather than under kits/, so that no folder or file under
kits/ is anything but a kit (`presskit build kits/*` stays right), and the
repository keeps its top-level layout. Each script keeps its own colours,
sizes, labels and file formats.

Deterministic: no randomness, no timestamps -> identical bytes on every run
with the same Pillow version. Requires Pillow (pip install pillow).
"""
from PIL import Image, ImageDraw, ImageFilter, ImageFont

WHITE = (255, 255, 255)


def mix(a, b, t):
    """Colour a moved by t (0..1) towards colour b, rounded to whole values."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def vgradient(size, top, bottom):
    """Vertical gradient built from a 1-px column, stretched (no banding loops)."""
    w, h = size
    col = Image.new("RGB", (1, h))
    px = col.load()
    for y in range(h):
        px[0, y] = mix(top, bottom, y / (h - 1))
    return col.resize((w, h), Image.Resampling.NEAREST)


def silhouette_mask(w, h):
    """Head + short neck + rounded shoulders, as an 'L' mask at the given size."""
    # Draw on a padded canvas so the blur below doesn't see a hard edge at
    # the frame border (which would curl the shoulder outline down there).
    pad = round(w * 0.15)
    m = Image.new("L", (w + 2 * pad, h + 2 * pad), 0)
    d = ImageDraw.Draw(m)
    cx, oy = pad + w / 2, pad
    # shoulders: upper half of a superellipse (broader than an ellipse),
    # running off both sides and the bottom of the frame
    a, b, n = w * 0.62, h * 0.40, 2.4
    top = oy + h * 0.665
    pts = []
    steps = 720
    for i in range(steps + 1):
        x = -a + 2 * a * i / steps
        y = b * (1 - abs(x / a) ** n) ** (1 / n)
        pts.append((cx + x, top + b - y))
    pts += [(cx + a, oy + h + pad), (cx - a, oy + h + pad)]
    d.polygon(pts, fill=255)
    # neck
    nw = w * 0.125
    d.rectangle((cx - nw / 2, oy + h * 0.52, cx + nw / 2, top + h * 0.05), fill=255)
    # head (very slightly taller than wide)
    r = w * 0.165
    cy = oy + h * 0.43
    d.ellipse((cx - r, cy - r * 1.07, cx + r, cy + r * 1.07), fill=255)
    # Fillet the joins (neck/shoulders, neck/head): blur, then re-threshold
    # with a short ramp. A threshold below 50% fills concave corners with
    # smooth curves while barely moving straight or convex edges; the ramp
    # keeps the edge anti-aliased.
    m = m.filter(ImageFilter.GaussianBlur(w * 0.026))
    m = m.point(lambda v: max(0, min(255, (v - 62) * 12)))
    return m.crop((pad, pad, pad + w, pad + h))


def silhouette(size, top, bottom):
    """The silhouette, a slightly lighter, gently graded tone of the same hue,
    on a top-to-bottom gradient; returns the RGB image and its 'L' mask."""
    bg = vgradient(size, top, bottom)
    fg = vgradient(size, mix(top, WHITE, 0.16), mix(bottom, WHITE, 0.20))
    mask = silhouette_mask(*size)
    return Image.composite(fg, bg, mask), mask


def font(px):
    """Pillow's default font at `px` pixels; before Pillow 10.1, DejaVu Sans
    where installed, else the fixed-size bitmap default."""
    try:
        return ImageFont.load_default(size=px)          # Pillow >= 10.1
    except TypeError:
        for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                  "DejaVuSans.ttf"):
            try:
                return ImageFont.truetype(p, px)
            except OSError:
                pass
        return ImageFont.load_default()
