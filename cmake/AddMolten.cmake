# add_molten_library(name SOURCES...
#   DEPENDS <tablegen targets...>
#   MOLTEN_LIBS <molten libraries...>
#   MLIR_LIBS <MLIR libraries...>)
#
# One place for how a molten library is built and installed:
# - MLIR libraries are linked through mlir_target_link_libraries, i.e. the one
#   libMLIR.so, so nothing (a tool, the mlir-opt plugin, an embedder) ever
#   carries a second, static copy of MLIR;
# - headers are found from the source and build trees while building and
#   from <prefix>/include once installed;
# - the library joins the MoltenTargets export set (Molten::<name>).
function(add_molten_library name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;MOLTEN_LIBS;MLIR_LIBS" ${ARGN})
  add_mlir_library(${name} ${ARG_UNPARSED_ARGUMENTS}
    DISABLE_INSTALL
    DEPENDS ${ARG_DEPENDS})
  target_link_libraries(${name} PUBLIC ${ARG_MOLTEN_LIBS})
  mlir_target_link_libraries(${name} PUBLIC ${ARG_MLIR_LIBS})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${MOLTEN_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${MOLTEN_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:include>)
  install(TARGETS ${name} EXPORT MoltenTargets
    ARCHIVE DESTINATION lib${LLVM_LIBDIR_SUFFIX}
    LIBRARY DESTINATION lib${LLVM_LIBDIR_SUFFIX})
  set_property(GLOBAL APPEND PROPERTY MOLTEN_LIBRARIES ${name})
endfunction()
