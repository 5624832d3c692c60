#pragma once
// Owns: what the apps that read a corpus (wv-train, wv-phrases) take from --tmp-dir and the machine for it.
#include <string>

namespace wordvec {

// Where the spool goes (--tmp-dir, else $TMPDIR or /tmp) and how errors name that place.
struct SpoolPlace {
  std::string dir, what;
};
SpoolPlace spool_place(const std::string& tmp_dir_flag);

// Threads that decode xz blocks beside the one that tokenizes: the cores
// training does not need yet, 1 to 4.
int decoder_threads();

}  // namespace wordvec
