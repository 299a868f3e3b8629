// LocalFileStore specifics: compare-and-swap across processes, a put that
// fails part-way, temp files, the reserved folder and nested keys.
#include "store/local_file_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "support/temp_dir.h"

namespace namidb {
namespace {

namespace fs = std::filesystem;

class LocalFileStoreTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  LocalFileStore store_{dir_.path()};
};

// Each child increments a counter with compare-and-swap `rounds` times,
// retrying lost races, and appends every version it won to its own file.
void CountingChild(const std::string& root, int rounds, const std::string& out) {
  LocalFileStore store(root);
  std::ofstream won(out);
  for (int i = 0; i < rounds;) {
    auto current = store.Get("counter");
    if (!current.ok()) _exit(2);
    std::string next = std::to_string(std::stoi(current->data) + 1);
    auto v = store.Put("counter", next, PutOptions::IfMatch(current->meta.version));
    if (v.ok()) {
      won << next << " " << v->etag << "\n";
      ++i;
    } else if (!v.status().Is(StatusCode::kPreconditionFailed)) {
      _exit(3);
    }
  }
  won.close();
  _exit(0);
}

TEST_F(LocalFileStoreTest, TwoProcessesRacingCompareAndSwapLoseNoUpdate) {
  ASSERT_TRUE(store_.Put("counter", "0", PutOptions::IfAbsent()).ok());
  constexpr int kRounds = 150;
  std::vector<pid_t> children;
  for (int c = 0; c < 2; ++c) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) CountingChild(dir_.path(), kRounds, dir_.path() + "/won-" + std::to_string(c));
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child failed: " << status;
  }
  std::set<std::string> values, etags;
  for (int c = 0; c < 2; ++c) {
    std::ifstream in(dir_.path() + "/won-" + std::to_string(c));
    std::string value, etag;
    while (in >> value >> etag) {
      EXPECT_TRUE(values.insert(value).second) << "value " << value << " won twice";
      EXPECT_TRUE(etags.insert(etag).second) << "version " << etag << " handed out twice";
    }
  }
  EXPECT_EQ(values.size(), 2u * kRounds);
  EXPECT_EQ(etags.size(), 2u * kRounds);
  EXPECT_EQ(store_.Get("counter")->data, std::to_string(2 * kRounds));
}

TEST_F(LocalFileStoreTest, APutThatFailsPartWayLeavesNothing) {
  ASSERT_TRUE(store_.Put("keep/me", "old", PutOptions::Overwrite()).ok());
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // Files may not grow past 64 KiB in the child: the 1 MiB write fails.
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit limit {
      64 << 10, 64 << 10
    };
    setrlimit(RLIMIT_FSIZE, &limit);
    std::string big(1 << 20, 'x');
    bool failed_new =
        store_.Put("partial/new", big, PutOptions::IfAbsent()).status().Is(StatusCode::kIoError);
    bool failed_over =
        store_.Put("keep/me", big, PutOptions::Overwrite()).status().Is(StatusCode::kIoError);
    _exit(failed_new && failed_over ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the puts did not fail";
  EXPECT_TRUE(store_.Get("partial/new").status().Is(StatusCode::kNotFound));
  EXPECT_EQ(store_.Get("keep/me")->data, "old");
  EXPECT_TRUE(fs::is_empty(dir_.path() + "/.namidb-store/tmp"));
}

TEST_F(LocalFileStoreTest, LeavesNoTempFilesAndIgnoresStrayOnes) {
  ASSERT_TRUE(store_.Put("a/one", "1", PutOptions::IfAbsent()).ok());
  ASSERT_TRUE(store_.Put("a/one", "2", PutOptions::Overwrite()).ok());
  EXPECT_FALSE(store_.Put("a/one", "3", PutOptions::IfAbsent()).ok());
  EXPECT_TRUE(fs::is_empty(dir_.path() + "/.namidb-store/tmp"));
  std::ofstream(dir_.path() + "/.namidb-store/tmp/0123456789abcdef") << "half-written";
  auto page = store_.List("", ListOptions{});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->objects[0].key, "a/one");
}

TEST_F(LocalFileStoreTest, RefusesKeysInItsReservedFolder) {
  EXPECT_TRUE(store_.Put(".namidb-store/lock", "x", PutOptions::Overwrite())
                  .status()
                  .Is(StatusCode::kInvalidArgument));
  EXPECT_TRUE(store_.Get(".namidb-store/tmp/x").status().Is(StatusCode::kInvalidArgument));
}

TEST_F(LocalFileStoreTest, SaysAKeyCannotBeBothAnObjectAndAPrefix) {
  ASSERT_TRUE(store_.Put("x/y", "1", PutOptions::Overwrite()).ok());
  EXPECT_TRUE(store_.Put("x", "1", PutOptions::Overwrite()).status().Is(StatusCode::kUnsupported));
  EXPECT_TRUE(store_.Put("x", "1", PutOptions::IfAbsent()).status().Is(StatusCode::kUnsupported));
  EXPECT_TRUE(
      store_.Put("x/y/z", "1", PutOptions::Overwrite()).status().Is(StatusCode::kUnsupported));
  fs::create_directories(dir_.path() + "/empty-dir");
  EXPECT_TRUE(store_.Get("empty-dir").status().Is(StatusCode::kNotFound));
  EXPECT_TRUE(store_.Head("empty-dir").status().Is(StatusCode::kNotFound));
}

TEST_F(LocalFileStoreTest, VersionTokensFollowTheSharedProtocol) {
  auto v = store_.Put("p/k", "abc", PutOptions::Overwrite());
  ASSERT_TRUE(v.ok());
  struct stat st;
  ASSERT_EQ(stat((dir_.path() + "/p/k").c_str(), &st), 0);
  char expected[80];
  snprintf(expected, sizeof expected, "%llx-%llx-%llx", static_cast<unsigned long long>(st.st_size),
           static_cast<unsigned long long>(st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec),
           static_cast<unsigned long long>(st.st_ino));
  EXPECT_EQ(v->etag, expected);
  EXPECT_EQ(v->generation, 0);
}

}  // namespace
}  // namespace namidb
