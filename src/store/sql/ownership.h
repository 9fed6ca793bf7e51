// Whether a database is OneDoor's, looked at before anything is written to it (issue 20): a
// read-only command must never create a database, and `serve` must not add its tables to someone
// else's. Pure SQL on one connection; any thread that owns the connection.
#pragma once

#include <string>

#include "core/result.h"
#include "store/sql/statement.h"

namespace onedoor {
struct StoreOptions;
}

namespace onedoor::sql {

enum class DatabaseKind {
  kEmpty,    // no tables at all: a new database
  kOurs,     // has schema_migrations
  kForeign,  // has tables, none of them schema_migrations
};

struct DatabaseShape {
  DatabaseKind kind = DatabaseKind::kEmpty;
  int64_t tables = 0;
};

Result<DatabaseShape> inspectDatabase(Connection& conn);

// Refuses what `options` does not allow: an empty database when it must exist, a foreign one
// unless adopted (--init). `where` names the database in the message.
Status checkOpenable(const DatabaseShape& shape, const StoreOptions& options, const std::string& where);

}  // namespace onedoor::sql
