#pragma once
// Owns: what both apps do around their work: parsing the command line, the exit statuses, and errors as one-line messages.
#include <functional>

#include "base/error.h"

namespace CLI {
class App;
}

namespace wordvec {

// The apps' exit statuses.
constexpr int kExitOk = 0;
constexpr int kExitError = 1;          // an Error, or out of memory
constexpr int kExitUsage = 2;          // a bad flag, or a UsageError
constexpr int kExitInterrupted = 130;  // stopped by a signal (128 + SIGINT, as shells report it)

// A usage error found after the flags are parsed, such as a command without
// the file it needs.
class UsageError : public Error {
 public:
  using Error::Error;
};

// How an app words its errors.
struct AppErrors {
  const char* name;  // every message starts "<name>: "
  // wv-query: "usage error: ..." and a pointer to --help; wv-train: "error: ..."
  // (CLI11's message names the flag).
  bool say_usage_error;
  const char* out_of_memory_advice;  // after "out of memory", e.g. " (try ...)"
};

// Parses the command line into `app`'s options, then returns run()'s exit
// status; prints --help, and turns every error into a message on stderr and
// its exit status.
int app_main(CLI::App& app, int argc, char** argv, const AppErrors& errors, const std::function<int()>& run);

}  // namespace wordvec
