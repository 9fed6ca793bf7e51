// Implementation of test_database.h.
#include "support/test_database.h"

#include <cstdlib>

#include "support/pg_cluster.h"

namespace onedoor::test {

bool testingOnPostgres() {
  const char* v = std::getenv("ONEDOOR_TEST_DB");
  return v != nullptr && std::string(v) == "postgresql";
}

std::string testDatabaseUrl(const std::filesystem::path& dir) {
  if (testingOnPostgres()) return PgCluster::instance().migratedDatabaseUrl();
  return "sqlite:" + (dir / "onedoor.db").string();
}

}  // namespace onedoor::test
