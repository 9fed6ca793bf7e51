#include "store/sql/ownership.h"

#include "store/store.h"

namespace onedoor::sql {

Result<DatabaseShape> inspectDatabase(Connection& conn) {
  const char* query =
      conn.dialect() == Dialect::kSqlite
          ? "SELECT count(*), coalesce(sum(name = 'schema_migrations'), 0) FROM sqlite_master "
            "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
          : "SELECT count(*), coalesce(sum(CASE WHEN table_name = 'schema_migrations' THEN 1 ELSE 0 END), 0) "
            "FROM information_schema.tables WHERE table_schema = current_schema()";
  Result<Statement> st = conn.prepare(query);
  if (!st) return st.status();
  Result<bool> row = st->step();
  if (!row) return row.status();
  DatabaseShape shape;
  if (!*row) return shape;
  shape.tables = st->columnInt(0);
  const bool has_migrations = st->columnInt(1) > 0;
  shape.kind = has_migrations ? DatabaseKind::kOurs : shape.tables == 0 ? DatabaseKind::kEmpty : DatabaseKind::kForeign;
  return shape;
}

Status checkOpenable(const DatabaseShape& shape, const StoreOptions& options, const std::string& where) {
  switch (shape.kind) {
    case DatabaseKind::kOurs:
      return Status::ok();
    case DatabaseKind::kEmpty:
      if (options.must_exist)
        return {Code::kNotFound, "这里没有 OneDoor 数据库（数据库是空的） / no OneDoor database at " + where + " (it is empty)"};
      return Status::ok();
    case DatabaseKind::kForeign:
      if (options.adopt) return Status::ok();
      return {Code::kConflict, "这不是 OneDoor 的数据库（有 " + std::to_string(shape.tables) +
                                   " 张别的表），未做任何改动；确要在其中建表请加 --init / " + where + " is not a OneDoor database (" +
                                   std::to_string(shape.tables) +
                                   " other tables, no schema_migrations); nothing was changed. Pass --init to add "
                                   "OneDoor's tables to it anyway"};
  }
  return Status::ok();
}

}  // namespace onedoor::sql
