# Optional heavy libraries are dlopen'd on first use (src/core/dynlib.h). At configure time we only
# need their headers and their SONAME, never a link-time dependency.
#
#   ossimg_dynlib(HEIF libheif)
#
# finds the pkg-config module `libheif` (REQUIRED: install-deps.sh installs it), creates the
# INTERFACE target ossimg_dynlib_HEIF carrying its include directories and the compile definition
# OSSIMG_SONAME_HEIF="libheif.so.1", and links it into ossimg privately.
function(ossimg_dynlib NAME MODULE)
  pkg_check_modules(OSSIMG_DL_${NAME} REQUIRED ${MODULE})
  set(soname "")
  # The first library the module names (libheif for libheif, curl for libcurl, ...).
  list(GET OSSIMG_DL_${NAME}_LIBRARIES 0 first)
  find_library(OSSIMG_DL_${NAME}_PATH NAMES ${first} HINTS ${OSSIMG_DL_${NAME}_LIBRARY_DIRS})
  if(OSSIMG_DL_${NAME}_PATH)
    find_program(OSSIMG_OBJDUMP NAMES objdump ${CMAKE_OBJDUMP})
    execute_process(COMMAND ${OSSIMG_OBJDUMP} -p ${OSSIMG_DL_${NAME}_PATH}
                    OUTPUT_VARIABLE dump ERROR_QUIET)
    string(REGEX MATCH "SONAME +([^ \n]+)" _ "${dump}")
    set(soname "${CMAKE_MATCH_1}")
  endif()
  if(soname STREQUAL "")
    message(FATAL_ERROR "ossimg_dynlib(${NAME}): no SONAME found for ${MODULE} (${OSSIMG_DL_${NAME}_PATH})")
  endif()
  message(STATUS "ossimg: ${MODULE} loads on first use as ${soname}")
  add_library(ossimg_dynlib_${NAME} INTERFACE)
  target_include_directories(ossimg_dynlib_${NAME} INTERFACE ${OSSIMG_DL_${NAME}_INCLUDE_DIRS})
  target_compile_options(ossimg_dynlib_${NAME} INTERFACE ${OSSIMG_DL_${NAME}_CFLAGS_OTHER})
  target_compile_definitions(ossimg_dynlib_${NAME} INTERFACE OSSIMG_SONAME_${NAME}="${soname}")
  # Only include paths and a define: build-time, never exported to consumers.
  target_link_libraries(ossimg PRIVATE $<BUILD_INTERFACE:ossimg_dynlib_${NAME}>)
endfunction()
