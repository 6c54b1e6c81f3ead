# Compiler flags for the native core.
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release)
endif()

# x86-64-v3 (AVX2 + FMA, every x86 server CPU since 2015) is the floor the jar promises; matmul,
# softmax and other heavy primitives run in oneDNN, which dispatches to AVX-512/AMX at run time.
set(MYELIN_ARCH "x86-64-v3" CACHE STRING "value of -march for Myelin's own kernels")
add_compile_options(-march=${MYELIN_ARCH} -Wall -Wextra -Wno-unused-parameter)
set(CMAKE_CXX_FLAGS_RELEASE "-O3 -DNDEBUG")

include(MyelinSanitize)
