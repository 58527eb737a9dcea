# An interface target carrying our warning flags, linked PRIVATE (BUILD_INTERFACE only) by every
# ossimg target, so consumers never inherit them.
add_library(ossimg_warnings INTERFACE)
target_compile_options(ossimg_warnings INTERFACE
  $<$<COMPILE_LANG_AND_ID:CXX,GNU,Clang>:-Wall -Wextra -Wshadow -Wnon-virtual-dtor
      -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
      -Wformat=2>
  $<$<COMPILE_LANG_AND_ID:C,GNU,Clang>:-Wall -Wextra>)
if(OSSIMG_WERROR)
  target_compile_options(ossimg_warnings INTERFACE -Werror)
endif()
