#include "query/report.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "base/json.h"

namespace wordvec {

namespace {

using json = nlohmann::ordered_json;

std::optional<double> rounded(std::optional<double> x, int digits) {
  if (!x) return std::nullopt;
  return std::stod(fmt::format("{:.{}f}", *x, digits));
}

json optional_json(std::optional<double> x) { return x ? json(*x) : json(nullptr); }

json score_json(const AnalogyScore& s) {
  return {{"correct", s.correct}, {"seen", s.seen}, {"total", s.total}, {"accuracy", optional_json(rounded(s.accuracy(), 4))}};
}

std::string percent(std::optional<double> x) { return x ? fmt::format("{:.2f} %", *x) : "n/a"; }

}  // namespace

ModelInfo model_info(const Embeddings& embeddings, const ReportOptions&, const std::string& model_file) {
  return {&embeddings, model_file};
}

std::string model_info_text(const ModelInfo& info) {
  const Embeddings& e = *info.embeddings;
  std::string text = fmt::format("file:            {}\n", info.file);
  text += fmt::format("format:          {}{}\n", embedding_format_name(e.format()),
                      e.format() == EmbeddingFormat::Wordvec
                          ? (e.checksum_verified() ? " (checksum verified)" : " (checksum not verified)")
                          : "");
  text += fmt::format("words:           {}\n", e.size());
  text += fmt::format("dimension:       {}\n", e.dim());
  if (e.has_counts()) text += fmt::format("counts:          {} (most frequent), {} (least)\n", e.count(0), e.count(e.size() - 1));
  if (e.format() == EmbeddingFormat::Wordvec)
    text += fmt::format("context vectors: {}\n", e.has_context_vectors() ? "saved" : "not saved");
  if (e.has_subwords())
    text += fmt::format("subwords:        n-grams of {}-{} characters in {} buckets (words outside the vocabulary get vectors)\n",
                        dump_json(e.settings()["minn"]), dump_json(e.settings()["maxn"]), dump_json(e.settings()["bucket"]));
  if (e.settings().empty()) return text + "training settings: none recorded\n";
  text += "training settings:\n";
  for (const auto& [key, value] : e.settings().items()) text += fmt::format("  {}: {}\n", key, dump_json(value));
  return text;
}

json model_info_json(const ModelInfo& info) {
  const Embeddings& e = *info.embeddings;
  return {{"file", info.file},
          {"format", embedding_format_name(e.format())},
          {"words", e.size()},
          {"dim", e.dim()},
          {"counts", e.has_counts()},
          {"context_vectors", e.has_context_vectors()},
          {"checksum_verified", e.checksum_verified()},
          {"subwords", e.has_subwords()},
          {"settings", json::parse(dump_json(e.settings()))}};
}

AnalogyReport analogy_report(const Embeddings& embeddings, const ReportOptions& options, const std::string& questions_file) {
  AnalogyOptions analogy;
  analogy.restrict_to = options.restrict_to;
  analogy.method = options.method;
  analogy.case_sensitive = options.case_sensitive;
  return {questions_file, options.method, options.restrict_to,
          evaluate_analogies(embeddings, read_analogy_file(questions_file), analogy)};
}

std::string analogy_report_text(const AnalogyReport& report) {
  const AnalogyResult& r = report.result;
  std::size_t width = 10;
  for (const AnalogyScore& s : r.sections) width = std::max(width, s.name.size() + 1);
  std::string text;
  for (const AnalogyScore& s : r.sections)
    text += fmt::format("{:<{}} {:>8}  ({} / {}, {} questions)\n", s.name + ":", width, percent(s.accuracy()), s.correct,
                        s.seen, s.total);
  for (const AnalogyScore* s : {&r.semantic, &r.syntactic, &r.overall})
    text += fmt::format("{:<{}} {:>8}  ({} / {})\n", s->name + ":", width, percent(s->accuracy()), s->correct, s->seen);
  text += fmt::format("Questions seen / total: {} / {}  ({})\n", r.overall.seen, r.overall.total,
                      percent(r.overall.total ? std::optional<double>(100.0 * r.overall.seen / r.overall.total)
                                              : std::nullopt));
  if (r.subword_questions) text += fmt::format("Questions seen through subwords: {}\n", *r.subword_questions);
  return text;
}

json analogy_report_json(const AnalogyReport& report) {
  const AnalogyResult& r = report.result;
  json j = score_json(r.overall);
  j["file"] = report.file;
  j["method"] = analogy_method_name(report.method);
  j["restrict"] = report.restrict_to;
  if (r.subword_questions) j["subword_questions"] = *r.subword_questions;
  j["semantic"] = score_json(r.semantic);
  j["syntactic"] = score_json(r.syntactic);
  j["sections"] = json::array();
  for (const AnalogyScore& s : r.sections) {
    json section = {{"name", s.name}};
    section.update(score_json(s));
    j["sections"].push_back(section);
  }
  return j;
}

SimilarityReport similarity_report(const Embeddings& embeddings, const ReportOptions& options, const std::string& pairs_file) {
  SimilarityOptions similarity;
  similarity.restrict_to = options.restrict_to;
  similarity.case_sensitive = options.case_sensitive;
  return {pairs_file, evaluate_similarity(embeddings, read_word_pairs(pairs_file), similarity)};
}

std::string similarity_report_text(const SimilarityReport& report) {
  const SimilarityResult& r = report.result;
  const auto number = [](std::optional<double> x) { return x ? fmt::format("{:.4f}", *x) : std::string("n/a"); };
  return fmt::format("{}: Spearman {}, Pearson {}, {} of {} pairs used, {} missing{}\n", report.file, number(r.spearman),
                     number(r.pearson), r.used, r.pairs, r.pairs - r.used,
                     r.subword_pairs ? fmt::format(", {} through subwords", *r.subword_pairs) : "");
}

json similarity_report_json(const SimilarityReport& report) {
  const SimilarityResult& r = report.result;
  json j = {{"file", report.file},
            {"pairs", r.pairs},
            {"used", r.used},
            {"missing", r.pairs - r.used},
            {"spearman", optional_json(r.spearman)},
            {"pearson", optional_json(r.pearson)},
            {"missing_words", r.missing_words}};
  if (r.subword_pairs) j["subword_pairs"] = *r.subword_pairs;
  return j;
}

}  // namespace wordvec
