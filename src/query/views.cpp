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

  // Coordinates.
  std::vector<double> xs(ids.size()), ys(ids.size());
  json x_json, y_json;
  ScatterChart chart;
  const bool axes = !options.x_axis.empty();
  if (axes) {
    const SemanticAxis x = semantic_axis(e, parse_axis_poles(options.x_axis));
    const SemanticAxis y = semantic_axis(e, parse_axis_poles(options.y_axis));
    for (std::size_t i = 0; i < ids.size(); ++i) xs[i] = axis_score(e, x, ids[i]), ys[i] = axis_score(e, y, ids[i]);
    x_json = {{"axis", axis_text(x.poles)}};
    y_json = {{"axis", axis_text(y.poles)}};
    chart.title = fmt::format("{} words on two semantic axes", ids.size());
    chart.x = {"cosine with the axis", pole_text(x.poles.negative), pole_text(x.poles.positive), true};
    chart.y = {"cosine with the axis", pole_text(y.poles.negative), pole_text(y.poles.positive), true};
    chart.caption = model_caption(e, options) +
                    " \u00b7 an axis is the mean of its positive pole words' unit vectors minus the mean of its negative ones";
  } else {
    const PrincipalCoordinates pca = word_pca(e, ids);
    for (std::size_t i = 0; i < ids.size(); ++i) xs[i] = pca.coordinates[i][0], ys[i] = pca.coordinates[i][1];
    x_json = {{"component", 1}, {"explained", json_number(pca.explained[0])}};
    y_json = {{"component", 2}, {"explained", json_number(pca.explained[1])}};
    chart.title = fmt::format("{} words, by the principal components of their vectors", ids.size());
    chart.x = {fmt::format("first principal component ({:.0f}% of the variance)", 100 * pca.explained[0]), "", ""};
    chart.y = {fmt::format("second principal component ({:.0f}% of the variance)", 100 * pca.explained[1]), "", ""};
    chart.caption = model_caption(e, options) + " \u00b7 PCA of the words' unit vectors (signs are arbitrary)";
  }

  // Each word's group: the first that names it.
  std::vector<int> group_of(ids.size(), -1);
  for (std::size_t i = 0; i < ids.size(); ++i)
    for (std::size_t g = 0; g < groups.size() && group_of[i] < 0; ++g)
      for (const std::string& w : groups[g].words)
        if (e.find(w) == ids[i]) group_of[i] = static_cast<int>(g);

  ViewAnswer answer;
  note_left_out(answer, unknown);
  answer.text = "word\tx\ty\tgroup\n";
  answer.json["coordinates"] = axes ? "axes" : "pca";
  answer.json["x"] = x_json;
  answer.json["y"] = y_json;
  answer.json["points"] = json::array();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string group = group_of[i] >= 0 ? groups[static_cast<std::size_t>(group_of[i])].name : "";
    const std::string word(e.word(ids[i]));
    answer.text += fmt::format("{}\t{}\t{}\t{}\n", printable(word), number(xs[i]), number(ys[i]), printable(group));
    answer.tsv += fmt::format("\t{}\t{}\t{}\t{}", word, number(xs[i]), number(ys[i]), group);
    json point = {{"word", word}, {"x", json_number(xs[i])}, {"y", json_number(ys[i])}};
    if (group_of[i] >= 0) point["group"] = group;
    answer.json["points"].push_back(point);
  }
  if (!unknown.empty()) answer.json["oov"] = unknown;
  if (options.picture) {
    for (const WordGroup& g : groups) chart.groups.push_back(g.name);
    for (std::size_t i = 0; i < ids.size(); ++i) chart.points.push_back({std::string(e.word(ids[i])), xs[i], ys[i], group_of[i]});
    answer.svg = scatter_svg(chart);
  }
  return answer;
}

// ---- axis ----

ViewAnswer axis_view(const Embeddings& e, const ViewOptions& options, const Args& args) {
  // The poles are one argument ("small tiny : large big"), or one word on
  // each side of a lone ":" argument (axis small : large cat dog).
  AxisPoles poles;
  std::size_t first_word;
  if (!args.empty() && args[0].find(':') != std::string::npos) {
    poles = parse_axis_poles(args[0]);
    first_word = 1;
  } else if (args.size() >= 3 && args[1] == ":") {
    poles = parse_axis_poles(args[0] + " : " + args[2]);
    first_word = 3;
  } else {
    throw Error("axis needs its poles first, as one argument: axis \"NEGATIVE... : POSITIVE...\" [WORDS...]");
  }
  const SemanticAxis axis = semantic_axis(e, poles);
  const std::vector<std::string> words = all_words(args, first_word);

  ViewAnswer answer;
  answer.json["axis"] = axis_text(poles);
  answer.json["negative"] = poles.negative;
  answer.json["positive"] = poles.positive;
  std::vector<Neighbour> ranked;
  std::string heading = fmt::format("axis {} -> {} (cosine with the axis; positive towards {})\n", printable(pole_text(poles.negative)),
                                    printable(pole_text(poles.positive)), printable(pole_text(poles.positive)));
  if (!words.empty()) {
    std::vector<std::string> unknown;
    const std::vector<WordId> ids = known_words(e, words, unknown);
    require_no_unknown_or_enough(ids, unknown, 1, "axis");
    note_left_out(answer, unknown);
    for (WordId id : ids) ranked.push_back({id, static_cast<float>(axis_score(e, axis, id))});
    std::stable_sort(ranked.begin(), ranked.end(), [](const Neighbour& a, const Neighbour& b) { return a.score > b.score; });
    answer.text = heading + neighbours_table(e, ranked);
    answer.json["words"] = neighbours_json_array(e, ranked);
    if (!unknown.empty()) answer.json["oov"] = unknown;
  } else {
    // The vocabulary's extremes, the pole words left out.
    std::vector<float> direction(axis.direction.begin(), axis.direction.end()), opposite(direction);
    for (float& x : opposite) x = -x;
    std::vector<WordId> poles_ids = axis.negative;
    poles_ids.insert(poles_ids.end(), axis.positive.begin(), axis.positive.end());
    SearchOptions search;
    search.k = options.k;
    search.restrict_to = options.restrict_to;
    std::vector<std::vector<Neighbour>> ends = search_vectors(e, {{direction, poles_ids}, {opposite, poles_ids}}, search);
    for (Neighbour& n : ends[1]) n.score = -n.score;
    answer.text = heading + fmt::format("{} end:\n", printable(pole_text(poles.positive))) + neighbours_table(e, ends[0]) +
                  fmt::format("{} end:\n", printable(pole_text(poles.negative))) + neighbours_table(e, ends[1]);
    answer.json["positive_end"] = neighbours_json_array(e, ends[0]);
    answer.json["negative_end"] = neighbours_json_array(e, ends[1]);
    ranked = ends[0];
    ranked.insert(ranked.end(), ends[1].rbegin(), ends[1].rend());
  }
  answer.tsv = neighbours_tsv_fields(e, ranked);
  if (options.picture) {
    LineChart chart;
    chart.title = fmt::format("{} \u2190 \u2192 {}", pole_text(poles.negative), pole_text(poles.positive));
    chart.axis = {"cosine with the axis", pole_text(poles.negative), pole_text(poles.positive), true};
    chart.caption = model_caption(e, options) + " \u00b7 " +
                    (words.empty() ? fmt::format("the {} words furthest towards each end", ranked.size() / 2)
                                   : std::string("the axis is the mean of the positive pole words' unit vectors minus the "
                                                 "mean of the negative ones"));
    for (const Neighbour& n : ranked) chart.points.push_back({std::string(e.word(n.id)), n.score});
    answer.svg = line_svg(chart);
  }
  return answer;
}

// ---- attend ----

ViewAnswer attend_view(const Embeddings& e, const ViewOptions& options, const Args& args) {
  const std::vector<std::string> sentence = all_words(args);
  require_context_vectors(e, options.model_path, "attend");
  const Attention a = attention(e, sentence, options.temperature);
  const std::size_t n = sentence.size();

  ViewAnswer answer;
  std::vector<std::string> unknown;
  for (std::size_t i = 0; i < n; ++i)
    if (a.ids[i] == kNoWord && std::find(unknown.begin(), unknown.end(), sentence[i]) == unknown.end())
      unknown.push_back(sentence[i]);
  note_left_out(answer, unknown);

  // The table: a row per word (its attention over the columns), the
  // strongest weight of each row marked with '*'.
  std::vector<std::string> shown;
  std::size_t width = 5;
  for (const std::string& w : sentence) {
    shown.push_back(printable(w));
    width = std::max(width, utf8_length(shown.back()) + 1);
  }
  const auto pad = [](const std::string& s, std::size_t w, bool right) {
    const std::string fill(w > utf8_length(s) ? w - utf8_length(s) : 0, ' ');
    return right ? fill + s : s + fill;
  };
  answer.text = fmt::format("attention of each word (row) over the other words (columns), temperature {}; * strongest\n",
                            a.temperature);
  answer.text += pad("", width, false);
  for (std::size_t j = 0; j < n; ++j) answer.text += " " + pad(shown[j], width, true);
  answer.text += "\n";
  for (std::size_t i = 0; i < n; ++i) {
    answer.text += pad(shown[i], width, false);
    const int best = a.strongest(i);
    for (std::size_t j = 0; j < n; ++j) {
      std::string cell = a.ids[i] == kNoWord ? "?" : i == j ? "-" : a.ids[j] == kNoWord ? "?" : fmt::format("{:.2f}", a.weights[i][j]);
      if (static_cast<int>(j) == best) cell += "*";
      else cell += " ";
      answer.text += " " + pad(cell, width + 1, true).substr(1);
    }
    while (answer.text.back() == ' ') answer.text.pop_back();
    answer.text += "\n";
  }
  if (!unknown.empty()) answer.text += fmt::format("? not in the vocabulary: {}\n", quoted_words(unknown));

  answer.json["sentence"] = sentence;
  answer.json["temperature"] = a.temperature;
  answer.json["weights"] = json::array();
  answer.json["strongest"] = json::array();
  answer.tsv = fmt::format("\t{}", n);
  for (const std::string& w : sentence) answer.tsv += "\t" + w;
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
  if (!unknown.empty()) answer.json["oov"] = unknown;

  if (options.picture) {
    Heatmap chart;
    chart.title = fmt::format("Attention over \u201c{}\u201d", query_text(sentence));
    chart.caption = model_caption(e, options) +
                    fmt::format(" \u00b7 row i: softmax over j of q\u1d62\u00b7k\u2c7c / {} (input vectors against "
                                "context vectors); framed: the row's strongest",
                                a.temperature);
    chart.scale_title = "weight (each row sums to 1)";
    chart.rows = chart.columns = sentence;
    for (std::size_t i = 0; i < n; ++i) {
      chart.row_missing.push_back(a.ids[i] == kNoWord);
      chart.marked.push_back(a.strongest(i));
    }
    chart.column_missing = chart.row_missing;
    chart.values = a.weights;
    answer.svg = heatmap_svg(chart);
  }
  return answer;
}

// ---- sense ----

ViewAnswer sense_view(const Embeddings& e, const ViewOptions& options, const Args& args) {
  const std::vector<std::string> word_words = args.empty() ? std::vector<std::string>{} : words_of(args[0]);
  if (word_words.size() != 1) throw Error("sense needs one word, then its sentence (or --in \"SENTENCE\")");
  const std::string& word = word_words[0];
  std::vector<std::vector<std::string>> sentences;
  if (args.size() > 1) sentences.push_back(all_words(args, 1));
  for (const std::string& s : options.sentences) sentences.push_back(words_of(s));
  if (sentences.empty()) throw Error("sense needs a sentence: sense WORD --in \"SENTENCE\" (--in may be given twice)");
  for (const auto& s : sentences)
    if (s.empty()) throw Error("sense: a sentence given with --in is empty");
  const WordId id = e.find(word);
  if (id == kNoWord) throw OutOfVocabulary({word});
  require_context_vectors(e, options.model_path, "sense");

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
    std::vector<std::string> sentence_unknown;
    for (std::size_t j = 0; j < senses[s].words.size(); ++j)
      if (senses[s].ids[j] == kNoWord) {
        const std::string& w = senses[s].words[j];
        if (std::find(sentence_unknown.begin(), sentence_unknown.end(), w) == sentence_unknown.end())
          sentence_unknown.push_back(w);
        if (std::find(unknown.begin(), unknown.end(), w) == unknown.end()) unknown.push_back(w);
      }
    json record = {{"sentence", query_text(senses[s].words)}, {"attention", attention},
                   {"neighbours", neighbours_json_array(e, found[s + 1])}};
    if (!sentence_unknown.empty()) record["oov"] = sentence_unknown;
    answer.json["senses"].push_back(record);
  }
  note_left_out(answer, unknown);
  answer.tsv = neighbours_tsv_fields(e, found[1]);

  // Text: the word's neighbours alone, then in each sentence, side by side.
  constexpr std::size_t kColumn = 28;
  std::vector<std::vector<std::string>> cells(found.size());
  for (std::size_t c = 0; c < found.size(); ++c)
    for (const Neighbour& nb : found[c]) {
      const std::string w = printable(e.word(nb.id));
      const std::string score = fmt::format("{:.4f}", nb.score);
      const std::size_t room = kColumn - 2 - score.size();
      const std::string shown = utf8_length(w) > room ? utf8_prefix(w, room - 1) + "~" : w;
      cells[c].push_back(shown + std::string(kColumn - 2 - utf8_length(shown) - score.size(), ' ') + score);
    }
  const auto column = [&](std::string s) {
    if (utf8_length(s) > kColumn - 2) s = utf8_prefix(s, kColumn - 5) + "...";
    return s + std::string(kColumn - utf8_length(s), ' ');
  };
  answer.text = "      " + column(printable(word) + " alone");
  for (std::size_t s = 0; s < senses.size(); ++s) answer.text += column(fmt::format("in sentence {}", s + 1));
  while (answer.text.back() == ' ') answer.text.pop_back();
  answer.text += "\n";
  std::size_t rows = 0;
  for (const auto& c : cells) rows = std::max(rows, c.size());
  for (std::size_t r = 0; r < rows; ++r) {
    std::string line = fmt::format("{:>4}  ", r + 1);
    for (const auto& c : cells) line += column(r < c.size() ? c[r] : "");
    while (!line.empty() && line.back() == ' ') line.pop_back();
    answer.text += line + "\n";
  }
  for (std::size_t s = 0; s < senses.size(); ++s) {
    std::vector<std::pair<double, std::string>> weights;
    for (std::size_t j = 0; j < senses[s].words.size(); ++j)
      if (!std::isnan(senses[s].weights[j])) weights.push_back({senses[s].weights[j], printable(senses[s].words[j])});
    std::stable_sort(weights.begin(), weights.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string attends;
    for (std::size_t j = 0; j < std::min<std::size_t>(5, weights.size()); ++j)
      attends += fmt::format("{}{} {:.2f}", j ? ", " : "", weights[j].second, weights[j].first);
    answer.text += fmt::format("sentence {}: {}\n  '{}' attends to {}\n", s + 1, printable(query_text(senses[s].words)),
                               printable(word), attends);
  }
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
