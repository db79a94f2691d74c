#!/usr/bin/env python3
"""Generate placeholder speaker portraits for the japan-hk-forum sample kit.

Deterministic: no randomness, no timestamps, no EXIF -> identical bytes on
every run with the same Pillow version. Requires Pillow (pip install pillow).

    python3 make_placeholders.py            # writes the JPEGs next to this file
    python3 make_placeholders.py OUT_DIR    # writes them into OUT_DIR
"""
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

W, H = 720, 900          # final size (4:5 portrait)
SS = 2                   # supersampling factor (draw at 2x, then downsample)
QUALITY = 85

# name -> (gradient top, gradient bottom, colour mode)
SPEAKERS = {
    "miura":  ((0x93, 0xA3, 0xBB), (0x5E, 0x6F, 0x8B), "RGB"),   # slate blue
    "cheong": ((0x86, 0xB3, 0xAF), (0x4E, 0x80, 0x7C), "RGB"),   # teal
    "hara":   ((0xBA, 0xB2, 0xA9), (0x87, 0x7D, 0x74), "RGB"),   # warm grey
    "wong":   ((0xA8, 0x94, 0xAA), (0x71, 0x5B, 0x75), "RGB"),   # muted plum
    "matsuo": ((0xAD, 0xAE, 0x87), (0x77, 0x79, 0x51), "CMYK"),  # olive (CMYK test)
}


def mix(a, b, t):
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


def caption_font(px):
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


def draw_spaced(d, xy_right_bottom, text, font, fill, tracking):
    """Draw letter-spaced text whose bounding box ends at (right, bottom)."""
    widths = [d.textlength(ch, font=font) for ch in text]
    total = sum(widths) + tracking * (len(text) - 1)
    asc, desc = font.getmetrics()
    x = xy_right_bottom[0] - total
    y = xy_right_bottom[1] - asc
    for ch, cw in zip(text, widths):
        d.text((x, y), ch, font=font, fill=fill)
        x += cw + tracking


def render(top, bottom):
    w, h = W * SS, H * SS
    bg = vgradient((w, h), top, bottom)

    # silhouette: a slightly lighter, gently graded tone of the same hue
    s_top = mix(top, (255, 255, 255), 0.16)
    s_bot = mix(bottom, (255, 255, 255), 0.20)
    fg = vgradient((w, h), s_top, s_bot)
    mask = silhouette_mask(w, h)
    img = Image.composite(fg, bg, mask)

    # caption, lower-right corner, light tint
    d = ImageDraw.Draw(img)
    font = caption_font(11 * SS)
    tint = mix(bottom, (255, 255, 255), 0.55)
    margin = 22 * SS
    draw_spaced(d, (w - margin, h - margin), "PLACEHOLDER", font, tint, 2.2 * SS)

    return img.resize((W, H), Image.Resampling.LANCZOS)


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    for name, (top, bottom, mode) in SPEAKERS.items():
        img = render(top, bottom)
        if mode == "CMYK":
            img = img.convert("CMYK")  # Pillow writes Adobe (inverted) CMYK
        path = out / f"{name}.jpg"
        # baseline (non-progressive), no EXIF/ICC, fixed 72 dpi JFIF header
        img.save(path, "JPEG", quality=QUALITY, optimize=True,
                 progressive=False, subsampling="4:2:0", dpi=(72, 72))
        print(f"{path}  {path.stat().st_size} bytes  {img.size}  {mode}")


if __name__ == "__main__":
    main()
