// wv-phrases: join frequent word pairs into phrases (word2phrase). See wv_phrases_cli.h.
#include "wv_phrases_cli.h"

int main(int argc, char** argv) { return wordvec::wv_phrases_main(argc, argv); }
