// Seeing the space: map, axis, attend and sense, checked against
// independent double-precision computations; their SVG pictures parse as
// XML and render; bad input gives one-line errors and no half-written file.
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/pca.h"
#include "model/model_file.h"
#include "model/word2vec_format.h"
#include "query/embeddings.h"
#include "query/search.h"
#include "query/semantic.h"
#include "query/views.h"
#include "test_support.h"
#include "view/charts.h"
#include "view/label_layout.h"
#include "view/svg.h"

using namespace wordvec;
using namespace wordvec::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// ---- A model with context vectors, and references computed here in double ----

struct TestModel {
  std::vector<std::string> words;
  std::vector<std::vector<float>> input, context;
  std::string path;

  std::vector<double> unit(std::size_t i) const {
    double length = 0;
    for (float x : input[i]) length += double(x) * x;
    std::vector<double> u;
    for (float x : input[i]) u.push_back(x / std::sqrt(length));
    return u;
  }
  std::size_t id(const std::string& w) const {
    return static_cast<std::size_t>(std::find(words.begin(), words.end(), w) - words.begin());
  }
};

// Random vectors (input and context) for `words`, written as a wordvec model.
TestModel make_model(const TempDir& dir, const std::string& name, const std::vector<std::string>& words, std::size_t dim,
                     bool with_context = true, unsigned seed = 7) {
  TestModel m;
  m.words = words;
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 0.5f);
  for (std::size_t i = 0; i < words.size(); ++i) {
    m.input.emplace_back(dim), m.context.emplace_back(dim);
    for (std::size_t d = 0; d < dim; ++d) m.input[i][d] = normal(rng), m.context[i][d] = normal(rng);
  }
  std::vector<float> input_flat, context_flat;
  for (std::size_t i = 0; i < words.size(); ++i) {
    input_flat.insert(input_flat.end(), m.input[i].begin(), m.input[i].end());
    context_flat.insert(context_flat.end(), m.context[i].begin(), m.context[i].end());
  }
  std::vector<std::uint64_t> counts;
  for (std::size_t i = 0; i < words.size(); ++i) counts.push_back(1'000'000 - i);
  ModelContents contents;
  contents.words = &m.words;
  contents.counts = &counts;
  contents.input = MatrixView{input_flat.data(), words.size(), dim, dim};
  if (with_context) contents.context = MatrixView{context_flat.data(), words.size(), dim, dim};
  m.path = dir.file(name);
  write_model(m.path, contents);
  return m;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t d = 0; d < a.size(); ++d) s += a[d] * b[d];
  return s;
}

// The reference softmax of row i over the other positions' known words.
std::vector<double> reference_attention_row(const TestModel& m, const std::vector<std::string>& sentence, std::size_t i,
                                            double temperature) {
  std::vector<double> scores(sentence.size(), NAN);
  const std::size_t qi = m.id(sentence[i]);
  double top = -INFINITY;
  for (std::size_t j = 0; j < sentence.size(); ++j) {
    if (j == i || m.id(sentence[j]) == m.words.size()) continue;
    double s = 0;
    for (std::size_t d = 0; d < m.input[qi].size(); ++d) s += double(m.input[qi][d]) * m.context[m.id(sentence[j])][d];
    scores[j] = s / temperature;
    top = std::max(top, scores[j]);
  }
  double sum = 0;
  for (double s : scores)
    if (!std::isnan(s)) sum += std::exp(s - top);
  for (double& s : scores)
    if (!std::isnan(s)) s = std::exp(s - top) / sum;
  return scores;
}

// PCA by another method: power iteration with deflation on the covariance
// matrix (the library diagonalises the Gram or scatter matrix by Jacobi).
std::vector<std::vector<double>> reference_pca(std::vector<std::vector<double>> x, std::size_t components) {
  const std::size_t n = x.size(), dim = x[0].size();
  std::vector<double> mean(dim, 0.0);
  for (const auto& r : x)
    for (std::size_t d = 0; d < dim; ++d) mean[d] += r[d] / n;
  for (auto& r : x)
    for (std::size_t d = 0; d < dim; ++d) r[d] -= mean[d];
  std::vector<std::vector<double>> cov(dim, std::vector<double>(dim, 0.0));
  for (const auto& r : x)
    for (std::size_t a = 0; a < dim; ++a)
      for (std::size_t b = 0; b < dim; ++b) cov[a][b] += r[a] * r[b];
  std::vector<std::vector<double>> coords(n, std::vector<double>(components));
  for (std::size_t k = 0; k < components; ++k) {
    std::vector<double> v(dim);
    for (std::size_t d = 0; d < dim; ++d) v[d] = 1.0 + 0.1 * d;
    double lambda = 0;
    for (int it = 0; it < 5000; ++it) {
      std::vector<double> w(dim, 0.0);
      for (std::size_t a = 0; a < dim; ++a)
        for (std::size_t b = 0; b < dim; ++b) w[a] += cov[a][b] * v[b];
      lambda = std::sqrt(dot(w, w));
      for (std::size_t d = 0; d < dim; ++d) v[d] = w[d] / lambda;
    }
    for (std::size_t i = 0; i < n; ++i) coords[i][k] = dot(x[i], v);
    for (std::size_t a = 0; a < dim; ++a)
      for (std::size_t b = 0; b < dim; ++b) cov[a][b] -= lambda * v[a] * v[b];
  }
  return coords;
}

// Equal up to the sign of each column.
void check_same_up_to_sign(const std::vector<std::vector<double>>& got, const std::vector<std::vector<double>>& want,
                           double tolerance) {
  REQUIRE(got.size() == want.size());
  for (std::size_t k = 0; k < want[0].size(); ++k) {
    const double sign = got[0][k] * want[0][k] < 0 ? -1 : 1;
    for (std::size_t i = 0; i < want.size(); ++i) CHECK(sign * got[i][k] == Approx(want[i][k]).margin(tolerance));
  }
}

// ---- A small XML parser: well-formedness, and the tree for comparisons ----

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;  // character data directly inside
  std::vector<XmlElement> children;
  std::string attribute(const std::string& key) const {
    const auto it = attributes.find(key);
    return it == attributes.end() ? "" : it->second;
  }
};

class XmlParser {
 public:
  explicit XmlParser(const std::string& s) : s_(s) {}
  XmlElement document() {
    check_utf8();
    skip_misc();
    XmlElement root = element();
    skip_misc();
    if (i_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("XML error at byte " + std::to_string(i_) + ": " + what);
  }
  void check_utf8() {
    for (std::size_t i = 0; i < s_.size();) {
      const auto c = static_cast<unsigned char>(s_[i]);
      std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      if (n == 0 || i + n > s_.size()) fail("invalid UTF-8");
      for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s_[i + k]) & 0xC0) != 0x80) fail("invalid UTF-8");
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') fail("a control character");
      i += n;
    }
  }
  bool starts(const char* p) const { return s_.compare(i_, std::strlen(p), p) == 0; }
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  void skip_misc() {
    for (;;) {
      skip_space();
      if (starts("<?")) {
        const std::size_t end = s_.find("?>", i_);
        if (end == std::string::npos) fail("unclosed <?");
        i_ = end + 2;
      } else if (starts("<!--")) {
        const std::size_t end = s_.find("-->", i_);
        if (end == std::string::npos) fail("unclosed comment");
        i_ = end + 3;
      } else {
        return;
      }
    }
  }
  std::string name() {
    const std::size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' || s_[i_] == ':' ||
                              s_[i_] == '_' || s_[i_] == '.'))
      ++i_;
    if (i_ == start) fail("a name expected");
    return s_.substr(start, i_ - start);
  }
  // Character data up to `stop`, entities decoded; '<' and a bare '&' are errors.
  std::string chars(char stop) {
    std::string out;
    while (i_ < s_.size() && s_[i_] != stop) {
      if (s_[i_] == '<') fail("'<' in character data");
      if (s_[i_] == '&') {
        const std::size_t semi = s_.find(';', i_);
        if (semi == std::string::npos) fail("unterminated entity");
        const std::string entity = s_.substr(i_ + 1, semi - i_ - 1);
        static const std::map<std::string, std::string> named = {
            {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
        if (named.count(entity)) out += named.at(entity);
        else if (entity.size() > 1 && entity[0] == '#') out += "?";
        else fail("unknown entity &" + entity + ";");
        i_ = semi + 1;
      } else {
        out += s_[i_++];
      }
    }
    return out;
  }
  XmlElement element() {
    if (!starts("<")) fail("'<' expected");
    ++i_;
    XmlElement e;
    e.name = name();
    for (;;) {
      skip_space();
      if (starts("/>")) {
        i_ += 2;
        return e;
      }
      if (starts(">")) {
        ++i_;
        break;
      }
      const std::string key = name();
      skip_space();
      if (!starts("=")) fail("'=' expected");
      ++i_;
      skip_space();
      const char quote = s_[i_];
      if (quote != '"' && quote != '\'') fail("a quoted value expected");
      ++i_;
      const std::string value = chars(quote);
      if (i_ >= s_.size()) fail("unclosed attribute");
      ++i_;
      if (!e.attributes.emplace(key, value).second) fail("attribute '" + key + "' repeated");
    }
    for (;;) {
      e.text += chars('<');
      if (i_ >= s_.size()) fail("unclosed element <" + e.name + ">");
      if (starts("</")) {
        i_ += 2;
        if (name() != e.name) fail("mismatched end tag for <" + e.name + ">");
        skip_space();
        if (!starts(">")) fail("'>' expected");
        ++i_;
        return e;
      }
      if (starts("<!--")) {
        skip_misc();
        continue;
      }
      e.children.push_back(element());
    }
  }

  const std::string& s_;
  std::size_t i_ = 0;
};

XmlElement parse_svg(const std::string& text) {
  XmlElement root = XmlParser(text).document();
  REQUIRE(root.name == "svg");
  REQUIRE(root.attribute("xmlns") == "http://www.w3.org/2000/svg");
  return root;
}

// A bash command line (for quoted arguments, $'\xff' among them), its outputs apart.
RunResult shell(const std::string& command, const std::string& program = "wv-query") {
  RunResult r = run_program("/bin/bash", {"-c", command});
  r.program = program;
  return r;
}

// wv-query with arguments as a shell splits them ('quoted words' stay one).
RunResult query(const std::string& args) { return shell(bin("wv-query") + " " + args); }

// Renders the SVG file with rsvg-convert when it is installed, and fails if
// that errors; without it the test goes on, and is reported as skipped
// ("SKIPPED: rsvg-convert is not installed") unless a check failed.
void check_renders(const std::string& svg_path) {
  if (shell("command -v rsvg-convert", "sh").status != 0) {
    mark_skipped("rsvg-convert is not installed");
    return;
  }
  const TempDir out;  // never beside the SVG: docs/ is in the source tree
  const std::string png = out.file("picture.png");
  const RunResult r = shell("rsvg-convert -o '" + png + "' '" + svg_path + "'", "rsvg-convert");
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(fs::exists(png));
  CHECK(fs::file_size(png) > 1000);
}

void check_svg_file(const std::string& path) {
  INFO(path);
  REQUIRE(fs::exists(path));
  const std::string text = slurp(path);
  REQUIRE_NOTHROW(parse_svg(text));
  check_renders(path);
}

// What the picture is, not where things fell: each element's name and
// class, and the words it shows; ticks (which depend on
// the range), leader lines (drawn when a label had to move) and the caption
// (which names the model) left out, and numbers in cells ignored.
void structure(const XmlElement& e, std::vector<std::string>& out) {
  const std::string cls = e.attribute("class");
  if (cls == "tick" || cls == "leader" || cls == "caption") return;
  std::string line = e.name + "." + cls;
  static const std::vector<std::string> worded = {"title", "label", "legend-label", "axis-title", "axis-end", "row-label",
                                                  "column-label"};
  if (std::find(worded.begin(), worded.end(), cls) != worded.end() || e.name == "title") line += " '" + e.text + "'";
  out.push_back(line);
  for (const XmlElement& c : e.children) structure(c, out);
}

// Sorted: where the data puts a word (its rank along an axis) may change
// the order of the elements, not what they are.
std::vector<std::string> structure_of(const std::string& svg) {
  std::vector<std::string> out;
  structure(parse_svg(svg), out);
  std::sort(out.begin(), out.end());
  return out;
}

// Label boxes of a scatter SVG (from the text elements), as the layout estimated them.
std::vector<Box> label_boxes(const XmlElement& svg) {
  std::vector<Box> boxes;
  std::function<void(const XmlElement&)> walk = [&](const XmlElement& e) {
    if (e.name == "text" && e.attribute("class") == "label") {
      const double size = std::stod(e.attribute("font-size")), x = std::stod(e.attribute("x")),
                   y = std::stod(e.attribute("y")), w = text_width(e.text, size);
      boxes.push_back({x - w / 2, y - size, x + w / 2, y + size * 0.25});
    }
    for (const XmlElement& c : e.children) walk(c);
  };
  walk(svg);
  return boxes;
}

// An error as wv-query reports one: exit 1 with one line "wv-query: error:
// ..." on stderr, or exit 2 with "wv-query: usage error: ..." and the line
// pointing at --help; nothing on stdout (unless --json, where the error is
// also a record).
void expect_error(const RunResult& r, const std::string& needle, int status = 1, bool json_record = false) {
  INFO("stdout:\n" << r.out << "stderr:\n" << r.err);
  CHECK(r.status == status);
  CHECK(r.out.empty() != json_record);
  const auto lines = lines_of(r.err);
  REQUIRE(!lines.empty());
  CHECK(lines[0].rfind(status == 1 ? "wv-query: error: " : "wv-query: usage error: ", 0) == 0);
  CHECK(lines.size() == (status == 1 ? 1u : 2u));  // usage errors add "Run wv-query --help for usage."
  CHECK_THAT(lines[0], Catch::Contains(needle));
}

const std::vector<std::string> kAnimals = {"the",  "cat",   "dog",   "sat",   "on",    "mat",   "because", "it",
                                           "was",  "tired", "small", "large", "mouse", "whale", "shark",   "car"};

}  // namespace

// ---- Numbers ----

TEST_CASE("symmetric_eigen diagonalises; principal_coordinates match power iteration up to sign", "[view][pca]") {
  std::mt19937 rng(3);
  std::normal_distribution<double> normal;
  for (const auto& [rows, dim] : std::vector<std::pair<std::size_t, std::size_t>>{{12, 20}, {40, 5}, {7, 7}}) {
    INFO(rows << " x " << dim);
    std::vector<std::vector<double>> x(rows, std::vector<double>(dim));
    for (auto& r : x)
      for (std::size_t d = 0; d < dim; ++d) r[d] = normal(rng) * (1.0 + d % 3);  // distinct spreads
    const PrincipalCoordinates pca = principal_coordinates(x, 2);
    check_same_up_to_sign(pca.coordinates, reference_pca(x, 2), 1e-7);
    CHECK(pca.explained[0] >= pca.explained[1]);
    CHECK(pca.explained[0] + pca.explained[1] <= 1.0 + 1e-12);
    // The sign convention: each axis's largest coordinate is positive.
    for (std::size_t k = 0; k < 2; ++k) {
      double largest = 0;
      for (const auto& c : pca.coordinates)
        if (std::abs(c[k]) > std::abs(largest)) largest = c[k];
      CHECK(largest > 0);
    }
  }
  // A x = lambda x for a symmetric matrix.
  const std::vector<double> a = {4, 1, 2, 1, 3, 0, 2, 0, 5};
  const SymmetricEigen eigen = symmetric_eigen(a, 3);
  for (std::size_t k = 0; k < 3; ++k)
    for (std::size_t i = 0; i < 3; ++i) {
      double ax = 0;
      for (std::size_t j = 0; j < 3; ++j) ax += a[i * 3 + j] * eigen.vectors[k][j];
      CHECK(ax == Approx(eigen.values[k] * eigen.vectors[k][i]).margin(1e-12));
    }
  CHECK(eigen.values[0] >= eigen.values[1]);
  CHECK(eigen.values[1] >= eigen.values[2]);
  // Two points: one component; the second is zero.
  const PrincipalCoordinates two = principal_coordinates({{1, 0, 0}, {0, 1, 0}}, 2);
  CHECK(two.explained[0] == Approx(1.0));
  CHECK(two.coordinates[0][1] == 0);
  CHECK(std::abs(two.coordinates[0][0]) == Approx(std::sqrt(0.5)));
}

TEST_CASE("map's PCA coordinates and axis scores equal a double-precision reference", "[view]") {
  TempDir dir;
  const TestModel m = make_model(dir, "m.wv", kAnimals, 24);
  const Embeddings e = Embeddings::load(m.path);
  const std::vector<std::string> words = {"cat", "dog", "mouse", "whale", "shark", "car", "mat"};
  std::vector<WordId> ids;
  std::vector<std::vector<double>> units;
  for (const auto& w : words) ids.push_back(e.find(w)), units.push_back(m.unit(m.id(w)));
  check_same_up_to_sign(word_pca(e, ids).coordinates, reference_pca(units, 2), 1e-5);

  // Through the command: the JSON carries the same numbers.
  ViewOptions options;
  options.model_path = m.path;
  ViewAnswer answer = map_view(e, options, {"cat dog mouse", "whale", "shark", "car", "mat"});
  std::vector<std::vector<double>> from_json;
  for (const auto& p : answer.json["points"]) from_json.push_back({p["x"].get<double>(), p["y"].get<double>()});
  check_same_up_to_sign(from_json, reference_pca(units, 2), 1e-5);

  // Axes: mean of the positive poles' unit vectors minus the negative ones'.
  const auto reference_axis = [&](const std::vector<std::string>& neg, const std::vector<std::string>& pos) {
    std::vector<double> axis(24, 0.0);
    for (const auto& w : neg)
      for (std::size_t d = 0; d < 24; ++d) axis[d] -= m.unit(m.id(w))[d] / neg.size();
    for (const auto& w : pos)
      for (std::size_t d = 0; d < 24; ++d) axis[d] += m.unit(m.id(w))[d] / pos.size();
    return axis;
  };
  const auto cosine = [](const std::vector<double>& a, const std::vector<double>& b) {
    return dot(a, b) / std::sqrt(dot(a, a) * dot(b, b));
  };
  const std::vector<double> size_axis = reference_axis({"small", "mouse"}, {"large", "whale", "shark"});
  const SemanticAxis axis = semantic_axis(e, parse_axis_poles("small mouse : large whale shark"));
  for (const auto& w : words) CHECK(axis_score(e, axis, e.find(w)) == Approx(cosine(m.unit(m.id(w)), size_axis)).margin(1e-6));

  options.x_axis = "small mouse : large whale shark";
  options.y_axis = "car : cat";
  answer = map_view(e, options, {"cat", "dog", "tired"});
  const std::vector<double> y_axis = reference_axis({"car"}, {"cat"});
  REQUIRE(answer.json["points"].size() == 3);
  for (const auto& p : answer.json["points"]) {
    const auto u = m.unit(m.id(p["word"]));
    CHECK(p["x"].get<double>() == Approx(cosine(u, size_axis)).margin(1e-6));
    CHECK(p["y"].get<double>() == Approx(cosine(u, y_axis)).margin(1e-6));
  }

  // axis: the words ranked by that cosine; without words the extremes,
  // which agree with a brute-force ranking of the vocabulary.
  ViewOptions axis_options;
  axis_options.model_path = m.path;
  answer = axis_view(e, axis_options, {"small mouse : large whale shark", "cat dog car mat"});
  double previous = INFINITY;
  for (const auto& entry : answer.json["words"]) {
    const double want = cosine(m.unit(m.id(entry["word"])), size_axis);
    CHECK(entry["score"].get<double>() == Approx(want).margin(1e-6));
    CHECK(entry["score"].get<double>() <= previous);
    previous = entry["score"].get<double>();
  }
  axis_options.k = 3;
  answer = axis_view(e, axis_options, {"small", ":", "large"});
  std::vector<std::pair<double, std::string>> all;
  for (const auto& w : m.words)
    if (w != "small" && w != "large") all.push_back({cosine(m.unit(m.id(w)), reference_axis({"small"}, {"large"})), w});
  std::sort(all.rbegin(), all.rend());
  for (std::size_t r = 0; r < 3; ++r) {
    CHECK(answer.json["positive_end"][r]["word"] == all[r].second);
    CHECK(answer.json["negative_end"][r]["word"] == all[all.size() - 1 - r].second);
    CHECK(answer.json["negative_end"][r]["score"].get<double>() == Approx(all[all.size() - 1 - r].first).margin(1e-6));
  }
}

TEST_CASE("attention rows sum to 1 and equal a reference softmax; sense equals its formula", "[view]") {
  TempDir dir;
  const TestModel m = make_model(dir, "m.wv", kAnimals, 16);
  const Embeddings e = Embeddings::load(m.path);
  const std::vector<std::string> sentence = {"the", "cat", "sat", "on", "the", "mat", "because", "it", "was", "tired",
                                             "zebra"};
  for (const double t : {1.0, 0.5, 3.0}) {
    INFO("T = " << t);
    const Attention a = attention(e, sentence, t);
    REQUIRE(a.weights.size() == sentence.size());
    for (std::size_t i = 0; i + 1 < sentence.size(); ++i) {
      const std::vector<double> want = reference_attention_row(m, sentence, i, t);
      double sum = 0;
      for (std::size_t j = 0; j < sentence.size(); ++j) {
        CHECK(std::isnan(a.weights[i][j]) == std::isnan(want[j]));
        if (!std::isnan(want[j])) {
          CHECK(a.weights[i][j] == Approx(want[j]).margin(1e-12));
          sum += a.weights[i][j];
        }
      }
      CHECK(sum == Approx(1.0).margin(1e-12));
      CHECK(std::isnan(a.weights[i][i]));
      CHECK(std::isnan(a.weights[i].back()));  // "zebra" is not in the vocabulary
    }
    for (double w : a.weights.back()) CHECK(std::isnan(w));  // nor has a row
  }

  // sense: v' = u_i + sum_j a_ij u_j, its neighbours by cosine, leaving out the sentence's words.
  const std::vector<std::string> in = {"the", "cat", "sat", "on", "the", "mat"};
  const Sense s = sense(e, e.find("cat"), in, 1.0);
  const std::vector<double> weights = reference_attention_row(m, in, 1, 1.0);
  std::vector<double> want = m.unit(m.id("cat"));
  for (std::size_t j = 0; j < in.size(); ++j)
    if (!std::isnan(weights[j]))
      for (std::size_t d = 0; d < want.size(); ++d) want[d] += weights[j] * m.unit(m.id(in[j]))[d];
  for (std::size_t d = 0; d < want.size(); ++d) CHECK(s.vector[d] == Approx(want[d]).margin(1e-6));

  ViewOptions options;
  options.model_path = m.path;
  options.k = 4;
  options.sentences = {"the cat sat on the mat"};
  const ViewAnswer answer = sense_view(e, options, {"cat"});
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& w : m.words)
    if (std::find(in.begin(), in.end(), w) == in.end()) {
      const auto u = m.unit(m.id(w));
      ranked.push_back({dot(u, want) / std::sqrt(dot(want, want)), w});
    }
  std::sort(ranked.rbegin(), ranked.rend());
  const json& got = answer.json["senses"][0]["neighbours"];
  REQUIRE(got.size() == 4);
  for (std::size_t r = 0; r < 4; ++r) {
    CHECK(got[r]["word"] == ranked[r].second);
    CHECK(got[r]["score"].get<double>() == Approx(ranked[r].first).margin(1e-5));
  }
  // The attention it reports is that row, over the known words other than "cat".
  const json& att = answer.json["senses"][0]["attention"];
  REQUIRE(att.size() == 5);
  CHECK(att[0]["word"] == "the");
  CHECK(att[0]["weight"].get<double>() == Approx(weights[0]).margin(1e-6));

  // A word that is not in the sentence attends over all of it.
  const Sense outside = sense(e, e.find("dog"), in, 1.0);
  for (std::size_t j = 0; j < in.size(); ++j) CHECK_FALSE(std::isnan(outside.weights[j]));
}

TEST_CASE("search_vectors ranks by cosine like a brute-force scan", "[view][search]") {
  TempDir dir;
  std::vector<std::string> words;
  for (int i = 0; i < 700; ++i) words.push_back("w" + std::to_string(i));
  const TestModel m = make_model(dir, "m.wv", words, 20);
  const Embeddings e = Embeddings::load(m.path);
  std::vector<float> v(20);
  for (std::size_t d = 0; d < 20; ++d) v[d] = std::sin(double(d));
  SearchOptions options;
  options.k = 5;
  const auto found = search_vectors(e, {{v, {}}, {v, {WordId(0), WordId(1), WordId(2)}}}, options);
  std::vector<std::pair<double, std::size_t>> ranked;
  const std::vector<double> vd(v.begin(), v.end());
  for (std::size_t i = 0; i < words.size(); ++i) ranked.push_back({dot(m.unit(i), vd) / std::sqrt(dot(vd, vd)), i});
  std::sort(ranked.rbegin(), ranked.rend());
  for (std::size_t r = 0; r < 5; ++r) {
    CHECK(found[0][r].id == ranked[r].second);
    CHECK(found[0][r].score == Approx(ranked[r].first).margin(1e-5));
  }
  for (const Neighbour& n : found[1]) CHECK(n.id > 2);
  options.restrict_to = 50;
  const auto restricted = search_vectors(e, {{v, {}}}, options);
  REQUIRE(restricted[0].size() == 5);
  for (const Neighbour& n : restricted[0]) CHECK(n.id < 50);
}

// ---- Pictures ----

TEST_CASE("xml_escape makes any bytes well-formed XML text", "[view][svg]") {
  const std::string hostile = std::string("a<b>&\"'c") + '\x01' + "\x7f" + "\xff\xfe" + "\xc3\xa9" + "\xed\xa0\x80" + "z";
  const std::string escaped = xml_escape(hostile);
  CHECK(escaped.find('<') == std::string::npos);
  CHECK(escaped.find('\x01') == std::string::npos);
  CHECK_THAT(escaped, Catch::Contains("&lt;b&gt;&amp;&quot;&apos;c\\x01\\x7f"));
  CHECK_THAT(escaped, Catch::Contains("\xc3\xa9"));  // valid UTF-8 is kept
  Svg svg(100, 50, hostile);
  svg.text(1, 2, hostile, {{"class", hostile}});
  const XmlElement root = parse_svg(svg.finish());
  CHECK(root.children[0].name == "title");
  CHECK(svg_number(-0.04) == "0");
  CHECK(svg_number(12.0) == "12");
  CHECK(svg_number(3.14159) == "3.1");
}

TEST_CASE("labels of a crowded map do not overlap each other, and stay inside", "[view][svg]") {
  // Scattered points, and two dense clusters of 25 (as a PCA of two topics gives).
  for (const bool clustered : {false, true}) {
    INFO((clustered ? "clustered" : "scattered"));
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> uniform(0, 1);
    std::vector<LabelSpot> spots;
    for (int i = 0; i < 50; ++i) {
      const std::string label = "word" + std::string(static_cast<std::size_t>(i % 9), 'x');
      const double x = clustered ? (i < 25 ? 150 : 600) + 80 * uniform(rng) : 100 + 600 * uniform(rng);
      const double y = clustered ? 250 + 130 * uniform(rng) : 80 + 450 * uniform(rng);
      spots.push_back({x, y, text_width(label, 14), 14 * 1.25});
    }
    const Box bounds{80, 60, 780, 560};
    const std::vector<Box> boxes = place_labels(spots, 5.5, bounds);
    std::size_t overlaps = 0, covered = 0;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      CHECK(boxes[i].x0 >= bounds.x0 - 1e-9);
      CHECK(boxes[i].x1 <= bounds.x1 + 1e-9);
      CHECK(boxes[i].y0 >= bounds.y0 - 1e-9);
      CHECK(boxes[i].y1 <= bounds.y1 + 1e-9);
      for (std::size_t j = i + 1; j < boxes.size(); ++j) overlaps += boxes[i].overlaps(boxes[j]);
      for (const LabelSpot& s : spots) covered += boxes[i].overlaps({s.x - 5.5, s.y - 5.5, s.x + 5.5, s.y + 5.5});
    }
    CHECK(overlaps == 0);
    if (!clustered) CHECK(covered == 0);  // in a dense cluster a label may have to lie over a point
  }
}

TEST_CASE("every picture is well-formed SVG that renders, with words of any bytes", "[view][svg][cli]") {
  TempDir dir;
  std::vector<std::string> words = kAnimals;
  words.push_back("<b>&amp;\"quoted\"");
  words.push_back(std::string("ctl\x01") + "\xff" + "bad");
  words.push_back("\xe7\x8c\xab");  // 猫
  const TestModel m = make_model(dir, "m.wv", words, 16);
  const std::string hostile = "'<b>&amp;\"quoted\"'";  // shell-quoted
  struct Case {
    std::string name, args;
  };
  const std::vector<Case> cases = {
      {"map-pca", "map cat dog mouse whale shark car " + hostile + " $'ctl\\x01\\xffbad' $'\\xe7\\x8c\\xab' --group 'pets: cat dog'"},
      {"map-axes", "map cat dog mouse whale shark car --x 'small : large' --y 'car : cat' --group 'animals: cat dog mouse "
                   "whale shark' --group 'machines: car'"},
      {"axis-words", "axis 'small : large' cat dog mouse whale shark car " + hostile},
      {"axis-extremes", "axis small : large -k 5"},
      {"attend", "attend 'the cat sat on the mat because it was tired' " + hostile + " zebra"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const std::string svg = dir.file(c.name + ".svg");
    const RunResult r = query(m.path + " " + c.args + " -o " + svg);
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    check_svg_file(svg);
    // No label overlaps another in the maps (boxes as estimated).
    if (c.name.rfind("map", 0) == 0) {
      const std::vector<Box> boxes = label_boxes(parse_svg(slurp(svg)));
      CHECK(boxes.size() >= 6);
      for (std::size_t i = 0; i < boxes.size(); ++i)
        for (std::size_t j = i + 1; j < boxes.size(); ++j) CHECK_FALSE(boxes[i].overlaps(boxes[j]));
    }
  }
  // Pictures of a sentence of 20 words and a map of 50 words stay within the page.
  std::vector<std::string> many;
  for (int i = 0; i < 50; ++i) many.push_back("word" + std::to_string(i));
  const TestModel big = make_model(dir, "big.wv", many, 8);
  std::string list, sentence;
  for (int i = 0; i < 50; ++i) list += " " + many[i];
  for (int i = 0; i < 20; ++i) sentence += " " + many[i];
  REQUIRE(query(big.path + " map" + list + " -o " + dir.file("many.svg")).status == 0);
  REQUIRE(query(big.path + " attend '" + sentence + "' -o " + dir.file("long.svg")).status == 0);
  REQUIRE(query(big.path + " axis 'word0 : word1'" + list + " -o " + dir.file("line.svg")).status == 0);
  for (const char* name : {"many.svg", "long.svg", "line.svg"}) {
    check_svg_file(dir.file(name));
    const XmlElement root = parse_svg(slurp(dir.file(name)));
    CHECK(std::stod(root.attribute("width")) == 800);
  }
  const std::vector<Box> boxes = label_boxes(parse_svg(slurp(dir.file("many.svg"))));
  REQUIRE(boxes.size() == 50);
  std::size_t overlaps = 0;
  for (std::size_t i = 0; i < boxes.size(); ++i)
    for (std::size_t j = i + 1; j < boxes.size(); ++j) overlaps += boxes[i].overlaps(boxes[j]);
  CHECK(overlaps == 0);
}

TEST_CASE("the pictures in docs/ are what scripts/docs_pictures.sh draws (structure, not pixels)", "[view][svg][cli]") {
  // A small model holding every word the script asks about (random vectors).
  const std::string script = source_path("scripts/docs_pictures.sh");
  REQUIRE(fs::exists(script));
  std::vector<std::string> words;
  {
    std::istringstream in(slurp(script));
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("WORDS=", 0) != 0) continue;
      std::istringstream list(line.substr(line.find('"') + 1, line.rfind('"') - line.find('"') - 1));
      for (std::string w; list >> w;) words.push_back(w);
    }
  }
  REQUIRE(words.size() > 20);
  TempDir dir;
  const TestModel m = make_model(dir, "small.wv", words, 16);
  fs::create_directory(dir.file("out"));
  const RunResult r = shell("WV_QUERY=" + bin("wv-query") + " " + script + " " + m.path + " " + dir.file("out"), "sh");
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  std::size_t compared = 0;
  for (const auto& entry : fs::directory_iterator(dir.file("out"))) {
    if (entry.path().extension() != ".svg") continue;
    const std::string name = entry.path().filename().string();
    INFO(name);
    const std::string committed = source_path("docs/" + name);
    REQUIRE(fs::exists(committed));
    check_svg_file(entry.path().string());
    check_svg_file(committed);
    CHECK(structure_of(slurp(entry.path().string())) == structure_of(slurp(committed)));
    ++compared;
  }
  CHECK(compared >= 4);
}

// ---- The command line ----

TEST_CASE("map, axis, attend and sense answer as text, JSON and batch lines", "[view][cli]") {
  TempDir dir;
  const TestModel m = make_model(dir, "m.wv", kAnimals, 16);
  auto r = query(m.path + " map cat dog mouse zebra");
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("word\tx\ty\tgroup\ncat\t", 0) == 0);
  CHECK(lines_of(r.out).size() == 4);
  CHECK(r.err == "wv-query: warning: not in the vocabulary, left out: 'zebra'\n");

  r = query(m.path + " map cat dog --group 'pets: mouse cat' --json");
  REQUIRE(r.status == 0);
  json j = json::parse(r.out);
  CHECK(j["query"] == "map cat dog");
  CHECK(j["coordinates"] == "pca");
  REQUIRE(j["points"].size() == 3);
  CHECK(j["points"][0]["group"] == "pets");
  CHECK_FALSE(j["points"][1].contains("group"));

  r = query(m.path + " axis 'small : large' whale mouse --json");
  REQUIRE(r.status == 0);
  j = json::parse(r.out);
  CHECK(j["query"] == "axis \"small : large\" whale mouse");
  CHECK(j["negative"] == json::array({"small"}));
  CHECK(j["words"].size() == 2);

  r = query(m.path + " attend the cat sat on the mat --json");
  REQUIRE(r.status == 0);
  j = json::parse(r.out);
  CHECK(j["sentence"].size() == 6);
  CHECK(j["weights"][0][0].is_null());
  CHECK(j["strongest"].size() == 6);
  r = query(m.path + " attend 'the cat sat'");
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("*"));
  CHECK(lines_of(r.out).size() == 5);  // heading, column words, 3 rows

  r = query(m.path + " sense cat --in 'the cat sat on the mat' --in 'it was a tired car' -k 3");
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("cat alone"));
  CHECK_THAT(r.out, Catch::Contains("in sentence 2"));
  CHECK_THAT(r.out, Catch::Contains("'cat' attends to"));
  CHECK(r.err == "wv-query: warning: not in the vocabulary, left out: 'a'\n");
  r = query(m.path + " sense cat the cat sat --json -k 2");
  REQUIRE(r.status == 0);
  j = json::parse(r.out);
  CHECK(j["senses"].size() == 1);
  CHECK(j["senses"][0]["sentence"] == "the cat sat");

  // Batch: view lines between queries, in order, with quoted arguments.
  const std::string batch = dir.write("q.txt",
                                      "cat\n"
                                      "map cat dog mouse\n"
                                      "axis \"small : large\" whale mouse\n"
                                      "attend the cat sat\n"
                                      "sense cat the cat sat\n"
                                      "axis small large\n"
                                      "dog\n");
  r = query(m.path + " batch " + batch + " -k 2");
  INFO(r.out << r.err);
  CHECK(r.status == 1);  // the bad axis line
  CHECK(r.err == "wv-query: error: 1 of 7 queries failed\n");
  auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 7);
  CHECK(lines[0].rfind("1\tcat\tok\t", 0) == 0);
  CHECK(lines[1].rfind("2\tmap cat dog mouse\tok\tcat\t", 0) == 0);
  CHECK(lines[2].rfind("3\taxis \"small : large\" whale mouse\tok\t", 0) == 0);
  CHECK(lines[3].rfind("4\tattend the cat sat\tok\t3\tthe\tcat\tsat\tnan\t", 0) == 0);
  CHECK(lines[4].rfind("5\tsense cat the cat sat\tok\t", 0) == 0);
  CHECK(lines[5].rfind("6\taxis small large\terror\taxis needs its poles", 0) == 0);
  CHECK(lines[6].rfind("7\tdog\tok\t", 0) == 0);
  r = query(m.path + " batch " + batch + " --json");
  lines = lines_of(r.out);
  REQUIRE(lines.size() == 7);
  CHECK(json::parse(lines[1])["line"] == 2);
  CHECK(json::parse(lines[1])["points"].size() == 3);
  CHECK(json::parse(lines[5])["error"].get<std::string>().rfind("axis needs its poles", 0) == 0);
}

TEST_CASE("bad input to the view commands: one-line errors, never a half-written picture", "[view][cli][bad_input]") {
  TempDir dir;
  const TestModel m = make_model(dir, "m.wv", kAnimals, 16);
  const TestModel bare = make_model(dir, "bare.wv", kAnimals, 16, /*with_context=*/false);
  const std::string svg = dir.file("out.svg");
  // An existing picture stays as it was when a later command fails.
  dir.write("out.svg", "old");
  struct Case {
    std::string args, needle;
    int status = 1;
  };
  const std::vector<Case> cases = {
      {m.path + " map cat", "map needs at least 2 words in the vocabulary, got 1"},
      {m.path + " map cat zebra", "got 1 ('zebra' not in it)"},
      {m.path + " map zebra gnu", "words 'zebra', 'gnu' are not in the vocabulary"},
      {m.path + " map", "map needs at least 2 words in the vocabulary, got 0"},
      {m.path + " map cat dog --x 'small : large'", "map takes both --x and --y"},
      {m.path + " map cat dog --x 'small : large' --y 'tiny : big'", "words 'tiny', 'big' are not in the vocabulary"},
      {m.path + " map cat dog --group 'no colon'", "a group is 'NAME: WORD...'"},
      {m.path + " axis 'small : gigantic' cat", "word 'gigantic' is not in the vocabulary"},
      {m.path + " axis 'small : small' cat", "the axis 'small : small' is zero"},
      {m.path + " axis 'small large' cat", "axis needs its poles first"},
      {m.path + " axis 'a : b : c'", "one ':'"},
      {m.path + " axis 'small :' cat", "needs pole words on both sides"},
      {m.path + " axis 'small : large' zebra", "word 'zebra' is not in the vocabulary"},
      {m.path + " attend cat", "at least 2 words in the vocabulary, got 1 of 1 words"},
      {m.path + " attend cat zebra gnu", "got 1 of 3 words"},
      {bare.path + " attend the cat sat", "was saved without context vectors (wv-train --no-context), and attend needs them"},
      {bare.path + " sense cat --in 'the cat sat'", "and sense needs them"},
      {m.path + " sense cat", "sense needs a sentence"},
      {m.path + " sense zebra --in 'the cat'", "word 'zebra' is not in the vocabulary"},
      {m.path + " sense cat --in 'cat zebra'", "has no word in the vocabulary besides 'cat'"},
      {m.path + " attend the cat --temperature 0", "--temperature", 2},
      {m.path + " attend the cat --temperature nan", "--temperature", 2},
      {m.path + " map cat dog -o " + dir.file("missing/dir/out.svg"), "cannot write '" + dir.file("missing/dir/out.svg")},
      {m.path + " map cat dog --in 'a sentence'", "--in is not an option of map (it is for sense)", 2},
      {m.path + " map cat dog -o ''", "-o: needs a file name", 2},
      {m.path + " neighbours cat -o " + svg, "-o is not an option of a query (it is for map, axis, attend)", 2},
      {m.path + " sense cat --in 'the cat' -o " + svg, "-o is not an option of sense", 2},
      {m.path + " batch -o " + svg, "-o is not an option of batch", 2},
      {m.path + " map cat dog -o " + m.path, "is the file read by MODEL"},
  };
  for (const Case& c : cases) {
    INFO(c.args);
    // Commands that draw are asked to, into the existing file.
    const bool draws = c.args.find(" -o ") == std::string::npos &&
                       (c.args.find(" map ") != std::string::npos || c.args.find(" axis ") != std::string::npos ||
                        c.args.find(" attend ") != std::string::npos);
    expect_error(query(c.args + (draws ? " -o " + svg : "")), c.needle, c.status);
    CHECK(slurp(svg) == "old");
  }
  CHECK_FALSE(fs::exists(dir.file("missing")));
  // A word2vec file has no context vectors.
  const std::string w2v = dir.file("m.bin");
  {
    std::vector<float> flat;
    for (const auto& v : m.input) flat.insert(flat.end(), v.begin(), v.end());
    export_word2vec(w2v, m.words, MatrixView{flat.data(), m.words.size(), 16, 16}, true);
  }
  expect_error(query(w2v + " attend the cat sat"),
                        "is a word2vec file, which holds no context vectors, and attend needs them: train a model with wv-train");
  // map and axis work on word2vec files.
  CHECK(query(w2v + " map cat dog mouse").status == 0);
  // No temporary file is left behind.
  for (const auto& entry : fs::directory_iterator(dir.file("")))
    CHECK(entry.path().filename().string().find(".tmp.") == std::string::npos);
  // A --json error is a JSON record too.
  const RunResult r = query(m.path + " map zebra gnu --json");
  expect_error(r, "words 'zebra', 'gnu' are not in the vocabulary", 1, true);
  CHECK(json::parse(r.out)["oov"] == json::array({"zebra", "gnu"}));
}

// The times are printed for the README, not asserted: the machine is shared
// and sanitizer builds are slower, so a time limit here could only be flaky.
TEST_CASE("map of 50 words, attend of 20, sense and axis answer on a 68k-word model", "[view][speed]") {
  TempDir dir;
  std::vector<std::string> words;
  for (int i = 0; i < 68'000; ++i) words.push_back("w" + std::to_string(i));
  const TestModel m = make_model(dir, "big.wv", words, 100);
  const Embeddings e = Embeddings::load(m.path, {EmbeddingFormat::Auto, false});
  ViewOptions options;
  options.model_path = m.path;
  options.picture = true;
  std::vector<std::string> map_words, sentence;
  for (int i = 0; i < 50; ++i) map_words.push_back(words[static_cast<std::size_t>(i * 1000)]);
  for (int i = 0; i < 20; ++i) sentence.push_back(words[static_cast<std::size_t>(i * 3000 + 7)]);
  std::string joined;
  for (const auto& w : sentence) joined += w + " ";
  const auto best_ms = [](const std::function<void()>& f) {
    double best = INFINITY;
    for (int run = 0; run < 3; ++run) {
      const auto start = std::chrono::steady_clock::now();
      f();
      best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
  };
  const double map_ms = best_ms([&] { CHECK(!map_view(e, options, map_words).svg.empty()); });
  ViewOptions axes = options;
  axes.x_axis = "w1 w2 : w3 w4";
  axes.y_axis = "w5 : w6";
  const double map_axes_ms = best_ms([&] { CHECK(!map_view(e, axes, map_words).svg.empty()); });
  const double attend_ms = best_ms([&] { CHECK(!attend_view(e, options, {joined}).svg.empty()); });
  ViewOptions two = options;
  two.sentences = {joined, joined};
  const double sense_ms = best_ms([&] { CHECK(!sense_view(e, two, {sentence[3]}).json.empty()); });
  ViewOptions extremes = options;
  const double axis_ms = best_ms([&] { CHECK(!axis_view(e, extremes, {"w1 : w2"}).svg.empty()); });
  std::cout << "view speed (68,000 x 100): map of 50 words " << map_ms << " ms (on axes " << map_axes_ms
            << " ms), attend of 20 words " << attend_ms << " ms, sense in 2 sentences " << sense_ms
            << " ms, axis extremes " << axis_ms << " ms\n";
  CHECK(map_ms < 100);
  CHECK(map_axes_ms < 100);
  CHECK(attend_ms < 100);
}
