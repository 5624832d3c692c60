#pragma once
// Owns: the one exception type for every user-facing failure.
#include <stdexcept>
#include <string>

namespace wordvec {

// Every user-facing failure (bad input, bad flags, I/O) is an Error; the apps
// print what() on one line and exit nonzero. Anything else is a bug.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace wordvec
