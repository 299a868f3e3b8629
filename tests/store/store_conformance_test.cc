// The object-store conformance suite, C++ half: one set of cases run against
// every native backend. js/test/store_conformance.ts holds the same cases for
// the TypeScript stores and for stores reached through the wasm bridge.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/fault_store.h"
#include "store/local_file_store.h"
#include "store/memory_store.h"
#include "support/temp_dir.h"

namespace namidb {
namespace {

struct Backend {
  std::string name;
  std::function<std::shared_ptr<ObjectStore>(const std::string& dir)> make;
};

// Names the backend in test listings instead of dumping its bytes.
void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

class StoreConformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { store_ = GetParam().make(dir_.path()); }

  std::string Read(std::string_view key) {
    auto got = store_->Get(key);
    EXPECT_TRUE(got.ok()) << got.status().ToString();
    return got.ok() ? got->data : std::string();
  }

  std::vector<std::string> ListKeys(std::string_view prefix, uint32_t limit = 1000) {
    std::vector<std::string> keys;
    ListOptions options;
    options.limit = limit;
    for (int pages = 0; pages < 100000; ++pages) {
      auto page = store_->List(prefix, options);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) break;
      EXPECT_LE(page->objects.size(), limit);
      for (auto& o : page->objects) keys.push_back(o.key);
      if (page->next_start_after.empty()) break;
      EXPECT_FALSE(page->objects.empty());
      options.start_after = page->next_start_after;
    }
    return keys;
  }

  testing::TempDir dir_;
  std::shared_ptr<ObjectStore> store_;
};

TEST_P(StoreConformance, RoundTripsPutGetHeadDelete) {
  auto v = store_->Put("rt/a", "hello", PutOptions::Overwrite());
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_FALSE(v->etag.empty());
  auto got = store_->Get("rt/a");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->data, "hello");
  EXPECT_EQ(got->meta.key, "rt/a");
  EXPECT_EQ(got->meta.size, 5u);
  EXPECT_EQ(got->meta.version, *v);
  auto head = store_->Head("rt/a");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->size, 5u);
  EXPECT_EQ(head->version, *v);
  ASSERT_TRUE(store_->Delete("rt/a").ok());
  EXPECT_TRUE(store_->Get("rt/a").status().Is(StatusCode::kNotFound));
  EXPECT_TRUE(store_->Head("rt/a").status().Is(StatusCode::kNotFound));
}

TEST_P(StoreConformance, MissingKeyIsNotFound) {
  EXPECT_TRUE(store_->Get("missing/key").status().Is(StatusCode::kNotFound));
}

TEST_P(StoreConformance, ExactlyOneConcurrentCreateOnlyPutWins) {
  constexpr int kWriters = 8;
  std::atomic<int> ready{0};
  std::vector<Status> outcomes(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < kWriters) std::this_thread::yield();
      outcomes[i] =
          store_->Put("race/manifest", "writer " + std::to_string(i), PutOptions::IfAbsent())
              .status();
    });
  }
  for (auto& t : threads) t.join();
  int winner = -1;
  for (int i = 0; i < kWriters; ++i) {
    if (outcomes[i].ok()) {
      EXPECT_EQ(winner, -1) << "two create-only puts both won";
      winner = i;
    } else {
      EXPECT_TRUE(outcomes[i].Is(StatusCode::kPreconditionFailed)) << outcomes[i].ToString();
    }
  }
  ASSERT_NE(winner, -1);
  EXPECT_EQ(Read("race/manifest"), "writer " + std::to_string(winner));
}

TEST_P(StoreConformance, IfMatchOnCurrentVersionSwapsAndChangesVersion) {
  auto v1 = store_->Put("cas/m", "one", PutOptions::IfAbsent());
  ASSERT_TRUE(v1.ok());
  auto v2 = store_->Put("cas/m", "two", PutOptions::IfMatch(*v1));
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_NE(*v1, *v2);
  EXPECT_EQ(Read("cas/m"), "two");
  EXPECT_EQ(store_->Head("cas/m")->version, *v2);
}

TEST_P(StoreConformance, IfMatchWithStaleVersionOrMissingKeyChangesNothing) {
  auto v1 = store_->Put("cas/s", "one", PutOptions::Overwrite());
  auto v2 = store_->Put("cas/s", "two", PutOptions::IfMatch(*v1));
  ASSERT_TRUE(v2.ok());
  EXPECT_TRUE(store_->Put("cas/s", "three", PutOptions::IfMatch(*v1))
                  .status()
                  .Is(StatusCode::kPreconditionFailed));
  auto after = store_->Get("cas/s");
  EXPECT_EQ(after->data, "two");
  EXPECT_EQ(after->meta.version, *v2);
  EXPECT_TRUE(store_->Put("cas/none", "x", PutOptions::IfMatch(*v2))
                  .status()
                  .Is(StatusCode::kPreconditionFailed));
  EXPECT_TRUE(store_->Get("cas/none").status().Is(StatusCode::kNotFound));
}

TEST_P(StoreConformance, CreateOnlyPutOverExistingKeyFails) {
  ASSERT_TRUE(store_->Put("cas/exists", "first", PutOptions::Overwrite()).ok());
  EXPECT_TRUE(store_->Put("cas/exists", "second", PutOptions::IfAbsent())
                  .status()
                  .Is(StatusCode::kPreconditionFailed));
  EXPECT_EQ(Read("cas/exists"), "first");
}

TEST_P(StoreConformance, EveryPutGivesANewVersion) {
  std::set<std::string> seen;
  auto last = store_->Put("ver/k", "0", PutOptions::Overwrite());
  seen.insert(last->etag);
  for (int i = 1; i < 20; ++i) {
    auto v = store_->Put("ver/k", "same size", PutOptions::Overwrite());
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(seen.insert(v->etag).second) << "version repeated: " << v->etag;
    last = v;
  }
  ASSERT_TRUE(store_->Delete("ver/k").ok());
  auto recreated = store_->Put("ver/k", "same size", PutOptions::IfAbsent());
  ASSERT_TRUE(recreated.ok());
  EXPECT_TRUE(seen.insert(recreated->etag).second);
  EXPECT_TRUE(store_->Put("ver/k", "x", PutOptions::IfMatch(*last))
                  .status()
                  .Is(StatusCode::kPreconditionFailed));
}

TEST_P(StoreConformance, RangesAreClampedToTheObject) {
  ASSERT_TRUE(store_->Put("range/k", "0123456789", PutOptions::Overwrite()).ok());
  auto read = [&](uint64_t offset, std::optional<uint64_t> length) {
    auto r = store_->GetRange("range/k", ByteRange{offset, length});
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r->meta.size, 10u);
    return r->data;
  };
  EXPECT_EQ(read(2, 3), "234");
  EXPECT_EQ(read(7, std::nullopt), "789");
  EXPECT_EQ(read(8, 100), "89");
  EXPECT_EQ(read(10, std::nullopt), "");
  EXPECT_EQ(read(10, 5), "");
  EXPECT_EQ(read(50, 5), "");
  EXPECT_EQ(read(3, 0), "");
  EXPECT_EQ(read(0, std::nullopt), "0123456789");
}

TEST_P(StoreConformance, StoresEmptyObjects) {
  ASSERT_TRUE(store_->Put("empty/k", "", PutOptions::Overwrite()).ok());
  auto r = store_->Get("empty/k");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->data, "");
  EXPECT_EQ(r->meta.size, 0u);
  EXPECT_EQ(store_->Head("empty/k")->size, 0u);
  EXPECT_EQ(store_->GetRange("empty/k", ByteRange{0, 10})->data, "");
  EXPECT_EQ(ListKeys("empty/"), std::vector<std::string>{"empty/k"});
}

TEST_P(StoreConformance, BatchedReadAnswersInRequestOrderWithPerItemErrors) {
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(store_
                    ->Put("many/" + std::to_string(i), "value-" + std::to_string(i),
                          PutOptions::Overwrite())
                    .ok());
  }
  std::vector<GetRequest> requests;
  for (int i = 19; i >= 0; --i) {
    requests.push_back({"many/" + std::to_string(i), ByteRange{6, std::nullopt}});
  }
  requests.push_back({"many/missing", std::nullopt});
  requests.push_back({"many/3", ByteRange{0, 5}});
  auto results = store_->GetMany(requests);
  ASSERT_EQ(results.size(), 22u);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status().ToString();
    EXPECT_EQ(results[i]->data, std::to_string(19 - i));
    EXPECT_EQ(results[i]->meta.key, "many/" + std::to_string(19 - i));
  }
  EXPECT_TRUE(results[20].status().Is(StatusCode::kNotFound));
  EXPECT_EQ(results[21]->data, "value");
}

TEST_P(StoreConformance, ListsInByteOrderWithPrefixFiltering) {
  std::vector<std::string> keys = {"ord/a/b",
                                   "ord/a-b",
                                   "ord/a0",
                                   "ord/a!",
                                   "ord/a\xc3\xa9",
                                   "ord/a\xf0\x9f\x98\x80",
                                   "ord/a\xee\x80\x80",
                                   "ord/B",
                                   "ord/b/c/d"};
  for (const auto& k : keys) ASSERT_TRUE(store_->Put(k, k, PutOptions::Overwrite()).ok()) << k;
  ASSERT_TRUE(store_->Put("ordinal", "outside the prefix", PutOptions::Overwrite()).ok());
  std::sort(keys.begin(), keys.end());  // std::string compares bytes (as unsigned char)
  EXPECT_EQ(ListKeys("ord/"), keys);
  EXPECT_EQ(ListKeys("ord/a/"), std::vector<std::string>{"ord/a/b"});
  EXPECT_EQ(ListKeys("ord/b/c"), std::vector<std::string>{"ord/b/c/d"});
  EXPECT_TRUE(ListKeys("nothing-here/").empty());
  auto page = store_->List("ord/a0", ListOptions{});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->objects[0].size, 6u);
  EXPECT_EQ(page->objects[0].version, store_->Head("ord/a0")->version);
}

TEST_P(StoreConformance, PaginatesLongListingsWithoutGapsOrDuplicates) {
  std::vector<std::string> keys;
  for (int i = 0; i < 2500; ++i) {
    char buf[32];
    snprintf(buf, sizeof buf, "page/%05d", i);
    keys.push_back(buf);
    ASSERT_TRUE(store_->Put(keys.back(), "", PutOptions::IfAbsent()).ok());
  }
  auto first = store_->List("page/", ListOptions{});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->objects.size(), 1000u);
  EXPECT_EQ(first->next_start_after, keys[999]);
  EXPECT_EQ(ListKeys("page/"), keys);
  EXPECT_EQ(ListKeys("page/000", 7), std::vector<std::string>(keys.begin(), keys.begin() + 100));
  auto rest = store_->List("page/", ListOptions{keys[2494], 1000});
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->objects.size(), 5u);
  EXPECT_TRUE(rest->next_start_after.empty());
  auto all = store_->ListAll("page/");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2500u);
}

TEST_P(StoreConformance, DeletingAMissingKeyIsFine) {
  EXPECT_TRUE(store_->Delete("never/there").ok());
}

TEST_P(StoreConformance, InvalidKeysAreRejectedByEveryOperation) {
  for (std::string key :
       {std::string(""), std::string("/lead"), std::string("trail/"), std::string("a//b"),
        std::string("a/./b"), std::string("a/../b"), std::string(".."), std::string("ctl\x01"),
        std::string(1025, 'x'), std::string("nul\0byte", 8)}) {
    SCOPED_TRACE(key);
    EXPECT_TRUE(store_->Get(key).status().Is(StatusCode::kInvalidArgument));
    EXPECT_TRUE(store_->Head(key).status().Is(StatusCode::kInvalidArgument));
    EXPECT_TRUE(
        store_->Put(key, "x", PutOptions::Overwrite()).status().Is(StatusCode::kInvalidArgument));
    EXPECT_TRUE(store_->Delete(key).Is(StatusCode::kInvalidArgument));
  }
  EXPECT_TRUE(store_->List("", ListOptions{"", 0}).status().Is(StatusCode::kInvalidArgument));
  EXPECT_TRUE(store_->List("", ListOptions{"", 1001}).status().Is(StatusCode::kInvalidArgument));
}

TEST_P(StoreConformance, Moves64MiBObjectsIntact) {
  constexpr size_t kSize = 64u << 20;
  std::string data(kSize, '\0');
  for (size_t i = 0; i < kSize; i += 4096) data[i] = static_cast<char>((i >> 12) & 0xff);
  data[kSize - 1] = static_cast<char>(0xab);
  ASSERT_TRUE(store_->Put("large/64m", data, PutOptions::Overwrite()).ok());
  auto back = store_->Get("large/64m");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->meta.size, kSize);
  EXPECT_TRUE(back->data == data);
  auto tail = store_->GetRange("large/64m", ByteRange{kSize - 4096, 8192});
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(tail->data, data.substr(kSize - 4096));
}

TEST_P(StoreConformance, AFailedPutLeavesNoPartialObject) {
  // The store fails while the put is in progress: nothing must be visible.
  auto faulty = std::make_shared<FaultStore>(store_);
  faulty->FailNext(FaultStore::Op::kPut, FaultStore::When::kBefore);
  EXPECT_TRUE(faulty->Put("partial/k", std::string(1 << 20, 'x'), PutOptions::Overwrite())
                  .status()
                  .Is(StatusCode::kIoError));
  EXPECT_TRUE(store_->Get("partial/k").status().Is(StatusCode::kNotFound));
  EXPECT_TRUE(ListKeys("partial/").empty());
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(AllBackends, StoreConformance,
                         ::testing::Values(Backend{"MemoryStore",
                                                   [](const std::string&) {
                                                     return std::make_shared<MemoryStore>();
                                                   }},
                                           Backend{"LocalFileStore",
                                                   [](const std::string& dir) {
                                                     return std::make_shared<LocalFileStore>(dir);
                                                   }}),
                         BackendName);

}  // namespace
}  // namespace namidb
