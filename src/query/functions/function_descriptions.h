// What each built-in function does, in a sentence: the `description` column
// of dbms.functions() / SHOW FUNCTIONS. Kept apart from the registries, which
// say how a function is called, not what it is for.
#pragma once

#include <string_view>
#include <vector>

namespace namidb::query {

// The description of the function with this lower-case name (the
// registries' key); empty for a name it does not know.
std::string_view FunctionDescription(std::string_view lower_name);

// Every name it describes, in the order it keeps them (byte order).
std::vector<std::string_view> DescribedFunctions();

}  // namespace namidb::query
