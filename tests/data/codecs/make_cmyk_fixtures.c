// Makes the CMYK/YCCK JPEG fixtures of tests/codecs/cmyk_test.cc and their tiny CMYK profile.
// Debian has no small CMYK profile and no tool that writes CMYK JPEGs, so both are made here with
// lcms2 and libjpeg. The goldens (*.ppm) come from libvips (an independent lcms2 user):
//
//   gcc -O2 make_cmyk_fixtures.c -o /tmp/mk -llcms2 -ljpeg && (cd tests/data/codecs && /tmp/mk)
//   for f in cmyk-adobe ycck-adobe; do
//     vips icc_transform $f.jpg $f.ppm srgb --embedded --intent perceptual; done
//   rm cmyk-test.icc
//
// The profile has only A2B0, which lcms2 uses for every intent; libvips instead falls back to its
// own CMYK profile when the embedded one lacks the intent asked for, hence perceptual above.
// cmyk-plain.jpg (no Adobe marker, samples = ink) has no vips golden: libvips inverts every CMYK
// JPEG, marker or not; ossimg follows the marker (IJG's reading), so plain equals adobe.
//
// The profile is deliberately not "naive": it tints (G x 0.9, B x 0.8) and bends K with a gamma,
// so a test can tell the profile was used from the no-profile fallback.
#include <lcms2.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

static cmsHTRANSFORM to_lab;

static int Sampler(const cmsUInt16Number in[], cmsUInt16Number out[], void* cargo) {
  (void)cargo;
  double c = in[0] / 65535.0, m = in[1] / 65535.0, y = in[2] / 65535.0, k = in[3] / 65535.0;
  double kk = pow(k, 0.8);
  double rgb[3] = {(1 - c) * (1 - kk), (1 - m) * (1 - kk) * 0.9, (1 - y) * (1 - kk) * 0.8};
  cmsCIELab lab;
  cmsDoTransform(to_lab, rgb, &lab, 1);
  cmsFloat2LabEncoded(out, &lab);
  return 1;
}

static unsigned char* MakeProfile(cmsUInt32Number* len) {
  cmsHPROFILE srgb = cmsCreate_sRGBProfile();
  cmsHPROFILE lab4 = cmsCreateLab4Profile(NULL);
  to_lab = cmsCreateTransform(srgb, TYPE_RGB_DBL, lab4, TYPE_Lab_DBL, INTENT_RELATIVE_COLORIMETRIC, 0);
  cmsHPROFILE p = cmsCreateProfilePlaceholder(NULL);
  cmsSetProfileVersion(p, 4.3);
  cmsSetDeviceClass(p, cmsSigOutputClass);
  cmsSetColorSpace(p, cmsSigCmykData);
  cmsSetPCS(p, cmsSigLabData);
  cmsPipeline* lut = cmsPipelineAlloc(NULL, 4, 3);
  cmsStage* clut = cmsStageAllocCLut16bit(NULL, 5, 4, 3, NULL);
  cmsStageSampleCLut16bit(clut, Sampler, NULL, 0);
  // lutAtoBType wants curves around the CLUT: identity A and B curves.
  cmsPipelineInsertStage(lut, cmsAT_END, cmsStageAllocToneCurves(NULL, 4, NULL));
  cmsPipelineInsertStage(lut, cmsAT_END, clut);
  cmsPipelineInsertStage(lut, cmsAT_END, cmsStageAllocToneCurves(NULL, 3, NULL));
  cmsWriteTag(p, cmsSigAToB0Tag, lut);
  cmsMLU* mlu = cmsMLUalloc(NULL, 1);
  cmsMLUsetASCII(mlu, "en", "US", "ossimg test CMYK");
  cmsWriteTag(p, cmsSigProfileDescriptionTag, mlu);
  cmsWriteTag(p, cmsSigCopyrightTag, mlu);
  cmsWriteTag(p, cmsSigMediaWhitePointTag, cmsD50_XYZ());
  cmsSaveProfileToMem(p, NULL, len);
  unsigned char* buf = malloc(*len);
  cmsSaveProfileToMem(p, buf, len);
  return buf;
}

// W x H, ink amounts 0..255 (255 = full ink).
enum { W = 40, H = 24 };
static void Ink(int x, int yy, unsigned char* px) {
  px[0] = (unsigned char)(x * 255 / (W - 1));
  px[1] = (unsigned char)(yy * 255 / (H - 1));
  px[2] = (unsigned char)(((x + yy) * 4) & 255);
  px[3] = (unsigned char)(x < W / 2 ? 0 : (yy * 6) & 255);
}

static void Write(const char* name, J_COLOR_SPACE space, int adobe, const unsigned char* icc,
                  unsigned icc_len) {
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  FILE* f = fopen(name, "wb");
  jpeg_stdio_dest(&c, f);
  c.image_width = W;
  c.image_height = H;
  c.input_components = 4;
  c.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&c);
  jpeg_set_colorspace(&c, space);
  c.write_Adobe_marker = adobe;
  jpeg_set_quality(&c, 95, TRUE);
  jpeg_start_compress(&c, TRUE);
  if (icc) jpeg_write_icc_profile(&c, icc, icc_len);
  unsigned char row[W * 4];
  for (int y = 0; y < H; ++y) {
    for (int x = 0; x < W; ++x) {
      Ink(x, y, row + x * 4);
      // Adobe files store 255 - ink (what Photoshop writes and every reader expects).
      if (adobe)
        for (int i = 0; i < 4; ++i) row[x * 4 + i] = 255 - row[x * 4 + i];
    }
    JSAMPROW r = row;
    jpeg_write_scanlines(&c, &r, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  fclose(f);
}

int main(void) {
  cmsUInt32Number len = 0;
  unsigned char* icc = MakeProfile(&len);
  FILE* f = fopen("cmyk-test.icc", "wb");
  fwrite(icc, 1, len, f);
  fclose(f);
  Write("cmyk-adobe.jpg", JCS_CMYK, 1, icc, len);
  Write("ycck-adobe.jpg", JCS_YCCK, 1, icc, len);
  Write("cmyk-plain.jpg", JCS_CMYK, 0, icc, len);
  Write("cmyk-noprofile.jpg", JCS_CMYK, 1, NULL, 0);
  printf("profile %u bytes\n", len);
  return 0;
}
