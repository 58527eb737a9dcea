#!/usr/bin/env python3
# Copyright 2026 The ossimg Authors.
# SPDX-License-Identifier: Apache-2.0
"""Fixtures for tests/codecs/{bmp,tiff,heif,avif}_test.cc and the hostile files listed in
tests/data/bad/EXPECTED.formats.

BMPs are written here byte by byte (every header, depth and compression the decoder claims), each
with the PPM of the pixels it means (fmt-*.ppm): an encoder independent of the decoder under test.
TIFF, HEIC and AVIF files are written by libvips 8.14 (libtiff, libheif with x265 and aom) from
fmt-src.ppm; the lossless TIFFs must decode to exactly that. Run from the repository root:

    python3 tests/data/codecs/make_format_fixtures.py
"""

import os
import struct
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, '..', 'bad')
W, H = 13, 7  # odd sizes: row padding in every depth


def ppm(name, w, h, rgb):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(b'P6\n%d %d\n255\n' % (w, h) + bytes(rgb))


def colour(x, y):
    return [(x * 37 + y * 11) & 255, (x * 5 + y * 53) & 255, (x * y * 7 + 40) & 255]


def bmp(hsize, w, h, bpp, compression, pixels, palette=b'', masks=b'', extra_header=b'',
        offset=None, colours_used=0):
    """A BMP: file header, info header of `hsize` bytes, masks, palette, pixel data."""
    if hsize == 12:
        info = struct.pack('<IHHHH', 12, w, h, 1, bpp)
    else:
        info = struct.pack('<IiiHHIIiiII', hsize, w, h, 1, bpp, compression, len(pixels), 2835,
                           2835, colours_used, 0)
        info += extra_header
        info += b'\0' * (hsize - len(info))
    off = 14 + len(info) + len(masks) + len(palette) if offset is None else offset
    body = info + masks + palette
    return b'BM' + struct.pack('<IHHI', 14 + len(body) + len(pixels), 0, 0, off) + body + pixels


def rows(w, h, row_fn, bottom_up=True):
    out = b''
    order = range(h - 1, -1, -1) if bottom_up else range(h)
    for y in order:
        r = row_fn(y)
        out += r + b'\0' * ((-len(r)) % 4)
    return out


def put(name, data):
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(data)


def make_bmps():
    truth = []
    for y in range(H):
        for x in range(W):
            truth += colour(x, y)
    ppm('fmt-truecolour.ppm', W, H, truth)

    def bgr(y):
        return b''.join(bytes(colour(x, y)[::-1]) for x in range(W))

    put('bmp-24.bmp', bmp(40, W, H, 24, 0, rows(W, H, bgr)))
    put('bmp-24-topdown.bmp', bmp(40, W, -H, 24, 0, rows(W, H, bgr, False)))
    put('bmp-24-core.bmp', bmp(12, W, H, 24, 0, rows(W, H, bgr)))
    # X8R8G8B8: the fourth byte is reserved and must not become alpha.
    put('bmp-32-x.bmp', bmp(40, W, H, 32, 0, rows(
        W, H, lambda y: b''.join(bytes(colour(x, y)[::-1]) + b'\x5a' for x in range(W)))))

    # V4 BITFIELDS with an alpha mask, A = x * 19.
    v4_masks = struct.pack('<IIII', 0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)
    put('bmp-32-alpha-v4.bmp', bmp(108, W, H, 32, 3, rows(
        W, H, lambda y: b''.join(bytes(colour(x, y)[::-1] + [x * 19]) for x in range(W))),
        extra_header=v4_masks + b'BGRs'))

    # 16-bit: 5-5-5 (BI_RGB) and 5-6-5 (BITFIELDS, masks after a 40-byte header).
    def scale(v, bits):
        m = (1 << bits) - 1
        return (v * 255 + m // 2) // m

    t555, t565 = [], []
    for y in range(H):
        for x in range(W):
            r, g, b = colour(x, y)
            t555 += [scale(r >> 3, 5), scale(g >> 3, 5), scale(b >> 3, 5)]
            t565 += [scale(r >> 3, 5), scale(g >> 2, 6), scale(b >> 3, 5)]
    ppm('fmt-555.ppm', W, H, t555)
    ppm('fmt-565.ppm', W, H, t565)

    def px555(y):
        return b''.join(struct.pack('<H', (c[0] >> 3) << 10 | (c[1] >> 3) << 5 | c[2] >> 3)
                        for c in (colour(x, y) for x in range(W)))

    def px565(y):
        return b''.join(struct.pack('<H', (c[0] >> 3) << 11 | (c[1] >> 2) << 5 | c[2] >> 3)
                        for c in (colour(x, y) for x in range(W)))

    put('bmp-16-555.bmp', bmp(40, W, H, 16, 0, rows(W, H, px555)))
    put('bmp-16-565.bmp', bmp(40, W, H, 16, 3, rows(W, H, px565),
                              masks=struct.pack('<III', 0xF800, 0x07E0, 0x001F)))

    # Palettes: 1, 4 and 8 bits; entry i = colour(i, 3 * i).
    pal = [colour(i, 3 * i) for i in range(256)]
    for bpp in (1, 4, 8):
        n = 1 << bpp
        idx = lambda x, y: (x + 3 * y) % n  # noqa: E731
        t = []
        for y in range(H):
            for x in range(W):
                t += pal[idx(x, y)]
        ppm('fmt-pal%d.ppm' % bpp, W, H, t)

        def packed(y, bpp=bpp, idx=idx):
            bits = ''.join(format(idx(x, y), '0%db' % bpp) for x in range(W))
            bits += '0' * ((-len(bits)) % 8)
            return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))

        palette = b''.join(bytes(pal[i][::-1]) + b'\0' for i in range(n))
        put('bmp-pal%d.bmp' % bpp, bmp(40, W, H, bpp, 0, rows(W, H, packed), palette,
                                       colours_used=n))

    # RLE8 and RLE4: runs, absolute runs, an early end of line, a delta and end of bitmap.
    # Pixels the stream never writes are palette entry 0.
    for bpp, comp in ((8, 1), (4, 2)):
        n = 1 << bpp
        grid = [[0] * W for _ in range(H)]  # file order: row 0 = bottom
        stream = b''
        for y in range(H):
            if y == 2:  # delta: skip 3 right and 1 up from (0, 2), then fill the rest of row 3
                stream += b'\x00\x02\x03\x01'
                x = 3
                cnt = W - x
                v = 5 % n
                stream += bytes([cnt, v * 17 if bpp == 4 else v])
                for i in range(cnt):
                    grid[3][x + i] = v
                stream += b'\x00\x00'
                continue
            if y == 3:
                continue  # written through the delta above
            if y == 5:  # half a row, then end of line
                stream += bytes([4, (7 % n) * 17 if bpp == 4 else 7]) + b'\x00\x00'
                for i in range(4):
                    grid[y][i] = 7 % n
                continue
            # a run of 4, then 5 literals (absolute mode), then a run to the end of the row
            a = (y + 1) % n
            stream += bytes([4, a * 17 if bpp == 4 else a])
            for i in range(4):
                grid[y][i] = a
            lit = [(y * 5 + i * 3 + 2) % n for i in range(5)]
            if bpp == 8:
                data = bytes(lit)
            else:
                nib = lit + [0]
                data = bytes(nib[i] << 4 | nib[i + 1] for i in range(0, 6, 2))
            data += b'\0' * (len(data) & 1)
            stream += bytes([0, 5]) + data
            for i in range(5):
                grid[y][4 + i] = lit[i]
            b = (y + 9) % n
            stream += bytes([W - 9, b * 17 if bpp == 4 else b])
            for i in range(9, W):
                grid[y][i] = b
            if y != H - 1:
                stream += b'\x00\x00'
        stream += b'\x00\x01'
        t = []
        for y in range(H - 1, -1, -1):
            for x in range(W):
                t += pal[grid[y][x]]
        ppm('fmt-rle%d.ppm' % bpp, W, H, t)
        palette = b''.join(bytes(pal[i][::-1]) + b'\0' for i in range(n))
        put('bmp-rle%d.bmp' % bpp, bmp(40, W, H, bpp, comp, stream, palette, colours_used=n))


def make_vips():
    src = []
    for y in range(23):
        for x in range(37):
            src += [(x * 7) & 255, (y * 11) & 255, ((x + y) * 5) & 255]
    ppm('fmt-src.ppm', 37, 23, src)
    s = os.path.join(HERE, 'fmt-src.ppm')
    alpha = os.path.join('/tmp', 'fmt-alpha.pgm')
    with open(alpha, 'wb') as f:
        f.write(b'P5\n37 23\n255\n' + bytes((x * 7) & 255 for y in range(23) for x in range(37)))
    rgba = '/tmp/fmt-rgba.v'
    subprocess.check_call(['vips', 'bandjoin', '%s %s' % (s, alpha), rgba])
    o = lambda n: os.path.join(HERE, n)  # noqa: E731
    v = lambda *a: subprocess.check_call(['vips'] + list(a))  # noqa: E731
    v('tiffsave', s, o('tiff-strip-lzw.tif'), '--compression', 'lzw', '--predictor', 'horizontal')
    v('tiffsave', s, o('tiff-tile-deflate.tif'), '--compression', 'deflate', '--tile',
      '--tile-width', '16', '--tile-height', '16')
    v('tiffsave', s, o('tiff-none.tif'), '--compression', 'none')
    v('tiffsave', rgba, o('tiff-rgba.tif'), '--compression', 'deflate')
    v('colourspace', s, '/tmp/fmt-gray.v', 'b-w')
    v('tiffsave', '/tmp/fmt-gray.v', o('tiff-gray.tif'), '--compression', 'packbits')
    v('linear', s, '/tmp/fmt-16b.v', '257', '0')  # v * 257: 16-bit with the same 8-bit value
    v('cast', '/tmp/fmt-16b.v', '/tmp/fmt-16c.v', 'ushort')
    v('copy', '/tmp/fmt-16c.v', '/tmp/fmt-16d.v', '--interpretation', 'rgb16')
    v('tiffsave', '/tmp/fmt-16d.v', o('tiff-16bit.tif'), '--compression', 'deflate')
    v('tiffsave', s, o('tiff-jpeg.tif'), '--compression', 'jpeg', '--Q', '90')
    v('heifsave', s, o('heic-rgb.heic'), '--compression', 'hevc', '--Q', '80')
    v('heifsave', rgba, o('heic-rgba.heic'), '--compression', 'hevc', '--Q', '80')
    v('heifsave', s, o('avif-rgb.avif'), '--compression', 'av1', '--Q', '80', '--effort', '2')
    v('heifsave', rgba, o('avif-rgba.avif'), '--compression', 'av1', '--Q', '80', '--effort', '2')


def make_bad():
    expected = []

    def bad(name, data, want, why):
        with open(os.path.join(BAD, name), 'wb') as f:
            f.write(data)
        expected.append('%s %s %s' % (name, want, why))

    px = rows(W, H, lambda y: b'\x10' * (3 * W))
    good = bmp(40, W, H, 24, 0, px)
    bad('bmp-truncated.bmp', good[:len(good) // 2], 'OK', 'half the rows: the rest are black')
    bad('bmp-side-30001.bmp', bmp(40, 30001, 1, 24, 0, b'\0' * 64), 'ImageTooLarge',
        'width 30001')
    bad('bmp-400mp.bmp', bmp(40, 20000, 20000, 8, 1, b'\0\1', b'\0' * 1024), 'ImageTooLarge',
        '20000^2 RLE8 in 1 KB: the pixel limit refuses it before allocating')
    bad('bmp-height-int-min.bmp', bmp(40, 4, -2**31, 24, 0, b'\0' * 64), 'ImageTooLarge',
        'height -2^31: |height| does not fit int32, no overflow on negation')
    bad('bmp-offset-past-end.bmp', bmp(40, W, H, 24, 0, px, offset=1 << 30), 'CorruptInput',
        'pixel data offset past the end of the file')
    bad('bmp-bpp-7.bmp', bmp(40, W, H, 7, 0, px), 'CorruptInput', '7 bits per pixel')
    bad('bmp-mask-gaps.bmp', bmp(40, W, H, 16, 3, px, masks=struct.pack('<III', 0xF00F, 0x0F0,
                                                                        0x100)),
        'CorruptInput', 'a BITFIELDS mask with a hole')
    bad('bmp-rle8-overrun.bmp',
        bmp(40, 4, 2, 8, 1, b'\xff\x01' + b'\x00\xff' + b'\x01' * 8 + b'\x00\x02\xff\xff' +
            b'\x05\x02', b'\0\0\0\0' * 4, colours_used=4),
        'OK', 'a 255-pixel run in a 4-pixel row, an absolute run past the data, a delta far '
              'off the image: clipped')
    bad('bmp-index-past-palette.bmp', bmp(40, 2, 1, 8, 0, b'\xc8\xc8\0\0', b'\xff\xff\xff\0' * 2,
                                          colours_used=2),
        'OK', 'index 200 with a 2-entry palette: black')
    bad('bmp-jpeg.bmp', bmp(40, W, H, 0, 4, b'\xff\xd8\xff'), 'Unsupported',
        'BI_JPEG payload')

    # TIFF: a chain of 1200 empty IFDs (over Limits::max_frames), an IFD loop, lying sizes.
    def tiff(entries, next_ifd=0, extra=b''):
        ifd = struct.pack('<H', len(entries))
        for tag, typ, count, value in sorted(entries):
            ifd += struct.pack('<HHII', tag, typ, count, value)
        return b'II*\0' + struct.pack('<I', 8) + ifd + struct.pack('<I', next_ifd) + extra

    def rgb_tags(w, h, data_at, nbytes):
        return [(256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
                (273, 4, 1, data_at), (277, 3, 1, 1), (278, 4, 1, h), (279, 4, 1, nbytes)]

    first = rgb_tags(4, 4, 0, 16)
    head = 8 + 2 + 12 * len(first) + 4
    chain = b''
    n_ifds = 1200
    for i in range(n_ifds - 1):
        at = head + 6 * i
        nxt = at + 6 if i < n_ifds - 2 else 0
        chain += struct.pack('<HI', 0, nxt)
    data_at = head + len(chain)
    bad('tiff-1200-ifds.tif', tiff(rgb_tags(4, 4, data_at, 16), head, chain + b'\x80' * 16),
        'ImageTooLarge', '1200 chained IFDs, more than Limits::max_frames')
    loop_head = 8 + 2 + 12 * 9 + 4
    bad('tiff-ifd-loop.tif', tiff(rgb_tags(4, 4, loop_head, 16), 8, b'\x80' * 16), 'OK',
        'IFD0 links to itself')
    bad('tiff-side-30001.tif', tiff(rgb_tags(30001, 2, loop_head, 16), 0, b'\x80' * 16),
        'ImageTooLarge', 'width 30001')
    tiles = [(256, 4, 1, 64), (257, 4, 1, 64), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
             (277, 3, 1, 1), (322, 4, 1, 65536), (323, 4, 1, 65536), (324, 4, 1, loop_head),
             (325, 4, 1, 16)]
    bad('tiff-huge-tile.tif', tiff(tiles, 0, b'\x80' * 16), 'ImageTooLarge',
        'one 65536^2 tile for a 64x64 image')
    bad('tiff-strip-past-end.tif', tiff(rgb_tags(4, 4, 1 << 20, 16), 0, b''), 'OK',
        'strip offset past the end: black rows (CorruptInput when strict)')
    lzw = open(os.path.join(HERE, 'tiff-strip-lzw.tif'), 'rb').read()
    bad('tiff-truncated.tif', lzw[:len(lzw) // 3], 'CorruptInput',
        'cut before its IFD (vips writes it last): nothing to read')
    heic = open(os.path.join(HERE, 'heic-rgb.heic'), 'rb').read()
    bad('heic-truncated.heic', heic[:len(heic) // 2], 'CorruptInput', 'cut in half')
    bad('heic-ftyp-only.heic', heic[:32], 'CorruptInput', 'ftyp and nothing else')
    avif = open(os.path.join(HERE, 'avif-rgb.avif'), 'rb').read()
    bad('avif-truncated.avif', avif[:len(avif) // 2], 'CorruptInput', 'cut in half')
    bad('avif-ftyp-only.avif', avif[:32], 'CorruptInput', 'ftyp and nothing else')
    with open(os.path.join(BAD, 'EXPECTED.formats'), 'w') as f:
        f.write('# file expected-result why (tests/codecs/bmp_test.cc FormatBadFiles; made by '
                '../codecs/make_format_fixtures.py)\n')
        f.write('\n'.join(expected) + '\n')


if __name__ == '__main__':
    make_bmps()
    make_vips()
    make_bad()
