#pragma once
// Owns: the reports on a model and on evaluation files (info, eval-analogy, eval-similarity), as text and as JSON.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "query/embeddings.h"
#include "query/evaluation.h"
#include "query/search.h"

namespace wordvec {

// What the reports depend on besides the file each is about.
struct ReportOptions {
  std::string model_path;
  std::size_t restrict_to = 0;  // evaluations: only the first N words are known (0: all)
  AnalogyMethod method = AnalogyMethod::Add;
  bool case_sensitive = false;
  bool json = false;  // print JSON lines instead of text
};

// Each report: the answer for one file (info's is the model itself), and its
// text (whole lines) and JSON (one object).

struct ModelInfo {
  const Embeddings* embeddings;
  std::string file;
};
ModelInfo model_info(const Embeddings& embeddings, const ReportOptions& options, const std::string& model_file);
std::string model_info_text(const ModelInfo& info);
nlohmann::ordered_json model_info_json(const ModelInfo& info);

struct AnalogyReport {
  std::string file;
  AnalogyMethod method;
  std::size_t restrict_to;
  AnalogyResult result;
};
AnalogyReport analogy_report(const Embeddings& embeddings, const ReportOptions& options, const std::string& questions_file);
std::string analogy_report_text(const AnalogyReport& report);
nlohmann::ordered_json analogy_report_json(const AnalogyReport& report);

struct SimilarityReport {
  std::string file;
  SimilarityResult result;
};
SimilarityReport similarity_report(const Embeddings& embeddings, const ReportOptions& options, const std::string& pairs_file);
std::string similarity_report_text(const SimilarityReport& report);
nlohmann::ordered_json similarity_report_json(const SimilarityReport& report);

}  // namespace wordvec
