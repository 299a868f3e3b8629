#include "query/execution/csv_file_source.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "query/common/query_error.h"

namespace namidb::query {
namespace {

// %XX escapes of a file URL's path.
std::string PercentDecoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

class FileCsvStream final : public CsvStream {
 public:
  FileCsvStream(std::FILE* file, std::string name, size_t read_bytes)
      : file_(file), name_(std::move(name)), read_bytes_(read_bytes) {}
  ~FileCsvStream() override { std::fclose(file_); }
  Result<bool> Read(uint64_t, std::string* out) override {
    out->resize(read_bytes_);
    size_t n = std::fread(out->data(), 1, read_bytes_, file_);
    out->resize(n);
    if (n > 0) return true;
    if (std::ferror(file_)) return Status::IoError("reading " + name_ + " failed");
    return false;
  }
  const std::string& name() const override { return name_; }

 private:
  std::FILE* file_;
  std::string name_;
  size_t read_bytes_;
};

}  // namespace

Result<std::unique_ptr<CsvStream>> FileCsvSources::Open(std::string_view url) const {
  std::string path;
  if (url.starts_with("file://")) {
    path = PercentDecoded(url.substr(7));
  } else if (url.starts_with("file:")) {
    path = PercentDecoded(url.substr(5));
  } else if (url.find("://") != std::string_view::npos) {
    return RuntimeError("LoadCsvError", "SourceNotAllowed",
                        "LOAD CSV from '" + std::string(url) +
                            "': this program reads local files only (file: URLs or paths)");
  } else {
    path = std::string(url);
  }
  std::filesystem::path p(path);
  if (p.is_relative()) p = std::filesystem::path(base_dir_) / p;
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::weakly_canonical(p, ec);
  if (ec) absolute = p;
  std::FILE* file = std::fopen(absolute.c_str(), "rb");
  if (!file) {
    return RuntimeError("LoadCsvError", "SourceNotFound",
                        "LOAD CSV from '" + std::string(url) + "': cannot open " +
                            absolute.string() + ": " + std::strerror(errno));
  }
  return std::unique_ptr<CsvStream>(
      std::make_unique<FileCsvStream>(file, absolute.string(), read_bytes_));
}

}  // namespace namidb::query
