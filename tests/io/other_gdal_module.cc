// A GDAL module of another build, for the test that the library refuses it
// (tests/io/gdal_module_test.cc): its entry point returns a table whose
// interface version is not the program's.

namespace {

struct OtherTable {
  int version;
};

const OtherTable kTable{1};

}  // namespace

extern "C" __attribute__((visibility("default"))) const void* innocluster_gdal_module() { return &kTable; }
