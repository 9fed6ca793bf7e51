// Numbered schema migrations of the SQLite backend and the code that applies them at open.
// Thread-safety: applyMigrations uses the one Connection it is given; call it before sharing it.
#pragma once

#include <vector>

#include "core/result.h"
#include "store/sqlite/connection.h"

namespace onedoor::sqlite {

struct Migration {
  int version;      // 1, 2, 3, ... in order; never renumber or edit one that has shipped
  const char* sql;  // one or more statements
};

// All migrations, ascending by version.
const std::vector<Migration>& migrations();

// Applies every migration newer than the database's version, in order, in one IMMEDIATE
// transaction (all or nothing), recording each in schema_migrations. Idempotent. Refuses a
// database whose version is newer than this binary knows.
Status applyMigrations(Connection& conn);

// The highest version recorded in the database (0 when none).
Result<int> schemaVersion(Connection& conn);

}  // namespace onedoor::sqlite
