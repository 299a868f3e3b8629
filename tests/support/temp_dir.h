// TempDir: a fresh directory for one test, removed with everything in it
// when the test ends. Lives under $NAMIDB_TEST_TMPDIR (set by ctest to a
// folder of the build tree) or the system temp directory.
#pragma once

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace namidb::testing {

class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("NAMIDB_TEST_TMPDIR");
    std::filesystem::path parent = base ? base : std::filesystem::temp_directory_path().string();
    std::filesystem::create_directories(parent);
    std::string pattern = (parent / "namidb-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace namidb::testing
