// Row-collecting helpers shared by the Reader/WriteTx implementation files.
// Thread-safety: none (they run on one statement of one connection).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/sql/statement.h"

namespace onedoor::sql {

// Collects all rows of a prepared statement with `from`; on error records it via `fail`.
// A TEXT column holding a JSON array of strings (skills, services, have/missing lists); anything
// else in it (bad JSON, non-strings) is skipped rather than failing the whole read.
inline std::vector<std::string> stringsFromJson(const std::string& text) {
  std::vector<std::string> out;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

// "col IN (the elements of the JSON array bound to param)" in the dialect's JSON functions;
// `integers` casts the elements for integer columns (PostgreSQL compares by type).
inline std::string inJsonArray(Dialect d, const char* col, const char* param, bool integers) {
  if (d == Dialect::kSqlite) return std::string(col) + " IN (SELECT value FROM json_each(" + param + "))";
  return std::string(col) + " IN (SELECT CAST(v AS " + (integers ? "BIGINT" : "TEXT") +
         ") FROM json_array_elements_text(CAST(" + param + " AS JSON)) AS v)";
}

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

}  // namespace onedoor::sql

// Prepares `sql` on the member `conn_` into `Statement& var`. In a Reader method a failure is
// recorded as the sticky error and `on_error` returned; in a WriteTx method it is returned through
// check(). Macros because they declare `var` in the caller's scope and return from it.
#define ONEDOOR_READ_PREPARE(var, sql, on_error)  \
  Result<Statement> var##_r = conn_.prepare(sql); \
  if (!var##_r) {                                 \
    this->fail(var##_r.status());                 \
    return on_error;                              \
  }                                               \
  Statement& var = *var##_r

#define ONEDOOR_WRITE_PREPARE(var, sql)           \
  Result<Statement> var##_r = conn_.prepare(sql); \
  if (!var##_r) return check(var##_r.status());   \
  Statement& var = *var##_r
