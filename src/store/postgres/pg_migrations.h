// Numbered schema migrations of the PostgreSQL backend and the code that applies them.
// Thread-safety: applyMigrations uses the one Connection it is given. Several processes (or
// threads with their own connections) may run it at once on one database: an advisory lock
// serialises them.
#pragma once

#include <vector>

#include "core/result.h"
#include "store/postgres/pg_connection.h"

namespace onedoor::pg {

struct Migration {
  int version;      // ascending, gaps allowed; never renumber or edit one that has shipped
  const char* sql;  // one or more statements, no parameters
};

// All migrations, ascending by version. v1 is the SQLite schema as of its v9; a later SQLite
// migration is ported as the next version here (the numbers of the two backends are apart).
const std::vector<Migration>& migrations();

// Applies every migration not yet recorded in schema_migrations, in version order, each in its own
// transaction with its record, all under a session advisory lock (two nodes starting at once do
// not race). Idempotent. Refuses a database with a version this binary does not know.
Status applyMigrations(Connection& conn);

// The highest version recorded in the database (0 when none).
Result<int> schemaVersion(Connection& conn);

}  // namespace onedoor::pg
