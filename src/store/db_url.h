// The database URLs every command takes (--db): "sqlite:PATH" or "postgresql://…". Parsed in one
// place for openStore and for the database copy.
#pragma once

#include <string>

#include "core/result.h"

namespace onedoor {

bool isPostgresUrl(const std::string& url);  // postgresql:// or postgres://
// The file path of an sqlite: URL (sqlite:PATH, sqlite:///abs/path); kInvalid for anything else.
Result<std::string> sqlitePathOf(const std::string& url);

}  // namespace onedoor
