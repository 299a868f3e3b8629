// The binder: names resolved over a parsed statement, the AST left as the
// parser made it. For each clause of each query part it says which
// variables the clause introduces (with their kind where the syntax makes
// it certain) and which variables of the scope before it the clause reads,
// with Cypher's scoping: a projection (WITH, RETURN) ends the scope before
// it, and comprehensions, quantifiers, reduce(), pattern predicates and
// subqueries bind variables of their own that the clause's reads never
// include. A name in a string, a property key or a map key is no read.
//
// What it does not do yet: types beyond the four kinds, function
// resolution, errors (an unknown name is simply no read of the scope). The
// errors of names it finds so far are check_bound.h's.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "query/parser/ast.h"

namespace namidb::query {

enum class VariableKind {
  kNode,
  kRelationship,   // one relationship
  kRelationships,  // a variable-length relationship: a list of them
  kPath,
  kValue,  // anything else: an UNWIND element, a projected expression, a YIELD
};

// One binding of a name in a query part: WITH a keeps a's binding, WITH b
// AS a makes a new one.
struct BoundVariable {
  std::string name;
  VariableKind kind = VariableKind::kValue;
  int id = -1;       // index in BoundPart::variables
  size_t first = 0;  // the clause that introduces it
  // The last clause that reads it (SIZE_MAX: none), and the first clause
  // after which it is out of scope (SIZE_MAX: never).
  size_t last_read = SIZE_MAX;
  size_t dropped = SIZE_MAX;
};

struct BoundClause {
  const Clause* clause = nullptr;
  std::vector<int> introduced;     // ids of the variables it binds, in order
  std::set<std::string> reads;     // names of the scope before it that it reads
  bool reads_whole_scope = false;  // WITH *, RETURN *: every variable in scope
};

struct BoundPart {
  std::vector<BoundClause> clauses;
  std::vector<BoundVariable> variables;
  // Names in scope after clause `clause` whose binding a later clause of
  // the part reads.
  std::set<std::string> ReadAfter(size_t clause) const;
  // The variables in scope after clause `clause`, by name.
  std::map<std::string, const BoundVariable*> ScopeAfter(size_t clause) const;
  // The names of a clause's introduced variables, in order (tests).
  std::vector<std::string> Introduced(size_t clause) const;
};

struct BoundQuery {
  std::vector<BoundPart> parts;  // one per UNION part
};

// Binds `query`; never fails (see above), never modifies it.
BoundQuery BindQuery(const Query& query);

}  // namespace namidb::query
