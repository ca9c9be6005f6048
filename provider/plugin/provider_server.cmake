# Target azbatch_plugin: the tfplugin6.Provider service implemented over the framework.
# Included by provider/plugin/CMakeLists.txt only when azbatch_framework exists.
add_library(azbatch_plugin STATIC
  ${CMAKE_CURRENT_LIST_DIR}/convert.cc
  ${CMAKE_CURRENT_LIST_DIR}/provider_server.cc
  ${CMAKE_CURRENT_LIST_DIR}/provider_server_unsupported.cc)
target_include_directories(azbatch_plugin PUBLIC ${AZBATCH_SOURCE_ROOT})
target_link_libraries(azbatch_plugin
  PUBLIC azbatch_proto azbatch_framework azbatch_cty azbatch_common gRPC::grpc++
         protobuf::libprotobuf absl::status absl::statusor absl::strings)

azbatch_add_test(azbatch_plugin_convert_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/convert_test.cc
  LIBS azbatch_plugin
  LABELS unit)

# The service tests run against the real provider registry, so they need the
# resources folder (added after this one; CMake resolves the target by name).
list(FIND AZBATCH_COMPONENTS resources _azbatch_plugin_has_resources)
if(NOT _azbatch_plugin_has_resources EQUAL -1 AND EXISTS ${AZBATCH_SOURCE_ROOT}/resources/CMakeLists.txt)
  azbatch_add_test(azbatch_plugin_provider_server_test
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/provider_server_test.cc
            ${CMAKE_CURRENT_LIST_DIR}/provider_server_utf8_test.cc
    LIBS azbatch_plugin azbatch_resources
    LABELS unit)
endif()
