// Implementation of secret_key_binding.h.
#include "services/secret_key_binding.h"

#include <nlohmann/json.hpp>

#include "appeals/secret.h"

namespace onedoor::services {

namespace {

// Rewrites every appeal whose secret hash is still unkeyed; returns how many. Pages by offset:
// the updates leave the listing order (deadline, id) as it was.
Result<int64_t> upgradeLegacySecrets(WriteTx& tx, const SecretKey& key) {
  int64_t upgraded = 0;
  AppealQuery q;
  q.limit = 500;
  for (;; q.offset += q.limit) {
    auto page = tx.listAppeals(q);
    for (auto& a : page) {
      auto keyed = appeals::legacyHashUpgrade(key, a.secret_hash);
      if (!keyed) continue;
      a.secret_hash = std::move(*keyed);
      if (Status st = tx.updateAppeal(a); !st) return st;
      ++upgraded;
    }
    if (static_cast<int64_t>(page.size()) < q.limit) return upgraded;
  }
}

}  // namespace

Status bindSecretKey(Store& store, const SecretKey& key, int64_t now) {
  const std::string fingerprint = key.fingerprint();
  return store.write([&](WriteTx& tx) -> Status {
    // Under the writer's lock (PostgreSQL: the advisory lock), so two nodes starting together bind once.
    auto bound = tx.eventsBySubject(kSecretKeySubject);
    if (!bound.empty()) {
      auto payload = nlohmann::json::parse(bound.back().payload_json, nullptr, false);
      if (payload.is_object() && payload.value("fingerprint", "") == fingerprint) return Status::ok();
      return {Code::kConflict,
              "数据库已绑定另一把服务器密钥（密钥文件丢失或与其他节点不同）。请用数据库备份时的那份密钥文件启动 / "
              "The database is bound to another server key (the key file was lost, or differs from the other "
              "nodes'). Start with the key file backed up with this database (DATA/secret.key or --secret-key-file)"};
    }
    auto upgraded = upgradeLegacySecrets(tx, key);
    if (!upgraded) return upgraded.status();
    nlohmann::json payload = {{"fingerprint", fingerprint}, {"legacy_secrets_upgraded", *upgraded}};
    auto ev = tx.appendEvent(EventDraft{now, "system", "server.key_bound", kSecretKeySubject, payload.dump()});
    return ev ? Status::ok() : ev.status();
  });
}

}  // namespace onedoor::services
