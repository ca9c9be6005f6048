# AZBATCH_STATIC_RELEASE: included by the top-level CMakeLists.txt after its
# find_package calls. Points every imported library found so far (gRPC,
# Protobuf, Abseil, OpenSSL, RE2, c-ares, zlib, ...) at the static archive
# Debian ships beside its shared object, links libstdc++ and libgcc statically,
# and uses the static cpprestsdk named by AZBATCH_CPPREST_STATIC_LIBRARY.
# Only the link changes: the compile flags are those of the dynamic build.

if(NOT EXISTS "${AZBATCH_CPPREST_STATIC_LIBRARY}")
  message(FATAL_ERROR "AZBATCH_STATIC_RELEASE needs AZBATCH_CPPREST_STATIC_LIBRARY "
                      "(a libcpprest.a; scripts/release.sh builds one)")
endif()

# /x/libfoo.so[.N...] -> /x/libfoo.a when that file exists; empty otherwise.
function(azbatch_static_archive_for shared out)
  set(${out} "" PARENT_SCOPE)
  if(shared MATCHES "^(.*)\\.so(\\.[0-9.]+)?$")
    if(EXISTS "${CMAKE_MATCH_1}.a")
      set(${out} "${CMAKE_MATCH_1}.a" PARENT_SCOPE)
    endif()
  endif()
endfunction()

# Brotli has no imported target; cpprestsdk needs it (Debian builds it with brotli).
foreach(lib brotlienc brotlidec brotlicommon)
  find_library(AZBATCH_STATIC_${lib} NAMES lib${lib}.a REQUIRED)
endforeach()

set(_azbatch_swapped "")
get_directory_property(_azbatch_imported IMPORTED_TARGETS)
foreach(tgt IN LISTS _azbatch_imported)
  get_target_property(type ${tgt} TYPE)
  if(NOT type MATCHES "^(SHARED_LIBRARY|UNKNOWN_LIBRARY|STATIC_LIBRARY)$")
    continue()
  endif()
  if(tgt STREQUAL "cpprestsdk::cpprest")
    foreach(config "" _NONE _RELEASE _RELWITHDEBINFO _DEBUG)
      get_target_property(loc ${tgt} IMPORTED_LOCATION${config})
      if(loc)
        set_target_properties(${tgt} PROPERTIES IMPORTED_LOCATION${config}
                              "${AZBATCH_CPPREST_STATIC_LIBRARY}")
      endif()
    endforeach()
    set_property(TARGET ${tgt} APPEND PROPERTY INTERFACE_LINK_LIBRARIES
                 OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB ${AZBATCH_STATIC_brotlienc}
                 ${AZBATCH_STATIC_brotlidec} ${AZBATCH_STATIC_brotlicommon})
    list(APPEND _azbatch_swapped ${tgt})
    continue()
  endif()
  set(done FALSE)
  foreach(config "" _NONE _RELEASE _RELWITHDEBINFO _DEBUG)
    get_target_property(loc ${tgt} IMPORTED_LOCATION${config})
    if(loc)
      azbatch_static_archive_for("${loc}" archive)
      if(archive)
        set_target_properties(${tgt} PROPERTIES IMPORTED_LOCATION${config} "${archive}")
        set(done TRUE)
      endif()
    endif()
  endforeach()
  if(done)
    list(APPEND _azbatch_swapped ${tgt})
  endif()
endforeach()

# Libraries named in link interfaces rather than imported (e.g. RE2 from
# pkg-config as "-lre2", or a full path to a .so): their static archive instead.
# glibc's own libraries stay shared.
set(_azbatch_glibc c m dl pthread rt util resolv)
foreach(tgt IN LISTS _azbatch_imported)
  get_target_property(libs ${tgt} INTERFACE_LINK_LIBRARIES)
  if(NOT libs)
    continue()
  endif()
  set(rewritten "")
  set(changed FALSE)
  foreach(item IN LISTS libs)
    set(archive "")
    if(item MATCHES "^-l(.+)$" AND NOT CMAKE_MATCH_1 IN_LIST _azbatch_glibc)
      set(name ${CMAKE_MATCH_1})
      find_library(AZBATCH_STATIC_LIB_${name} NAMES lib${name}.a)
      if(AZBATCH_STATIC_LIB_${name})
        set(archive ${AZBATCH_STATIC_LIB_${name}})
      endif()
    elseif(item MATCHES "^/.*\\.so")
      azbatch_static_archive_for("${item}" archive)
    endif()
    if(archive)
      list(APPEND rewritten "${archive}")
      set(changed TRUE)
    else()
      list(APPEND rewritten "${item}")
    endif()
  endforeach()
  if(changed)
    set_target_properties(${tgt} PROPERTIES INTERFACE_LINK_LIBRARIES "${rewritten}")
    list(APPEND _azbatch_swapped ${tgt})
  endif()
endforeach()
list(LENGTH _azbatch_swapped _azbatch_count)
message(STATUS "AZBATCH_STATIC_RELEASE: ${_azbatch_count} imported libraries linked statically")

# The C++ runtime too; glibc stays shared (NSS and dlopen need the system's).
add_link_options(-static-libstdc++ -static-libgcc -Wl,--gc-sections)
