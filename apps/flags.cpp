#include "flags.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace wordvec {

std::string with_thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  const std::string expected = fmt::format("a whole number between {} and {}", with_thousands(min), with_thousands(max));
  return CLI::Validator(
      [=](std::string& text) {
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        const bool ok = !text.empty() && ec == std::errc() && end == text.data() + text.size() && value >= min && value <= max;
        return ok ? std::string() : fmt::format("must be {}, got '{}'", expected, text);
      },
      expected);
}

CLI::Validator real_number(double min, double max, bool min_excluded) {
  const std::string expected = min_excluded ? fmt::format("a number greater than {} and at most {}", min, max)
                                            : fmt::format("a number between {} and {}", min, max);
  return CLI::Validator(
      [=](std::string& text) {
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        const bool in_range = min_excluded ? value > min : value >= min;
        const bool ok = !text.empty() && ec == std::errc() && end == text.data() + text.size() && std::isfinite(value) &&
                        in_range && value <= max;
        return ok ? std::string() : fmt::format("must be {}, got '{}'", expected, text);
      },
      expected);
}

}  // namespace wordvec
