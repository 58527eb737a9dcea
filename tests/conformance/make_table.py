#!/usr/bin/env python3
# Copyright 2026 The ossimg Authors.
# SPDX-License-Identifier: Apache-2.0
#
# Writes conformance.tsv: process strings over small generated inputs, each with the answer OSS
# gives (format and size, or error code and number). The expected sizes are computed here, in
# Python, straight from the rules of the OSS documentation (round half up, the nine-grid table,
# limit_1, ...), independently of ossimg's C++ planner, plus the documented data points written
# out by hand. Run it from this folder after changing a rule; review the diff.
import math

INPUTS = {  # name: (format, stored w, h, exif orientation)
    'jpg400x267': ('jpg', 400, 267, 1),
    'jpg200x100': ('jpg', 200, 100, 1),
    'png400x300': ('png', 400, 300, 1),
    'pnga300x400': ('png', 300, 400, 1),
    'gray150x100': ('jpg', 150, 100, 1),
    'jpg424x333o7': ('jpg', 424, 333, 7),
    'jpg80x60o6': ('jpg', 80, 60, 6),
    'jpg4097x8': ('jpg', 4097, 8, 1),
}


def rnd(num, den):
    return max(1, (2 * num + den) // (2 * den))


def oriented(name):
    f, w, h, o = INPUTS[name]
    return (h, w) if o >= 5 else (w, h)


def fit(w, h, bw, bh, cover):
    width_bound = bw * h <= bh * w
    if width_bound != cover:
        return bw, rnd(h * bw, w)
    return rnd(w * bh, h), bh


def resize(w, h, m='lfit', tw=0, th=0, l=0, s=0, p=0, limit=1):
    if tw or th:
        if m == 'fixed':
            out = (tw or th, th or tw)
            scaled = out
        elif tw and th:
            scaled = fit(w, h, tw, th, m in ('mfit', 'fill'))
            out = (tw, th) if m in ('fill', 'pad') else scaled
        elif tw:
            scaled = out = (tw, rnd(h * tw, w))
        else:
            scaled = out = (rnd(w * th, h), th)
    elif l and s:
        bw, bh = (l, s) if w >= h else (s, l)
        return resize(w, h, m, bw, bh, limit=limit)
    elif l:
        scaled = out = (l, rnd(h * l, w)) if w >= h else (rnd(w * l, h), l)
    elif s:
        scaled = out = (rnd(w * s, h), s) if w >= h else (s, rnd(h * s, w))
    else:
        scaled = out = (rnd(w * p, 100), rnd(h * p, 100))
        limit = 0  # percentages may enlarge
    if limit and (scaled[0] > w or scaled[1] > h):
        return w, h
    return out


rows = []


def ok(inp, process, fmt=None, size=None):
    f = fmt or INPUTS[inp][0]
    w, h = size or oriented(inp)
    rows.append((inp, process, f'{f} {w}x{h}'))


def err(inp, process, code, ec='-'):
    rows.append((inp, process, f'error {code} {ec}'))


# --- resize: every mode, both sides, one side, limit, l/s, p ----------------------------------
for inp in ('jpg400x267', 'jpg200x100', 'pnga300x400', 'gray150x100'):
    w, h = oriented(inp)
    for m in ('lfit', 'mfit', 'fill', 'pad', 'fixed'):
        for tw, th in ((150, 80), (100, 100), (60, 200)):
            ok(inp, f'image/resize,m_{m},w_{tw},h_{th}', size=resize(w, h, m, tw, th))
            ok(inp, f'image/resize,m_{m},w_{tw * 3},h_{th * 3},limit_0',
               size=resize(w, h, m, tw * 3, th * 3, limit=0))
        ok(inp, f'image/resize,m_{m},w_90', size=resize(w, h, m, tw=90))
        ok(inp, f'image/resize,m_{m},h_90', size=resize(w, h, m, th=90))
    for l in (120, 999):
        ok(inp, f'image/resize,l_{l}', size=resize(w, h, l=l))
        ok(inp, f'image/resize,s_{l},limit_0', size=resize(w, h, s=l, limit=0))
    ok(inp, 'image/resize,l_120,s_60', size=resize(w, h, l=120, s=60))
    for p in (1, 33, 50, 150):
        ok(inp, f'image/resize,p_{p}', size=resize(w, h, p=p))
    ok(inp, 'image/resize,w_100,p_10', size=resize(w, h, tw=100))  # w/h win over p
    ok(inp, 'image/resize,h_50,l_300,s_300', size=resize(w, h, th=50))  # w/h win over l/s
# Documented data points.
ok('jpg200x100', 'image/resize,m_lfit,w_150,h_80', size=(150, 75))
ok('jpg200x100', 'image/resize,m_mfit,w_150,h_80', size=(160, 80))
ok('jpg200x100', 'image/resize,m_fill,w_150,h_80', size=(150, 80))
ok('jpg200x100', 'image/resize,m_pad,w_150,h_80', size=(150, 80))
ok('jpg200x100', 'image/resize,m_fixed,h_100', size=(100, 100))
ok('png400x300', 'image/resize,h_100', size=(133, 100))
ok('png400x300', 'image/resize,m_fill,w_100,h_100', size=(100, 100))
ok('png400x300', 'image/resize,m_pad,w_100,h_100,color_FF0000', size=(100, 100))
ok('jpg424x333o7', 'image/resize,w_100/auto-orient,1', size=(100, 127))
ok('jpg424x333o7', 'image/resize,w_100/', size=(100, 127))
ok('jpg424x333o7', 'image/auto-orient,0/resize,w_100', size=(100, 79))
ok('jpg400x267', 'image/resize,m_fixed,w_100,h_100', size=(100, 100))
err('jpg400x267', 'image/resize,m_fixed,w_5000,h_5000,limit_0', 'ImageTooLarge', '0040-00000007')
ok('jpg400x267', 'image/resize,m_fixed,w_4096,h_4096,limit_0', size=(4096, 4096))

# --- crop: the nine-grid, offsets, clipping, the out-of-image error -----------------------------
W, H = 400, 267
anchors = {
    'nw': (0, 0), 'north': (W // 2 - 50, 0), 'ne': (W - 100, 0), 'west': (0, H // 2 - 50),
    'center': (W // 2 - 50, H // 2 - 50), 'east': (W - 100, H // 2 - 50), 'sw': (0, H - 100),
    'south': (W // 2 - 50, H - 100), 'se': (W - 100, H - 100)}
for g, (ax, ay) in anchors.items():
    ok('jpg400x267', f'image/crop,w_100,h_100,g_{g}', size=(100, 100))
    x0, y0 = ax + 30, ay + 20
    ok('jpg400x267', f'image/crop,w_100,h_100,g_{g},x_30,y_20',
       size=(min(100, W - x0), min(100, H - y0)))
ok('jpg400x267', 'image/crop,w_100,h_100,x_100,y_100,r_1', size=(100, 100))
ok('jpg400x267', 'image/crop,x_100,y_100', size=(300, 167))
ok('jpg400x267', 'image/crop,w_1000,h_1000', size=(400, 267))
ok('jpg400x267', 'image/crop,x_399,y_266', size=(1, 1))
ok('jpg400x267', 'image/crop,w_0,h_10', size=(400, 10))
err('jpg400x267', 'image/crop,x_400,w_10', 'BadRequest')
err('jpg400x267', 'image/crop,y_267,h_10', 'BadRequest')
err('jpg400x267', 'image/crop,w_abc', 'InvalidArgument', '0040-00000225')
ok('jpg80x60o6', 'image/crop,w_30,h_50', size=(30, 50))  # crop applies to the oriented image

# --- indexcrop ----------------------------------------------------------------------------------
for x, i in ((100, 0), (100, 3), (150, 2), (150, 3), (400, 0), (1000, 0)):
    n = math.ceil(W / x)
    ok('jpg400x267', f'image/indexcrop,x_{x},i_{i}', size=(min(x, W - i * x), H) if i < n else (W, H))
for y, i in ((100, 2), (100, 3)):
    n = math.ceil(H / y)
    ok('jpg400x267', f'image/indexcrop,y_{y},i_{i}', size=(W, min(y, H - i * y)) if i < n else (W, H))
ok('jpg400x267', 'image/indexcrop,x_100,y_100,i_1', size=(W, 100))  # y wins
err('jpg400x267', 'image/indexcrop,x_0,i_0', 'InvalidArgument', '0040-00000230')

# --- circle, rounded-corners ------------------------------------------------------------------
for r in (1, 50, 133, 134, 4096):
    rr = min(r, min(W, H) // 2)
    ok('jpg400x267', f'image/circle,r_{r}', size=(2 * rr, 2 * rr))
    ok('jpg400x267', f'image/circle,r_{r}/format,png', fmt='png', size=(2 * rr, 2 * rr))
ok('pnga300x400', 'image/rounded-corners,r_30')
ok('jpg400x267', 'image/rounded-corners,r_4096')
err('jpg400x267', 'image/circle,r_5000', 'InvalidArgument', '0040-00000233')

# --- rotate, auto-orient --------------------------------------------------------------------------
for d in (0, 90, 180, 270, 360, 30, 45, 135, 200, 359):
    t = math.radians(d)
    c, s = abs(math.cos(t)), abs(math.sin(t))
    if d % 90 == 0:
        size = (H, W) if d % 180 == 90 else (W, H)
    else:
        size = (int(math.floor(W * c + H * s + 0.5)), int(math.floor(W * s + H * c + 0.5)))
    ok('jpg400x267', f'image/rotate,{d}', size=size)
err('jpg4097x8', 'image/rotate,90', 'BadRequest', '0040-00000006')
err('jpg4097x8', 'image/auto-orient,1', 'BadRequest', '0040-00000006')
ok('jpg4097x8', 'image/resize,w_100', size=(100, 1))  # the default orientation has no size limit
ok('jpg80x60o6', 'image/format,png', fmt='png')
ok('jpg80x60o6', 'image/auto-orient,0', size=(80, 60))
ok('jpg80x60o6', 'image/rotate,90', size=(80, 60))
err('jpg400x267', 'image/rotate,400', 'InvalidArgument', '0040-00000217')

# --- pixel actions keep the size -----------------------------------------------------------------
for a in ('blur,r_3,s_2', 'blur,r_50,s_50', 'bright,50', 'bright,-100', 'contrast,100',
          'contrast,-50', 'sharpen,50', 'sharpen,399', 'quality,q_50', 'quality,Q_90',
          'quality,90', 'interlace,1', 'interlace,0', 'auto-orient,1'):
    ok('jpg400x267', f'image/{a}')
    ok('pnga300x400', f'image/{a}')

# --- format rules ---------------------------------------------------------------------------------
ok('jpg400x267', 'image/format,png', fmt='png')
ok('png400x300', 'image/format,jpg', fmt='jpg')
ok('pnga300x400', 'image/format,jpg', fmt='jpg')
ok('jpg400x267', 'image/format,gif')  # gif converts only GIFs: the source format is kept
ok('png400x300', 'image/format,gif')
ok('jpg400x267', 'image/format,png/format,jpg', fmt='jpg')
ok('jpg400x267', 'image/resize,w_100/format,png/rotate,90', fmt='png', size=(67, 100))

# --- chains and pipes -----------------------------------------------------------------------------
ok('jpg400x267', 'image/resize,w_200/crop,w_100,h_100,g_center/rotate,90', size=(100, 100))
ok('jpg400x267', 'image/crop,w_200,h_200/resize,w_100', size=(100, 100))
ok('jpg400x267', 'image/resize,w_200|image/resize,w_100', size=(100, 67))
ok('jpg400x267', 'image/resize,w_200/resize,w_100', size=(100, 67))
ok('jpg400x267', 'image/rotate,90/resize,h_100', size=(67, 100))
ok('jpg400x267', 'image/resize,m_fill,w_100,h_100/circle,r_50/format,png', fmt='png', size=(100, 100))

# --- answers instead of images --------------------------------------------------------------------
rows.append(('jpg400x267', 'image/info', 'json'))
rows.append(('png400x300', 'image/resize,w_10/info', 'json'))
rows.append(('jpg400x267', 'image/average-hue', 'text'))

# --- grammar errors surface through the engine unchanged ------------------------------------------
for p, ec in (('image/', '0040-00000212'), ('image/slim,1', '0040-00000213'),
              ('image/rotate,90,200,300', '0040-00000203'), ('image/resize', '0040-00000322'),
              ('image/resize,w_0,h_0', '0040-00000321'), ('image/quality,Q_200', '0040-00000308')):
    err('jpg400x267', p, 'InvalidArgument', ec)
err('jpg400x267', 'image/watermark,text_notbase64', 'BadRequest', '0040-00000257')
err('jpg400x267', 'style/nosuchstyle', 'NoSuchStyle')

with open('conformance.tsv', 'w') as f:
    f.write('# input\tprocess\texpected (generated by make_table.py; see its header)\n')
    for r in rows:
        f.write('\t'.join(r) + '\n')
print(len(rows), 'rows')
