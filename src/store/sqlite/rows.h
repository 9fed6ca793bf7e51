// Row-collecting helpers shared by the SQLite Reader/WriteTx implementation files.
// Thread-safety: none (they run on one statement of one connection).
#pragma once

#include <optional>
#include <vector>

#include "store/sqlite/connection.h"

namespace onedoor::sqlite {

// Collects all rows of a prepared statement with `from`; on error records it via `fail`.
template <class T, class From, class Fail>
std::vector<T> allRows(Statement& st, From from, Fail fail) {
  std::vector<T> out;
  for (;;) {
    Result<bool> r = st.step();
    if (!r) {
      fail(r.status());
      return {};
    }
    if (!*r) return out;
    out.push_back(from(st));
  }
}

template <class T, class From, class Fail>
std::optional<T> oneRow(Statement& st, From from, Fail fail) {
  Result<bool> r = st.step();
  if (!r) {
    fail(r.status());
    return std::nullopt;
  }
  if (!*r) return std::nullopt;
  return from(st);
}

}  // namespace onedoor::sqlite
