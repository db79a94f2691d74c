#!/usr/bin/env python3
"""Small photos, one per format case, for tests/photo_formats.rs (Pillow; deterministic).

Each is 400 x 500 (4:5) or stored sideways, at most ~440 ppi over the minimal kit's 28 mm,
so print embeds JPEGs unchanged.

    python3 make_photos.py [OUT_DIR]
"""
import sys
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
W, H = 400, 500


def portrait(colour):
    img = Image.new("RGB", (W, H), colour)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, W, 60), fill=(20, 20, 20))          # band at the top
    d.ellipse((130, 150, 270, 310), fill=(235, 225, 210))   # head
    return img


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    srgb = (HERE / "../../layouts/icc/sRGB-v2-magic.icc").read_bytes()
    img = portrait((90, 120, 160))
    img.save(out / "progressive.jpg", quality=85, progressive=True)
    img.save(out / "icc.jpg", quality=85, icc_profile=srgb)
    img.convert("L").save(out / "grey.jpg", quality=85)
    # Stored sideways; Orientation 6 turns it upright.
    exif = Image.Exif()
    exif[0x0112] = 6
    img.transpose(Image.Transpose.ROTATE_90).save(out / "exif6.jpg", quality=85, exif=exif.tobytes())
    # Pillow writes CMYK with an Adobe marker and stores 255 - value; writing the complement
    # of the ink amounts and dropping the marker leaves a plain CMYK JPEG whose samples are the
    # ink amounts: a uniform C=10% M=20% Y=30% K=40% field.
    ink = (26, 51, 77, 102)
    Image.new("CMYK", (W, H), tuple(255 - v for v in ink)).save(out / "_tmp.jpg", quality=100)
    data = (out / "_tmp.jpg").read_bytes()
    (out / "_tmp.jpg").unlink()
    i = data.index(b"\xff\xee")
    n = int.from_bytes(data[i + 2:i + 4], "big")
    plain = data[:i] + data[i + 2 + n:]
    (out / "cmyk-no-adobe.jpg").write_bytes(plain)
    # The same field as Pillow writes it: Adobe marker, inverted samples.
    Image.new("CMYK", (W, H), ink).save(out / "cmyk-adobe.jpg", quality=100)
    # A rich black of 100/100/100/100 (400 % total ink) in the middle of the same field: over
    # FOGRA39's 300 % limit, for the print preflight warning.
    rich = Image.new("CMYK", (W, H), ink)
    ImageDraw.Draw(rich).rectangle((100, 150, 300, 350), fill=(255, 255, 255, 255))
    rich.save(out / "cmyk-400-ink.jpg", quality=95)
    img.convert("L").save(out / "grey.png")
    img.convert("P", palette=Image.Palette.ADAPTIVE, colors=16).save(out / "palette.png")
    img.convert("L").convert("I;16").point(lambda v: v * 257).save(out / "grey16.png")
    rgba = img.convert("RGBA")
    mask = Image.new("L", (W, H), 0)
    ImageDraw.Draw(mask).ellipse((50, 50, 350, 450), fill=255)
    rgba.putalpha(mask)
    rgba.save(out / "rgba.png")
    img.save(out / "rgb.tif", compression="tiff_lzw")
    # Progressive JPEGs full of detail (a Mandelbrot set, deterministic), so that successive
    # approximation refines many AC coefficients: colour at 4:4:4, grey (non-interleaved
    # scans) and CMYK. For the decoder's scaled progressive path (vendor/jpeg-decoder).
    detail = Image.effect_mandelbrot((W, H), (-2.2, -1.4, 0.8, 1.4), 120)
    ramp = Image.linear_gradient("L").resize((W, H))
    colour = Image.merge("RGB", (detail, ramp, detail.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    colour.save(out / "progressive-detail.jpg", quality=90, progressive=True, subsampling=0)
    detail.save(out / "progressive-grey.jpg", quality=90, progressive=True)
    Image.merge("CMYK", (detail, ramp, ramp.transpose(Image.Transpose.ROTATE_180), detail)).save(
        out / "progressive-cmyk.jpg", quality=90, progressive=True)


if __name__ == "__main__":
    main()
