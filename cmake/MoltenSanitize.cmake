# -DMOLTEN_SANITIZE=address,undefined (or "address;undefined", or either
# alone): build every target of the project with AddressSanitizer (LeakSanitizer
# included) and/or UndefinedBehaviorSanitizer. `make test-sanitize` does this
# in build-sanitize/ and runs the tests there (docs/testing.md).
#
# Included from the top-level CMakeLists.txt before any target exists, so
# that the compiler libraries, tools, plugin, runtime, test programs and fake
# libcuda all get the same flags, in the full build and with
# -DMOLTEN_RUNTIME_ONLY=ON. The flags are directory options
# (add_compile_options, add_link_options): they come after
# CMAKE_<LANG>_FLAGS on each command line and add to it, so a build may add
# its own, e.g. a fuzzing build's -fsanitize=fuzzer-no-link in
# CMAKE_CXX_FLAGS and -fsanitize=fuzzer on its fuzz targets.
#
# Works with gcc and clang, each with its own runtime model: gcc links its
# shared runtime into everything, clang its static runtime into executables
# only (see below).
#
# Sets, for the rest of the build (lit.site.cfg.py.in, cmake/CMakeLists.txt):
#   MOLTEN_SANITIZE            the sanitizers, comma-separated; "" when off
#   MOLTEN_SANITIZE_LINK_FLAGS what anything linking sanitized code must add
#   MOLTEN_SANITIZER_RUNTIMES  the runtime libraries, in LD_PRELOAD order, that
#                              an unsanitized host program (python3, stock
#                              mlir-opt) must preload to load a sanitized
#                              library: the sanitizer runtime must be the
#                              first library of a process.

# The installed Molten libraries are sanitized too: whatever links them (the
# consumer of test/embedding.test, an embedding compiler) needs the runtime
# linked in, and first. Inside this build add_link_options already does it.
# Does nothing in an unsanitized build.
function(molten_sanitize_usage_requirements)
  if(NOT MOLTEN_SANITIZE_LINK_FLAGS)
    return()
  endif()
  foreach(target IN LISTS ARGN)
    target_link_options(${target} INTERFACE
      "$<INSTALL_INTERFACE:${MOLTEN_SANITIZE_LINK_FLAGS}>")
  endforeach()
endfunction()

set(MOLTEN_SANITIZE "" CACHE STRING
  "Sanitizers to build every target with: address, undefined, or both (address,undefined); empty for none")

# Accept both separators, and OFF/NO/... for none.
string(REPLACE "," ";" _molten_sanitizers "${MOLTEN_SANITIZE}")
if(NOT _molten_sanitizers)
  set(_molten_sanitizers "")
endif()
list(REMOVE_DUPLICATES _molten_sanitizers)
set(MOLTEN_SANITIZE_LINK_FLAGS "")
set(MOLTEN_SANITIZER_RUNTIMES "")
if(NOT _molten_sanitizers)
  set(MOLTEN_SANITIZE "")
  return()
endif()

foreach(_sanitizer IN LISTS _molten_sanitizers)
  if(NOT _sanitizer MATCHES "^(address|undefined)$")
    message(FATAL_ERROR "MOLTEN_SANITIZE: unsupported sanitizer "
      "'${_sanitizer}' (supported: address, undefined)")
  endif()
endforeach()
# Only these two: the lit configuration knows their runtimes and options.
list(JOIN _molten_sanitizers "," MOLTEN_SANITIZE)

# C (the fake libcuda) and C++ targets must agree on the runtime library.
if(NOT CMAKE_C_COMPILER_ID STREQUAL CMAKE_CXX_COMPILER_ID)
  message(FATAL_ERROR "MOLTEN_SANITIZE needs the C and C++ compilers of one "
    "family (C: ${CMAKE_C_COMPILER_ID}, C++: ${CMAKE_CXX_COMPILER_ID})")
endif()

set(_molten_compile_flags
  -fsanitize=${MOLTEN_SANITIZE}
  # Whole stacks in reports, and the fast unwinder that LeakSanitizer uses
  # for every allocation needs frame pointers.
  -fno-omit-frame-pointer)
if("undefined" IN_LIST _molten_sanitizers)
  # By default UBSan prints a finding and carries on: the test would pass.
  list(APPEND _molten_compile_flags -fno-sanitize-recover=all)
endif()
set(MOLTEN_SANITIZE_LINK_FLAGS -fsanitize=${MOLTEN_SANITIZE})

if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  # clang links its runtime statically, into executables only: a sanitized
  # shared library or module refers to the runtime's symbols, and the
  # executable that loads it provides them (the ASan runtime, or a preloaded
  # copy in an unsanitized host). The shared runtime (-shared-libsan), which
  # would spare that, cannot come first in a libFuzzer binary: clang 22 puts
  # libFuzzer's -lstdc++ ahead of it, and ASan then refuses to start. So
  # shared libraries and modules link with undefined symbols allowed,
  # whatever -z defs (HandleLLVMOptions) or --no-undefined (lib/Runtime)
  # asked for: -z undefs, appended once every target exists so that it comes
  # last on the link line.
  function(_molten_sanitize_allow_undefined dir)
    get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "SHARED_LIBRARY" OR type STREQUAL "MODULE_LIBRARY")
        set_property(TARGET ${target} APPEND PROPERTY LINK_OPTIONS
          -Wl,-z,undefs)
      endif()
    endforeach()
    get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
    foreach(subdir IN LISTS subdirs)
      _molten_sanitize_allow_undefined("${subdir}")
    endforeach()
  endfunction()
  cmake_language(DEFER CALL _molten_sanitize_allow_undefined
    "${CMAKE_CURRENT_SOURCE_DIR}")
  if("undefined" IN_LIST _molten_sanitizers)
    # clang's -fsanitize=function (gcc has none) compares the callee's
    # mangled type with the pointer's. The runtime calls the CUDA driver
    # through dlsym'd pointers typed with its own declarations
    # (molten::runtime::CUctx_st *, ...), which can never match a driver's,
    # only be ABI-compatible; the one driver that is instrumented, the fake
    # libcuda, declares its handles as void *. Everywhere else it stays on.
    list(APPEND _molten_compile_flags
      "$<$<STREQUAL:$<TARGET_PROPERTY:NAME>,molten_runtime>:-fno-sanitize=function>")
  endif()
  # What an unsanitized host preloads: the runtime's shared build.
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} --print-runtime-dir
    OUTPUT_VARIABLE _molten_rt_dir OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _molten_rc)
  if(NOT _molten_rc EQUAL 0 OR NOT IS_DIRECTORY "${_molten_rt_dir}")
    message(FATAL_ERROR "MOLTEN_SANITIZE: ${CMAKE_CXX_COMPILER} "
      "--print-runtime-dir gave no directory ('${_molten_rt_dir}')")
  endif()
  # The ASan runtime contains UBSan's; UBSan alone has its own.
  if("address" IN_LIST _molten_sanitizers)
    set(_molten_rt_names asan)
  else()
    set(_molten_rt_names ubsan_standalone)
  endif()
  foreach(_name IN LISTS _molten_rt_names)
    # Per-target runtime directories drop the architecture from the name.
    set(_molten_rt "")
    foreach(_candidate libclang_rt.${_name}.so
                       libclang_rt.${_name}-${CMAKE_SYSTEM_PROCESSOR}.so)
      if(NOT _molten_rt AND EXISTS "${_molten_rt_dir}/${_candidate}")
        set(_molten_rt "${_molten_rt_dir}/${_candidate}")
      endif()
    endforeach()
    if(NOT _molten_rt)
      message(FATAL_ERROR "MOLTEN_SANITIZE: no libclang_rt.${_name} shared "
        "runtime in ${_molten_rt_dir}")
    endif()
    list(APPEND MOLTEN_SANITIZER_RUNTIMES "${_molten_rt}")
  endforeach()
elseif(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # libasan must come first; libubsan after it, as gcc links them.
  set(_molten_rt_names "")
  if("address" IN_LIST _molten_sanitizers)
    list(APPEND _molten_rt_names libasan.so)
  endif()
  if("undefined" IN_LIST _molten_sanitizers)
    list(APPEND _molten_rt_names libubsan.so)
  endif()
  foreach(_name IN LISTS _molten_rt_names)
    # Prints the bare name when the library is not installed.
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=${_name}
      OUTPUT_VARIABLE _molten_rt OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT IS_ABSOLUTE "${_molten_rt}" OR NOT EXISTS "${_molten_rt}")
      message(FATAL_ERROR "MOLTEN_SANITIZE: ${CMAKE_CXX_COMPILER} has no "
        "${_name} (Debian: the libasan8/libubsan1 packages)")
    endif()
    list(APPEND MOLTEN_SANITIZER_RUNTIMES "${_molten_rt}")
  endforeach()
else()
  message(FATAL_ERROR "MOLTEN_SANITIZE supports gcc and clang, not "
    "${CMAKE_CXX_COMPILER_ID}")
endif()

add_compile_options(${_molten_compile_flags})
add_link_options(${MOLTEN_SANITIZE_LINK_FLAGS})
message(STATUS "Sanitizers: ${MOLTEN_SANITIZE} (runtime: ${MOLTEN_SANITIZER_RUNTIMES})")
