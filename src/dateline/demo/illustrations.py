"""Abstract illustrations drawn locally for the demo, so it needs no downloads or stock photos."""

import io
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 675

PALETTES = {
    "warm": ["#f3e3c3", "#d9a05b", "#b5651d", "#7a3b2e", "#3d2b1f"],
    "sea": ["#e4eef2", "#9cc3d5", "#4f8fad", "#1f5f7a", "#0f3446"],
    "earth": ["#efe6d2", "#c9b38a", "#8c7a55", "#5b5a3a", "#2f3326"],
    "dusk": ["#f2d7c9", "#d98e73", "#a1586b", "#5c3d66", "#2b2340"],
    "green": ["#eef2e2", "#b9cf91", "#7ea35a", "#4a6b3a", "#243a22"],
    "ink": ["#f1efe9", "#c8c3b8", "#8f8a80", "#55524c", "#22211f"],
}

# motif: (palette, drawing style)
MOTIFS = {
    "mountains": ("dusk", "ridges"),
    "desert": ("warm", "ridges"),
    "river": ("sea", "waves"),
    "sea": ("sea", "waves"),
    "city": ("ink", "blocks"),
    "books": ("warm", "blocks"),
    "market": ("warm", "blocks"),
    "ballot": ("ink", "blocks"),
    "chart": ("sea", "bars"),
    "wheat": ("earth", "stripes"),
    "orchard": ("green", "stripes"),
    "carpet": ("dusk", "stripes"),
    "train": ("ink", "rails"),
    "pipeline": ("earth", "rails"),
    "bridge": ("sea", "rails"),
    "tea": ("green", "circles"),
    "theatre": ("dusk", "circles"),
    "map": ("earth", "circles"),
}


def _ridges(draw, rng, colours):
    for layer, colour in enumerate(colours[1:]):
        base = HEIGHT * (0.35 + 0.15 * layer)
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 100, 100):
            points.append((x, base - rng.uniform(0, 140 - 20 * layer)))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=colour)


def _waves(draw, rng, colours):
    for layer, colour in enumerate(colours[1:]):
        top = HEIGHT * (0.25 + 0.18 * layer)
        amplitude = rng.uniform(12, 40)
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 40, 40):
            offset = amplitude * (1 if (x // 40 + layer) % 2 else -1)
            points.append((x, top + offset))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=colour)


def _blocks(draw, rng, colours):
    x = 0
    while x < WIDTH:
        width = rng.randint(60, 160)
        top = rng.randint(int(HEIGHT * 0.2), int(HEIGHT * 0.7))
        draw.rectangle([x, top, x + width - 8, HEIGHT], fill=rng.choice(colours[1:]))
        x += width


def _bars(draw, rng, colours):
    count = 9
    slot = WIDTH // count
    for index in range(count):
        top = rng.randint(int(HEIGHT * 0.15), int(HEIGHT * 0.85))
        draw.rectangle(
            [index * slot + 24, top, (index + 1) * slot - 24, HEIGHT - 40],
            fill=colours[1 + index % 4],
        )
    draw.line([(0, HEIGHT - 40), (WIDTH, HEIGHT - 40)], fill=colours[4], width=6)


def _stripes(draw, rng, colours):
    y = 0
    while y < HEIGHT:
        height = rng.randint(18, 70)
        draw.rectangle([0, y, WIDTH, y + height], fill=rng.choice(colours[1:]))
        y += height
    for _ in range(6):
        cx, cy = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
        radius = rng.randint(30, 90)
        draw.regular_polygon((cx, cy, radius), 4, rotation=45, fill=colours[0])


def _rails(draw, rng, colours):
    draw.rectangle([0, HEIGHT * 0.55, WIDTH, HEIGHT], fill=colours[2])
    for index in range(4):
        y = HEIGHT * 0.3 + index * 45
        draw.line([(0, y + rng.randint(-30, 30)), (WIDTH, y)], fill=colours[3 + index % 2],
                  width=14)
    for x in range(40, WIDTH, 120):
        draw.rectangle([x, HEIGHT * 0.55, x + 20, HEIGHT], fill=colours[4])


def _circles(draw, rng, colours):
    for _ in range(14):
        cx, cy = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
        radius = rng.randint(40, 220)
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius],
                     fill=rng.choice(colours[1:]))


STYLES = {
    "ridges": _ridges, "waves": _waves, "blocks": _blocks, "bars": _bars,
    "stripes": _stripes, "rails": _rails, "circles": _circles,
}


def illustration(motif, seed):
    """JPEG bytes of an abstract illustration; the same motif and seed give the same image."""
    palette_name, style = MOTIFS[motif]
    colours = PALETTES[palette_name]
    rng = random.Random(f"{motif}:{seed}")
    image = Image.new("RGB", (WIDTH, HEIGHT), colours[0])
    STYLES[style](ImageDraw.Draw(image), rng, colours)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def portrait(colour, seed, size=480):
    """A square, faceless portrait silhouette in the author's colour."""
    rng = random.Random(f"portrait:{seed}")
    image = Image.new("RGB", (size, size), "#efe9df")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, size * rng.uniform(0.6, 0.7), size, size], fill="#d8cfc0")
    draw.ellipse([size * 0.32, size * 0.18, size * 0.68, size * 0.56], fill=colour)
    draw.ellipse([size * 0.14, size * 0.6, size * 0.86, size * 1.3], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
