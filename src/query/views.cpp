#include "query/views.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "base/error.h"
#include "base/text.h"
#include "query/answer.h"
#include "query/query_expression.h"
#include "query/search.h"
#include "view/charts.h"

namespace wordvec {

namespace {

using json = nlohmann::ordered_json;
using Args = std::vector<std::string>;

// All the words of the arguments (an argument may hold several).
std::vector<std::string> all_words(const Args& args, std::size_t from = 0) {
  std::vector<std::string> words;
  for (std::size_t i = from; i < args.size(); ++i)
    for (std::string& w : words_of(args[i])) words.push_back(std::move(w));
  return words;
}

std::string file_name(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "wiki100m.wv: 71,290 words x 100": what the picture was drawn from.
std::string model_caption(const Embeddings& e, const ViewOptions& options) {
  return fmt::format("{}: {} words \u00d7 {}", file_name(options.model_path), with_thousands(e.size()), e.dim());
}

std::string quoted_words(const std::vector<std::string>& words) {
  std::string s;
  for (std::size_t i = 0; i < words.size(); ++i) s += fmt::format("{}'{}'", i ? ", " : "", words[i]);
  return s;
}

// The warning for words left out, or nothing.
// Marks the words built from subwords: a JSON list, and a last line of text.
void note_subword_words(ViewAnswer& answer, const Embeddings& e, const std::vector<WordId>& ids) {
  const std::vector<std::string> words = subword_words(e, ids);
  if (words.empty()) return;
  answer.json["subword_words"] = words;
  answer.text += subword_note(words);
}

void note_left_out(ViewAnswer& answer, const std::vector<std::string>& unknown) {
  answer.oov = unknown;
  if (!unknown.empty())
    answer.warning = fmt::format("not in the vocabulary, left out: {}", quoted_words(unknown));
}

// The first n characters of s (UTF-8 sequences kept whole).
std::string utf8_prefix(const std::string& s, std::size_t n) {
  std::size_t chars = 0, end = 0;
  for (; end < s.size(); ++end)
    if ((static_cast<unsigned char>(s[end]) & 0xC0) != 0x80 && chars++ == n) break;
  return s.substr(0, end);
}

// A number for TSV and text: 6 decimals are plenty for a picture.
std::string number(double x) { return fmt::format("{:.6f}", x); }

// A number for JSON: the shortest text of its float.
double json_number(double x) { return json_score(static_cast<float>(x)); }

json json_or_null(double x) { return std::isnan(x) ? json(nullptr) : json(json_number(x)); }

// A words' pole list as the pictures show it: "small tiny little".
std::string pole_text(const std::vector<std::string>& words) { return query_text(words); }

void require_no_unknown_or_enough(const std::vector<WordId>& ids, const std::vector<std::string>& unknown,
                                  std::size_t needed, const char* command) {
  if (ids.size() >= needed) return;
  if (ids.empty() && !unknown.empty()) throw OutOfVocabulary(unknown);
  throw Error(fmt::format("{} needs at least {} words in the vocabulary, got {}{}", command, needed, ids.size(),
                          unknown.empty() ? "" : fmt::format(" ({} not in it)", quoted_words(unknown))));
}

}  // namespace

// ---- map ----

namespace {

// The map's coordinates, and what they mean (for JSON and the picture).
struct MapCoordinates {
  std::vector<double> x, y;
  json x_json, y_json;
  ScatterChart chart;  // title, axes and caption
};

MapCoordinates map_coordinates(const Embeddings& e, const ViewOptions& options, const std::vector<WordId>& ids) {
  MapCoordinates m;
  m.x.resize(ids.size());
  m.y.resize(ids.size());
  if (!options.x_axis.empty()) {
    const SemanticAxis x = semantic_axis(e, parse_axis_poles(options.x_axis));
    const SemanticAxis y = semantic_axis(e, parse_axis_poles(options.y_axis));
    for (std::size_t i = 0; i < ids.size(); ++i) m.x[i] = axis_score(e, x, ids[i]), m.y[i] = axis_score(e, y, ids[i]);
    m.x_json = {{"axis", axis_text(x.poles)}};
    m.y_json = {{"axis", axis_text(y.poles)}};
    m.chart.title = fmt::format("{} words on two semantic axes", ids.size());
    m.chart.x = {"cosine with the axis", pole_text(x.poles.negative), pole_text(x.poles.positive), true};
    m.chart.y = {"cosine with the axis", pole_text(y.poles.negative), pole_text(y.poles.positive), true};
    m.chart.caption = model_caption(e, options) +
                      " \u00b7 an axis is the mean of its positive pole words' unit vectors minus the mean of its negative ones";
    return m;
  }
  const PrincipalCoordinates pca = word_pca(e, ids);
  for (std::size_t i = 0; i < ids.size(); ++i) m.x[i] = pca.coordinates[i][0], m.y[i] = pca.coordinates[i][1];
  m.x_json = {{"component", 1}, {"explained", json_number(pca.explained[0])}};
  m.y_json = {{"component", 2}, {"explained", json_number(pca.explained[1])}};
  m.chart.title = fmt::format("{} words, by the principal components of their vectors", ids.size());
  m.chart.x = {fmt::format("first principal component ({:.0f}% of the variance)", 100 * pca.explained[0]), "", ""};
  m.chart.y = {fmt::format("second principal component ({:.0f}% of the variance)", 100 * pca.explained[1]), "", ""};
  m.chart.caption = model_caption(e, options) + " \u00b7 PCA of the words' unit vectors (signs are arbitrary)";
  return m;
}

// Each word's group: the first that names it (-1: none).
std::vector<int> group_of(const Embeddings& e, const std::vector<WordId>& ids, const std::vector<WordGroup>& groups) {
  std::vector<int> group(ids.size(), -1);
  for (std::size_t i = 0; i < ids.size(); ++i)
    for (std::size_t g = 0; g < groups.size() && group[i] < 0; ++g)
      for (const std::string& w : groups[g].words)
        if (e.lookup(w) == ids[i]) group[i] = static_cast<int>(g);
  return group;
}

}  // namespace

ViewAnswer map_view(const Embeddings& e, const ViewOptions& options, const Args& args) {
  if (options.x_axis.empty() != options.y_axis.empty())
    throw Error("map takes both --x and --y (semantic axes), or neither (PCA)");
  std::vector<WordGroup> groups;
  for (const std::string& g : options.groups) groups.push_back(parse_word_group(g));
  std::vector<std::string> words = all_words(args);
  for (const WordGroup& g : groups) words.insert(words.end(), g.words.begin(), g.words.end());
  std::vector<std::string> unknown;
  const std::vector<WordId> ids = known_words(e, words, unknown);
  require_no_unknown_or_enough(ids, unknown, 2, "map");
  MapCoordinates m = map_coordinates(e, options, ids);
  const std::vector<int> group = group_of(e, ids, groups);

  ViewAnswer answer;
  note_left_out(answer, unknown);
  answer.text = "word\tx\ty\tgroup\n";
  answer.json["coordinates"] = options.x_axis.empty() ? "pca" : "axes";
  answer.json["x"] = m.x_json;
  answer.json["y"] = m.y_json;
  answer.json["points"] = json::array();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string group_name = group[i] >= 0 ? groups[static_cast<std::size_t>(group[i])].name : "";
    const std::string word(e.word(ids[i]));
    answer.text += fmt::format("{}\t{}\t{}\t{}\n", printable(word), number(m.x[i]), number(m.y[i]), printable(group_name));
    answer.tsv += fmt::format("\t{}\t{}\t{}\t{}", word, number(m.x[i]), number(m.y[i]), group_name);
    json point = {{"word", word}, {"x", json_number(m.x[i])}, {"y", json_number(m.y[i])}};
    if (group[i] >= 0) point["group"] = group_name;
    answer.json["points"].push_back(point);
    m.chart.points.push_back({word, m.x[i], m.y[i], group[i]});
  }
  if (!unknown.empty()) answer.json["oov"] = unknown;
  note_subword_words(answer, e, ids);
  for (const WordGroup& g : groups) m.chart.groups.push_back(g.name);
  if (options.picture) answer.svg = scatter_svg(m.chart);
  return answer;
}

// ---- axis ----

namespace {

// The poles are one argument ("small tiny : large big"), or one word on
// each side of a lone ":" argument (axis small : large cat dog); the words
// to rank start at `first_word`.
AxisPoles axis_arguments(const Args& args, std::size_t& first_word) {
  if (!args.empty() && args[0].find(':') != std::string::npos) {
    first_word = 1;
    return parse_axis_poles(args[0]);
  }
  if (args.size() >= 3 && args[1] == ":") {
    first_word = 3;
    return parse_axis_poles(args[0] + " : " + args[2]);
  }
  throw Error("axis needs its poles first, as one argument: axis \"NEGATIVE... : POSITIVE...\" [WORDS...]");
}

// The vocabulary's k words furthest towards each end (the pole words left
// out): [0] the positive end, [1] the negative end, with their (negative) cosines.
std::vector<std::vector<Neighbour>> axis_extremes(const Embeddings& e, const SemanticAxis& axis, const ViewOptions& options) {
  std::vector<float> direction(axis.direction.begin(), axis.direction.end()), opposite(direction);
  for (float& x : opposite) x = -x;
  std::vector<WordId> poles = axis.negative;
  poles.insert(poles.end(), axis.positive.begin(), axis.positive.end());
  SearchOptions search;
  search.k = options.k;
  search.restrict_to = options.restrict_to;
  std::vector<std::vector<Neighbour>> ends = search_vectors(e, {{direction, poles}, {opposite, poles}}, search);
  for (Neighbour& n : ends[1]) n.score = -n.score;
  return ends;
}

std::string axis_picture(const Embeddings& e, const ViewOptions& options, const AxisPoles& poles,
                         const std::vector<Neighbour>& ranked, bool extremes) {
  LineChart chart;
  chart.title = fmt::format("{} \u2190 \u2192 {}", pole_text(poles.negative), pole_text(poles.positive));
  chart.axis = {"cosine with the axis", pole_text(poles.negative), pole_text(poles.positive), true};
  chart.caption = model_caption(e, options) + " \u00b7 " +
                  (extremes ? fmt::format("the {} words furthest towards each end", ranked.size() / 2)
                            : std::string("the axis is the mean of the positive pole words' unit vectors minus the mean "
                                          "of the negative ones"));
  for (const Neighbour& n : ranked) chart.points.push_back({std::string(e.word(n.id)), n.score});
  return line_svg(chart);
}

}  // namespace

ViewAnswer axis_view(const Embeddings& e, const ViewOptions& options, const Args& args) {
  std::size_t first_word;
  const AxisPoles poles = axis_arguments(args, first_word);
  const SemanticAxis axis = semantic_axis(e, poles);
  const std::vector<std::string> words = all_words(args, first_word);

  ViewAnswer answer;
  answer.json["axis"] = axis_text(poles);
  answer.json["negative"] = poles.negative;
  answer.json["positive"] = poles.positive;
  answer.text = fmt::format("axis {} -> {} (cosine with the axis; positive towards {})\n", printable(pole_text(poles.negative)),
                            printable(pole_text(poles.positive)), printable(pole_text(poles.positive)));
  std::vector<Neighbour> ranked;
  if (!words.empty()) {
    std::vector<std::string> unknown;
    const std::vector<WordId> ids = known_words(e, words, unknown);
    require_no_unknown_or_enough(ids, unknown, 1, "axis");
    note_left_out(answer, unknown);
    for (WordId id : ids) ranked.push_back({id, static_cast<float>(axis_score(e, axis, id))});
    std::stable_sort(ranked.begin(), ranked.end(), [](const Neighbour& a, const Neighbour& b) { return a.score > b.score; });
    answer.text += neighbours_table(e, ranked);
    answer.json["words"] = neighbours_json_array(e, ranked);
    if (!unknown.empty()) answer.json["oov"] = unknown;
  } else {
    const std::vector<std::vector<Neighbour>> ends = axis_extremes(e, axis, options);
    answer.text += fmt::format("{} end:\n", printable(pole_text(poles.positive))) + neighbours_table(e, ends[0]) +
                   fmt::format("{} end:\n", printable(pole_text(poles.negative))) + neighbours_table(e, ends[1]);
    answer.json["positive_end"] = neighbours_json_array(e, ends[0]);
    answer.json["negative_end"] = neighbours_json_array(e, ends[1]);
    ranked = ends[0];
    ranked.insert(ranked.end(), ends[1].rbegin(), ends[1].rend());
  }
  answer.tsv = neighbours_tsv_fields(e, ranked);
  std::vector<WordId> ids = axis.negative;
  ids.insert(ids.end(), axis.positive.begin(), axis.positive.end());
  for (const Neighbour& n : ranked) ids.push_back(n.id);
  note_subword_words(answer, e, ids);
  if (options.picture) answer.svg = axis_picture(e, options, poles, ranked, words.empty());
  return answer;
}

// ---- attend ----

namespace {

// Text padded to w characters, on the left (right-aligned) or the right.
std::string padded(const std::string& s, std::size_t w, bool right_align) {
  const std::string fill(w > utf8_length(s) ? w - utf8_length(s) : 0, ' ');
  return right_align ? fill + s : s + fill;
}

// A row per word (its attention over the columns), the strongest weight of
// each row marked with '*', '?' for words not in the vocabulary.
std::string attention_table(const Attention& a, const std::vector<std::string>& unknown) {
  const std::size_t n = a.words.size();
  std::vector<std::string> shown;
  std::size_t width = 5;
  for (const std::string& w : a.words) {
    shown.push_back(printable(w));
    width = std::max(width, utf8_length(shown.back()) + 1);
  }
  std::string text = fmt::format(
      "attention of each word (row) over the other words (columns), temperature {}; * strongest\n", a.temperature);
  text += padded("", width, false);
  for (std::size_t j = 0; j < n; ++j) text += " " + padded(shown[j], width, true);
  text += "\n";
  for (std::size_t i = 0; i < n; ++i) {
    std::string line = padded(shown[i], width, false);
    const int best = a.strongest(i);
    for (std::size_t j = 0; j < n; ++j) {
      const std::string cell = a.ids[i] == kNoWord || a.ids[j] == kNoWord ? "?" : i == j ? "-" : fmt::format("{:.2f}", a.weights[i][j]);
      line += " " + padded(cell + (static_cast<int>(j) == best ? "*" : " "), width + 1, true).substr(1);
    }
    while (line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  if (!unknown.empty()) text += fmt::format("? not in the vocabulary: {}\n", quoted_words(unknown));
  return text;
}

// The weights as JSON fields and as TSV fields (N, the words, N x N weights).
void attention_fields(const Attention& a, ViewAnswer& answer) {
  const std::size_t n = a.words.size();
  answer.json["sentence"] = a.words;
  answer.json["temperature"] = a.temperature;
  answer.json["weights"] = json::array();
  answer.json["strongest"] = json::array();
  answer.tsv = fmt::format("\t{}", n);
  for (const std::string& w : a.words) answer.tsv += "\t" + w;
  for (std::size_t i = 0; i < n; ++i) {
    json row = json::array();
    for (std::size_t j = 0; j < n; ++j) {
      row.push_back(json_or_null(a.weights[i][j]));
      answer.tsv += std::isnan(a.weights[i][j]) ? std::string("\tnan") : "\t" + number(a.weights[i][j]);
    }
    answer.json["weights"].push_back(row);
    const int best = a.strongest(i);
    answer.json["strongest"].push_back(best < 0 ? json(nullptr) : json(best));
  }
}

std::string attention_picture(const Embeddings& e, const ViewOptions& options, const Attention& a) {
  Heatmap chart;
  chart.title = fmt::format("Attention over \u201c{}\u201d", query_text(a.words));
  chart.caption = model_caption(e, options) +
                  fmt::format(" \u00b7 row i: softmax over j of q\u1d62\u00b7k\u2c7c / {} (input vectors against "
                              "context vectors); framed: the row's strongest",
                              a.temperature);
  chart.scale_title = "weight (each row sums to 1)";
  chart.rows = chart.columns = a.words;
  for (std::size_t i = 0; i < a.words.size(); ++i) {
    chart.row_missing.push_back(a.ids[i] == kNoWord);
    chart.marked.push_back(a.strongest(i));
  }
  chart.column_missing = chart.row_missing;
  chart.values = a.weights;
  return heatmap_svg(chart);
}

}  // namespace

ViewAnswer attend_view(const Embeddings& e, const ViewOptions& options, const Args& args) {
  const std::vector<std::string> sentence = all_words(args);
  require_context_vectors(e, options.model_path, "attend");
  const Attention a = attention(e, sentence, options.temperature);
  std::vector<std::string> unknown;
  for (std::size_t i = 0; i < sentence.size(); ++i)
    if (a.ids[i] == kNoWord && std::find(unknown.begin(), unknown.end(), sentence[i]) == unknown.end())
      unknown.push_back(sentence[i]);
  ViewAnswer answer;
  note_left_out(answer, unknown);
  answer.text = attention_table(a, unknown);
  attention_fields(a, answer);
  if (!unknown.empty()) answer.json["oov"] = unknown;
  if (options.picture) answer.svg = attention_picture(e, options, a);
  return answer;
}

// ---- sense ----

namespace {

// The word and its sentences: the arguments after the word (one sentence),
// then each --in.
std::string sense_arguments(const Args& args, const ViewOptions& options, std::vector<std::vector<std::string>>& sentences) {
  const std::vector<std::string> word = args.empty() ? std::vector<std::string>{} : words_of(args[0]);
  if (word.size() != 1) throw Error("sense needs one word, then its sentence (or --in \"SENTENCE\")");
  if (args.size() > 1) sentences.push_back(all_words(args, 1));
  for (const std::string& s : options.sentences) sentences.push_back(words_of(s));
  if (sentences.empty()) throw Error("sense needs a sentence: sense WORD --in \"SENTENCE\" (--in may be given twice)");
  for (const auto& s : sentences)
    if (s.empty()) throw Error("sense: a sentence given with --in is empty");
  return word[0];
}

// The sentence's words not in the vocabulary, each once, added to `all` too.
std::vector<std::string> unknown_in(const Sense& s, std::vector<std::string>& all) {
  std::vector<std::string> unknown;
  for (std::size_t j = 0; j < s.words.size(); ++j)
    if (s.ids[j] == kNoWord) {
      for (auto* list : {&unknown, &all})
        if (std::find(list->begin(), list->end(), s.words[j]) == list->end()) list->push_back(s.words[j]);
    }
  return unknown;
}

// The word's weights over the sentence, strongest first: "river 0.77, the 0.05, ...".
std::string strongest_weights(const Sense& s, std::size_t how_many) {
  std::vector<std::pair<double, std::string>> weights;
  for (std::size_t j = 0; j < s.words.size(); ++j)
    if (!std::isnan(s.weights[j])) weights.push_back({s.weights[j], printable(s.words[j])});
  std::stable_sort(weights.begin(), weights.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string text;
  for (std::size_t j = 0; j < std::min(how_many, weights.size()); ++j)
    text += fmt::format("{}{} {:.2f}", j ? ", " : "", weights[j].second, weights[j].first);
  return text;
}

// The neighbours side by side (the word alone, then in each sentence), then
// what the word attends to in each sentence.
std::string sense_text(const Embeddings& e, const std::string& word, const std::vector<Sense>& senses,
                       const std::vector<std::vector<Neighbour>>& found) {
  constexpr std::size_t kColumn = 28;
  const auto column = [&](std::string s) {
    if (utf8_length(s) > kColumn - 2) s = utf8_prefix(s, kColumn - 5) + "...";
    return s + std::string(kColumn - utf8_length(s), ' ');
  };
  std::string text = "      " + column(printable(word) + " alone");
  for (std::size_t s = 0; s < senses.size(); ++s) text += column(fmt::format("in sentence {}", s + 1));
  while (text.back() == ' ') text.pop_back();
  text += "\n";
  std::size_t rows = 0;
  for (const auto& f : found) rows = std::max(rows, f.size());
  for (std::size_t r = 0; r < rows; ++r) {
    std::string line = fmt::format("{:>4}  ", r + 1);
    for (const auto& f : found) {
      std::string cell;
      if (r < f.size()) {
        const std::string w = printable(e.word(f[r].id)), score = fmt::format("{:.4f}", f[r].score);
        const std::size_t room = kColumn - 2 - score.size();
        const std::string shown = utf8_length(w) > room ? utf8_prefix(w, room - 1) + "~" : w;
        cell = shown + std::string(room - utf8_length(shown), ' ') + score;
      }
      line += column(cell);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + "\n";
  }
  for (std::size_t s = 0; s < senses.size(); ++s)
    text += fmt::format("sentence {}: {}\n  '{}' attends to {}\n", s + 1, printable(query_text(senses[s].words)),
                        printable(word), strongest_weights(senses[s], 5));
  return text;
}

}  // namespace

ViewAnswer sense_view(const Embeddings& e, const ViewOptions& options, const Args& args) {
  std::vector<std::vector<std::string>> sentences;
  const std::string word = sense_arguments(args, options, sentences);
  const WordId id = e.find(word);
  if (id == kNoWord) throw OutOfVocabulary({word});
  require_context_vectors(e, options.model_path, "sense");

  // One search for the word alone and each sense, the sentence's words left out of each.
  std::vector<Sense> senses;
  std::vector<VectorQuery> queries{{e.unit_vector(id), {id}}};
  for (const auto& s : sentences) {
    senses.push_back(sense(e, id, s, options.temperature));
    VectorQuery q{senses.back().vector, {id}};
    for (WordId j : senses.back().ids)
      if (j != kNoWord) q.excluded.push_back(j);
    queries.push_back(std::move(q));
  }
  SearchOptions search;
  search.k = options.k;
  search.restrict_to = options.restrict_to;
  const std::vector<std::vector<Neighbour>> found = search_vectors(e, queries, search);

  ViewAnswer answer;
  answer.json["word"] = word;
  answer.json["temperature"] = options.temperature;
  answer.json["neighbours"] = neighbours_json_array(e, found[0]);
  answer.json["senses"] = json::array();
  std::vector<std::string> unknown;
  for (std::size_t s = 0; s < senses.size(); ++s) {
    json attention = json::array();
    for (std::size_t j = 0; j < senses[s].words.size(); ++j)
      if (!std::isnan(senses[s].weights[j]))
        attention.push_back({{"word", senses[s].words[j]}, {"weight", json_number(senses[s].weights[j])}});
    json record = {{"sentence", query_text(senses[s].words)}, {"attention", attention},
                   {"neighbours", neighbours_json_array(e, found[s + 1])}};
    const std::vector<std::string> sentence_unknown = unknown_in(senses[s], unknown);
    if (!sentence_unknown.empty()) record["oov"] = sentence_unknown;
    answer.json["senses"].push_back(record);
  }
  note_left_out(answer, unknown);
  answer.tsv = neighbours_tsv_fields(e, found[1]);
  answer.text = sense_text(e, word, senses, found);
  return answer;
}

std::vector<std::string> split_arguments(std::string_view line) {
  std::vector<std::string> args;
  std::size_t i = 0;
  while (i < line.size()) {
    if (is_space(static_cast<unsigned char>(line[i]))) {
      ++i;
      continue;
    }
    std::string arg;
    if (line[i] == '"') {
      const std::size_t close = line.find('"', i + 1);
      if (close == std::string_view::npos) throw Error("a quote (\") is not closed");
      arg = std::string(line.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      while (i < line.size() && !is_space(static_cast<unsigned char>(line[i]))) arg += line[i++];
    }
    args.push_back(std::move(arg));
  }
  return args;
}

}  // namespace wordvec
