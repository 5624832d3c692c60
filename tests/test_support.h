#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace wordvec::test {

// A fresh directory under the system temp dir, removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "wordvec-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& contents) const {
    std::ofstream(file(name), std::ios::binary) << contents;
    return file(name);
  }

 private:
  std::filesystem::path path_;
};

// The whole contents of a file, as bytes.
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Runs a shell command, returning its exit status and combined output.
struct CommandResult {
  int status;
  std::string output;
};
CommandResult run_command(const std::string& command);

inline std::string bin(const std::string& app) { return std::string(WORDVEC_BIN_DIR) + "/" + app; }
inline std::string shared_data(const std::string& name) { return std::string(WORDVEC_SHARED_DATA) + "/" + name; }
inline std::string source_path(const std::string& rel) { return std::string(WORDVEC_SOURCE_DIR) + "/" + rel; }

// Shared data lives beside the project; tests that need it skip visibly without it.
#define WORDVEC_REQUIRE_SHARED(name)                                                   \
  do {                                                                                 \
    if (!std::filesystem::exists(::wordvec::test::shared_data(name))) {                \
      WARN("SKIPPED: " << ::wordvec::test::shared_data(name) << " is missing");        \
      return;                                                                          \
    }                                                                                  \
  } while (0)

}  // namespace wordvec::test
