#include "core/float_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

namespace namidb {
namespace {

TEST(FloatText, ShortestDigitsReadBackExactly) {
  for (double d : {0.1, 1.0 / 3, 123456789.125, -2.5e-8, 5e-324, 1.7976931348623157e308}) {
    std::string text = FormatFloat(d);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), d) << text;
  }
  DecimalDigits third = ShortestDigits(0.1 + 0.2);
  EXPECT_EQ(third.digits, "30000000000000004");
  EXPECT_EQ(third.exponent, -1);
  DecimalDigits big = ShortestDigits(-2.5e20);
  EXPECT_EQ(big.digits, "25");
  EXPECT_EQ(big.exponent, 20);
}

TEST(FloatText, PrintsAsJavaDoubleToString) {
  // Plain decimals from 10^-3 up to (not including) 10^7.
  EXPECT_EQ(FormatFloat(0.0), "0.0");
  EXPECT_EQ(FormatFloat(-0.0), "-0.0");
  EXPECT_EQ(FormatFloat(1), "1.0");
  EXPECT_EQ(FormatFloat(100), "100.0");
  EXPECT_EQ(FormatFloat(-2.5), "-2.5");
  EXPECT_EQ(FormatFloat(0.001), "0.001");
  EXPECT_EQ(FormatFloat(0.0123), "0.0123");
  EXPECT_EQ(FormatFloat(1234567.0), "1234567.0");
  EXPECT_EQ(FormatFloat(9999999.5), "9999999.5");
  EXPECT_EQ(FormatFloat(0.1 + 0.2), "0.30000000000000004");
  // A mantissa and an exponent outside it.
  EXPECT_EQ(FormatFloat(1e7), "1.0E7");
  EXPECT_EQ(FormatFloat(12345678.9), "1.23456789E7");
  EXPECT_EQ(FormatFloat(1e20), "1.0E20");
  EXPECT_EQ(FormatFloat(-2.5e20), "-2.5E20");
  EXPECT_EQ(FormatFloat(9.99e-4), "9.99E-4");
  EXPECT_EQ(FormatFloat(1e-7), "1.0E-7");
  EXPECT_EQ(FormatFloat(5e-324), "5.0E-324");
  EXPECT_EQ(FormatFloat(1.7976931348623157e308), "1.7976931348623157E308");
  EXPECT_EQ(FormatFloat(std::nan("")), "NaN");
  EXPECT_EQ(FormatFloat(INFINITY), "Infinity");
  EXPECT_EQ(FormatFloat(-INFINITY), "-Infinity");
}

}  // namespace
}  // namespace namidb
