// wv-query: nearest neighbours, analogies, similarities and the standard
// evaluations on word vectors. See wv_query_cli.h.
#include "wv_query_cli.h"

int main(int argc, char** argv) { return wordvec::wv_query_main(argc, argv); }
