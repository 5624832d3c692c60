#include "app_main.h"

#include <csignal>
#include <new>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "base/text.h"

namespace wordvec {

int app_main(CLI::App& app, int argc, char** argv, const AppErrors& errors, const std::function<int()>& run) {
  // Past RLIMIT_FSIZE (ulimit -f) the kernel sends SIGXFSZ, whose default
  // action kills the process and leaves the temporary file behind; ignored,
  // write() fails with EFBIG instead, and the error is reported like any other.
  std::signal(SIGXFSZ, SIG_IGN);
  const auto usage_error = [&](const char* message) {
    if (errors.say_usage_error)
      fmt::print(stderr, "{0}: usage error: {1}\nRun {0} --help for usage.\n", errors.name, printable(message));
    else
      fmt::print(stderr, "{}: error: {}\n", errors.name, printable(message));
    return kExitUsage;
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    app.exit(help);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    return usage_error(e.what());
  }
  try {
    return run();
  } catch (const UsageError& e) {
    return usage_error(e.what());
  } catch (const Error& e) {
    fmt::print(stderr, "{}: error: {}\n", errors.name, printable(e.what()));
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "{}: error: out of memory{}\n", errors.name, errors.out_of_memory_advice);
  }
  return kExitError;
}

}  // namespace wordvec
