# Helpers that keep every module and test target built the same way.

add_library(toolgate_warnings INTERFACE)
# GCC 12 reports -Wmismatched-new-delete on every Asio awaitable frame (its operator new/delete
# pair is matched; the warning is a known false positive), so that one check is off.
target_compile_options(toolgate_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Werror -Wno-error=deprecated-declarations
  $<$<CXX_COMPILER_ID:GNU>:-Wno-mismatched-new-delete>>)
if(TOOLGATE_SANITIZE)
  # Sanitizer instrumentation makes GCC 12 report -Wmaybe-uninitialized inside Boost's optional,
  # variant2 and tuple moves (false positives); the sanitizers themselves check the real thing.
  target_compile_options(toolgate_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
  target_link_options(toolgate_warnings INTERFACE -fsanitize=address,undefined)
endif()

# toolgate_module(NAME SOURCES ... DEPS ... [PRIVATE_DEPS ...])
# A module with no sources yet is an INTERFACE library so its headers can still be consumed.
function(toolgate_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target toolgate_${name})
  if(M_SOURCES)
    add_library(${target} STATIC ${M_SOURCES})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
    target_link_libraries(${target} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS} toolgate_warnings)
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(${target} INTERFACE ${M_DEPS})
  endif()
endfunction()

# toolgate_test(NAME SOURCES ... DEPS ... [LABELS ...])
# One GoogleTest executable; its cases are discovered at test time so building stays cheap.
function(toolgate_test name)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} GTest::gtest GTest::gmock GTest::gtest_main toolgate_warnings)
  target_compile_definitions(${name} PRIVATE
    TOOLGATE_SOURCE_DIR="${PROJECT_SOURCE_DIR}" TOOLGATE_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} PROPERTIES LABELS "${T_LABELS}" TIMEOUT 120)
endfunction()
