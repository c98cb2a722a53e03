"""Draw the app icon (a speech bubble with «С» on a blue tile) into the files the build uses.

Run once by hand after changing the design; the results are committed:
packaging/sferum-desk.ico (Windows: the .exe, the shortcuts, the installer) and
resources/icons/sferum-desk.png (the window icon at run time).
Needs Pillow (not a dependency of the app): pip install pillow
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE_RESOURCES = ROOT / "resources"  # the checkout's files: this tool rewrites them
FONT = SOURCE_RESOURCES / "fonts" / "LiberationSans-Bold.ttf"
SIZE = 1024  # drawn large, scaled down smoothly
BLUE_TOP, BLUE_BOTTOM = (41, 128, 215), (22, 82, 160)


def draw(size: int = SIZE) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    tile = Image.new("RGBA", (size, size))
    for y in range(size):  # a vertical gradient
        t = y / (size - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(BLUE_TOP, BLUE_BOTTOM))
        ImageDraw.Draw(tile).line([(0, y), (size, y)], fill=(*colour, 255))
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, size - 1, size - 1], radius=size * 0.2,
                                           fill=255)
    image.paste(tile, (0, 0), mask)
    pen = ImageDraw.Draw(image)
    s = size / 100
    pen.ellipse([16 * s, 14 * s, 84 * s, 74 * s], fill="white")  # the bubble
    pen.polygon([(26 * s, 62 * s), (20 * s, 88 * s), (46 * s, 70 * s)], fill="white")  # its tail
    font = ImageFont.truetype(str(FONT), round(46 * s))
    pen.text((50 * s, 44 * s), "С", font=font, fill=(*BLUE_BOTTOM, 255), anchor="mm")
    return image


def main() -> None:
    big = draw()
    png = SOURCE_RESOURCES / "icons" / "sferum-desk.png"
    png.parent.mkdir(parents=True, exist_ok=True)
    big.resize((256, 256), Image.LANCZOS).save(png)
    big.resize((256, 256), Image.LANCZOS).save(
        ROOT / "packaging" / "sferum-desk.ico",
        sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    big.resize((512, 512), Image.LANCZOS).save(ROOT / "packaging" / "sferum-desk.png")
    print(f"icons written: {png}, packaging/sferum-desk.ico, packaging/sferum-desk.png")


if __name__ == "__main__":
    main()
