// Demo centre data. Names are fictional.
#include "demo/demo_centre.h"

#include <map>

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
};
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
    }
    return Status::ok();
  });
}

}  // namespace onedoor::demo
