// Numbered schema migrations of the SQLite backend and the code that applies them at open.
// Thread-safety: applyMigrations uses the one Connection it is given; call it before sharing it.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace onedoor::sqlite {

struct Migration {
  int version;      // ascending, gaps allowed; never renumber or edit one that has shipped
  const char* sql;  // one or more statements (may be empty)
  // Work SQL alone cannot express, run after `sql` in the same transaction; null when none.
  Status (*code)(Connection&) = nullptr;
};

// All migrations, ascending by version.
const std::vector<Migration>& migrations();

// Applies every migration not yet recorded in schema_migrations (by version, not "newer than the
// maximum", so a gap filled later still runs), in version order, in one IMMEDIATE transaction (all
// or nothing), recording each. Idempotent. Refuses a database with a version this binary does not
// know.
Status applyMigrations(Connection& conn);

// `create_table` (a CREATE TABLE statement as sqlite_schema keeps it) with every
// `CHECK (column IN (literal, ...))` written as `CHECK (column = literal OR ...)`, which means the
// same (NULL included). SQLite evaluates an IN list of three or more values by building a temporary
// b-tree on every INSERT and UPDATE that checks it; the comparisons cost nothing. Other CHECKs and
// other IN lists are left as they are.
std::string checkInListsAsComparisons(const std::string& create_table);

// The highest version recorded in the database (0 when none).
Result<int> schemaVersion(Connection& conn);

}  // namespace onedoor::sqlite
