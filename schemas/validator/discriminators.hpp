// Finds tagged unions among the compiled anyOf/oneOf instructions (each branch an object requiring
// one property with its own string const), so evaluation can go straight to the branch the tag names.
#pragma once

#include "schemas/validator/program.hpp"

namespace toolgate::schemas {

// Fills Program::discriminators and points the matching instructions (operand c) at them.
void find_discriminators(Program& program);

}  // namespace toolgate::schemas
