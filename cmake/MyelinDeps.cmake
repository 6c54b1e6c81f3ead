# Imports the oneDNN and libgomp shared libraries unpacked from the org.bytedeco:dnnl jar.
# The CMake/pkg-config files inside that jar point at paths that do not exist, so the .so files
# are linked as IMPORTED targets by full path instead of find_package(dnnl).
if(NOT DNNL_ROOT)
  message(FATAL_ERROR "DNNL_ROOT is not set: point it at the unpacked org/bytedeco/dnnl/linux-x86_64 "
                      "folder of the dnnl jar (the Maven build does this for you)")
endif()
if(NOT EXISTS "${DNNL_ROOT}/libdnnl.so.3")
  message(FATAL_ERROR "DNNL_ROOT=${DNNL_ROOT} has no libdnnl.so.3")
endif()

add_library(myelin::dnnl SHARED IMPORTED)
set_target_properties(myelin::dnnl PROPERTIES
  IMPORTED_LOCATION "${DNNL_ROOT}/libdnnl.so.3"
  IMPORTED_SONAME "libdnnl.so.3"
  INTERFACE_INCLUDE_DIRECTORIES "${DNNL_ROOT}/include")

# oneDNN runs on the GNU OpenMP runtime it ships; our own parallel loops use that same runtime
# rather than a second one.
add_library(myelin::gomp SHARED IMPORTED)
set_target_properties(myelin::gomp PROPERTIES
  IMPORTED_LOCATION "${DNNL_ROOT}/libgomp.so.1"
  IMPORTED_SONAME "libgomp.so.1"
  INTERFACE_COMPILE_OPTIONS "-fopenmp")
