#!/usr/bin/env python3
"""Generate the speaker photos of the kr-vn-energy-summit sample kit.

Each file exercises one kind of photo a comms team actually delivers, so the
kit tests the photo reader, not only the layout:

    lee-cutout.png     RGBA PNG, transparent background (soft mask in the PDF)
    nguyen-exif6.jpg   JPEG stored sideways with EXIF Orientation 6; upright
                       only when orientation is honoured (label at the top)
    chen-cmyk.jpg      CMYK JPEG with an Adobe APP14 marker (inverted CMYK)
    park.tif           RGB TIFF (LZW)
    tran-large.jpg     6000 x 7500 JPEG, smooth content so the file stays small

Deterministic: no randomness, no timestamps -> identical bytes on every run
with the same Pillow version. Requires Pillow (pip install pillow).

    python3 make_photos.py            # writes the files next to this file
    python3 make_photos.py OUT_DIR    # writes them into OUT_DIR
"""
import sys
from pathlib import Path

from PIL import Image, ImageDraw

# The drawing both sample kits share lives in tests/photos/portrait.py (see README.md).
sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "photos"))
from portrait import font, mix, silhouette  # noqa: E402

W, H = 720, 900          # 4:5 portrait
QUALITY = 85


def portrait(top, bottom, label, w=W, h=H):
    """A silhouette on a gradient, with `label` across the top so that a
    rotated or mirrored placement is obvious at a glance."""
    img, mask = silhouette((w, h), top, bottom)
    d = ImageDraw.Draw(img)
    # A dark band with the label at the top edge: upright means band on top.
    d.rectangle((0, 0, w, h * 0.11), fill=mix(bottom, (0, 0, 0), 0.5))
    f = font(round(h * 0.06))
    tw = d.textlength(label, font=f)
    d.text(((w - tw) / 2, h * 0.025), label, font=f, fill=(255, 255, 255))
    # A marker in the top-left corner: tells a mirror from a rotation.
    d.rectangle((w * 0.04, h * 0.14, w * 0.14, h * 0.22), fill=(200, 40, 40))
    return img, mask


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)

    # Cut-out: the silhouette only, background fully transparent.
    img, mask = portrait((0x8A, 0x9F, 0xC0), (0x4F, 0x63, 0x86), "LEE")
    rgba = img.convert("RGBA")
    rgba.putalpha(mask)
    rgba.save(out / "lee-cutout.png", optimize=True)

    # Stored rotated 90 degrees anticlockwise; Orientation 6 says "rotate 90
    # clockwise to display", which brings the label back to the top.
    img, _ = portrait((0x86, 0xB3, 0xAF), (0x4E, 0x80, 0x7C), "NGUYEN")
    stored = img.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(out / "nguyen-exif6.jpg", "JPEG", quality=QUALITY, exif=exif.tobytes(),
                progressive=False, subsampling="4:2:0", dpi=(72, 72))

    # Pillow writes CMYK JPEGs with an Adobe APP14 marker and inverted values.
    img, _ = portrait((0xBA, 0xB2, 0xA9), (0x87, 0x7D, 0x74), "CHEN")
    img.convert("CMYK").save(out / "chen-cmyk.jpg", "JPEG", quality=QUALITY,
                             progressive=False, dpi=(72, 72))

    img, _ = portrait((0xAD, 0xAE, 0x87), (0x77, 0x79, 0x51), "PARK")
    img.save(out / "park.tif", "TIFF", compression="tiff_lzw", dpi=(72, 72))

    # Very large: drawn at 1/5 and scaled up, so the content is smooth and the
    # JPEG small, while the pixel count is what a camera delivers.
    img, _ = portrait((0xA8, 0x94, 0xAA), (0x71, 0x5B, 0x75), "TRAN", 1200, 1500)
    big = img.resize((6000, 7500), Image.Resampling.BICUBIC)
    big.save(out / "tran-large.jpg", "JPEG", quality=80, progressive=False,
             subsampling="4:2:0", dpi=(300, 300))

    for p in sorted(out.glob("*")):
        if p.suffix in (".png", ".jpg", ".tif"):
            with Image.open(p) as im:
                print(f"{p.name}  {p.stat().st_size} bytes  {im.size}  {im.mode}")


if __name__ == "__main__":
    main()
