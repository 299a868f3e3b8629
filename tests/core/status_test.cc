#include "core/status.h"

#include <gtest/gtest.h>

namespace namidb {
namespace {

Result<int> Half(int v) {
  if (v % 2) return Status::InvalidArgument(std::to_string(v) + " is odd");
  return v / 2;
}

Status Quarter(int v, int* out) {
  NAMIDB_ASSIGN_OR_RETURN(int half, Half(v));
  NAMIDB_ASSIGN_OR_RETURN(*out, Half(half));
  return Status::OK();
}

TEST(Status, CarriesCodeAndMessage) {
  Status s = Status::Corruption("wal/1.log: bad checksum");
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.Is(StatusCode::kCorruption));
  EXPECT_EQ(s.ToString(), "Corruption: wal/1.log: bad checksum");
  EXPECT_EQ(s.WithContext("opening").ToString(), "Corruption: opening: wal/1.log: bad checksum");
  EXPECT_EQ(Status::OK().ToString(), "OK");
  EXPECT_TRUE(Status::OK().WithContext("x").ok());
}

TEST(Status, EveryCodeHasAStableName) {
  EXPECT_EQ(StatusCodeName(StatusCode::kNotFound), "NotFound");
  EXPECT_EQ(StatusCodeName(StatusCode::kPreconditionFailed), "PreconditionFailed");
  EXPECT_EQ(StatusCodeName(StatusCode::kIoError), "IoError");
  EXPECT_EQ(StatusCodeName(StatusCode::kInternal), "Internal");
  EXPECT_EQ(StatusCodeName(StatusCode::kManifestMissing), "ManifestMissing");
  // The numbering is shared with js/src/errors.ts (ERROR_CODES) and the bridge.
  EXPECT_EQ(static_cast<int>(StatusCode::kNotFound), 1);
  EXPECT_EQ(static_cast<int>(StatusCode::kInternal), 11);
  EXPECT_EQ(static_cast<int>(StatusCode::kManifestMissing), 12);
  EXPECT_EQ(kLastStatusCode, StatusCode::kManifestMissing);
}

TEST(Status, MacrosPropagateTheFirstError) {
  int out = 0;
  EXPECT_TRUE(Quarter(8, &out).ok());
  EXPECT_EQ(out, 2);
  Status s = Quarter(6, &out);
  EXPECT_TRUE(s.Is(StatusCode::kInvalidArgument));
  EXPECT_EQ(s.message(), "3 is odd");
  auto r = Half(3);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(Half(4).value(), 2);
}

TEST(Status, QueryErrorsCarryTheirClassificationThroughContext) {
  Status s =
      Status::Query({"SyntaxError", "compile time", "UnexpectedSyntax", 2, 7}, "expected ')'");
  EXPECT_TRUE(s.Is(StatusCode::kInvalidArgument));
  ASSERT_NE(s.query_error(), nullptr);
  EXPECT_EQ(s.query_error()->detail, "UnexpectedSyntax");
  Status wrapped = s.WithContext("query");
  ASSERT_NE(wrapped.query_error(), nullptr);
  EXPECT_EQ(*wrapped.query_error(), *s.query_error());
  EXPECT_EQ(Status::InvalidArgument("x").query_error(), nullptr);
}

}  // namespace
}  // namespace namidb
