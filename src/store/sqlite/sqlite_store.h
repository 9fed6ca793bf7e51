// The SQLite Store: one writer thread with group commit, a pool of read-only connections.
// Thread-safety: every public method is safe from any thread (see store.h).
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace onedoor::sqlite {

// Opens (creating if needed) the database file at `path`, applies migrations and starts the writer.
// The parent directory must exist. Throws nothing; errors come back as Status.
Result<std::unique_ptr<Store>> openSqliteStore(const std::string& path, const StoreOptions& options);

// PRAGMA integrity_check of an existing OneDoor database, on a read-only connection (see
// checkDatabaseIntegrity in store.h).
Status checkSqliteIntegrity(const std::string& path);

}  // namespace onedoor::sqlite
