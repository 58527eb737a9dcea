# OSSIMG_SANITIZE="address;undefined" (or "thread") applies to every target in the tree.
if(OSSIMG_SANITIZE)
  string(REPLACE ";" "," _ossimg_san "${OSSIMG_SANITIZE}")
  add_compile_options(-fsanitize=${_ossimg_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_ossimg_san})
endif()

# Fuzzer builds instrument every target for coverage; only the fuzz executables link libFuzzer's
# main (fuzz/CMakeLists.txt adds -fsanitize=fuzzer to them).
if(OSSIMG_BUILD_FUZZERS)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
