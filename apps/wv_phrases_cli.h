#pragma once
// Owns: wv-phrases's command line: its flags, their checks, and where the phrased text goes.
namespace wordvec {

// wv-phrases with these arguments (argv[0] is the program's name); returns
// its exit status. The executable's main.
int wv_phrases_main(int argc, char** argv);

}  // namespace wordvec
