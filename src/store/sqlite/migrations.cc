// The SQLite schema as numbered migrations, and applyMigrations (see migrations.h).
// Thread-safety: as migrations.h.
#include "store/sqlite/migrations.h"

#include <cctype>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onedoor::sqlite {

namespace {

// v1: the foundation. STRICT tables so a wrong type is an error rather than silently stored;
// times are INTEGER epoch milliseconds (UTC). The events table is the ledger: triggers refuse
// UPDATE and DELETE, so even a bug in our own code cannot rewrite history through this schema.
constexpr const char* kV1 = R"sql(
CREATE TABLE departments (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL CHECK (length(name) > 0),
  parent_id INTEGER REFERENCES departments(id),
  level     TEXT NOT NULL CHECK (level IN ('district', 'street', 'community', 'office'))
) STRICT;
CREATE INDEX departments_by_parent ON departments(parent_id);

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE CHECK (length(username) > 0),
  display_name   TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'handler', 'clerk', 'operator')),
  password_hash  TEXT NOT NULL,
  department_id  INTEGER REFERENCES departments(id),
  backup_user_id INTEGER REFERENCES users(id),
  disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  presence       TEXT NOT NULL DEFAULT 'off' CHECK (presence IN ('on_duty', 'break', 'out', 'off')),
  created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX users_by_department ON users(department_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE events (
  seq       INTEGER PRIMARY KEY,
  at        INTEGER NOT NULL,
  actor     TEXT NOT NULL,
  type      TEXT NOT NULL,
  subject   TEXT NOT NULL,
  payload   TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_subject ON events(subject, seq);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'the ledger is append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'the ledger is append-only');
END;
)sql";

// v2: appeals. The citizen's phone stays in this table only (never in events); the reply is kept
// as JSON since it is read and written whole.
constexpr const char* kV2 = R"sql(
CREATE TABLE categories (
  code             TEXT PRIMARY KEY,
  name             TEXT NOT NULL CHECK (length(name) > 0),
  grp              TEXT NOT NULL,
  pinyin           TEXT NOT NULL,
  keywords         TEXT NOT NULL,
  department_id    INTEGER NOT NULL REFERENCES departments(id),
  urgent           INTEGER NOT NULL CHECK (urgent IN (0, 1)),
  response_limit   INTEGER NOT NULL CHECK (response_limit > 0),
  resolution_limit INTEGER NOT NULL CHECK (resolution_limit > 0),
  active           INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT, WITHOUT ROWID;

CREATE TABLE routing_rules (
  id            INTEGER PRIMARY KEY,
  category      TEXT NOT NULL REFERENCES categories(code),
  area          TEXT NOT NULL,
  department_id INTEGER NOT NULL REFERENCES departments(id),
  UNIQUE (category, area)
) STRICT;

CREATE TABLE appeals (
  id               INTEGER PRIMARY KEY,
  tracking_code    TEXT NOT NULL UNIQUE,
  secret_hash      TEXT NOT NULL,
  channel          TEXT NOT NULL CHECK (channel IN ('web', 'hotline', 'mailbox', 'field', 'open311')),
  category         TEXT NOT NULL REFERENCES categories(code),
  title            TEXT NOT NULL,
  text             TEXT NOT NULL,
  address          TEXT NOT NULL,
  lat              REAL,
  lng              REAL,
  phone            TEXT NOT NULL,
  citizen_name     TEXT NOT NULL,
  area             TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('received', 'assigned', 'accepted', 'replied', 'closed')),
  department_id    INTEGER NOT NULL REFERENCES departments(id),
  handler_id       INTEGER REFERENCES users(id),
  created_at       INTEGER NOT NULL,
  created_by       INTEGER NOT NULL,
  response_due     INTEGER NOT NULL,
  resolution_due   INTEGER NOT NULL,
  accepted_at      INTEGER,
  replied_at       INTEGER,
  closed_at        INTEGER,
  transfers        INTEGER NOT NULL,
  assignment_final INTEGER NOT NULL CHECK (assignment_final IN (0, 1)),
  reopen_count     INTEGER NOT NULL,
  escalation_level INTEGER NOT NULL,
  reply            TEXT,
  confirm_due      INTEGER NOT NULL,
  resolved         INTEGER CHECK (resolved IN (0, 1)),
  rating           INTEGER CHECK (rating BETWEEN 1 AND 5),
  verdict_comment  TEXT NOT NULL,
  close_reason     TEXT NOT NULL
) STRICT;
CREATE INDEX appeals_by_department ON appeals(department_id, state, resolution_due);
CREATE INDEX appeals_by_state ON appeals(state, resolution_due);
CREATE INDEX appeals_by_created ON appeals(created_at);
)sql";

// v3: rectifications (整改) opened by bad ratings, closed by a recorded follow-up call (回访).
constexpr const char* kV3 = R"sql(
CREATE TABLE rectifications (
  id                INTEGER PRIMARY KEY,
  appeal_id         INTEGER NOT NULL REFERENCES appeals(id),
  rating            INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment           TEXT NOT NULL,
  opened_at         INTEGER NOT NULL,
  due               INTEGER NOT NULL,
  done              INTEGER NOT NULL CHECK (done IN (0, 1)),
  followup_at       INTEGER,
  followup_by       INTEGER NOT NULL,
  followup_note     TEXT NOT NULL,
  citizen_satisfied INTEGER CHECK (citizen_satisfied IN (0, 1))
) STRICT;
CREATE INDEX rectifications_open ON rectifications(done, due);
)sql";

// v4: photos sent with an appeal (kept in the database so every node sees them and backups hold
// them), and the count of resolution deadlines missed before a reopen (escalation memory).
constexpr const char* kV4 = R"sql(
ALTER TABLE appeals ADD COLUMN missed_deadlines INTEGER NOT NULL DEFAULT 0;
CREATE TABLE appeal_photos (
  id         INTEGER PRIMARY KEY,
  appeal_id  INTEGER NOT NULL REFERENCES appeals(id),
  mime       TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
  size       INTEGER NOT NULL,
  hash       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  bytes      BLOB NOT NULL
) STRICT;
CREATE INDEX appeal_photos_by_appeal ON appeal_photos(appeal_id);
)sql";

// v5: Open311. API keys of outside clients (hashed; revoked ones kept), the client that filed an
// appeal, the extra questions of a category (service definition attributes) and what a client sent
// beyond the appeal's own fields. 
constexpr const char* kV5 = R"sql(
CREATE TABLE api_keys (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL CHECK (length(name) > 0),
  key_hash   TEXT NOT NULL UNIQUE,
  key_prefix TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at INTEGER
) STRICT;

ALTER TABLE appeals ADD COLUMN api_key_id INTEGER REFERENCES api_keys(id);

CREATE TABLE category_attributes (
  category             TEXT NOT NULL REFERENCES categories(code),
  code                 TEXT NOT NULL CHECK (length(code) > 0),
  ord                  INTEGER NOT NULL,
  variable             INTEGER NOT NULL CHECK (variable IN (0, 1)),
  datatype             TEXT NOT NULL CHECK (datatype IN ('string', 'number', 'datetime', 'text',
                                                         'singlevaluelist', 'multivaluelist')),
  required             INTEGER NOT NULL CHECK (required IN (0, 1)),
  datatype_description TEXT NOT NULL,
  description          TEXT NOT NULL,
  vals                 TEXT NOT NULL,
  PRIMARY KEY (category, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE open311_submissions (
  appeal_id  INTEGER PRIMARY KEY REFERENCES appeals(id),
  email      TEXT NOT NULL,
  device_id  TEXT NOT NULL,
  account_id TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name  TEXT NOT NULL,
  media_url  TEXT NOT NULL,
  address_id TEXT NOT NULL,
  attributes TEXT NOT NULL
) STRICT;

CREATE INDEX events_by_time ON events(at);
)sql";

// v6: the live service hall (issue 4): halls, their services, windows, staff skills, tickets and
// ratings. Rectifications are generalised: a bad hall rating opens one too, so appeal_id becomes
// nullable and a source (appeal | hall) and ticket_id are added (SQLite cannot drop NOT NULL, hence
// the rebuild; ids are kept).
constexpr const char* kV6 = R"sql(
CREATE TABLE rectifications_v6 (
  id                INTEGER PRIMARY KEY,
  source            TEXT NOT NULL DEFAULT 'appeal' CHECK (source IN ('appeal', 'hall')),
  appeal_id         INTEGER REFERENCES appeals(id),
  ticket_id         INTEGER,
  rating            INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment           TEXT NOT NULL,
  opened_at         INTEGER NOT NULL,
  due               INTEGER NOT NULL,
  done              INTEGER NOT NULL CHECK (done IN (0, 1)),
  followup_at       INTEGER,
  followup_by       INTEGER NOT NULL,
  followup_note     TEXT NOT NULL,
  citizen_satisfied INTEGER CHECK (citizen_satisfied IN (0, 1)),
  CHECK ((source = 'appeal' AND appeal_id IS NOT NULL) OR (source = 'hall' AND ticket_id IS NOT NULL))
) STRICT;
INSERT INTO rectifications_v6(id, source, appeal_id, ticket_id, rating, comment, opened_at, due, done, followup_at,
                              followup_by, followup_note, citizen_satisfied)
  SELECT id, 'appeal', appeal_id, NULL, rating, comment, opened_at, due, done, followup_at, followup_by,
         followup_note, citizen_satisfied FROM rectifications;
DROP TABLE rectifications;
ALTER TABLE rectifications_v6 RENAME TO rectifications;
CREATE INDEX rectifications_open ON rectifications(done, due);

CREATE TABLE halls (
  id                 INTEGER PRIMARY KEY,
  code               TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  name               TEXT NOT NULL CHECK (length(name) > 0),
  target_p95_min     REAL NOT NULL CHECK (target_p95_min > 0),
  no_show_recalls    INTEGER NOT NULL CHECK (no_show_recalls >= 0),
  notify_ahead       INTEGER NOT NULL CHECK (notify_ahead >= 0),
  staff_away_max_min INTEGER NOT NULL CHECK (staff_away_max_min > 0),
  version            INTEGER NOT NULL,
  glass_door_day     INTEGER NOT NULL,
  glass_door_min     REAL NOT NULL,
  glass_door_at      INTEGER NOT NULL,
  glass_door_count   INTEGER NOT NULL
) STRICT;

CREATE TABLE hall_services (
  id               INTEGER PRIMARY KEY,
  hall_id          INTEGER NOT NULL REFERENCES halls(id),
  code             TEXT NOT NULL CHECK (length(code) > 0),
  name             TEXT NOT NULL CHECK (length(name) > 0),
  prefix           TEXT NOT NULL CHECK (length(prefix) > 0),
  mean_service_min REAL NOT NULL CHECK (mean_service_min > 0),
  next_number      INTEGER NOT NULL,
  number_day       INTEGER NOT NULL,
  UNIQUE (hall_id, code)
) STRICT;

CREATE TABLE hall_windows (
  id            INTEGER PRIMARY KEY,
  hall_id       INTEGER NOT NULL REFERENCES halls(id),
  number        INTEGER NOT NULL CHECK (number > 0),
  name          TEXT NOT NULL,
  skills        TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('open', 'shut', 'paused')),
  staff_user_id INTEGER REFERENCES users(id),
  idle_since    INTEGER NOT NULL,
  away_since    INTEGER,
  UNIQUE (hall_id, number)
) STRICT;
CREATE UNIQUE INDEX hall_windows_staff ON hall_windows(staff_user_id) WHERE staff_user_id IS NOT NULL;

CREATE TABLE hall_staff_skills (
  hall_id  INTEGER NOT NULL REFERENCES halls(id),
  user_id  INTEGER NOT NULL REFERENCES users(id),
  services TEXT NOT NULL,
  PRIMARY KEY (hall_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE tickets (
  id                 INTEGER PRIMARY KEY,
  hall_id            INTEGER NOT NULL REFERENCES halls(id),
  public_code        TEXT NOT NULL UNIQUE,
  number             TEXT NOT NULL,
  service            TEXT NOT NULL,
  services_left      TEXT NOT NULL,
  priority           TEXT NOT NULL CHECK (priority IN ('normal', 'elderly', 'disabled', 'pregnant', 'military')),
  state              TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'finished', 'no_show', 'cancelled')),
  arrival            INTEGER NOT NULL,
  issued_at          INTEGER NOT NULL,
  appointment        INTEGER,
  window_id          INTEGER REFERENCES hall_windows(id),
  redirect_window_id INTEGER REFERENCES hall_windows(id),
  called_at          INTEGER,
  started_at         INTEGER,
  finished_at        INTEGER,
  recalls            INTEGER NOT NULL,
  channel            TEXT NOT NULL CHECK (channel IN ('kiosk', 'remote', 'appointment')),
  phone              TEXT NOT NULL,
  notified           INTEGER NOT NULL CHECK (notified IN (0, 1))
) STRICT;
CREATE INDEX tickets_live ON tickets(hall_id, state) WHERE state IN ('waiting', 'called', 'serving');
CREATE INDEX tickets_by_window ON tickets(window_id, finished_at);

CREATE TABLE ticket_ratings (
  ticket_id     INTEGER PRIMARY KEY REFERENCES tickets(id),
  rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment       TEXT NOT NULL,
  at            INTEGER NOT NULL,
  window_id     INTEGER,
  staff_user_id INTEGER
) STRICT;
)sql";

// v7: matters (事项) with drafts and published versions, the jargon list of the plain-language
// checker, and applications (办件) with their one-time notifications and on-site visits (issue 6).
// A matter's content is one JSON document (the contract's shape); what is searched or indexed
// (code, department, state, finished_at, trips…) is a column.
constexpr const char* kV7 = R"sql(
CREATE TABLE matters (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  name            TEXT NOT NULL,
  department_id   INTEGER NOT NULL REFERENCES departments(id),
  draft           TEXT NOT NULL,
  draft_dirty     INTEGER NOT NULL CHECK (draft_dirty IN (0, 1)),
  current_version INTEGER NOT NULL DEFAULT 0 CHECK (current_version >= 0),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE matter_versions (
  matter_id    INTEGER NOT NULL REFERENCES matters(id),
  version      INTEGER NOT NULL CHECK (version > 0),
  body         TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  published_by INTEGER NOT NULL,
  PRIMARY KEY (matter_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE jargon_lists (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  saved_at INTEGER NOT NULL
) STRICT;

CREATE TABLE jargon_terms (
  ord   INTEGER PRIMARY KEY,
  term  TEXT NOT NULL UNIQUE CHECK (length(term) > 0),
  plain TEXT NOT NULL
) STRICT;

CREATE TABLE applications (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  matter_id        INTEGER NOT NULL REFERENCES matters(id),
  matter_version   INTEGER NOT NULL,
  department_id    INTEGER NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('prechecked', 'submitted', 'accepted', 'missing_materials',
                                                  'approved', 'rejected', 'done')),
  applicant_name   TEXT NOT NULL,
  applicant_phone  TEXT NOT NULL,
  appointment_code TEXT NOT NULL,
  have             TEXT NOT NULL,
  missing          TEXT NOT NULL,
  trips            INTEGER NOT NULL CHECK (trips >= 0),
  promised_trips   INTEGER NOT NULL CHECK (promised_trips IN (0, 1)),
  violations       INTEGER NOT NULL CHECK (violations >= 0),
  submitted_at     INTEGER NOT NULL,
  accepted_at      INTEGER,
  due              INTEGER,
  finished_at      INTEGER,
  reason           TEXT NOT NULL,
  created_by       INTEGER NOT NULL
) STRICT;
CREATE INDEX applications_by_matter ON applications(matter_id, submitted_at);
CREATE INDEX applications_by_state ON applications(state, submitted_at);
CREATE INDEX applications_finished ON applications(finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE application_notifications (
  application_id INTEGER NOT NULL REFERENCES applications(id),
  seq            INTEGER NOT NULL,
  at             INTEGER NOT NULL,
  items          TEXT NOT NULL,
  new_items      TEXT NOT NULL,
  violation      INTEGER NOT NULL CHECK (violation IN (0, 1)),
  by_user        INTEGER NOT NULL,
  PRIMARY KEY (application_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE application_visits (
  application_id INTEGER NOT NULL REFERENCES applications(id),
  seq            INTEGER NOT NULL,
  at             INTEGER NOT NULL,
  purpose        TEXT NOT NULL,
  have           TEXT NOT NULL,
  by_user        INTEGER NOT NULL,
  PRIMARY KEY (application_id, seq)
) STRICT, WITHOUT ROWID;
)sql";

// v8: appointments (预约) for hall services, and each service's places per half-hour slot. The
// partial index serves the capacity count the writer runs before every booking. matter_id has no
// foreign key: matters live in their own migration and a matter's versions share its id.
constexpr const char* kV8 = R"sql(
CREATE TABLE appointments (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE CHECK (length(code) > 0),
  matter_id        INTEGER NOT NULL,
  hall_id          INTEGER NOT NULL REFERENCES halls(id),
  service_code     TEXT NOT NULL,
  slot_start       INTEGER NOT NULL,
  slot_end         INTEGER NOT NULL CHECK (slot_end > slot_start),
  name             TEXT NOT NULL,
  phone            TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('booked', 'cancelled', 'checked_in', 'missed')),
  ticket_id        INTEGER REFERENCES tickets(id),
  reminder_due     INTEGER NOT NULL,
  reminder_sent_at INTEGER,
  created_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX appointments_by_slot ON appointments(hall_id, service_code, slot_start)
  WHERE state IN ('booked', 'checked_in');
CREATE INDEX appointments_reminders ON appointments(reminder_due)
  WHERE state = 'booked' AND reminder_sent_at IS NULL;

CREATE TABLE appointment_capacity (
  hall_id      INTEGER NOT NULL REFERENCES halls(id),
  service_code TEXT NOT NULL,
  capacity     INTEGER NOT NULL DEFAULT 4 CHECK (capacity >= 0),
  PRIMARY KEY (hall_id, service_code)
) STRICT, WITHOUT ROWID;
)sql";

// v9: hall settings edited by admins: priority-class weights and the clerks' weekly shifts.
constexpr const char* kV9 = R"sql(
CREATE TABLE hall_priority_weights (
  hall_id        INTEGER NOT NULL REFERENCES halls(id),
  priority_class TEXT NOT NULL CHECK (priority_class IN ('normal', 'elderly', 'disabled', 'pregnant', 'military')),
  weight         INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 10),
  PRIMARY KEY (hall_id, priority_class)
) STRICT, WITHOUT ROWID;

CREATE TABLE hall_shifts (
  id            INTEGER PRIMARY KEY,
  hall_id       INTEGER NOT NULL REFERENCES halls(id),
  user_id       INTEGER NOT NULL REFERENCES users(id),
  weekdays      TEXT NOT NULL,
  start_min     INTEGER NOT NULL CHECK (start_min >= 0 AND start_min < 1440),
  end_min       INTEGER NOT NULL CHECK (end_min > start_min AND end_min <= 1440),
  window_number INTEGER,
  services      TEXT NOT NULL
) STRICT;
CREATE INDEX hall_shifts_by_hall ON hall_shifts(hall_id, user_id);
)sql";

// v18: rate-limit token buckets for anonymous writes and SMS (issue 18; store/rate_buckets.h). One
// row per (kind, bucket): full_at is when the bucket is full again; a row past it means a full bucket
// and may be deleted. Numbered apart from other branches' migrations (versions may have gaps).
constexpr const char* kV18 = R"sql(
CREATE TABLE rate_buckets (
  kind    TEXT NOT NULL,
  bucket  TEXT NOT NULL,
  full_at INTEGER NOT NULL,
  PRIMARY KEY (kind, bucket)
) STRICT, WITHOUT ROWID;
CREATE INDEX rate_buckets_by_full_at ON rate_buckets(full_at);
CREATE INDEX tickets_by_phone ON tickets(hall_id, phone) WHERE phone <> '';
CREATE INDEX appointments_by_phone ON appointments(phone, slot_start);
)sql";

// v10: CHECK (x IN (...)) as comparisons (see checkInListsAsComparisons), in place: the
// documented way to change a CHECK constraint that every stored row already satisfies (sqlite.org,
// "ALTER TABLE", making other kinds of table schema changes) is to edit its text in sqlite_schema
// and bump the schema version, with no copy of the table. The new text is parsed again before the
// transaction commits, so a mistake rolls back instead of leaving an unreadable schema.
Status checksWithoutInLists(Connection& conn) {
  std::vector<std::pair<std::string, std::string>> rewritten;  // table, new CREATE TABLE
  {
    Result<Statement> tables = conn.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    if (!tables) return tables.status();
    for (;;) {
      Result<bool> row = tables->step();
      if (!row) return row.status();
      if (!*row) break;
      std::string sql = tables->columnText(1);
      std::string changed = checkInListsAsComparisons(sql);
      if (changed != sql) rewritten.emplace_back(tables->columnText(0), std::move(changed));
    }
  }
  if (rewritten.empty()) return Status::ok();
  Result<Statement> version = conn.prepare("PRAGMA schema_version");
  if (!version) return version.status();
  Result<bool> row = version->step();
  if (!row) return row.status();
  if (!*row) return internalError("数据库错误 / no schema version");
  const int64_t schema_version = version->columnInt(0);
  *version = Statement();
  Status s = conn.execScript("PRAGMA writable_schema = ON");
  for (const auto& [table, sql] : rewritten) {
    if (!s) break;
    Result<Statement> update = conn.prepare("UPDATE sqlite_schema SET sql = :sql WHERE type = 'table' AND name = :name");
    s = update ? update->bindText(":sql", sql).bindText(":name", table).run() : update.status();
  }
  if (s) s = conn.execScript("PRAGMA schema_version = " + std::to_string(schema_version + 1));
  Status off = conn.execScript("PRAGMA writable_schema = OFF");
  if (!s) return s;
  if (!off) return off;
  // Parses the whole schema again: an error here rolls the migration back.
  return conn.execScript("SELECT count(*) FROM sqlite_schema");
}

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kAll = {
      {1, kV1},
      {2, kV2},
      {3, kV3},
      {4, kV4},
      {5, kV5},
      {6, kV6},
      {7, kV7},
      {8, kV8},
      {9, kV9},
      {10, "", checksWithoutInLists},
      {18, kV18},
  };
  return kAll;
}

std::string checkInListsAsComparisons(const std::string& create_table) {
  static constexpr std::string_view kCheck = "CHECK (";
  std::string out;
  size_t copied = 0;
  for (size_t at = create_table.find(kCheck); at != std::string::npos; at = create_table.find(kCheck, at + 1)) {
    // CHECK (<column> IN (<literal>, ...)): anything else is left alone.
    size_t i = at + kCheck.size();
    const size_t column_start = i;
    while (i < create_table.size() && (std::isalnum(static_cast<unsigned char>(create_table[i])) || create_table[i] == '_')) ++i;
    const std::string column = create_table.substr(column_start, i - column_start);
    static constexpr std::string_view kIn = " IN (";
    if (column.empty() || create_table.compare(i, kIn.size(), kIn) != 0) continue;
    i += kIn.size();
    std::vector<std::string> literals;
    bool well_formed = false;
    for (;;) {
      while (i < create_table.size() && std::isspace(static_cast<unsigned char>(create_table[i]))) ++i;
      const size_t literal_start = i;
      if (i < create_table.size() && create_table[i] == '\'') {
        for (++i; i < create_table.size(); ++i) {
          if (create_table[i] != '\'') continue;
          if (i + 1 < create_table.size() && create_table[i + 1] == '\'') {  // '' inside a string
            ++i;
            continue;
          }
          break;
        }
        if (i >= create_table.size()) break;
        ++i;  // past the closing quote
      } else {
        if (i < create_table.size() && create_table[i] == '-') ++i;
        while (i < create_table.size() && std::isdigit(static_cast<unsigned char>(create_table[i]))) ++i;
      }
      if (i == literal_start || (i == literal_start + 1 && create_table[literal_start] == '-')) break;
      literals.push_back(create_table.substr(literal_start, i - literal_start));
      while (i < create_table.size() && std::isspace(static_cast<unsigned char>(create_table[i]))) ++i;
      if (i < create_table.size() && create_table[i] == ',') {
        ++i;
        continue;
      }
      well_formed = create_table.compare(i, 2, "))") == 0;
      break;
    }
    if (!well_formed) continue;
    std::string comparisons;
    for (const std::string& literal : literals) {
      if (!comparisons.empty()) comparisons += " OR ";
      comparisons += column + " = " + literal;
    }
    out.append(create_table, copied, at + kCheck.size() - copied);
    out += comparisons;
    copied = i + 1;  // the CHECK's own closing parenthesis stays
    at = i;
  }
  out.append(create_table, copied, std::string::npos);
  return out;
}

Result<int> schemaVersion(Connection& conn) {
  Result<Statement> st = conn.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!st) return st.status();
  Result<bool> row = st->step();
  if (!row) return row.status();
  return static_cast<int>(st->columnInt(0));
}

// The versions recorded as applied, ascending.
static Result<std::vector<int>> appliedVersions(Connection& conn) {
  Result<Statement> st = conn.prepare("SELECT version FROM schema_migrations ORDER BY version");
  if (!st) return st.status();
  std::vector<int> out;
  for (;;) {
    Result<bool> row = st->step();
    if (!row) return row.status();
    if (!*row) return out;
    out.push_back(static_cast<int>(st->columnInt(0)));
  }
}

Status applyMigrations(Connection& conn) {
  Status s = conn.execScript(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT");
  if (!s) return s;
  // IMMEDIATE: two processes opening a new database at once must not both apply v1.
  s = conn.run("BEGIN IMMEDIATE");
  if (!s) return s;
  auto fail = [&](Status err) {
    conn.execScript("ROLLBACK");
    return err;
  };
  Result<std::vector<int>> applied = appliedVersions(conn);
  if (!applied) return fail(applied.status());
  // A version we do not know was written by a newer onedoor: refuse rather than guess.
  for (int v : *applied) {
    bool known = false;
    for (const Migration& m : migrations()) known = known || m.version == v;
    if (!known) {
      return fail(internalError("数据库版本高于本程序 / database schema v" + std::to_string(v) +
                                " is unknown to this onedoor (newer?)"));
    }
  }
  // Every known migration not yet recorded runs, in version order. Versions may have gaps (branches
  // number their migrations apart), and a lower version merged later still runs on a database that
  // already has a higher one: applied-ness is per version, not "everything up to the maximum".
  for (const Migration& m : migrations()) {
    bool done = false;
    for (int v : *applied) done = done || v == m.version;
    if (done) continue;
    s = conn.execScript(m.sql);
    if (s && m.code != nullptr) s = m.code(conn);
    if (!s) return fail(s);
    Result<Statement> ins =
        conn.prepare("INSERT INTO schema_migrations(version, applied_at) VALUES (:version, :at)");
    if (!ins) return fail(ins.status());
    s = ins->bindInt(":version", m.version).bindInt(":at", nowMs()).run();
    if (!s) return fail(s);
  }
  s = conn.run("COMMIT");
  if (!s) return fail(s);
  return Status::ok();
}

}  // namespace onedoor::sqlite
