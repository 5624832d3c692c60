#include "flags.h"

#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "base/text.h"

namespace wordvec {

namespace {

CLI::Validator whole_number_check(std::uint64_t min, std::uint64_t max, const std::string& expected) {
  return CLI::Validator(
      [=](std::string& text) {
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        const bool ok = !text.empty() && ec == std::errc() && end == text.data() + text.size() && value >= min && value <= max;
        return ok ? std::string() : fmt::format("must be {}, got '{}'", expected, text);
      },
      expected);
}

}  // namespace

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  return whole_number_check(min, max,
                            fmt::format("a whole number between {} and {}", with_thousands(min), with_thousands(max)));
}

CLI::Validator whole_number() {
  return whole_number_check(0, std::numeric_limits<std::uint64_t>::max(), "a whole number");
}

CLI::Validator finite_number() {
  return CLI::Validator(
      [](std::string& text) {
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        const bool ok = !text.empty() && ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
        return ok ? std::string() : fmt::format("must be a finite number, got '{}'", text);
      },
      "a finite number");
}

}  // namespace wordvec
