#!/usr/bin/env python3
# Copyright 2026 The ossimg Authors.
# SPDX-License-Identifier: Apache-2.0
#
# Regenerates the codec test fixtures in this folder (run from here; needs python3, cjpeg and djpeg
# from libjpeg-turbo-progs 2.1.5). Every image is synthetic: a deterministic pattern, so tests
# can recompute the expected pixels. The djpeg outputs (*.ppm/*.pgm) are the independent decoder's
# answer that ossimg's JPEG decode must match byte for byte.
import os
import struct
import subprocess
import zlib

BAD = '../bad'  # tests/data/bad: the hostile inputs
W, H = 37, 29  # odd sizes exercise partial iMCUs and chroma edges


def pattern(x, y, c):
    # Smooth gradients plus a little texture: realistic enough for chroma subsampling to matter.
    return (x * 6 + y * 3 + c * 70 + ((x * y) % 7) * 9) % 256


def write_ppm(path, w, h, ch):
    with open(path, 'wb') as f:
        f.write(b'P6\n' if ch == 3 else b'P5\n')
        f.write(b'%d %d\n255\n' % (w, h))
        f.write(bytes(pattern(x, y, c) for y in range(h) for x in range(w) for c in range(ch)))


def run(*args):
    subprocess.run(args, check=True)


def icc_profile(colour_space=b'RGB '):
    # A small well-formed ICC v2 display profile: header, 'wtpt' (XYZ) and 'cprt' (text) tags.
    # libpng checks the header (size, 'acsp', colour space) and the tag table; libpng 1.6.39 also
    # ignores an iCCP chunk shorter than 92 bytes, so the text is not very compressible.
    wtpt = b'XYZ ' + b'\0' * 4 + struct.pack('>iii', 63190, 65536, 54061)
    text = bytes(33 + (i * 7919) % 94 for i in range(200)) + b'\0'
    cprt = b'text' + b'\0' * 4 + text
    cprt += b'\0' * (-len(cprt) % 4)
    table_end = 128 + 4 + 2 * 12
    n = table_end + len(wtpt) + len(cprt)
    hdr = struct.pack('>I4sI4s4s4s', n, b'ossm', 0x02100000, b'mntr', colour_space, b'XYZ ')
    hdr += b'\0' * 12 + b'acsp' + b'\0' * (68 - 40) + struct.pack('>iii', 63190, 65536, 54061)
    hdr += b'\0' * (128 - len(hdr))
    tags = struct.pack('>I', 2) + struct.pack('>4sII', b'wtpt', table_end, len(wtpt))
    tags += struct.pack('>4sII', b'cprt', table_end + len(wtpt), len(cprt))
    return hdr + tags + wtpt + cprt


def tiff_exif(entries, big_endian=True, tail=b''):
    # entries: (tag, type, count, value_bytes4); IFD0 at offset 8.
    e = '>' if big_endian else '<'
    out = (b'MM\0*' if big_endian else b'II*\0') + struct.pack(e + 'I', 8)
    out += struct.pack(e + 'H', len(entries))
    for tag, typ, count, val in entries:
        out += struct.pack(e + 'HHI', tag, typ, count) + val
    return out + struct.pack(e + 'I', 0) + tail


def short_val(v):
    return struct.pack('>HH', v, 0)


def with_app1(jpeg, payloads):
    # Inserts APP1 EXIF markers right after SOI (before the JFIF APP0 is fine for decoders).
    segs = b''
    for p in payloads:
        body = b'Exif\0\0' + p
        segs += b'\xff\xe1' + struct.pack('>H', len(body) + 2) + body
    return jpeg[:2] + segs + jpeg[2:]


def png_chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))


def png_bytes(w, h, depth, colour, rows_fn, interlace=False, extra=b''):
    # rows_fn(x, y) -> list of sample values for pixel (x, y).
    ch = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]

    def pack_row(xs, y):
        vals = [v for x in xs for v in rows_fn(x, y)]
        if depth == 16:
            return b''.join(struct.pack('>H', v) for v in vals)
        if depth == 8:
            return bytes(vals)
        bits, out, acc, n = depth, bytearray(), 0, 0
        for v in vals:
            acc = (acc << bits) | v
            n += bits
            if n == 8:
                out.append(acc)
                acc, n = 0, 0
        if n:
            out.append(acc << (8 - n))
        return bytes(out)

    raw = b''
    if not interlace:
        for y in range(h):
            raw += b'\0' + pack_row(range(w), y)
    else:
        for x0, y0, dx, dy in [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4),
                               (1, 0, 2, 2), (0, 1, 1, 2)]:
            xs = list(range(x0, w, dx))
            if not xs:
                continue
            for y in range(y0, h, dy):
                raw += b'\0' + pack_row(xs, y)
    ihdr = struct.pack('>IIBBBBB', w, h, depth, colour, 0, 0, 1 if interlace else 0)
    return (b'\x89PNG\r\n\x1a\n' + png_chunk(b'IHDR', ihdr) + extra +
            png_chunk(b'IDAT', zlib.compress(raw, 9)) + png_chunk(b'IEND', b''))


def main():
    write_ppm('src.ppm', W, H, 3)
    write_ppm('src.pgm', W, H, 1)
    with open('srgb.icc', 'wb') as f:
        f.write(icc_profile())
    jpegs = {
        's420': ['-sample', '2x2'], 's422': ['-sample', '2x1'], 's444': ['-sample', '1x1'],
        'prog420': ['-sample', '2x2', '-progressive'], 'icc420': ['-sample', '2x2', '-icc', 'srgb.icc'],
    }
    for name, opts in jpegs.items():
        run('cjpeg', '-quality', '90', *opts, '-outfile', name + '.jpg', 'src.ppm')
        run('djpeg', '-outfile', name + '.ppm', name + '.jpg')
    run('cjpeg', '-quality', '90', '-grayscale', '-outfile', 'gray.jpg', 'src.pgm')
    run('djpeg', '-outfile', 'gray.pgm', 'gray.jpg')
    for s in (2, 4, 8):
        for name in ('s420', 'prog420'):
            run('djpeg', '-scale', '1/%d' % s, '-outfile', '%s_%d.ppm' % (name, s), name + '.jpg')
    os.remove('src.ppm')
    os.remove('src.pgm')

    base = open('s420.jpg', 'rb').read()
    for o in range(1, 9):
        with open('orient%d.jpg' % o, 'wb') as f:
            f.write(with_app1(base, [tiff_exif([(0x0112, 3, 1, short_val(o))])]))

    # PNG layouts: every colour type and bit depth, palette with tRNS, Adam7. The values follow
    # png_value() in tests/codecs/codecs_test.cc.
    def val(x, y, c, depth):
        m = (1 << depth) - 1
        return (x * 7 + y * 13 + c * 5) % (m + 1) if depth <= 8 else ((x * 7 + y * 13 + c * 5) * 771 + x) % 65536

    pw, ph = 13, 7
    for colour, depths in ((0, (1, 2, 4, 8, 16)), (2, (8, 16)), (4, (8, 16)), (6, (8, 16)), (3, (1, 2, 4, 8))):
        ch = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
        for depth in depths:
            for il in (False, True):
                extra = b''
                if colour == 3:
                    n = 1 << depth
                    extra = png_chunk(b'PLTE', bytes(v for i in range(n) for v in ((i * 3) % 256, (i * 5) % 256, (i * 7) % 256)))
                fn = (lambda x, y, d=depth, c=ch: [val(x, y, k, d) for k in range(c)])
                name = 'png_c%d_d%d%s.png' % (colour, depth, '_i' if il else '')
                with open(name, 'wb') as f:
                    f.write(png_bytes(pw, ph, depth, colour, fn, il, extra))
    # tRNS: palette (alpha per index), gray (one transparent grey), RGB (one transparent colour).
    plte = png_chunk(b'PLTE', bytes(v for i in range(16) for v in ((i * 3) % 256, (i * 5) % 256, (i * 7) % 256)))
    trns = png_chunk(b'tRNS', bytes((i * 37) % 256 for i in range(10)))
    with open('png_pal_trns.png', 'wb') as f:
        f.write(png_bytes(pw, ph, 4, 3, lambda x, y: [val(x, y, 0, 4)], False, plte + trns))
    with open('png_gray_trns.png', 'wb') as f:
        f.write(png_bytes(pw, ph, 8, 0, lambda x, y: [val(x, y, 0, 8)], False, png_chunk(b'tRNS', struct.pack('>H', 20))))
    with open('png_rgb_trns.png', 'wb') as f:
        f.write(png_bytes(pw, ph, 8, 2, lambda x, y: [val(x, y, k, 8) for k in range(3)], False,
                          png_chunk(b'tRNS', struct.pack('>HHH', 20, 25, 30))))
    # 16-bit grey with tRNS: the key is compared at 16 bits, before the reduction to 8.
    with open('png_gray16_trns.png', 'wb') as f:
        f.write(png_bytes(pw, ph, 16, 0, lambda x, y: [val(x, y, 0, 16)], False,
                          png_chunk(b'tRNS', struct.pack('>H', val(3, 2, 0, 16)))))
    icc = icc_profile()
    with open('png_icc.png', 'wb') as f:
        f.write(png_bytes(pw, ph, 8, 2, lambda x, y: [val(x, y, k, 8) for k in range(3)], False,
                          png_chunk(b'iCCP', b'icc\0\0' + zlib.compress(icc))))
    with open('png_exif6.png', 'wb') as f:
        f.write(png_bytes(pw, ph, 8, 2, lambda x, y: [val(x, y, k, 8) for k in range(3)], False,
                          png_chunk(b'eXIf', tiff_exif([(0x0112, 3, 1, short_val(6))]))))
    make_bad(base)


def make_bad(base):
    os.makedirs(BAD, exist_ok=True)
    expected = []

    def put(name, data, code, why):
        with open(os.path.join(BAD, name), 'wb') as f:
            f.write(data)
        expected.append('%s %s %s' % (name, code, why))

    sof = base.index(b'\xff\xc0')

    def with_size(w, h):
        return base[:sof + 5] + struct.pack('>HH', h, w) + base[sof + 9:]

    put('empty.bin', b'', 'CorruptInput', 'zero bytes')
    put('text.jpg', b'<svg onload=alert(1)>', 'Unsupported', 'not an image, whatever the name')
    put('gif-header.gif', b'GIF89a' + b'\0' * 20, 'Unsupported', 'recognised but not decodable yet')
    put('jpeg-truncated-header.jpg', base[:sof + 4], 'CorruptInput', 'cut inside the SOF marker')
    put('jpeg-truncated-scan.jpg', base[:len(base) * 2 // 3], 'OK', 'cut mid-scan: libjpeg recovers (grey rows)')
    put('jpeg-lottapixel.jpg', with_size(64250, 64250), 'ImageTooLarge', 'SOF says 64250x64250 (bimg#394)')
    put('jpeg-bomb-400mp.jpg', with_size(20000, 20000), 'ImageTooLarge', '400 MP > 250 MP with sides under the limit')
    put('jpeg-side-30001.jpg', with_size(30001, 16), 'ImageTooLarge', 'side over 30000')
    put('jpeg-zero-width.jpg', with_size(0, 16), 'CorruptInput', 'SOF width 0')
    corrupt = bytearray(base)
    dqt = base.index(b'\xff\xdb')
    corrupt[dqt + 2:dqt + 4] = b'\xff\xff'  # DQT length past the end of the file
    put('jpeg-lying-dqt-length.jpg', bytes(corrupt), 'CorruptInput', 'DQT segment length past the end')
    bad_sof = bytearray(base)
    bad_sof[sof + 9] = 7  # 7 components
    put('jpeg-bad-components.jpg', bytes(bad_sof), 'CorruptInput', 'SOF with 7 components')
    # Hostile EXIF: each must still decode, with the fields read before the damage.
    loop = tiff_exif([(0x0112, 3, 1, short_val(3)), (0x8769, 4, 1, struct.pack('>I', 8))])
    put('exif-ifd-loop.jpg', with_app1(base, [loop]), 'OK', 'Exif IFD pointer back at IFD0; orientation 3')
    past = tiff_exif([(0x011A, 5, 1, struct.pack('>I', 0xFFFFFF00)), (0x0112, 3, 1, short_val(8))])
    put('exif-offset-past-end.jpg', with_app1(base, [past]), 'OK', 'XResolution offset past the end; orientation 8')
    huge = tiff_exif([(0x010F, 2, 0xFFFFFFFF, struct.pack('>I', 20)), (0x0112, 3, 1, short_val(5))])
    put('exif-huge-count.jpg', with_app1(base, [huge]), 'OK', 'Make with count 2^32-1; orientation 5')
    lying = b'MM\0*' + struct.pack('>I', 8) + struct.pack('>H', 0xFFFF) + struct.pack('>HHI', 0x0112, 3, 1) + short_val(2)
    put('exif-lying-entry-count.jpg', with_app1(base, [lying]), 'OK', 'IFD claims 65535 entries, has 1; orientation 2')
    two = [tiff_exif([(0x0112, 3, 1, short_val(3))]), tiff_exif([(0x0112, 3, 1, short_val(6))])]
    put('exif-two-blocks.jpg', with_app1(base, two), 'OK', 'two EXIF blocks (imgproxy#1182): the first wins, orientation 3')

    def png_ihdr(w, h, rest=b''):
        return b'\x89PNG\r\n\x1a\n' + png_chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + rest

    flat = png_bytes(16, 16, 8, 0, lambda x, y: [128])
    put('png-truncated-787402.png', png_ihdr(787402, 787402)[:40], 'ImageTooLarge', 'truncated, IHDR 787402^2 (libvips#646)')
    put('png-289mp.png', png_ihdr(17000, 17000, png_chunk(b'IEND', b'')), 'ImageTooLarge', '17000^2 = 289 MP')
    put('png-side-30001.png', png_ihdr(30001, 10, png_chunk(b'IEND', b'')), 'ImageTooLarge', 'side over 30000')
    put('png-width-2e32.png', png_ihdr(0xFFFFFFFF, 1, png_chunk(b'IEND', b'')), 'CorruptInput', 'IHDR width 2^32-1: past the PNG maximum of 2^31-1, no overflow')
    put('png-area-overflow.png', png_ihdr(0x10000, 0x10000, png_chunk(b'IEND', b'')), 'ImageTooLarge', '65536^2: 2^32 pixels, a 32-bit w*h would wrap to 0')
    put('jpeg-max-dimensions.jpg', with_size(65535, 65535), 'ImageTooLarge', 'SOF 65535^2: 3 x 2^32 bytes decoded')
    icc_bomb = struct.pack('>I', 10 << 20) + icc_profile()[4:]
    icc_bomb += b'\0' * ((10 << 20) - len(icc_bomb))  # a consistent 10 MB profile
    put('png-icc-bomb.png', png_bytes(16, 16, 8, 0, lambda x, y: [128], False,
                                      png_chunk(b'iCCP', b'icc\0\0' + zlib.compress(icc_bomb, 9))),
        'OK', 'iCCP inflating to 10 MB (USERS 3.4 #12): profile dropped, image decoded')
    put('png-zero-height.png', png_ihdr(16, 0, png_chunk(b'IEND', b'')), 'CorruptInput', 'IHDR height 0')
    put('png-no-idat.png', png_ihdr(16, 16, png_chunk(b'IEND', b'')), 'CorruptInput', 'IHDR then IEND')
    bad_crc = bytearray(flat)
    bad_crc[29] ^= 0xFF  # IHDR CRC
    put('png-bad-ihdr-crc.png', bytes(bad_crc), 'CorruptInput', 'IHDR CRC mismatch')
    huge_len = flat[:33] + struct.pack('>I', 0x7FFFFFF0) + b'tEXt' + b'x' * 16
    put('png-huge-chunk-length.png', huge_len, 'CorruptInput', 'tEXt chunk claiming 2 GB')
    idat = flat.index(b'IDAT') - 4
    put('png-truncated-idat.png', flat[:idat + 8 + 2], 'CorruptInput', 'cut inside IDAT before a full row: nothing to recover')
    no_ihdr = b'\x89PNG\r\n\x1a\n' + png_chunk(b'IEND', b'')
    put('png-no-ihdr.png', no_ihdr, 'CorruptInput', 'signature then IEND')
    bomb = b'\x89PNG\r\n\x1a\n' + png_chunk(b'IHDR', struct.pack('>IIBBBBB', 15000, 15000, 8, 0, 0, 0, 0))
    bomb += png_chunk(b'IDAT', zlib.compress(b'\0' * (15001 * 64), 9)) + png_chunk(b'IEND', b'')
    put('png-bomb-15000.png', bomb, 'ImageTooLarge', '15000^2 gray, ~1 KB: accepted by the OSS limits, refused by the 64 MB budget the test sets')
    with open(os.path.join(BAD, 'EXPECTED'), 'w') as f:
        f.write('# file expected-result why (tests/codecs/codecs_test.cc BadFiles; made by ../codecs/make_fixtures.py)\n')
        f.write('\n'.join(expected) + '\n')


if __name__ == '__main__':
    main()
