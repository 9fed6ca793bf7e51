// Open311 GeoReport v2 over HTTP: every endpoint in XML (parsed by libxml2) and JSON (checked
// field by field against the spec's lists), every error case, API keys, and a round trip through
// the staff API. Also the XML writer, the form parser and W3C datetimes.
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <set>

#include "open311/georeport.h"
#include "open311/xml_writer.h"
#include "test_server.h"

using namespace onedoor;
using namespace onedoor::testing;
using bhttp::verb;
using json = nlohmann::ordered_json;  // Open311 field order matters

namespace {

// The field lists of GeoReport v2 (wiki.open311.org/GeoReport_v2), written down here.
const std::vector<std::string> kServiceFields = {"service_code", "service_name", "description", "metadata",
                                                 "type",         "keywords",     "group"};
const std::vector<std::string> kServiceRequired = {"service_code", "service_name", "metadata", "type"};
const std::vector<std::string> kAttributeFields = {"variable", "code",  "datatype",    "required",
                                                   "datatype_description", "order", "description", "values"};
const std::vector<std::string> kRequestFields = {
    "service_request_id", "status",           "status_notes",     "service_name",    "service_code",
    "description",        "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
    "expected_datetime",  "address",          "address_id",       "zipcode",         "lat",
    "long",               "media_url"};
const std::vector<std::string> kRequestRequired = {"service_request_id", "status", "service_code",
                                                   "requested_datetime"};
const std::vector<std::string> kPostFields = {"service_request_id", "token", "service_notice", "account_id"};
const std::vector<std::string> kTokenFields = {"service_request_id", "token"};
const std::vector<std::string> kErrorFields = {"code", "description"};
// FixMyStreet's servicerequestupdates.
const std::vector<std::string> kUpdateFields = {"update_id",   "service_request_id", "status", "updated_datetime",
                                                "description", "media_url",          "external_status_code"};

// A parsed XML element: name, text, children in order.
struct Node {
  std::string name;
  std::string text;
  std::vector<Node> children;
  const Node* child(const std::string& n) const {
    for (const auto& c : children) {
      if (c.name == n) return &c;
    }
    return nullptr;
  }
};

Node toNode(xmlNode* n) {
  Node out;
  out.name = reinterpret_cast<const char*>(n->name);
  for (xmlNode* c = n->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) out.children.push_back(toNode(c));
    else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
      out.text += reinterpret_cast<const char*>(c->content);
  }
  return out;
}

// Parses with libxml2 (no network, errors fatal) and checks the UTF-8 declaration.
std::optional<Node> parseXml(const std::string& body) {
  if (body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0) != 0) return std::nullopt;
  xmlDoc* doc = xmlReadMemory(body.data(), static_cast<int>(body.size()), "open311.xml", nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) return std::nullopt;
  std::string encoding = doc->encoding ? reinterpret_cast<const char*>(doc->encoding) : "";
  Node root = toNode(xmlDocGetRootElement(doc));
  xmlFreeDoc(doc);
  if (encoding != "UTF-8") return std::nullopt;
  return root;
}

std::string scalarText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_null()) return "";
  return v.dump();
}

// The XML element holds what the JSON object holds: same children, same order, same values.
void expectSame(const Node& x, const json& j, const std::string& where) {
  ASSERT_TRUE(j.is_object()) << where;
  ASSERT_EQ(x.children.size(), j.size()) << where;
  size_t i = 0;
  for (const auto& [k, v] : j.items()) {
    const Node& c = x.children[i++];
    EXPECT_EQ(c.name, k) << where;
    if (v.is_array()) {
      ASSERT_EQ(c.children.size(), v.size()) << where << "." << k;
      for (size_t n = 0; n < v.size(); ++n) {
        if (v[n].is_object()) expectSame(c.children[n], v[n], where + "." + k);
        else EXPECT_EQ(c.children[n].text, scalarText(v[n])) << where << "." << k;
      }
    } else if (v.is_object()) {
      expectSame(c, v, where + "." + k);
    } else {
      EXPECT_EQ(c.text, scalarText(v)) << where << "." << k;
    }
  }
}

// Every key is in the spec's list (in the list's order) and the required ones are there.
void expectFields(const json& item, const std::vector<std::string>& spec, const std::vector<std::string>& required = {}) {
  ASSERT_TRUE(item.is_object()) << item.dump();
  size_t pos = 0;
  for (const auto& [k, v] : item.items()) {
    auto it = std::find(spec.begin() + static_cast<long>(pos), spec.end(), k);
    ASSERT_NE(it, spec.end()) << "unexpected or out-of-order field " << k << " in " << item.dump();
    pos = static_cast<size_t>(it - spec.begin()) + 1;
  }
  for (const auto& r : required) {
    ASSERT_TRUE(item.contains(r)) << r;
    EXPECT_FALSE(item[r].is_null()) << r;
  }
}

bool isW3cDatetime(const json& v) {
  if (!v.is_string()) return false;
  std::string s = v;
  return s.size() == 25 && s[10] == 'T' && (s[19] == '+' || s[19] == '-') && s[22] == ':' &&
         open311::parseDatetime(s, 0).has_value();
}

std::string enc(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += "&";
    out += enc(k) + "=" + enc(v);
  }
  return out;
}

const std::map<std::string, std::string> kForm = {{"Content-Type", "application/x-www-form-urlencoded"}};

struct Client {
  TestServer& s;
  HttpResult get(const std::string& path) { return s.request(verb::get, "/open311/v2/" + path); }
  HttpResult post(const std::string& fmt, const std::vector<std::pair<std::string, std::string>>& fields) {
    return s.request(verb::post, "/open311/v2/requests." + fmt, form(fields), kForm);
  }
};

std::map<std::string, std::string> adminHeaders(TestServer& s) {
  auto [cookie, csrf] = s.login("admin");
  return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
}

std::string issueKey(TestServer& s, const std::string& name = "FixMyStreet 明湖") {
  auto r = s.request(verb::post, "/api/v1/api-keys", json{{"name", name}}.dump(), adminHeaders(s));
  EXPECT_EQ(r.status, 201u) << r.body;
  return r.ordered()["key"];
}

std::vector<std::pair<std::string, std::string>> leak(const std::string& key) {
  return {{"api_key", key},
          {"service_code", "housing.leak"},
          {"description", "楼上卫生间漏水 <已经三天> & 天花板在滴水"},
          {"lat", "29.8683"},
          {"long", "121.544"},
          {"address_string", "东湖街道柳岸小区 3 栋 402"},
          {"email", "citizen@example.org"},
          {"first_name", "小明"},
          {"last_name", "王"},
          {"media_url", "https://example.org/leak.jpg"},
          {"account_id", "fms-42"}};
}

// Checks an error answer in the given format: status, and the errors document with that code.
void expectError(const HttpResult& r, unsigned status, const std::string& fmt, const std::string& where) {
  EXPECT_EQ(r.status, status) << where << ": " << r.body;
  if (fmt == "json") {
    auto j = r.ordered();
    ASSERT_TRUE(j.is_array()) << where << ": " << r.body;
    ASSERT_EQ(j.size(), 1u) << where;
    expectFields(j[0], kErrorFields, kErrorFields);
    EXPECT_EQ(j[0]["code"], status) << where;
    EXPECT_FALSE(j[0]["description"].get<std::string>().empty()) << where;
  } else {
    auto x = parseXml(r.body);
    ASSERT_TRUE(x) << where << ": " << r.body;
    EXPECT_EQ(x->name, "errors");
    ASSERT_EQ(x->children.size(), 1u) << where;
    EXPECT_EQ(x->children[0].name, "error");
    ASSERT_NE(x->children[0].child("code"), nullptr);
    EXPECT_EQ(x->children[0].child("code")->text, std::to_string(status)) << where;
    ASSERT_NE(x->children[0].child("description"), nullptr);
  }
}

std::string inDays(int days) {
  time_t t = time(nullptr) + days * 24 * 3600;
  char buf[16];
  strftime(buf, sizeof buf, "%Y-%m-%d", gmtime(&t));
  return buf;
}

}  // namespace

// ---- pure parts ----

TEST(Open311Xml, WriterEscapesAndDeclaresUtf8) {
  open311::XmlWriter w;
  w.open("a");
  w.leaf("b", "x < y & \"q\" 'z' > 一扇门");
  w.leaf("c", std::string("bell\x07 bad\xff ok"));
  w.empty("d");
  std::string doc = w.finish();
  EXPECT_EQ(doc.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  EXPECT_NE(doc.find("<b>x &lt; y &amp; &quot;q&quot; &apos;z&apos; &gt; 一扇门</b>"), std::string::npos) << doc;
  EXPECT_NE(doc.find("<c>bell\xEF\xBF\xBD bad\xEF\xBF\xBD ok</c>"), std::string::npos) << doc;
  EXPECT_NE(doc.find("<d/>"), std::string::npos);
  auto parsed = parseXml(doc);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->child("b")->text, "x < y & \"q\" 'z' > 一扇门");
  EXPECT_EQ(open311::XmlWriter::escape("\t\n\r"), "\t\n\r");
}

TEST(Open311Form, ParsesAttributesAndTreatsEmptyAsAbsent) {
  auto f = open311::parseForm(
      "api_key=k1&description=a+b%26c&email=&attribute%5Bsize%5D=3&attribute[kinds][]=x&attribute[kinds][]=y"
      "&attribute[empty]=&lat=1&lat=2");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->get("api_key"), "k1");
  EXPECT_EQ(f->get("description"), "a b&c");
  EXPECT_FALSE(f->get("email").has_value());
  EXPECT_EQ(f->get("lat"), "2");
  EXPECT_EQ(f->attributes.at("size"), std::vector<std::string>{"3"});
  EXPECT_EQ(f->attributes.at("kinds"), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(f->attributes.count("empty"), 0u);
  EXPECT_FALSE(open311::parseForm("a=%zz"));
  EXPECT_FALSE(open311::parseForm("attribute[x]junk=1"));
  EXPECT_FALSE(open311::parseForm("attribute[]=1"));
  EXPECT_TRUE(open311::parseForm(""));
}

TEST(Open311Datetime, FormatsWithOffsetAndParsesW3c) {
  // 2026-11-27T00:00:00+08:00
  EXPECT_EQ(open311::formatDatetime(1795708800000, 480), "2026-11-27T00:00:00+08:00");
  EXPECT_EQ(open311::formatDatetime(1795708800000, 0), "2026-11-26T16:00:00+00:00");
  EXPECT_EQ(open311::formatDatetime(1795708800000, -300), "2026-11-26T11:00:00-05:00");
  EXPECT_EQ(open311::parseDatetime("2026-11-27T00:00:00+08:00", 0), 1795708800000);
  EXPECT_EQ(open311::parseDatetime("2026-11-26T16:00:00Z", 480), 1795708800000);
  EXPECT_EQ(open311::parseDatetime("2026-11-27", 480), 1795708800000);  // local midnight
  EXPECT_EQ(open311::parseDatetime("2026-11-27T00:00+0800", 0), 1795708800000);
  EXPECT_EQ(open311::parseDatetime("2026-11-27T00:00:00.250 08:00", 0), 1795708800000);  // '+' lost in a query
  EXPECT_EQ(open311::parseDatetime("2026-11-26T11:00:00-05:00", 0), 1795708800000);
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-02-30", "2026-11-27T25:00:00Z", "2026-11-27T10:00:00+8",
                          "2026-11-27T10:00:00Zjunk", "2026/11/27"}) {
    EXPECT_FALSE(open311::parseDatetime(bad, 480).has_value()) << bad;
  }
}

// ---- endpoints ----

TEST(Open311Api, DiscoveryInBothFormats) {
  TestServer s;
  Client c{s};
  auto j = c.get("discovery.json");
  ASSERT_EQ(j.status, 200u);
  EXPECT_EQ(j.headers["content-type"], "application/json; charset=utf-8");
  auto d = j.ordered();
  EXPECT_TRUE(isW3cDatetime(d["changeset"]));
  ASSERT_EQ(d["endpoints"].size(), 1u);
  EXPECT_EQ(d["endpoints"][0]["specification"], "http://wiki.open311.org/GeoReport_v2");
  EXPECT_EQ(d["endpoints"][0]["formats"], json({"text/xml", "application/json"}));
  auto x = c.get("discovery.xml");
  ASSERT_EQ(x.status, 200u);
  EXPECT_EQ(x.headers["content-type"], "text/xml; charset=utf-8");
  auto node = parseXml(x.body);
  ASSERT_TRUE(node) << x.body;
  EXPECT_EQ(node->name, "discovery");
  expectSame(*node, d, "discovery");
  EXPECT_EQ(node->child("endpoints")->children[0].name, "endpoint");
  EXPECT_EQ(node->child("endpoints")->children[0].child("formats")->children[0].name, "format");
  expectError(c.get("discovery.html"), 404, "xml", "unknown format");
}

TEST(Open311Api, ServicesAndDefinitionsInBothFormats) {
  TestServer s;
  Client c{s};
  auto j = c.get("services.json");
  ASSERT_EQ(j.status, 200u);
  auto list = j.ordered();
  ASSERT_TRUE(list.is_array());
  ASSERT_GE(list.size(), 10u);
  std::map<std::string, json> by_code;
  for (const auto& svc : list) {
    expectFields(svc, kServiceFields, kServiceRequired);
    EXPECT_EQ(svc["type"], "realtime");
    by_code[svc["service_code"]] = svc;
  }
  EXPECT_TRUE(by_code.at("road.damage")["metadata"].get<bool>());
  EXPECT_FALSE(by_code.at("housing.leak")["metadata"].get<bool>());
  EXPECT_EQ(by_code.at("road.damage")["keywords"], "路面,坑洼,井盖,人行道");
  EXPECT_EQ(by_code.at("road.damage")["group"], "城市管理");
  auto x = parseXml(c.get("services.xml").body);
  ASSERT_TRUE(x);
  EXPECT_EQ(x->name, "services");
  ASSERT_EQ(x->children.size(), list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(x->children[i].name, "service");
    expectSame(x->children[i], list[i], "service");
  }

  auto def = c.get("services/road.damage.json");
  ASSERT_EQ(def.status, 200u) << def.body;
  auto dj = def.ordered();
  ASSERT_TRUE(dj.is_object());
  EXPECT_EQ(dj["service_code"], "road.damage");
  ASSERT_EQ(dj["attributes"].size(), 3u);
  std::set<std::string> datatypes = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"};
  int order = 0;
  for (const auto& a : dj["attributes"]) {
    expectFields(a, kAttributeFields, {"variable", "code", "datatype", "required"});
    EXPECT_TRUE(datatypes.count(a["datatype"]));
    EXPECT_GT(a["order"].get<int>(), order);
    order = a["order"];
  }
  EXPECT_FALSE(dj["attributes"][0]["variable"].get<bool>());  // information only
  const auto& hazard = dj["attributes"][1];
  EXPECT_EQ(hazard["code"], "hazard");
  EXPECT_TRUE(hazard["required"].get<bool>());
  ASSERT_EQ(hazard["values"].size(), 3u);
  EXPECT_EQ(hazard["values"][0]["key"], "low");
  auto dx = parseXml(c.get("services/road.damage.xml").body);
  ASSERT_TRUE(dx);
  EXPECT_EQ(dx->name, "service_definition");
  expectSame(*dx, dj, "service_definition");
  EXPECT_EQ(dx->child("attributes")->children[1].name, "attribute");
  EXPECT_EQ(dx->child("attributes")->children[1].child("values")->children[0].name, "value");

  auto plain = c.get("services/housing.leak.json");
  ASSERT_EQ(plain.status, 200u);
  EXPECT_EQ(plain.ordered()["attributes"], json::array());
  expectError(c.get("services/no.such.json"), 404, "json", "unknown service json");
  expectError(c.get("services/no.such.xml"), 404, "xml", "unknown service xml");
}

TEST(Open311Api, PostRequestsInBothFormatsAndRecordTheClient) {
  TestServer s;
  Client c{s};
  std::string key = issueKey(s);
  auto rj = c.post("json", leak(key));
  ASSERT_EQ(rj.status, 201u) << rj.body;
  auto j = rj.ordered();
  ASSERT_TRUE(j.is_array());
  ASSERT_EQ(j.size(), 1u);
  expectFields(j[0], kPostFields, {"service_request_id"});
  EXPECT_EQ(j[0]["account_id"], "fms-42");
  EXPECT_FALSE(j[0]["service_notice"].get<std::string>().empty());
  std::string id = j[0]["service_request_id"];

  auto rx = c.post("xml", leak(key));
  ASSERT_EQ(rx.status, 201u) << rx.body;
  auto x = parseXml(rx.body);
  ASSERT_TRUE(x) << rx.body;
  EXPECT_EQ(x->name, "service_requests");
  ASSERT_EQ(x->children.size(), 1u);
  EXPECT_EQ(x->children[0].name, "request");
  EXPECT_NE(x->children[0].child("service_request_id")->text, id);

  // The same intake as every appeal: routed to the housing bureau, with the client recorded.
  std::optional<appeals::Appeal> a;
  std::optional<Open311Submission> sub;
  std::vector<ApiKey> keys;
  (void)s.store().read([&](Reader& r) {
    a = r.appealById(std::stoll(id));
    sub = r.open311Submission(std::stoll(id));
    keys = r.listApiKeys();
    return Status::ok();
  });
  ASSERT_TRUE(a);
  EXPECT_EQ(a->channel, appeals::Channel::kOpen311);
  EXPECT_EQ(a->state, appeals::State::kAssigned);
  EXPECT_EQ(a->phone, "");  // no phone: accepted for Open311
  EXPECT_EQ(a->citizen_name, "小明 王");
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(a->api_key_id, keys[0].id);
  ASSERT_TRUE(sub);
  EXPECT_EQ(sub->email, "citizen@example.org");
  EXPECT_EQ(sub->media_url, "https://example.org/leak.jpg");

  // Attributes, one value and several; a phone in another country's style.
  auto road = c.post("json", {{"api_key", key},
                              {"service_code", "road.damage"},
                              {"description", "人行道上有个大坑"},
                              {"address_string", "西城街道人民路 18 号"},
                              {"attribute[hazard]", "people"},
                              {"attribute[size_m]", "1.5"},
                              {"phone", "+1 (555) 010-9999"}});
  ASSERT_EQ(road.status, 201u) << road.body;
  auto garbage = c.post("json", {{"api_key", key},
                                 {"service_code", "city.garbage"},
                                 {"address_id", "MH-0042"},
                                 {"attribute[kinds][]", "bulky"},
                                 {"attribute[kinds][]", "construction"}});
  ASSERT_EQ(garbage.status, 201u) << garbage.body;  // no description: the service name stands for it
  (void)s.store().read([&](Reader& r) {
    sub = r.open311Submission(std::stoll(garbage.ordered()[0]["service_request_id"].get<std::string>()));
    return Status::ok();
  });
  ASSERT_TRUE(sub);
  EXPECT_EQ(json::parse(sub->attributes_json), json({{"kinds", {"bulky", "construction"}}}));
  EXPECT_EQ(sub->address_id, "MH-0042");

  // Empty optional parameters count as absent.
  auto with_empty = leak(key);
  with_empty.push_back({"phone", ""});
  with_empty.push_back({"device_id", ""});
  EXPECT_EQ(c.post("json", with_empty).status, 201u);
}

TEST(Open311Api, PostRequestErrors) {
  TestServer s([](http::Router&, api::App& app) { app.open311_jurisdiction = "minghu.example.cn"; });
  Client c{s};
  std::string key = issueKey(s);
  for (const std::string fmt : {"json", "xml"}) {
    auto without = [&](const std::string& field) {
      auto f = leak(key);
      std::erase_if(f, [&](const auto& p) { return p.first == field; });
      return f;
    };
    auto with = [&](const std::string& field, const std::string& value) {
      auto f = without(field);
      f.push_back({field, value});
      return f;
    };
    expectError(c.post(fmt, without("api_key")), 403, fmt, "missing api_key");
    expectError(c.post(fmt, with("api_key", "od311_not-a-key")), 403, fmt, "wrong api_key");
    expectError(c.post(fmt, without("service_code")), 400, fmt, "missing service_code");
    expectError(c.post(fmt, with("service_code", "no.such")), 404, fmt, "unknown service_code");
    auto nowhere = without("lat");
    std::erase_if(nowhere, [](const auto& p) { return p.first == "long" || p.first == "address_string"; });
    expectError(c.post(fmt, nowhere), 400, fmt, "missing location");
    auto half = without("long");
    expectError(c.post(fmt, half), 400, fmt, "lat without long");
    expectError(c.post(fmt, with("lat", "north")), 400, fmt, "lat not a number");
    auto overlong = c.post(fmt, with("description", std::string(4001, 'x')));
    expectError(overlong, 400, fmt, "overlong description");
    EXPECT_NE(overlong.body.find("description"), std::string::npos) << overlong.body;  // named as the client knows it
    expectError(c.post(fmt, with("email", "not an address")), 400, fmt, "bad email");
    expectError(c.post(fmt, with("media_url", "javascript:alert(1)")), 400, fmt, "bad media_url");
    expectError(c.post(fmt, with("phone", "call me")), 400, fmt, "bad phone");
    expectError(c.post(fmt, with("jurisdiction_id", "elsewhere.example")), 404, fmt, "bad jurisdiction");
    expectError(c.post(fmt, with("attribute[nope]", "1")), 400, fmt, "unknown attribute");
    std::vector<std::pair<std::string, std::string>> road = {
        {"api_key", key}, {"service_code", "road.damage"}, {"address_string", "人民路"}};
    expectError(c.post(fmt, road), 400, fmt, "missing required attribute");
    road.push_back({"attribute[hazard]", "volcano"});
    expectError(c.post(fmt, road), 400, fmt, "value not in the list");
    road.back().second = "low";
    road.push_back({"attribute[size_m]", "big"});
    expectError(c.post(fmt, road), 400, fmt, "number attribute not a number");
    auto json_body = s.request(verb::post, "/open311/v2/requests." + fmt, json{{"api_key", key}}.dump());
    expectError(json_body, 400, fmt, "not form-encoded");
  }
  // 4000 characters is within the spec's limit, and the right jurisdiction is accepted.
  auto f = leak(key);
  f[2].second = std::string(4000, 'x');
  f.push_back({"jurisdiction_id", "minghu.example.cn"});
  EXPECT_EQ(c.post("json", f).status, 201u);

  // A revoked key files nothing more.
  auto admin = adminHeaders(s);
  auto keys = s.request(verb::get, "/api/v1/api-keys", "", admin).ordered()["api_keys"];
  ASSERT_EQ(keys.size(), 1u);
  auto revoke = s.request(verb::post, "/api/v1/api-keys/" + std::to_string(keys[0]["id"].get<int64_t>()) + "/revoke",
                          "", admin);
  ASSERT_EQ(revoke.status, 200u) << revoke.body;
  expectError(c.post("json", leak(key)), 403, "json", "revoked key");
  expectError(c.post("xml", leak(key)), 403, "xml", "revoked key");
}

TEST(Open311Api, GetRequestsFiltersAndSingleRequests) {
  TestServer s([](http::Router&, api::App& app) { app.open311_jurisdiction = "minghu.example.cn"; });
  Client c{s};
  std::string key = issueKey(s);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(c.post("json", leak(key)).ordered()[0]["service_request_id"]);
  auto road = c.post("json", {{"api_key", key},
                              {"service_code", "road.damage"},
                              {"description", "人行道上有个大坑"},
                              {"lat", "29.87"},
                              {"long", "121.55"},
                              {"attribute[hazard]", "low"}});
  ASSERT_EQ(road.status, 201u) << road.body;
  ids.push_back(road.ordered()[0]["service_request_id"]);
  // An appeal from the web portal is not published through Open311.
  auto web = s.request(verb::post, "/api/v1/appeals",
                       json{{"category", "housing.leak"}, {"text", "楼上漏水三天了"}, {"phone", "13812345678"}}.dump());
  ASSERT_EQ(web.status, 201u);
  std::string web_id = std::to_string(web.ordered()["id"].get<int64_t>());

  auto all = c.get("requests.json");
  ASSERT_EQ(all.status, 200u) << all.body;
  auto list = all.ordered();
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list[0]["service_request_id"], ids[3]);  // newest first
  for (const auto& r : list) {
    expectFields(r, kRequestFields, kRequestRequired);
    EXPECT_EQ(r["status"], "open");
    EXPECT_TRUE(isW3cDatetime(r["requested_datetime"]));
    EXPECT_TRUE(isW3cDatetime(r["updated_datetime"]));
    EXPECT_TRUE(isW3cDatetime(r["expected_datetime"]));
    EXPECT_EQ(r["requested_datetime"].get<std::string>().substr(19), "+08:00");
    EXPECT_NE(r["service_request_id"], web_id);
  }
  const auto& first = list[3];
  EXPECT_EQ(first["service_code"], "housing.leak");
  EXPECT_EQ(first["service_name"], "房屋漏水");
  EXPECT_EQ(first["agency_responsible"], "明湖区住房和城乡建设局");
  EXPECT_EQ(first["description"], "楼上卫生间漏水 <已经三天> & 天花板在滴水");
  EXPECT_EQ(first["address"], "东湖街道柳岸小区 3 栋 402");
  EXPECT_DOUBLE_EQ(first["lat"].get<double>(), 29.8683);
  EXPECT_DOUBLE_EQ(first["long"].get<double>(), 121.544);
  EXPECT_EQ(first["media_url"], "https://example.org/leak.jpg");
  EXPECT_TRUE(first["status_notes"].is_null());
  EXPECT_EQ(first.dump().find("citizen@example.org"), std::string::npos);  // personal data stays private
  EXPECT_EQ(first.dump().find("小明"), std::string::npos);

  auto x = parseXml(c.get("requests.xml").body);
  ASSERT_TRUE(x);
  EXPECT_EQ(x->name, "service_requests");
  ASSERT_EQ(x->children.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(x->children[i].name, "request");
    expectSame(x->children[i], list[i], "request");
  }

  // service_request_id (a list) overrides the other filters; unknown ids are just absent.
  auto some = c.get("requests.json?service_request_id=" + ids[0] + "," + ids[3] + ",999999," + web_id +
                    "&service_code=city.noise&status=closed");
  ASSERT_EQ(some.status, 200u) << some.body;
  EXPECT_EQ(some.ordered().size(), 2u);
  EXPECT_EQ(c.get("requests.json?service_code=road.damage").ordered().size(), 1u);
  EXPECT_EQ(c.get("requests.json?service_code=road.damage,housing.leak").ordered().size(), 4u);
  EXPECT_EQ(c.get("requests.json?status=open").ordered().size(), 4u);
  EXPECT_EQ(c.get("requests.json?status=closed").ordered().size(), 0u);
  EXPECT_EQ(c.get("requests.xml?status=closed").body.find("<service_requests></service_requests>") != std::string::npos,
            true);
  EXPECT_EQ(c.get("requests.json?start_date=2000-01-01T00:00:00Z&end_date=2000-01-02T00:00:00Z").ordered().size(), 0u);
  EXPECT_EQ(c.get("requests.json?start_date=" + inDays(-1) + "&end_date=" + inDays(2)).ordered().size(), 4u);
  EXPECT_EQ(c.get("requests.json?start_date=" + inDays(2)).ordered().size(), 0u);
  EXPECT_EQ(c.get("requests.json?jurisdiction_id=minghu.example.cn&status=").ordered().size(), 4u);  // empty = absent
  auto page2 = c.get("requests.json?page_size=3&page=2").ordered();
  ASSERT_EQ(page2.size(), 1u);
  EXPECT_EQ(page2[0]["service_request_id"], ids[0]);

  for (const std::string fmt : {"json", "xml"}) {
    expectError(c.get("requests." + fmt + "?start_date=yesterday"), 400, fmt, "bad start_date");
    expectError(c.get("requests." + fmt + "?end_date=2026-02-30"), 400, fmt, "bad end_date");
    expectError(c.get("requests." + fmt + "?start_date=2026-11-02&end_date=2026-11-01"), 400, fmt, "end before start");
    expectError(c.get("requests." + fmt + "?status=pending"), 400, fmt, "bad status");
    expectError(c.get("requests." + fmt + "?page_size=0"), 400, fmt, "bad page_size");
    expectError(c.get("requests." + fmt + "?service_request_id=abc"), 400, fmt, "bad id list");
    expectError(c.get("requests." + fmt + "?jurisdiction_id=elsewhere"), 404, fmt, "bad jurisdiction");
    expectError(c.get("services." + fmt + "?jurisdiction_id=elsewhere"), 404, fmt, "bad jurisdiction (services)");
    expectError(c.get("requests/999999." + fmt), 404, fmt, "unknown request");
    expectError(c.get("requests/" + web_id + "." + fmt), 404, fmt, "a web appeal");
    expectError(c.get("requests/abc." + fmt), 404, fmt, "not an id");
    expectError(c.get("tokens/NOSUCHTOKEN." + fmt), 404, fmt, "unknown token");
  }

  // One request, both formats.
  auto one = c.get("requests/" + ids[3] + ".json");
  ASSERT_EQ(one.status, 200u);
  auto oj = one.ordered();
  ASSERT_TRUE(oj.is_array());
  ASSERT_EQ(oj.size(), 1u);
  expectFields(oj[0], kRequestFields, kRequestRequired);
  EXPECT_EQ(oj[0]["service_code"], "road.damage");
  EXPECT_EQ(oj[0]["agency_responsible"], "明湖区城市管理局");
  auto ox = parseXml(c.get("requests/" + ids[3] + ".xml").body);
  ASSERT_TRUE(ox);
  ASSERT_EQ(ox->children.size(), 1u);
  expectSame(ox->children[0], oj[0], "request");

  // A token resolves to the request id.
  std::string token = c.post("json", leak(key)).ordered()[0]["token"];
  auto tj = c.get("tokens/" + token + ".json");
  ASSERT_EQ(tj.status, 200u) << tj.body;
  ASSERT_EQ(tj.ordered().size(), 1u);
  expectFields(tj.ordered()[0], kTokenFields, kTokenFields);
  EXPECT_EQ(tj.ordered()[0]["token"], token);
  auto tx = parseXml(c.get("tokens/" + token + ".xml").body);
  ASSERT_TRUE(tx);
  expectSame(tx->children[0], tj.ordered()[0], "token");
  EXPECT_EQ(c.get("requests/" + tj.ordered()[0]["service_request_id"].get<std::string>() + ".json").status, 200u);
}

TEST(Open311Api, RoundTripThroughTheStaffApiShowsClosedWithStatusNotes) {
  TestServer s;
  Client c{s};
  std::string key = issueKey(s);
  auto created = c.post("xml", leak(key));
  ASSERT_EQ(created.status, 201u);
  std::string id = parseXml(created.body)->children[0].child("service_request_id")->text;

  auto [cookie, csrf] = s.login("handler");
  std::map<std::string, std::string> handler = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  auto base = "/api/v1/appeals/" + id;
  ASSERT_EQ(s.request(verb::post, base + "/accept", "", handler).status, 200u);
  auto page = s.request(verb::get, "/api/v1/cases/" + id, "", handler).ordered();
  EXPECT_EQ(page["appeal"]["channel"], "open311");
  EXPECT_EQ(page["appeal"]["client"], "FixMyStreet 明湖");  // staff see which client filed it
  auto accepted = c.get("requests/" + id + ".json").ordered()[0];
  EXPECT_EQ(accepted["status"], "open");
  std::string reply_text = "经现场核查，漏水来自楼上卫生间防水层破损。已约定维修人员上门修复，修复后由社区回访。";
  json reply = {{"text", reply_text},
                {"action", "安排维修人员更换卫生间防水层并修复天花板"},
                {"responsible", "明湖区住房和城乡建设局物业科 李强"},
                {"due", inDays(3)}};
  auto replied = s.request(verb::post, base + "/reply", reply.dump(), handler);
  ASSERT_EQ(replied.status, 200u) << replied.body;

  auto j = c.get("requests/" + id + ".json").ordered()[0];
  EXPECT_EQ(j["status"], "closed");
  EXPECT_EQ(j["status_notes"], reply_text);
  EXPECT_GE(j["updated_datetime"].get<std::string>(), j["requested_datetime"].get<std::string>());
  auto x = parseXml(c.get("requests/" + id + ".xml").body);
  ASSERT_TRUE(x);
  EXPECT_EQ(x->children[0].child("status")->text, "closed");
  EXPECT_EQ(x->children[0].child("status_notes")->text, reply_text);
  EXPECT_EQ(c.get("requests.json?status=closed").ordered().size(), 1u);

  // FixMyStreet follows the same story through servicerequestupdates.
  auto uj = c.get("servicerequestupdates.json?start_date=" + inDays(-1) + "&end_date=" + inDays(2));
  ASSERT_EQ(uj.status, 200u) << uj.body;
  auto updates = uj.ordered();
  ASSERT_TRUE(updates.is_array());
  ASSERT_GE(updates.size(), 4u);  // received, routed, accepted, replied
  std::string last_seq;
  for (const auto& u : updates) {
    expectFields(u, kUpdateFields, {"update_id", "service_request_id", "status", "updated_datetime"});
    EXPECT_EQ(u["service_request_id"], id);
    EXPECT_TRUE(isW3cDatetime(u["updated_datetime"]));
  }
  EXPECT_EQ(updates.back()["status"], "closed");
  EXPECT_EQ(updates.back()["description"], reply_text);
  EXPECT_EQ(updates.back()["external_status_code"], "appeal.replied");
  EXPECT_EQ(updates.front()["status"], "open");
  auto ux = parseXml(c.get("servicerequestupdates.xml?start_date=" + inDays(-1) + "&end_date=" + inDays(2)).body);
  ASSERT_TRUE(ux);
  EXPECT_EQ(ux->name, "service_requests_updates");
  ASSERT_EQ(ux->children.size(), updates.size());
  for (size_t i = 0; i < updates.size(); ++i) {
    EXPECT_EQ(ux->children[i].name, "request_update");
    expectSame(ux->children[i], updates[i], "update");
  }
  EXPECT_EQ(c.get("servicerequestupdates.json?start_date=2000-01-01&end_date=2000-01-02").ordered().size(), 0u);
  expectError(c.get("servicerequestupdates.json?start_date=soon"), 400, "json", "bad date (updates)");
  expectError(c.get("servicerequestupdates.xml?end_date=2026-11-27T10:00:00+8"), 400, "xml", "bad date (updates)");
}

TEST(ApiKeyApi, AdminsIssueListAndRevokeKeysInTheLedger) {
  TestServer s;
  auto admin = adminHeaders(s);
  auto created = s.request(verb::post, "/api/v1/api-keys", json{{"name", "城市 App"}}.dump(), admin);
  ASSERT_EQ(created.status, 201u) << created.body;
  std::string key = created.ordered()["key"];
  EXPECT_EQ(key.rfind("od311_", 0), 0u);
  EXPECT_EQ(key.size(), 46u);
  int64_t id = created.ordered()["api_key"]["id"];
  auto list = s.request(verb::get, "/api/v1/api-keys", "", admin);
  ASSERT_EQ(list.status, 200u);
  EXPECT_EQ(list.body.find(key), std::string::npos);  // never shown again
  EXPECT_EQ(list.ordered()["api_keys"][0]["name"], "城市 App");
  EXPECT_EQ(list.ordered()["api_keys"][0]["key_prefix"], key.substr(0, 10));
  EXPECT_TRUE(list.ordered()["api_keys"][0]["active"].get<bool>());

  EXPECT_EQ(s.request(verb::post, "/api/v1/api-keys", json{{"name", ""}}.dump(), admin).status, 400u);
  auto [cookie, csrf] = s.login("supervisor");
  std::map<std::string, std::string> sup = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  EXPECT_EQ(s.request(verb::get, "/api/v1/api-keys", "", sup).status, 403u);
  EXPECT_EQ(s.request(verb::post, "/api/v1/api-keys", json{{"name", "x"}}.dump(), sup).status, 403u);
  EXPECT_EQ(s.request(verb::get, "/api/v1/api-keys").status, 401u);

  auto path = "/api/v1/api-keys/" + std::to_string(id) + "/revoke";
  auto revoked = s.request(verb::post, path, "", admin);
  ASSERT_EQ(revoked.status, 200u) << revoked.body;
  EXPECT_FALSE(revoked.ordered()["api_key"]["active"].get<bool>());
  EXPECT_EQ(s.request(verb::post, path, "", admin).status, 409u);
  EXPECT_EQ(s.request(verb::post, "/api/v1/api-keys/999/revoke", "", admin).status, 404u);

  std::vector<std::string> types;
  (void)s.store().read([&](Reader& r) {
    for (const auto& e : r.eventsBySubject("api_key:" + std::to_string(id))) {
      types.push_back(e.type);
      EXPECT_EQ(e.payload_json.find(key), std::string::npos);
    }
    return Status::ok();
  });
  EXPECT_EQ(types, (std::vector<std::string>{"api_key.created", "api_key.revoked"}));
  EXPECT_EQ(s.request(verb::get, "/api/v1/ledger/verify", "", sup).ordered()["ok"], true);
}
