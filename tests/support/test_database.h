// Which database a test runs on. The API tests (TestServer) and the CLI tests run on SQLite by
// default and on PostgreSQL when ONEDOOR_TEST_DB=postgresql (`make test` runs them both ways);
// the store contract suites always run on both.
#pragma once

#include <filesystem>
#include <string>

namespace onedoor::test {

// True when ONEDOOR_TEST_DB=postgresql.
bool testingOnPostgres();
// A fresh, empty database for one test: sqlite:DIR/onedoor.db, or a new migrated PostgreSQL
// database in the test cluster (support/pg_cluster.h).
std::string testDatabaseUrl(const std::filesystem::path& dir);

}  // namespace onedoor::test
