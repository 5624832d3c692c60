// wv-train: learn word vectors from a text corpus. See wv_train_cli.h.
#include "wv_train_cli.h"

int main(int argc, char** argv) { return wordvec::wv_train_main(argc, argv); }
