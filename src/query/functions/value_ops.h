// Cypher's rules for values: equality and comparison with three-valued
// logic, the total order ORDER BY uses, and arithmetic with overflow checks.
//
// Ternary results are std::optional<bool>: nullopt is Cypher's null
// ("unknown"), as when either side is null or the types are not comparable.
#pragma once

#include <optional>

#include "core/status.h"
#include "core/value.h"

namespace namidb::query {

using Ternary = std::optional<bool>;

// `a = b`: null if either side is (or, inside lists and maps, an element
// pair is) null and nothing else differs; numbers compare across integer
// and float; NaN equals nothing; different kinds are not equal.
Ternary Equals(const Value& a, const Value& b);

// `a < b` and friends: -1, 0, 1 for comparable values (numbers, strings,
// booleans, temporal values, lists element by element), kUnordered for NaN
// against a number (IEEE 754: every one of <, <=, >, >= is false), nullopt
// otherwise (null, or kinds that do not compare: the comparison is null).
constexpr int kUnordered = 2;
std::optional<int> CompareValues(const Value& a, const Value& b);

// The total order of ORDER BY (ascending): maps, nodes, relationships,
// lists, paths, strings, booleans, numbers (NaN after every number), null
// last. Returns <0, 0, >0.
int OrderValues(const Value& a, const Value& b);

// Grouping and DISTINCT: null equals null, NaN equals NaN, 1 and 1.0 are
// equivalent as keys.
bool Equivalent(const Value& a, const Value& b);
size_t HashValue(const Value& v);

// Hash and equality of value tuples under Equivalent (grouping keys, DISTINCT rows).
struct ValuesHash {
  size_t operator()(const std::vector<Value>& values) const;
};
struct ValuesEquivalent {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
};

// Arithmetic. Null in, null out; an integer overflow or a division of an
// integer by zero is an ArithmeticError; other kinds are a TypeError.
Result<Value> Add(const Value& a, const Value& b);
// `a || b` (Neo4j 5): two strings or two lists joined; null if either is
// null; anything else is a TypeError (no number becomes text, no element
// is appended, unlike +).
Result<Value> Concatenate(const Value& a, const Value& b);
Result<Value> Subtract(const Value& a, const Value& b);
Result<Value> Multiply(const Value& a, const Value& b);
Result<Value> Divide(const Value& a, const Value& b);
Result<Value> Modulo(const Value& a, const Value& b);
Result<Value> Power(const Value& a, const Value& b);
Result<Value> Negate(const Value& a);

// Truthiness for WHERE: only true passes; null and false do not. A value of
// another kind is a TypeError.
Result<Ternary> AsPredicate(const Value& v);

// The openCypher name of a value's type, for error messages.
std::string TypeName(const Value& v);

}  // namespace namidb::query
