include(CMakePackageConfigHelpers)
install(TARGETS ossimg EXPORT ossimgTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/ossimg DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/ossimg/export.h
              ${PROJECT_BINARY_DIR}/include/ossimg/version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ossimg)
if(TARGET ossimg_cli)
  install(TARGETS ossimg_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
set(OSSIMG_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/ossimg)
install(EXPORT ossimgTargets NAMESPACE ossimg:: DESTINATION ${OSSIMG_CMAKE_DIR})
configure_package_config_file(cmake/ossimgConfig.cmake.in
  ${PROJECT_BINARY_DIR}/ossimgConfig.cmake INSTALL_DESTINATION ${OSSIMG_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ossimgConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ossimgConfig.cmake ${PROJECT_BINARY_DIR}/ossimgConfigVersion.cmake
  DESTINATION ${OSSIMG_CMAKE_DIR})
configure_file(cmake/ossimg.pc.in ${PROJECT_BINARY_DIR}/ossimg.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/ossimg.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
