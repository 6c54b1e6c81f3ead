# MYELIN_SANITIZE=ON: the native library and the C++ tests built with AddressSanitizer and UBSan
# (bin/myelin test --sanitize configures such a build in java-api/core/target/native-asan).
# Any UBSan finding aborts the test (-fno-sanitize-recover), so ctest reports it as a failure
# instead of a line of output nobody reads.
option(MYELIN_SANITIZE "build the native library and C++ tests with ASan + UBSan" OFF)
if(MYELIN_SANITIZE)
  # float-cast-overflow (not part of GCC's "undefined" set) checks that every float -> int store
  # goes through from_double (ops.hpp) rather than an undefined C++ cast.
  set(MYELIN_SANITIZE_FLAGS -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
                            -fno-omit-frame-pointer)
  add_compile_options(${MYELIN_SANITIZE_FLAGS})
  add_link_options(${MYELIN_SANITIZE_FLAGS})
  # Run-time settings for every test ctest runs:
  # - halt_on_error / abort_on_error: the first finding fails the test with a stack trace.
  # - detect_leaks=0: oneDNN's and libgomp's process-lifetime caches (primitive cache, thread
  #   pools), and our allocator's free lists that are deliberately never destroyed (see
  #   allocator.cpp), are reachable-at-exit memory that LeakSanitizer would report as leaks;
  #   leaks of our own tensors are checked by the allocator's live-byte counters in the tests.
  # oneDNN and libgomp are not instrumented: memory they touch is checked only where our code
  # reads or writes it.
  set(MYELIN_SANITIZE_ENV
      "ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=0"
      "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
endif()
