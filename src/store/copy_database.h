// `onedoor migrate-db`: moving a centre from the embedded SQLite file to PostgreSQL (or between
// any two databases of ours). Every table is copied row by row with its ids, in an order that
// satisfies the foreign keys, inside one transaction on the target; identity sequences are moved
// past the copied ids; then the ledger is verified on both sides and must end in the same event.
// Thread-safety: none needed (a command-line operation; the source must not be written meanwhile).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace onedoor {

struct CopyReport {
  struct Table {
    std::string name;
    int64_t rows = 0;
  };
  std::vector<Table> tables;  // in copy order
  int64_t events = 0;         // ledger events, verified on both sides
  std::string last_hash;      // the chain's last hash, the same on both sides
};

// Copies `from_url` into `to_url` (both as openStore takes them). The target gets our migrations
// first and must hold no data (kConflict otherwise); the schemas must agree table by table and
// column by column (kInvalid otherwise: upgrade the source first). On any error the target is left
// as it was (one transaction).
Result<CopyReport> copyDatabase(const std::string& from_url, const std::string& to_url);

}  // namespace onedoor
