// The PostgreSQL Store: the shared group-commit machinery (sql/group_commit_store.h) over libpq
// connections. Several `onedoor serve` processes may share one database: every batch takes one
// cluster-wide advisory lock inside its transaction, so writers on all nodes take turns, the
// ledger stays one chain and a read-modify-write (calling the next ticket) can never interleave
// with another node's. Thread-safety: every public method is safe from any thread (see store.h).
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace onedoor::pg {

// Opens the database at `url` (postgresql://user@host:port/db), applies migrations and starts
// the writer. Fails fast (kUnavailable) when the server cannot be reached.
Result<std::unique_ptr<Store>> openPgStore(const std::string& url, const StoreOptions& options);

}  // namespace onedoor::pg
