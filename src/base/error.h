#pragma once
// Owns: the one exception type for every user-facing failure.
#include <stdexcept>
#include <string>

#include "base/text.h"

namespace wordvec {

// Every user-facing failure (bad input, bad flags, I/O) is an Error; the apps
// print what() on one line and exit nonzero. Anything else is a bug. The
// message is made printable (see printable()) when the error is made: words
// quoted in it may hold any byte, and a NUL would otherwise end what() early.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(printable(message)) {}
};

}  // namespace wordvec
