#pragma once
// Owns: writing SVG documents: elements, numbers and text escaped so that any bytes make well-formed XML.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wordvec {

// `text` as XML character data or an attribute value: & < > " ' escaped,
// control bytes shown as "\xHH" (as on the terminal: XML 1.0 cannot carry
// them), and bytes that are not UTF-8 replaced by U+FFFD.
std::string xml_escape(std::string_view text);

// A coordinate or length, to 0.1 px ("12.5", "-3", never "-0" or "1e+06").
std::string svg_number(double x);

// An attribute: its name and its value (escaped when written).
using SvgAttribute = std::pair<std::string, std::string>;
using SvgAttributes = std::vector<SvgAttribute>;

// An SVG document of width x height px built element by element. Every
// document has a white background (so it reads the same on a dark page),
// a <title>, and text in the generic sans-serif family, which every
// renderer has.
class Svg {
 public:
  Svg(double width, double height, std::string_view title);

  // <name attributes/>
  void element(std::string_view name, const SvgAttributes& attributes);
  // <text x y attributes>content</text>
  void text(double x, double y, std::string_view content, const SvgAttributes& attributes = {});
  // <g attributes> ... </g>
  void open_group(const SvgAttributes& attributes);
  void close_group();
  // The document, closed (and any open groups with it).
  std::string finish();

  double width() const { return width_; }
  double height() const { return height_; }

 private:
  void open_tag(std::string_view name, const SvgAttributes& attributes);

  double width_, height_;
  std::string out_;
  int open_groups_ = 0;
};

// The width of `text` in px at font size `size` in a sans-serif font,
// estimated from its characters (no font is at hand): wide for East Asian
// characters, narrow for i, l, punctuation. Errs on the wide side, so boxes
// laid out with it do not overlap on screen.
double text_width(std::string_view text, double size);

}  // namespace wordvec
