#pragma once
// Owns: writing JSON text that is valid whatever bytes its strings hold.
#include <string>

#include <nlohmann/json.hpp>

namespace wordvec {

// Words are bytes (the tokenizer splits on ASCII whitespace only), so a
// string may hold invalid UTF-8, which JSON cannot carry and nlohmann's
// plain dump() throws on. Each invalid byte becomes U+FFFD instead, so
// every output line is valid JSON; control characters are escaped as \u00XX.
template <class Json>
std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace wordvec
