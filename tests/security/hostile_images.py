"""Malformed, hostile and odd image files, made afresh from a seed for the upload battery.

Every file is built here, byte by byte or with Pillow, so the battery carries no captured data
and the same seed always gives the same files.
"""

import functools
import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass

from PIL import Image, ImageDraw

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXTENSIONS = ("png", "jpg", "gif", "webp")
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)" width="10" '
    b'height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)
HTML_WITH_SCRIPT = b"<!doctype html><html><body onload=alert(1)><script>alert(2)</script>"


@dataclass(frozen=True)
class HostileFile:
    family: str
    name: str
    content: bytes


def picture(mode="RGB", size=(48, 32)):
    """A small picture with edges and gradients, so that every codec has real work to do."""
    image = Image.new("RGB", size, (200, 220, 240))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 6):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(x * 5 % 256, 90, 255 - x * 3 % 256))
    draw.ellipse([8, 4, 30, 26], fill=(180, 30, 40))
    return image.convert(mode)


def encoded(image, format, **options):
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, pixel_data=b"", *, bit_depth=8, colour_type=2):
    """A PNG with whatever header it is told, for sizes Pillow would never write."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return (PNG_SIGNATURE + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", pixel_data)
            + png_chunk(b"IEND", b""))


@functools.cache
def png_bomb(side):
    """A black 1-bit square of ``side`` pixels: a few kilobytes that decode to side² bytes."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (side + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    return png(side, side, data, bit_depth=1, colour_type=0)


@functools.cache
def striped_png(width, height, *, bit_depth=8):
    """An RGB PNG of vertical stripes, kilobytes for any size (each row after the first is
    filtered "same as above"): at 16 bits a sample and 16,383 × 3,906, a file like the one
    that held the write lock for 20–35 s (issue 14)."""
    samples = width * 3 * bit_depth // 8
    first = b"\x00" + (bytes(range(256)) * (samples // 256 + 1))[:samples]
    same_as_above = b"\x02" + bytes(samples)
    compressor = zlib.compressobj(1)
    data = (compressor.compress(first)
            + b"".join(compressor.compress(same_as_above) for _ in range(height - 1))
            + compressor.flush())
    return png(width, height, data, bit_depth=bit_depth)


@functools.cache
def camera_photo(width, height):
    """A JPEG of grainy grey, as large as an unedited camera photo of that size."""
    return encoded(Image.effect_noise((width, height), 40).convert("RGB"), "JPEG", quality=85)


def gif(width, height, frames=1):
    """A GIF whose every frame covers the declared screen with two bytes of picture data."""
    palette = b"\x00" * 3 + b"\xff" * 3
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + palette
    frame = b"," + struct.pack("<HHHHB", 0, 0, width, height, 0) + b"\x02\x02\x4c\x01\x00"
    return screen + frame * frames + b";"


def jpeg_with_size(jpeg, width, height):
    """``jpeg`` with the size in its frame header replaced, the picture data left as it was."""
    start = jpeg.index(b"\xff\xc0") if b"\xff\xc0" in jpeg else jpeg.index(b"\xff\xc2")
    return jpeg[:start + 5] + struct.pack(">HH", height, width) + jpeg[start + 9:]


def webp_canvas(width, height):
    """An extended WebP header declaring a canvas with nothing in it."""
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00"
    vp8x += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(vp8x)) + b"WEBP" + vp8x


def jpeg_with_segments(jpeg, *segments):
    """``jpeg`` with extra marker segments right after its start-of-image marker."""
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def segment(marker, payload):
    return marker + struct.pack(">H", len(payload) + 2) + payload


def exif(entries, *, first_ifd_offset=8, next_ifd=0):
    """A little-endian TIFF header and one IFD, for EXIF blocks that lie about themselves."""
    ifd = struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<HHII", tag, kind, count, value) for tag, kind, count, value in entries)
    return b"Exif\x00\x00II*\x00" + struct.pack("<I", first_ifd_offset) + ifd + struct.pack(
        "<I", next_ifd)


def zip_archive(name, content):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def valid_images():
    """Well-formed images in the formats and modes a newsroom's cameras and tools produce:
    the control group, every one of which must be accepted."""
    frames = [picture(), picture().rotate(90), picture().transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    oriented = picture()
    orientation = oriented.getexif()
    orientation[0x0112] = 6
    return [
        HostileFile("valid", "rgb.png", encoded(picture(), "PNG")),
        HostileFile("valid", "palette.png", encoded(picture("P"), "PNG", transparency=0)),
        HostileFile("valid", "grey-alpha.png", encoded(picture("LA"), "PNG")),
        HostileFile("valid", "baseline.jpg", encoded(picture(), "JPEG", quality=80)),
        HostileFile("valid", "progressive.jpg", encoded(picture(), "JPEG", progressive=True)),
        HostileFile("valid", "cmyk.jpg", encoded(picture("CMYK"), "JPEG")),
        HostileFile("valid", "rotated.jpg", encoded(oriented, "JPEG", exif=orientation)),
        HostileFile("valid", "animated.gif",
                    encoded(frames[0], "GIF", save_all=True, append_images=frames[1:])),
        HostileFile("valid", "still.webp", encoded(picture(), "WEBP")),
        HostileFile("valid", "animated.webp",
                    encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:])),
        HostileFile("valid", "lossless-alpha.webp", encoded(picture("RGBA"), "WEBP",
                                                             lossless=True)),
    ]


def oddities():
    """Rare but legal images: accepted if they print, otherwise refused with a form error."""
    return [
        HostileFile("oddity", "sixteen-bit.png", encoded(picture("I;16"), "PNG")),
        HostileFile("oddity", "one-bit.png", encoded(picture("1"), "PNG")),
        HostileFile("oddity", "grey.jpg", encoded(picture("L"), "JPEG")),
        HostileFile("oddity", "one-by-one.gif", encoded(picture(size=(1, 1)), "GIF")),
        HostileFile("oddity", "interlaced.gif", encoded(picture(), "GIF", interlace=True)),
        HostileFile("oddity", "icc.jpg", encoded(picture(), "JPEG", icc_profile=b"\0" * 128)),
        HostileFile("oddity", "many-frames.gif", encoded(
            picture(), "GIF", save_all=True,
            append_images=[picture().rotate(angle) for angle in range(0, 360, 10)])),
    ]


def truncated(bases, rng, per_base):
    for base in bases:
        size = len(base.content)
        # The header boundaries first, where parsers decide how much to read, then anywhere.
        offsets = {1, 4, 8, 12, 16, 24, 33, 40, 64, size // 2, size - 12, size - 1}
        while len(offsets) < per_base:
            offsets.add(rng.randrange(1, size))
        for offset in sorted(o for o in offsets if 0 < o < size)[:per_base]:
            yield HostileFile("truncated", f"cut-{offset}-{base.name}", base.content[:offset])


def bit_flipped(bases, rng, per_base):
    for base in bases:
        for attempt in range(per_base):
            content = bytearray(base.content)
            # Half the flips land in the first 64 bytes, where the sizes and formats are.
            reach = 64 if attempt % 2 else len(content)
            for _ in range(rng.randint(1, 4)):
                position = rng.randrange(min(reach, len(content)))
                content[position] ^= 1 << rng.randrange(8)
            yield HostileFile("bit-flipped", f"flip-{attempt}-{base.name}", bytes(content))


def wrong_extensions(bases):
    for base in bases:
        stem, extension = base.name.rsplit(".", 1)
        for other in (*EXTENSIONS, "svg", "html", "bmp"):
            if other not in (extension, "jpeg" if extension == "jpg" else extension):
                yield HostileFile("wrong extension", f"{stem}-as.{other}", base.content)


def polyglots(bases):
    png_file, jpeg = bases[0].content, bases[3].content
    yield HostileFile("polyglot", "gif-javascript.gif",
                      b"GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=alert(document.domain);//;")
    yield HostileFile("polyglot", "gif-javascript.js.gif",
                      gif(10, 10)[:-1] + b"*/alert(1)//" + b";")
    yield HostileFile("polyglot", "png-zip.png", png_file + zip_archive("run.sh", b"rm -rf /"))
    yield HostileFile("polyglot", "png-html.png", png_file + HTML_WITH_SCRIPT)
    yield HostileFile("polyglot", "png-html-chunk.png",
                      png_file[:33] + png_chunk(b"tEXt", b"Comment\x00" + HTML_WITH_SCRIPT)
                      + png_file[33:])
    yield HostileFile("polyglot", "jpeg-html-comment.jpg",
                      jpeg_with_segments(jpeg, segment(b"\xff\xfe", HTML_WITH_SCRIPT)))
    yield HostileFile("polyglot", "jpeg-php-exif.jpg", jpeg_with_segments(
        jpeg, segment(b"\xff\xe1", b"Exif\x00\x00<?php system($_GET['c']); ?>")))
    yield HostileFile("polyglot", "jpeg-zip.jpg", jpeg + zip_archive("x.html", HTML_WITH_SCRIPT))
    yield HostileFile("polyglot", "html-then-png.png", HTML_WITH_SCRIPT + png_file)
    yield HostileFile("polyglot", "svg-in-png.png", SVG_WITH_SCRIPT + png_file)
    yield HostileFile("polyglot", "pdf-jpeg.jpg", b"%PDF-1.4\n" + jpeg)
    yield HostileFile("polyglot", "jpeg-pdf.jpg", jpeg + b"%PDF-1.4\n1 0 obj<</JS(alert(1))>>")


def bombs(bases):
    jpeg = bases[3].content
    yield HostileFile("decompression bomb", "black-20000.png", png_bomb(20_000))
    yield HostileFile("decompression bomb", "black-9000.png", png_bomb(9_000))
    yield HostileFile("decompression bomb", "declared-65535.gif", gif(65_535, 65_535))
    yield HostileFile("decompression bomb", "declared-9000.gif", gif(9_000, 9_000))
    yield HostileFile("decompression bomb", "frames.gif", gif(3_000, 3_000, frames=10))
    yield HostileFile("decompression bomb", "declared-65500.jpg", jpeg_with_size(jpeg, 65_500,
                                                                                 65_500))
    yield HostileFile("decompression bomb", "declared-9000.jpg", jpeg_with_size(jpeg, 9_000,
                                                                                9_000))
    yield HostileFile("decompression bomb", "canvas-16383.webp", webp_canvas(16_383, 16_383))
    yield HostileFile("decompression bomb", "canvas-9000.webp", webp_canvas(9_000, 9_000))
    yield HostileFile("decompression bomb", "declared-2g.png", png(2**31 - 1, 2**31 - 1))


def huge_and_zero_dimensions(bases):
    jpeg = bases[3].content
    one_row = zlib.compress(b"\x00" + b"\x00" * 3 * 60_000)
    yield HostileFile("huge dimensions", "wide-70m.png", png(70_000_000, 1))
    yield HostileFile("huge dimensions", "tall-70m.png", png(1, 70_000_000))
    yield HostileFile("huge dimensions", "wide-60000.png", png(60_000, 1, one_row))
    yield HostileFile("huge dimensions", "tall-60000.png",
                      png(1, 60_000, zlib.compress(b"\x00\x00\x00\x00" * 60_000)))
    yield HostileFile("huge dimensions", "wide-65500.jpg", jpeg_with_size(jpeg, 65_500, 1))
    yield HostileFile("huge dimensions", "tall-65500.gif", gif(1, 65_500))
    yield HostileFile("zero dimensions", "zero.png", png(0, 0))
    yield HostileFile("zero dimensions", "zero-width.png", png(0, 10, zlib.compress(b"\0" * 10)))
    yield HostileFile("zero dimensions", "zero.gif", gif(0, 0))
    yield HostileFile("zero dimensions", "zero.jpg", jpeg_with_size(jpeg, 0, 0))
    yield HostileFile("zero dimensions", "zero-height.jpg", jpeg_with_size(jpeg, 48, 0))


def exif_bombs(bases):
    jpeg = bases[3].content
    orientation_loop = exif([(0x0112, 3, 1, 6), (0x8769, 4, 1, 8)])  # the EXIF IFD is itself
    many_entries = exif([(0x010E, 2, 0xFFFFFFF, 0x7FFFFFF0)] * 1000)
    chained = exif([(0x0112, 3, 1, 9)], next_ifd=8)  # the next IFD is the first one again
    yield HostileFile("EXIF bomb", "exif-loop.jpg",
                      jpeg_with_segments(jpeg, segment(b"\xff\xe1", orientation_loop)))
    yield HostileFile("EXIF bomb", "exif-many.jpg",
                      jpeg_with_segments(jpeg, segment(b"\xff\xe1", many_entries)))
    yield HostileFile("EXIF bomb", "exif-chained.jpg",
                      jpeg_with_segments(jpeg, segment(b"\xff\xe1", chained)))
    yield HostileFile("EXIF bomb", "exif-past-end.jpg", jpeg_with_segments(
        jpeg, segment(b"\xff\xe1", exif([(0x0112, 3, 1, 6)], first_ifd_offset=0xFFFFFFF0))))
    yield HostileFile("EXIF bomb", "exif-repeated.jpg", jpeg_with_segments(
        jpeg, *[segment(b"\xff\xe1", exif([(0x0112, 3, 1, 6)] * 5000))] * 20))
    yield HostileFile("EXIF bomb", "exif-in-png.png", bases[0].content[:33] + png_chunk(
        b"eXIf", orientation_loop[6:]) + bases[0].content[33:])


def not_images():
    yield HostileFile("not an image", "empty.jpg", b"")
    yield HostileFile("not an image", "empty.png", b"")
    yield HostileFile("not an image", "one-byte.gif", b"G")
    yield HostileFile("not an image", "text.jpg", b"The ferry sails at noon.\n" * 20)
    yield HostileFile("not an image", "page.jpg", HTML_WITH_SCRIPT)
    yield HostileFile("not an image", "archive.png", zip_archive("a.txt", b"a"))
    yield HostileFile("not an image", "document.jpg", b"%PDF-1.4\n%%EOF\n")
    yield HostileFile("not an image", "program.gif", b"\x7fELF\x02\x01\x01" + b"\x00" * 64)
    yield HostileFile("not an image", "nulls.webp", b"\x00" * 4096)
    yield HostileFile("not an image", "signature-only.png", PNG_SIGNATURE)
    yield HostileFile("not an image", "markers-only.jpg", b"\xff\xd8\xff\xd9")
    yield HostileFile("not an image", "riff-only.webp", b"RIFF\x04\x00\x00\x00WEBP")


def svgs():
    yield HostileFile("SVG with script", "script.svg", SVG_WITH_SCRIPT)
    yield HostileFile("SVG with script", "script-as.png", SVG_WITH_SCRIPT)
    yield HostileFile("SVG with script", "script-as.jpg",
                      b'<?xml version="1.0"?>' + SVG_WITH_SCRIPT)
    yield HostileFile("SVG with script", "entity.svg", b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY'
                      b' x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">'
                      b"&x;</svg>")


def hostile_images(seed, *, truncations=30, flips=40):
    """Valid images first (the control group), then every family of malformed ones."""
    rng = random.Random(seed)
    bases = [*valid_images(), *oddities()[:2]]
    return [
        *valid_images(), *oddities(), *truncated(bases, rng, truncations),
        *bit_flipped(bases, rng, flips),
        *wrong_extensions(bases), *polyglots(bases), *bombs(bases),
        *huge_and_zero_dimensions(bases), *exif_bombs(bases), *not_images(), *svgs(),
    ]


def hostile_documents():
    """Files that a browser would run if a site served them inline from its own origin."""
    png_file = valid_images()[0].content
    for name in ("script.svg", "script.svg.txt", "script.pdf", "script.csv"):
        yield HostileFile("document: SVG", name, SVG_WITH_SCRIPT)
    for name in ("page.html", "page.htm", "page.xhtml", "page.txt", "page.pdf", "page.rtf",
                 "page.html.zip", "page"):
        yield HostileFile("document: HTML", name, HTML_WITH_SCRIPT)
    yield HostileFile("document: polyglot", "png-zip.zip", png_file + zip_archive("a.html",
                                                                                 HTML_WITH_SCRIPT))
    yield HostileFile("document: polyglot", "gif-javascript.txt",
                      b"GIF89a/*\x0a\x00\x0a\x00\x00\x00\x00*/=alert(document.domain);//;")
    yield HostileFile("document: polyglot", "html-pdf.pdf", b"%PDF-1.4\n" + HTML_WITH_SCRIPT)
    yield HostileFile("document: polyglot", "png-html.docx", png_file + HTML_WITH_SCRIPT)
    yield HostileFile("document: empty", "empty.pdf", b"")
