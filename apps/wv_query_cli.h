#pragma once
// Owns: wv-query's command line: its flags, reading queries, printing answers.
namespace wordvec {

// wv-query with these arguments (argv[0] is the program's name); returns
// its exit status. The executable's main, and the command-line fuzzer.
int wv_query_main(int argc, char** argv);

}  // namespace wordvec
