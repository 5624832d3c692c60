#include "view/svg.h"

#include <cmath>

#include <fmt/format.h>

#include "base/text.h"

namespace wordvec {

std::string xml_escape(std::string_view text) {
  const std::string valid = valid_utf8(printable(text));
  std::string out;
  out.reserve(valid.size());
  for (const char c : valid) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string svg_number(double x) {
  if (!std::isfinite(x)) x = 0;
  std::string s = fmt::format("{:.1f}", x);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

Svg::Svg(double width, double height, std::string_view title) : width_(width), height_(height) {
  out_ = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"sans-serif\">\n"
      "<title>{2}</title>\n"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n",
      svg_number(width), svg_number(height), xml_escape(title));
}

void Svg::open_tag(std::string_view name, const SvgAttributes& attributes) {
  out_ += '<';
  out_ += name;
  for (const auto& [key, value] : attributes) out_ += fmt::format(" {}=\"{}\"", key, xml_escape(value));
}

void Svg::element(std::string_view name, const SvgAttributes& attributes) {
  open_tag(name, attributes);
  out_ += "/>\n";
}

void Svg::text(double x, double y, std::string_view content, const SvgAttributes& attributes) {
  SvgAttributes all = {{"x", svg_number(x)}, {"y", svg_number(y)}};
  all.insert(all.end(), attributes.begin(), attributes.end());
  open_tag("text", all);
  out_ += '>';
  out_ += xml_escape(content);
  out_ += "</text>\n";
}

void Svg::open_group(const SvgAttributes& attributes) {
  open_tag("g", attributes);
  out_ += ">\n";
  ++open_groups_;
}

void Svg::close_group() {
  if (open_groups_ == 0) return;
  out_ += "</g>\n";
  --open_groups_;
}

std::string Svg::finish() {
  while (open_groups_ > 0) close_group();
  return out_ + "</svg>\n";
}

double text_width(std::string_view text, double size) {
  double em = 0;
  for (const char32_t c : code_points(printable(text))) {
    if (c >= 0x1100 && (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
                        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
                        (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x20000 && c <= 0x3FFFD)))
      em += 1.0;
    else if (c == 'i' || c == 'l' || c == 'j' || c == '.' || c == ',' || c == '\'' || c == '!' || c == '|' ||
             c == ':' || c == ';')
      em += 0.32;
    else if (c == 'm' || c == 'w' || c == 'M' || c == 'W')
      em += 1.0;
    else if (c >= 'A' && c <= 'Z')
      em += 0.72;
    else
      em += 0.62;
  }
  return em * size;
}

}  // namespace wordvec
