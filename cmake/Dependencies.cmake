# Third-party libraries found once for the whole tree. Every package here is a Debian 12 package
# installed by scripts/install-deps.sh. Rooms link what they need from src/<room>/CMakeLists.txt.
find_package(hwy 1.0.3 CONFIG REQUIRED)
find_package(JPEG REQUIRED)
find_package(PNG REQUIRED)
pkg_check_modules(WEBP REQUIRED IMPORTED_TARGET libwebp libwebpdemux libwebpmux)
# libdeflate: whole-buffer (de)compression of PNG image data, 3-5x zlib (src/codecs/png_fast.h).
pkg_check_modules(DEFLATE REQUIRED IMPORTED_TARGET libdeflate)
# ISA-L (igzip): a streaming inflate as fast as libdeflate's one-shot one, for PNG rows decoded
# on demand (codecs/png_fast.h, PngRowDecoder).
pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal)
find_package(GIF 5 REQUIRED)
pkg_check_modules(CGIF REQUIRED IMPORTED_TARGET cgif)
