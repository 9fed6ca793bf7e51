// The SQL behind the Open311 parts of Reader and WriteTx for both backends: API keys,
// category attributes (service definitions) and what a client sent with a request.
// Thread-safety: as tx.h.
#include <nlohmann/json.hpp>

#include "store/sql/rows.h"
#include "store/sql/tx.h"

namespace onedoor::sql {

using nlohmann::json;

namespace {

constexpr const char* kKeyCols = "id, name, key_hash, key_prefix, created_at, created_by, revoked_at";
constexpr const char* kAttrCols =
    "category, code, ord, variable, datatype, required, datatype_description, description, vals";
constexpr const char* kSubmissionCols =
    "appeal_id, email, device_id, account_id, first_name, last_name, media_url, address_id, attributes";

ApiKey keyFrom(const Statement& st) {
  ApiKey k;
  k.id = st.columnInt(0);
  k.name = st.columnText(1);
  k.key_hash = st.columnText(2);
  k.key_prefix = st.columnText(3);
  k.created_at = st.columnInt(4);
  k.created_by = st.columnText(5);
  k.revoked_at = st.columnOptInt(6);
  return k;
}

appeals::CategoryAttribute attrFrom(const Statement& st) {
  appeals::CategoryAttribute a;
  a.category = st.columnText(0);
  a.code = st.columnText(1);
  a.order = static_cast<int>(st.columnInt(2));
  a.variable = st.columnInt(3) != 0;
  a.datatype = st.columnText(4);
  a.required = st.columnInt(5) != 0;
  a.datatype_description = st.columnText(6);
  a.description = st.columnText(7);
  json vals = json::parse(st.columnText(8), nullptr, false);
  if (vals.is_array()) {
    for (const auto& v : vals) {
      if (v.is_object()) a.values.emplace_back(v.value("key", ""), v.value("name", ""));
    }
  }
  return a;
}

Open311Submission submissionFrom(const Statement& st) {
  Open311Submission s;
  s.appeal_id = st.columnInt(0);
  s.email = st.columnText(1);
  s.device_id = st.columnText(2);
  s.account_id = st.columnText(3);
  s.first_name = st.columnText(4);
  s.last_name = st.columnText(5);
  s.media_url = st.columnText(6);
  s.address_id = st.columnText(7);
  s.attributes_json = st.columnText(8);
  return s;
}

}  // namespace

template <class Base>
std::vector<ApiKey> ReaderImpl<Base>::listApiKeys() {
  static const std::string kSql = std::string("SELECT ") + kKeyCols + " FROM api_keys ORDER BY id";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  return allRows<ApiKey>(st, keyFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<ApiKey> ReaderImpl<Base>::apiKeyById(int64_t id) {
  static const std::string kSql = std::string("SELECT ") + kKeyCols + " FROM api_keys WHERE id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":id", id);
  return oneRow<ApiKey>(st, keyFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<ApiKey> ReaderImpl<Base>::apiKeyByHash(const std::string& key_hash) {
  static const std::string kSql = std::string("SELECT ") + kKeyCols + " FROM api_keys WHERE key_hash = :h";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindText(":h", key_hash);
  return oneRow<ApiKey>(st, keyFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::vector<appeals::CategoryAttribute> ReaderImpl<Base>::listCategoryAttributes(const std::string& category) {
  static const std::string kSql =
      std::string("SELECT ") + kAttrCols + " FROM category_attributes WHERE category = :c ORDER BY ord, code";
  ONEDOOR_READ_PREPARE(st, kSql, {});
  st.bindText(":c", category);
  return allRows<appeals::CategoryAttribute>(st, attrFrom, [this](Status s) { fail(std::move(s)); });
}

template <class Base>
std::optional<Open311Submission> ReaderImpl<Base>::open311Submission(int64_t appeal_id) {
  static const std::string kSql =
      std::string("SELECT ") + kSubmissionCols + " FROM open311_submissions WHERE appeal_id = :id";
  ONEDOOR_READ_PREPARE(st, kSql, std::nullopt);
  st.bindInt(":id", appeal_id);
  return oneRow<Open311Submission>(st, submissionFrom, [this](Status s) { fail(std::move(s)); });
}

#define ONEDOOR_INSTANTIATE(Base)                                                                          \
  template std::vector<ApiKey> ReaderImpl<Base>::listApiKeys();                                      \
  template std::optional<ApiKey> ReaderImpl<Base>::apiKeyById(int64_t);                              \
  template std::optional<ApiKey> ReaderImpl<Base>::apiKeyByHash(const std::string&);                 \
  template std::vector<appeals::CategoryAttribute> ReaderImpl<Base>::listCategoryAttributes(         \
      const std::string&);                                                                                 \
  template std::optional<Open311Submission> ReaderImpl<Base>::open311Submission(int64_t);
ONEDOOR_INSTANTIATE(Reader)
ONEDOOR_INSTANTIATE(WriteTx)
#undef ONEDOOR_INSTANTIATE

Result<int64_t> WriteTxImpl::insertApiKey(const ApiKey& k) {
  if (k.name.empty()) return invalid("客户端名称不能为空 / the client name is required", "name");
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO api_keys(name, key_hash, key_prefix, created_at, created_by, revoked_at) "
                        "VALUES (:name, :hash, :prefix, :at, :by, :revoked) ON CONFLICT DO NOTHING RETURNING id");
  Result<int64_t> id = st.bindText(":name", k.name)
                 .bindText(":hash", k.key_hash)
                 .bindText(":prefix", k.key_prefix)
                 .bindInt(":at", k.created_at)
                 .bindText(":by", k.created_by)
                 .bindOptInt(":revoked", k.revoked_at)
                 .runReturningId();
  Status s = id.status();
  if (s.code() == Code::kConflict) return conflict("密钥重复 / this key already exists");
  if (!s) return check(s);
  return *id;
}

Status WriteTxImpl::revokeApiKey(int64_t id, int64_t at) {
  auto k = apiKeyById(id);
  if (!error().isOk()) return error();
  if (!k) return notFound("找不到该 API 密钥 / No such API key");
  if (k->revoked_at) return conflict("该密钥已经停用 / This key is already revoked");
  ONEDOOR_WRITE_PREPARE(st, "UPDATE api_keys SET revoked_at = :at WHERE id = :id");
  return check(st.bindInt(":at", at).bindInt(":id", id).run());
}

Status WriteTxImpl::upsertCategoryAttribute(const appeals::CategoryAttribute& a) {
  if (a.code.empty()) return invalid("属性编码不能为空 / the attribute code is required", "code");
  json vals = json::array();
  for (const auto& [key, name] : a.values) vals.push_back({{"key", key}, {"name", name}});
  ONEDOOR_WRITE_PREPARE(st,
                        "INSERT INTO category_attributes(category, code, ord, variable, datatype, required, "
                        "datatype_description, description, vals) VALUES (:category, :code, :ord, :variable, "
                        ":datatype, :required, :dd, :description, :vals) ON CONFLICT(category, code) DO UPDATE SET "
                        "ord = excluded.ord, variable = excluded.variable, datatype = excluded.datatype, "
                        "required = excluded.required, datatype_description = excluded.datatype_description, "
                        "description = excluded.description, vals = excluded.vals");
  Status s = st.bindText(":category", a.category)
                 .bindText(":code", a.code)
                 .bindInt(":ord", a.order)
                 .bindInt(":variable", a.variable ? 1 : 0)
                 .bindText(":datatype", a.datatype)
                 .bindInt(":required", a.required ? 1 : 0)
                 .bindText(":dd", a.datatype_description)
                 .bindText(":description", a.description)
                 .bindText(":vals", vals.dump())
                 .run();
  if (s.code() == Code::kInvalid) return invalid("类别不存在或数据类型不正确 / unknown category or datatype", "category");
  return check(s);
}

Status WriteTxImpl::insertOpen311Submission(const Open311Submission& x) {
  static const std::string kSql = std::string("INSERT INTO open311_submissions(") + kSubmissionCols +
                                  ") VALUES (:appeal_id, :email, :device_id, :account_id, :first_name, :last_name, "
                                  ":media_url, :address_id, :attributes)";
  ONEDOOR_WRITE_PREPARE(st, kSql);
  Status s = st.bindInt(":appeal_id", x.appeal_id)
                 .bindText(":email", x.email)
                 .bindText(":device_id", x.device_id)
                 .bindText(":account_id", x.account_id)
                 .bindText(":first_name", x.first_name)
                 .bindText(":last_name", x.last_name)
                 .bindText(":media_url", x.media_url)
                 .bindText(":address_id", x.address_id)
                 .bindText(":attributes", x.attributes_json)
                 .run();
  if (s.code() == Code::kInvalid) return invalid("诉求不存在 / the appeal does not exist", "appeal_id");
  return check(s);
}

}  // namespace onedoor::sql
