#include "store/store_uri.h"

#include <gtest/gtest.h>

#include "store/memory_store.h"
#include "store/open_store.h"

namespace namidb {
namespace {

TEST(StoreUri, ParsesEveryKnownScheme) {
  auto m = ParseStoreUri("memory://demo");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->scheme, "memory");
  EXPECT_EQ(m->ns, "demo");

  auto abs = ParseStoreUri("file:///var/data?ns=graph-1");
  ASSERT_TRUE(abs.ok());
  EXPECT_EQ(abs->location, "/var/data");
  EXPECT_EQ(abs->ns, "graph-1");

  auto rel = ParseStoreUri("file:./data%20dir?ns=g&cache=64");
  ASSERT_TRUE(rel.ok());
  EXPECT_EQ(rel->location, "./data dir");
  EXPECT_EQ(rel->params.at("cache"), "64");

  EXPECT_EQ(ParseStoreUri("file://localhost/tmp/x?ns=a")->location, "/tmp/x");
  EXPECT_EQ(ParseStoreUri("opfs://app")->ns, "app");
  auto s3 = ParseStoreUri("s3://bucket/some/prefix/?ns=prod");
  ASSERT_TRUE(s3.ok());
  EXPECT_EQ(s3->location, "bucket/some/prefix");
  EXPECT_EQ(s3->ns, "prod");
  EXPECT_EQ(ParseStoreUri("gs://b?ns=x")->location, "b");
  EXPECT_EQ(ParseStoreUri("r2://b/p?ns=x")->scheme, "r2");
}

TEST(StoreUri, RejectsMalformedUris) {
  for (const char* bad :
       {"", "demo", "memory:demo", "memory://", "memory://Demo", "memory://-x", "memory://a_b",
        "memory://../x", "file:///tmp/x", "file:?ns=a", "file://otherhost/x?ns=a", "s3://?ns=a",
        "s3://bucket", "ftp://x?ns=a", "file:///x?ns=a&broken", "file:///x?ns=%zz"}) {
    auto got = ParseStoreUri(bad);
    EXPECT_TRUE(got.status().Is(StatusCode::kInvalidArgument))
        << bad << ": " << got.status().ToString();
  }
  EXPECT_TRUE(ParseStoreUri(std::string("memory://") + std::string(64, 'a'))
                  .status()
                  .Is(StatusCode::kInvalidArgument));
  EXPECT_TRUE(ParseStoreUri(std::string("memory://") + std::string(63, 'a')).ok());
}

TEST(StoreUri, NamesTheProblem) {
  auto got = ParseStoreUri("file:///x");
  EXPECT_NE(got.status().message().find("?ns="), std::string::npos);
  got = ParseStoreUri("ftp://x");
  EXPECT_NE(got.status().message().find("unknown scheme 'ftp'"), std::string::npos);
}

TEST(OpenStore, ServesMemoryAndFileAndRedirectsTheRest) {
  auto a = OpenStore(*ParseStoreUri("memory://shared-ns"));
  auto b = OpenStore(*ParseStoreUri("memory://shared-ns"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->get(), b->get());  // one store per name in the process
  ASSERT_TRUE((*a)->Put("k", "v", PutOptions::Overwrite()).ok());
  EXPECT_EQ((*b)->Get("k")->data, "v");
  EXPECT_NE(OpenStore(*ParseStoreUri("memory://other-ns"))->get(), a->get());
  EXPECT_EQ((*OpenStore(*ParseStoreUri("file:///tmp/namidb-open-test?ns=x")))->Kind(), "file");
  EXPECT_TRUE(OpenStore(*ParseStoreUri("s3://b?ns=x")).status().Is(StatusCode::kUnsupported));
}

}  // namespace
}  // namespace namidb
