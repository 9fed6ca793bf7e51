// Demo centre data. Names are fictional.
#include "demo/demo_centre.h"

#include <map>
#include <nlohmann/json.hpp>

#include "demo/demo_matters.h"
#include "services/people_service.h"

namespace onedoor::demo {

namespace {
struct DemoDept {
  const char* key;
  const char* name;
  const char* parent;
  const char* level;
};
const DemoDept kDepartments[] = {
    {"district", "明湖区", nullptr, "district"},
    {"centre", "明湖区政务服务中心", "district", "office"},
    {"hotline", "明湖区12345热线中心", "district", "office"},
    {"civil", "明湖区民政局", "district", "office"},
    {"housing", "明湖区住房和城乡建设局", "district", "office"},
    {"urban", "明湖区城市管理局", "district", "office"},
    {"market", "明湖区市场监督管理局", "district", "office"},
    {"hrss", "明湖区人力资源和社会保障局", "district", "office"},
    {"donghu", "东湖街道", "district", "street"},
    {"donghu-c1", "东湖社区", "donghu", "community"},
    {"donghu-c2", "柳岸社区", "donghu", "community"},
    {"xicheng", "西城街道", "district", "street"},
    {"xicheng-c1", "西城社区", "xicheng", "community"},
    {"psb", "明湖公安分局", "district", "office"},
    {"medins", "明湖区医疗保障局", "district", "office"},
    {"tax", "国家税务总局明湖区税务局", "district", "office"},
    {"hpf", "明湖住房公积金管理部", "district", "office"},
    {"natres", "明湖区自然资源局", "district", "office"},
    {"disabled", "明湖区残疾人联合会", "district", "office"},
};

std::vector<appeals::CategoryAttribute> demoAttributes() {
  using A = appeals::CategoryAttribute;
  return {
      A{"road.damage", "notice", 1, false, "text", false, "",
        "如有人员受伤请直接拨打 120 / If someone is hurt, call 120 first", {}},
      A{"road.damage", "hazard", 2, true, "singlevaluelist", true, "选择一项 / Choose one",
        "破损有多危险？ / How dangerous is the damage?",
        {{"low", "轻微 / minor"}, {"vehicles", "影响车辆通行 / affects vehicles"}, {"people", "可能伤人 / may hurt people"}}},
      A{"road.damage", "size_m", 3, true, "number", false, "米 / metres", "破损大约多长？ / About how long is it?", {}},
      A{"city.streetlight", "pole_id", 1, true, "string", false, "灯杆上的编号 / the number on the pole",
        "灯杆编号 / Pole number", {}},
      A{"city.streetlight", "since", 2, true, "datetime", false, "", "从什么时候开始不亮？ / Dark since when?", {}},
      A{"city.garbage", "kinds", 1, true, "multivaluelist", false, "可多选 / choose any",
        "什么垃圾？ / What kind of waste?",
        {{"household", "生活垃圾 / household"}, {"construction", "建筑垃圾 / construction"}, {"bulky", "大件垃圾 / bulky"}}},
  };
}

struct DemoCategory {
  const char* code;
  const char* name;
  const char* group;
  const char* pinyin;
  const char* keywords;
  const char* dept;
  bool urgent;
  int response_limit;
  int resolution_limit;
};
// Limits follow common 12345 practice: respond within 1 working day, resolve within 5 to 15;
// urgent safety matters count in working hours.
const DemoCategory kCategories[] = {
    {"housing.property", "物业服务", "住房", "wyfw", "物业 保安 保洁 电梯 物业费", "housing", false, 1, 10},
    {"housing.leak", "房屋漏水", "住房", "fwls", "漏水 渗水 楼上 屋顶", "housing", false, 1, 5},
    {"housing.elevator", "电梯故障困人", "住房", "dtgzkr", "电梯 困人 停运", "housing", true, 1, 8},
    {"road.damage", "道路破损", "城市管理", "dlps", "路面 坑洼 井盖 人行道", "urban", false, 1, 5},
    {"city.streetlight", "路灯不亮", "城市管理", "ldbl", "路灯 照明 黑", "urban", false, 1, 5},
    {"city.garbage", "垃圾清运", "城市管理", "ljqy", "垃圾 清运 异味 垃圾桶", "urban", false, 1, 3},
    {"city.noise", "噪音扰民", "城市管理", "zyrm", "噪音 施工 夜间 广场舞", "urban", false, 1, 5},
    {"market.food", "食品安全", "市场监管", "spaq", "食品 过期 餐馆 卫生", "market", false, 1, 10},
    {"market.consumer", "消费投诉", "市场监管", "xfts", "退款 商家 预付卡 欺诈", "market", false, 1, 15},
    {"hrss.wages", "拖欠工资", "人社", "tqgz", "工资 欠薪 农民工 加班费", "hrss", false, 1, 10},
    {"civil.elderly", "养老服务", "民政", "ylfw", "养老 老人 补贴 助餐", "civil", false, 1, 10},
    {"community.other", "社区事务", "社区", "sqsw", "社区 居委会 邻里", "donghu", false, 1, 10},
};
// category + area → department: community matters go to the citizen's own street.
struct DemoRule {
  const char* category;
  const char* area;
  const char* dept;
};
const DemoRule kRules[] = {
    {"community.other", "东湖街道", "donghu"},
    {"community.other", "西城街道", "xicheng"},
    {"city.garbage", "西城街道", "xicheng"},
};

struct DemoUser {
  const char* username;
  const char* display_name;
  const char* role;
  const char* dept;
  const char* backup;  // username of the B post, created earlier
};
const DemoUser kUsers[] = {
    {"admin", "系统管理员", "admin", "centre", nullptr},
    {"supervisor", "赵敏", "supervisor", "centre", nullptr},
    {"handler2", "王芳", "handler", "housing", nullptr},
    {"handler", "李强", "handler", "housing", "handler2"},
    {"clerk2", "周婷", "clerk", "centre", nullptr},
    {"clerk", "陈小燕", "clerk", "centre", "clerk2"},
    {"operator", "刘洋", "operator", "hotline", nullptr},
    {"urban1", "孙伟", "handler", "urban", nullptr},
    {"market1", "吴静", "handler", "market", nullptr},
    {"hrss1", "郑浩", "handler", "hrss", nullptr},
    {"civil1", "冯丽", "handler", "civil", nullptr},
    {"donghu1", "何军", "handler", "donghu", nullptr},
    {"xicheng1", "许敏", "handler", "xicheng", nullptr},
    // Clerks of the demo hall (一楼大厅), seated at windows 1–10; clerk2 sits at 11.
    {"hall01", "林晓", "clerk", "centre", nullptr},
    {"hall02", "高洁", "clerk", "centre", nullptr},
    {"hall03", "罗斌", "clerk", "centre", nullptr},
    {"hall04", "梁静", "clerk", "centre", nullptr},
    {"hall05", "宋涛", "clerk", "centre", nullptr},
    {"hall06", "唐敏", "clerk", "centre", nullptr},
    {"hall07", "韩雪", "clerk", "centre", nullptr},
    {"hall08", "曹磊", "clerk", "centre", nullptr},
    {"hall09", "邓超", "clerk", "centre", nullptr},
    {"hall10", "彭丽", "clerk", "centre", nullptr},
};

// The demo hall: services with ticket prefixes and mean service times (minutes).
struct DemoHallService {
  const char* code;
  const char* name;
  double mean_min;
};
const DemoHallService kHallServices[] = {
    {"A", "社保卡", 6},         {"B", "医保", 8},           {"C", "户籍与居住证", 10}, {"D", "不动产登记", 18},
    {"E", "营业执照", 15},      {"F", "公积金", 9},         {"G", "税务", 12},         {"H", "综合受理", 5},
};

// Windows 1–14: skills, and who sits there (nullptr: unstaffed and shut). Window 14 is the spare.
struct DemoWindow {
  int number;
  const char* skills;  // service codes
  const char* clerk;
};
const DemoWindow kWindows[] = {
    {1, "AH", "hall01"}, {2, "A", "hall02"},  {3, "B", "hall03"},  {4, "BF", "hall04"}, {5, "C", "hall05"},
    {6, "C", "hall06"},  {7, "D", "hall07"},  {8, "D", "hall08"},  {9, "E", "hall09"},  {10, "EG", "hall10"},
    {11, "FG", "clerk2"}, {12, "G", nullptr}, {13, "H", nullptr},  {14, "ABCDEFGH", nullptr},
};

// Staff skills (cross-training): what each may serve beyond their window.
struct DemoSkill {
  const char* username;
  const char* services;
};
const DemoSkill kSkills[] = {
    {"hall01", "AHB"}, {"hall02", "AH"},  {"hall03", "BFA"}, {"hall04", "BF"},  {"hall05", "CH"},
    {"hall06", "CA"},  {"hall07", "D"},   {"hall08", "DE"},  {"hall09", "EG"},  {"hall10", "EGF"},
    {"clerk2", "FGB"}, {"clerk", "ABCDEFGH"}, {"supervisor", "ABCH"},
};

std::vector<std::string> codesOf(const char* s) {
  std::vector<std::string> out;
  for (const char* p = s; *p; ++p) out.emplace_back(1, *p);
  return out;
}
// 明湖区政务服务中心 一楼大厅: 8 services, 14 windows, 11 of them staffed and open.
Status loadDemoHall(WriteTx& tx, const std::map<std::string, int64_t>& user_ids, int64_t now) {
  HallRow h;
  h.code = "minghu-1f";
  h.name = "明湖区政务服务中心 一楼大厅";
  h.target_p95_min = 15;
  h.no_show_recalls = 3;
  h.notify_ahead = 3;
  h.staff_away_max_min = 15;
  h.glass_door_at = now;
  auto hall_id = tx.insertHall(h);
  if (!hall_id) return hall_id.status();
  std::string subject = "hall:" + std::to_string(*hall_id);
  auto event = [&](const char* type, const nlohmann::json& payload) -> Status {
    auto ev = tx.appendEvent(EventDraft{now, services::kSystemActor, type, subject, payload.dump()});
    return ev ? Status::ok() : ev.status();
  };
  if (Status st = event("hall.created", {{"code", h.code}, {"name", h.name}, {"target_p95_min", h.target_p95_min}}); !st)
    return st;
  for (const auto& s : kHallServices) {
    auto id = tx.insertHallService({0, *hall_id, s.code, s.name, s.code, s.mean_min, 1, 0});
    if (!id) return id.status();
    if (Status st = event("hall.service_saved", {{"code", s.code}, {"name", s.name}, {"mean_service_min", s.mean_min}}); !st)
      return st;
  }
  for (const auto& k : kSkills) {
    if (Status st = tx.setStaffSkills({*hall_id, user_ids.at(k.username), codesOf(k.services)}); !st) return st;
    if (Status st = event("hall.staff_skills_saved", {{"user_id", user_ids.at(k.username)}, {"services", codesOf(k.services)}});
        !st)
      return st;
  }
  for (const auto& w : kWindows) {
    WindowRow row;
    row.hall_id = *hall_id;
    row.number = w.number;
    row.name = std::to_string(w.number) + "号窗口";
    row.skills = codesOf(w.skills);
    row.state = w.clerk ? "open" : "shut";
    if (w.clerk) row.staff_user_id = user_ids.at(w.clerk);
    row.idle_since = now;
    auto id = tx.insertWindow(row);
    if (!id) return id.status();
    if (Status st = event("window.saved", {{"window_id", *id}, {"window_number", w.number}, {"skills", row.skills},
                                           {"state", row.state}, {"staff_user_id", row.staff_user_id ? nlohmann::json(*row.staff_user_id) : nlohmann::json(nullptr)}});
        !st)
      return st;
  }
  return Status::ok();
}

}  // namespace

std::vector<DemoLogin> demoLogins() {
  std::vector<DemoLogin> out;
  for (const auto& u : kUsers) out.push_back({u.username, kDemoPassword, u.role, u.display_name});
  return out;
}

bool isFresh(Store& store) {
  bool fresh = true;
  (void)store.read([&](Reader& r) -> Status {
    fresh = r.listUsers().empty();
    return Status::ok();
  });
  return fresh;
}

Status loadDemoCentre(Store& store, const Clock& clock, bool fast_hash) {
  if (!isFresh(store)) return conflict("数据库中已有账号，演示数据只能载入空库 / The database is not empty");
  // Hash first (slow), then write everything in one transaction so a demo is all or nothing.
  std::vector<User> users;
  for (const auto& u : kUsers) {
    people::NewUserInput in{u.username, kDemoPassword, u.display_name, u.role, std::nullopt, std::nullopt};
    auto prepared = services::prepareNewUser(in, fast_hash);
    if (!prepared) return prepared.status();
    users.push_back(std::move(*prepared));
  }
  int64_t now = clock.nowMs();
  return store.write([&](WriteTx& tx) -> Status {
    std::map<std::string, int64_t> dept_ids;
    for (const auto& d : kDepartments) {
      Department dep;
      dep.name = d.name;
      dep.level = d.level;
      if (d.parent) dep.parent_id = dept_ids.at(d.parent);
      auto id = std::make_shared<int64_t>(0);
      if (Status st = services::createDepartmentWrite(dep, services::kSystemActor, now, id)(tx); !st) return st;
      dept_ids[d.key] = *id;
    }
    std::map<std::string, int64_t> user_ids;
    for (size_t i = 0; i < users.size(); ++i) {
      users[i].department_id = dept_ids.at(kUsers[i].dept);
      if (kUsers[i].backup) users[i].backup_user_id = user_ids.at(kUsers[i].backup);
      auto out = std::make_shared<User>();
      if (Status st = services::createUserWrite(users[i], services::kSystemActor, now, out)(tx); !st) return st;
      user_ids[kUsers[i].username] = out->id;
      // The demo opens with staff at work, so A/B routing and the desk are alive at first sight.
      if (users[i].role != "admin") {
        auto seq = std::make_shared<int64_t>(0);
        Status st = services::setPresenceWrite(out->id, "on_duty", services::kSystemActor, now, seq)(tx);
        if (!st) return st;
      }
    }
    for (const auto& c : kCategories) {
      appeals::Category cat{c.code, c.name, c.group, c.pinyin, c.keywords, dept_ids.at(c.dept), c.urgent,
                            c.response_limit, c.resolution_limit, true};
      if (Status st = tx.upsertCategory(cat); !st) return st;
      nlohmann::json payload = {{"code", c.code}, {"name", c.name}, {"department_id", cat.department_id},
                                {"urgent", c.urgent}, {"response_limit", c.response_limit},
                                {"resolution_limit", c.resolution_limit}};
      auto ev = tx.appendEvent(EventDraft{now, services::kSystemActor, "category.saved", std::string("category:") + c.code,
                                          payload.dump()});
      if (!ev) return ev.status();
    }
    // Open311 service definitions: the extra questions some categories ask.
    for (const auto& a : demoAttributes()) {
      if (Status st = tx.upsertCategoryAttribute(a); !st) return st;
      nlohmann::json payload = {{"category", a.category}, {"code", a.code}, {"datatype", a.datatype},
                                {"required", a.required}};
      auto ev = tx.appendEvent(EventDraft{now, services::kSystemActor, "category_attribute.saved",
                                          "category:" + a.category, payload.dump()});
      if (!ev) return ev.status();
    }
    if (Status st = loadDemoHall(tx, user_ids, now); !st) return st;
    for (const auto& r : kRules) {
      auto id = tx.insertRoutingRule({0, r.category, r.area, dept_ids.at(r.dept)});
      if (!id) return id.status();
      nlohmann::json payload = {{"category", r.category}, {"area", r.area}, {"department_id", dept_ids.at(r.dept)}};
      auto ev = tx.appendEvent(EventDraft{now, services::kSystemActor, "routing_rule.saved",
                                          "routing_rule:" + std::to_string(*id), payload.dump()});
      if (!ev) return ev.status();
    }
    // Matters (the catalogue, published by the admin) and a month of finished applications.
    if (Status st = loadDemoMatters(tx, dept_ids, user_ids.at("admin"), now); !st) return st;
    if (Status st = seedDemoApplications(tx, user_ids.at("clerk"), now); !st) return st;
    return Status::ok();
  });
}

}  // namespace onedoor::demo
