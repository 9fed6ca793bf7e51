// Test helper: the first column of the first row of a query on a raw SQLite handle, as text ("" for
// NULL); a query that fails or returns no row is a test failure.
#pragma once

#include <sqlite3.h>

#include <string>

namespace onedoor::test {

std::string sqliteValue(sqlite3* db, const std::string& sql);

}  // namespace onedoor::test
