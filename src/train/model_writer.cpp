#include "train/model_writer.h"

#include "model/model_file.h"
#include "train/train_options.h"

namespace wordvec {

void save_model(const std::string& path, const Vocabulary& vocab, const Trainer& trainer, bool with_context,
                const nlohmann::json& extra_settings) {
  ModelContents contents;
  contents.words = &vocab.words();
  contents.counts = &vocab.counts();
  contents.input = trainer.input().view();
  if (with_context) contents.context = trainer.context().view();
  contents.settings = settings_to_json(trainer.options());
  contents.settings.update(extra_settings);
  write_model(path, contents);
}

}  // namespace wordvec
