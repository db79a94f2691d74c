#!/usr/bin/env python3
"""Generate placeholder speaker portraits for the japan-hk-forum sample kit.

Deterministic: no randomness, no timestamps, no EXIF -> identical bytes on
every run with the same Pillow version. Requires Pillow (pip install pillow).

    python3 make_placeholders.py            # writes the JPEGs next to this file
    python3 make_placeholders.py OUT_DIR    # writes them into OUT_DIR
"""
import sys
from pathlib import Path

from PIL import Image, ImageDraw

# The drawing both sample kits share lives in tests/photos/portrait.py (see README.md).
sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "photos"))
from portrait import WHITE, font, mix, silhouette  # noqa: E402

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


def draw_spaced(d, xy_right_bottom, text, face, fill, tracking):
    """Draw letter-spaced text whose bounding box ends at (right, bottom)."""
    widths = [d.textlength(ch, font=face) for ch in text]
    total = sum(widths) + tracking * (len(text) - 1)
    asc, desc = face.getmetrics()
    x = xy_right_bottom[0] - total
    y = xy_right_bottom[1] - asc
    for ch, cw in zip(text, widths):
        d.text((x, y), ch, font=face, fill=fill)
        x += cw + tracking


def render(top, bottom):
    w, h = W * SS, H * SS
    img, _ = silhouette((w, h), top, bottom)

    # caption, lower-right corner, light tint
    d = ImageDraw.Draw(img)
    tint = mix(bottom, WHITE, 0.55)
    margin = 22 * SS
    draw_spaced(d, (w - margin, h - margin), "PLACEHOLDER", font(11 * SS), tint, 2.2 * SS)

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
