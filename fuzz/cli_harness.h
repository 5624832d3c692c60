#pragma once
// Owns: running a tool's main routine on an argument vector taken from fuzz input, inside a private directory of fixtures.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"

namespace wordvec::fuzz {

// The input's arguments: every NUL byte ends one (argv entries cannot hold
// NUL, so any argument vector is reachable, newlines and control bytes
// included). An empty input is no argument at all.
inline std::vector<std::string> split_arguments(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args;
  if (size == 0) return args;
  const char* text = reinterpret_cast<const char*>(data);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= size; ++i)
    if (i == size || text[i] == '\0') {
      args.emplace_back(text + start, i - start);
      start = i + 1;
    }
  return args;
}

// True when an argument holds '/': every path a tool reads or writes is
// then a name in the sandbox directory (no absolute path, no "../x", no
// /dev or /proc file), so a run can neither touch the machine's files nor
// block on a device.
inline bool names_other_directories(const std::vector<std::string>& args) {
  for (const std::string& a : args)
    if (a.find('/') != std::string::npos) return true;
  return false;
}

// The values the arguments give long flag `name` ("--name V" or
// "--name=V", the two forms CLI11 accepts), as whole numbers; values that
// are not whole numbers in decimal digits (which the tools reject before
// doing any work) are left out.
inline std::vector<std::uint64_t> whole_number_values(const std::vector<std::string>& args, std::string_view name) {
  std::vector<std::uint64_t> values;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view a = args[i];
    std::string_view value;
    if (a == name && i + 1 < args.size()) value = args[i + 1];
    else if (a.size() > name.size() && a.substr(0, name.size()) == name && a[name.size()] == '=') value = a.substr(name.size() + 1);
    else continue;
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (!value.empty() && ec == std::errc() && end == value.data() + value.size()) values.push_back(v);
  }
  return values;
}

// A private directory (a TempDirectory) holding the files a tool may be
// pointed at. run() calls the tool with that directory as the working
// directory, then deletes whatever the run created and rewrites any fixture
// it changed, so every run starts from the same files and the fuzzer stays
// deterministic.
//
// The working directory is switched for the call only: libFuzzer resolves
// its corpus and artifact paths against the original one (so give it
// absolute paths: a crash's artifact is written while the sandbox is
// current; scripts/fuzz.sh does).
class Sandbox {
 public:
  // Creates the directory, calls write_fixtures in it, and remembers every
  // file it wrote. Also points stdin and stdout at /dev/null, so that batch
  // mode reads an empty input instead of waiting for one, and answers and
  // --help do not flood the log; stderr is kept for sanitizer reports.
  explicit Sandbox(const std::function<void()>& write_fixtures) {
    home_fd_ = ::open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    dir_fd_ = ::open(dir_.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (home_fd_ < 0 || dir_fd_ < 0 || null_fd < 0 || ::dup2(null_fd, STDIN_FILENO) < 0 ||
        ::dup2(null_fd, STDOUT_FILENO) < 0)
      die("sandbox setup");
    ::close(null_fd);
    enter();
    write_fixtures();
    for (const std::string& name : entries()) fixtures_[name] = read(name);
    leave();
  }
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Runs main_routine(argc, argv) with argv = {argv0, args...} in the
  // directory, and returns its exit status.
  int run(int (*main_routine)(int, char**), const char* argv0, const std::vector<std::string>& args) {
    std::vector<std::string> storage{argv0};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : storage) argv.push_back(s.data());
    argv.push_back(nullptr);
    // wv-train installs its own SIGINT/SIGTERM handlers; libFuzzer's are
    // put back so that Ctrl-C still stops the fuzzer with its report.
    struct sigaction old_int {}, old_term {};
    ::sigaction(SIGINT, nullptr, &old_int);
    ::sigaction(SIGTERM, nullptr, &old_term);
    enter();
    const int status = main_routine(static_cast<int>(storage.size()), argv.data());
    std::fflush(stdout);
    restore_fixtures();
    leave();
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGTERM, &old_term, nullptr);
    return status;
  }

 private:
  [[noreturn]] static void die(const char* what) {
    std::perror(what);
    std::abort();
  }
  void enter() const {
    if (::fchdir(dir_fd_) != 0) die("fchdir sandbox");
  }
  void leave() const {
    if (::fchdir(home_fd_) != 0) die("fchdir back");
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    DIR* d = ::opendir(".");
    if (!d) die("opendir sandbox");
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(d);
    return names;
  }
  static std::string read(const std::string& name) {
    std::ifstream in(name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  void restore_fixtures() const {
    for (const std::string& name : entries())
      if (!fixtures_.count(name) && ::unlink(name.c_str()) != 0) die("unlink");
    for (const auto& [name, contents] : fixtures_) {
      if (read(name) == contents) continue;
      std::ofstream out(name, std::ios::binary | std::ios::trunc);
      out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
      if (!out.flush()) die("rewrite fixture");
    }
  }

  TempDirectory dir_;
  int home_fd_ = -1, dir_fd_ = -1;
  std::map<std::string, std::string> fixtures_;
};

}  // namespace wordvec::fuzz
