#include "store/local_file_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <random>

namespace namidb {
namespace {

constexpr std::string_view kReserved = ".namidb-store";

Status OsError(std::string_view what, const std::string& path, int err = errno) {
  return Status::IoError(std::string(what) + " " + path + ": " + std::strerror(err));
}

Status NestingError(std::string_view key) {
  return Status::Unsupported("the file store cannot keep '" + std::string(key) +
                             "': a key is both an object and a prefix of other keys");
}

std::string Hex(uint64_t v) {
  char buf[17];
  int n = snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return std::string(buf, n);
}

int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

// <size>-<mtime ns>-<inode>, lowercase hex: the protocol's version token.
std::string EtagOf(const struct stat& st) {
  return Hex(static_cast<uint64_t>(st.st_size)) + "-" + Hex(static_cast<uint64_t>(MtimeNs(st))) +
         "-" + Hex(static_cast<uint64_t>(st.st_ino));
}

std::string Dirname(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// mkdir -p. ENOTDIR / EEXIST-on-a-file mean a key segment is an object.
Status MakeDirs(const std::string& dir, std::string_view key) {
  struct stat st;
  if (stat(dir.c_str(), &st) == 0) {
    return S_ISDIR(st.st_mode) ? Status::OK() : NestingError(key);
  }
  if (errno == ENOTDIR) return NestingError(key);
  if (errno != ENOENT) return OsError("stat of", dir);
  NAMIDB_RETURN_IF_ERROR(MakeDirs(Dirname(dir), key));
  if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return OsError("creating directory", dir);
  return Status::OK();
}

Status SyncDir(const std::string& dir) {
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return OsError("opening directory", dir);
  int rc = fsync(fd);
  int err = errno;
  close(fd);
  // Some file systems refuse fsync on directories; the file itself is synced.
  if (rc != 0 && err != EINVAL && err != EROFS) return OsError("syncing directory", dir, err);
  return Status::OK();
}

std::string RandomName() {
  // Reseeded in a forked child, which would otherwise repeat its parent's names.
  static thread_local std::mt19937_64 rng;
  static thread_local pid_t seeded_for = 0;
  if (seeded_for != getpid()) {
    seeded_for = getpid();
    rng.seed((static_cast<uint64_t>(std::random_device{}()) << 32) ^
             static_cast<uint64_t>(seeded_for));
  }
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

// Holds an exclusive flock on a file for its lifetime.
class FileLock {
 public:
  static Result<FileLock> Acquire(const std::string& path) {
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return OsError("opening lock", path);
    while (flock(fd, LOCK_EX) != 0) {
      if (errno != EINTR) {
        Status s = OsError("locking", path);
        close(fd);
        return s;
      }
    }
    return FileLock(fd);
  }
  FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FileLock& operator=(FileLock&&) = delete;
  ~FileLock() {
    if (fd_ >= 0) close(fd_);  // closing the descriptor releases the lock
  }

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

// Collects keys of regular files under `dir` (key prefix `base`) that start
// with `prefix`, descending only into directories that can hold such keys.
Status Walk(const std::string& dir, const std::string& base, std::string_view prefix,
            std::vector<std::string>* out) {
  DIR* d = opendir(dir.c_str());
  if (!d) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::OK();
    return OsError("listing", dir);
  }
  Status status;
  while (struct dirent* entry = readdir(d)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (base.empty() && name == kReserved) continue;
    std::string key = base + name;
    std::string path = dir + "/" + name;
    struct stat st;
    if (lstat(path.c_str(), &st) != 0) continue;  // removed while we listed
    if (S_ISDIR(st.st_mode)) {
      std::string sub = key + "/";
      if (sub.starts_with(prefix) || prefix.starts_with(sub)) {
        status = Walk(path, sub, prefix, out);
        if (!status.ok()) break;
      }
    } else if (S_ISREG(st.st_mode) && key.starts_with(prefix)) {
      out->push_back(std::move(key));
    }
  }
  closedir(d);
  return status;
}

}  // namespace

LocalFileStore::LocalFileStore(std::string root)
    : root_(std::move(root)),
      tmp_dir_(root_ + "/" + std::string(kReserved) + "/tmp"),
      lock_path_(root_ + "/" + std::string(kReserved) + "/lock") {}

Result<std::string> LocalFileStore::PathOf(std::string_view key) const {
  NAMIDB_RETURN_IF_ERROR(ValidateKey(key));
  if (key == kReserved || key.starts_with(std::string(kReserved) + "/")) {
    return Status::InvalidArgument("object key '" + std::string(key) +
                                   "' is reserved by the file store");
  }
  return root_ + "/" + std::string(key);
}

Result<GetResult> LocalFileStore::GetOne(const GetRequest& request) const {
  NAMIDB_ASSIGN_OR_RETURN(std::string path, PathOf(request.key));
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return Status::NotFound("no object '" + request.key + "' in " + root_);
    }
    return OsError("opening", path);
  }
  // The descriptor pins one version: writers only rename complete files over.
  struct stat st;
  if (fstat(fd, &st) != 0) {
    Status s = OsError("stat of", path);
    close(fd);
    return s;
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return Status::NotFound("no object '" + request.key + "' in " + root_);
  }
  ClampedRange range = ClampRange(request.range, static_cast<uint64_t>(st.st_size));
  GetResult result;
  result.meta = ObjectMeta{request.key, static_cast<uint64_t>(st.st_size), {EtagOf(st), 0}};
  result.data.resize(range.length);
  size_t done = 0;
  while (done < range.length) {
    ssize_t n = pread(fd, result.data.data() + done, range.length - done,
                      static_cast<off_t>(range.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status s = OsError("reading", path);
      close(fd);
      return s;
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  close(fd);
  result.data.resize(done);
  return result;
}

std::vector<Result<GetResult>> LocalFileStore::GetMany(std::span<const GetRequest> requests) {
  std::vector<Result<GetResult>> results;
  results.reserve(requests.size());
  for (const auto& request : requests) results.push_back(GetOne(request));
  return results;
}

Result<ObjectMeta> LocalFileStore::Head(std::string_view key) {
  NAMIDB_ASSIGN_OR_RETURN(std::string path, PathOf(key));
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return Status::NotFound("no object '" + std::string(key) + "' in " + root_);
    }
    return OsError("stat of", path);
  }
  if (!S_ISREG(st.st_mode)) {
    return Status::NotFound("no object '" + std::string(key) + "' in " + root_);
  }
  return ObjectMeta{std::string(key), static_cast<uint64_t>(st.st_size), {EtagOf(st), 0}};
}

Result<std::string> LocalFileStore::WriteTemp(std::string_view data) const {
  NAMIDB_RETURN_IF_ERROR(MakeDirs(tmp_dir_, kReserved));
  std::string temp = tmp_dir_ + "/" + RandomName();
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return OsError("creating", temp);
  size_t done = 0;
  Status status;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = OsError("writing", temp);
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (status.ok() && fsync(fd) != 0) status = OsError("syncing", temp);
  if (close(fd) != 0 && status.ok()) status = OsError("closing", temp);
  if (!status.ok()) {
    unlink(temp.c_str());
    return status;
  }
  return temp;
}

Result<VersionToken> LocalFileStore::Put(std::string_view key, std::string_view data,
                                         const PutOptions& options) {
  NAMIDB_ASSIGN_OR_RETURN(std::string path, PathOf(key));
  NAMIDB_ASSIGN_OR_RETURN(std::string temp, WriteTemp(data));
  auto result = Publish(key, path, temp, options);
  // After link the temp name is redundant; after a failure it must not linger.
  unlink(temp.c_str());
  return result;
}

Result<VersionToken> LocalFileStore::Publish(std::string_view key, const std::string& path,
                                             const std::string& temp, const PutOptions& options) {
  NAMIDB_RETURN_IF_ERROR(MakeDirs(Dirname(path), key));
  struct stat st;
  if (options.mode == PutMode::kIfAbsent) {
    if (link(temp.c_str(), path.c_str()) != 0) {
      if (errno == EEXIST) {
        if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return NestingError(key);
        return Status::PreconditionFailed("'" + std::string(key) + "' already exists");
      }
      return OsError("linking", path);
    }
    NAMIDB_RETURN_IF_ERROR(SyncDir(Dirname(path)));
    if (stat(path.c_str(), &st) != 0) return OsError("stat of", path);
    return VersionToken{EtagOf(st), 0};
  }

  NAMIDB_RETURN_IF_ERROR(MakeDirs(Dirname(lock_path_), kReserved));
  NAMIDB_ASSIGN_OR_RETURN(FileLock lock, FileLock::Acquire(lock_path_));
  struct stat current;
  bool exists = stat(path.c_str(), &current) == 0;
  if (!exists && errno != ENOENT) return OsError("stat of", path);
  if (exists && S_ISDIR(current.st_mode)) return NestingError(key);
  if (options.mode == PutMode::kIfMatch) {
    if (!exists) return Status::PreconditionFailed("'" + std::string(key) + "' does not exist");
    if (EtagOf(current) != options.expected.etag) {
      return Status::PreconditionFailed("'" + std::string(key) + "' is at version " +
                                        EtagOf(current) + ", not " + options.expected.etag);
    }
  }
  // Give the new version an mtime strictly after the one it replaces, so a
  // key's etags never repeat even if the inode number is reused.
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  int64_t target = static_cast<int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
  if (exists) target = std::max(target, MtimeNs(current) + 1000);
  struct timespec times[2];
  times[0].tv_sec = times[1].tv_sec = target / 1000000000;
  times[0].tv_nsec = times[1].tv_nsec = target % 1000000000;
  if (utimensat(AT_FDCWD, temp.c_str(), times, 0) != 0) return OsError("setting mtime of", temp);
  if (rename(temp.c_str(), path.c_str()) != 0) {
    if (errno == EISDIR) return NestingError(key);
    return OsError("renaming into", path);
  }
  NAMIDB_RETURN_IF_ERROR(SyncDir(Dirname(path)));
  if (stat(path.c_str(), &st) != 0) return OsError("stat of", path);
  return VersionToken{EtagOf(st), 0};
}

Status LocalFileStore::Delete(std::string_view key) {
  NAMIDB_ASSIGN_OR_RETURN(std::string path, PathOf(key));
  if (unlink(path.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR) {
    if (errno == EISDIR) return Status::OK();  // a prefix of other keys, not an object
    return OsError("deleting", path);
  }
  return Status::OK();
}

Result<ListPage> LocalFileStore::List(std::string_view prefix, const ListOptions& options) {
  NAMIDB_RETURN_IF_ERROR(ValidateListLimit(options.limit));
  std::vector<std::string> keys;
  NAMIDB_RETURN_IF_ERROR(Walk(root_, "", prefix, &keys));
  std::sort(keys.begin(), keys.end());
  auto first = options.start_after.empty()
                   ? keys.begin()
                   : std::upper_bound(keys.begin(), keys.end(), options.start_after);
  ListPage page;
  for (auto it = first; it != keys.end(); ++it) {
    if (page.objects.size() == options.limit) {
      page.next_start_after = page.objects.back().key;
      break;
    }
    struct stat st;
    if (stat((root_ + "/" + *it).c_str(), &st) != 0) continue;  // deleted meanwhile
    page.objects.push_back(ObjectMeta{*it, static_cast<uint64_t>(st.st_size), {EtagOf(st), 0}});
  }
  return page;
}

}  // namespace namidb
