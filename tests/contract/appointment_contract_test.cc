// The Store contract for appointments: round trip, lookups, the per-slot capacity enforced inside
// the write transaction (also under concurrent submissions, and when moving to another slot),
// capacities per service, due reminders. Value-parameterised by backend like store_contract_test.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "support/pg_cluster.h"

namespace onedoor {
namespace {

struct AppointmentBackend {
  std::string name;
  std::function<std::string(const std::filesystem::path& dir)> url;
};

std::ostream& operator<<(std::ostream& os, const AppointmentBackend& b) { return os << b.name; }

constexpr int64_t kSlot = 1790730000000LL;  // 2026-09-30 09:00 Beijing
constexpr int64_t kHalfHour = 30 * 60 * 1000;

class AppointmentContractTest : public ::testing::TestWithParam<AppointmentBackend> {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "onedoor-appt-contract-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto r = openStore(GetParam().url(dir_));
    ASSERT_TRUE(r.isOk()) << r.status().message();
    store_ = std::move(r).value();
    Status st = store_->write([&](WriteTx& tx) -> Status {
      HallRow h;
      h.code = "hall-1";
      h.name = "大厅";
      auto id = tx.insertHall(h);
      if (!id) return id.status();
      hall_ = *id;
      return Status::ok();
    });
    ASSERT_TRUE(st.isOk()) << st.message();
  }

  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  AppointmentRow make(const std::string& code, int64_t slot = kSlot, const std::string& service = "A") {
    AppointmentRow a;
    a.code = code;
    a.matter_id = 7;
    a.hall_id = hall_;
    a.service_code = service;
    a.slot_start = slot;
    a.slot_end = slot + kHalfHour;
    a.name = "张三";
    a.phone = "13812341234";
    a.reminder_due = slot - 15 * 3600 * 1000;
    a.created_at = 1790000000000LL;
    return a;
  }

  Result<int64_t> insert(const AppointmentRow& a) {
    int64_t id = 0;
    Status st = store_->write([&](WriteTx& tx) -> Status {
      auto r = tx.insertAppointment(a);
      if (!r) return r.status();
      id = *r;
      return Status::ok();
    });
    if (!st) return st;
    return id;
  }

  int booked(int64_t slot, const std::string& service = "A") {
    int n = -1;
    EXPECT_TRUE(store_->read([&](Reader& r) {
      n = 0;
      for (auto [start, count] : r.bookedPerSlot(hall_, service, slot, slot + 1)) n += count;
      return Status::ok();
    }));
    return n;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  int64_t hall_ = 0;
};

TEST_P(AppointmentContractTest, RoundTripAndLookups) {
  AppointmentRow a = make("ABCDEFGH12");
  auto id = insert(a);
  ASSERT_TRUE(id.isOk()) << id.status().message();
  ASSERT_TRUE(store_->read([&](Reader& r) -> Status {
    auto got = r.appointmentByCode("ABCDEFGH12");
    EXPECT_TRUE(got.has_value());
    if (!got) return Status::ok();
    EXPECT_EQ(got->id, *id);
    EXPECT_EQ(got->matter_id, 7);
    EXPECT_EQ(got->hall_id, hall_);
    EXPECT_EQ(got->service_code, "A");
    EXPECT_EQ(got->slot_start, kSlot);
    EXPECT_EQ(got->slot_end, kSlot + kHalfHour);
    EXPECT_EQ(got->name, "张三");
    EXPECT_EQ(got->phone, "13812341234");
    EXPECT_EQ(got->state, "booked");
    EXPECT_FALSE(got->ticket_id.has_value());
    EXPECT_FALSE(got->reminder_sent_at.has_value());
    EXPECT_EQ(got->reminder_due, a.reminder_due);
    EXPECT_EQ(got->created_at, a.created_at);
    EXPECT_TRUE(r.appointmentById(*id).has_value());
    EXPECT_FALSE(r.appointmentByCode("NOPE").has_value());
    EXPECT_FALSE(r.appointmentById(*id + 100).has_value());
    EXPECT_EQ(r.appointmentCapacity(hall_, "A"), kDefaultAppointmentCapacity);
    return Status::ok();
  }));
  // A second appointment with the same code is a conflict on the code, not on the slot.
  auto dup = insert(make("ABCDEFGH12", kSlot + kHalfHour));
  ASSERT_FALSE(dup.isOk());
  EXPECT_EQ(dup.status().code(), Code::kConflict);
  EXPECT_EQ(dup.status().field(), "code");
}

TEST_P(AppointmentContractTest, CapacityIsEnforcedInTheTransaction) {
  for (int i = 0; i < kDefaultAppointmentCapacity; ++i) ASSERT_TRUE(insert(make("CODE" + std::to_string(i))).isOk());
  auto full = insert(make("CODEX"));
  ASSERT_FALSE(full.isOk());
  EXPECT_EQ(full.status().code(), Code::kConflict);
  EXPECT_EQ(full.status().field(), "slot_start");
  EXPECT_EQ(booked(kSlot), kDefaultAppointmentCapacity);
  // Another service, and the next slot, have their own places.
  EXPECT_TRUE(insert(make("OTHERSVC", kSlot, "B")).isOk());
  EXPECT_TRUE(insert(make("NEXTSLOT", kSlot + kHalfHour)).isOk());
  // A cancelled appointment frees its place; a checked-in one keeps it.
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    auto a = tx.appointmentByCode("CODE0");
    a->state = "cancelled";
    if (Status s = tx.updateAppointment(*a); !s) return s;
    auto b = tx.appointmentByCode("CODE1");
    b->state = "checked_in";
    return tx.updateAppointment(*b);
  }));
  EXPECT_EQ(booked(kSlot), kDefaultAppointmentCapacity - 1);
  EXPECT_TRUE(insert(make("CODEY")).isOk());
  EXPECT_FALSE(insert(make("CODEZ")).isOk());
  // Re-booking a cancelled appointment into a full slot is refused too.
  Status back = store_->write([&](WriteTx& tx) -> Status {
    auto a = tx.appointmentByCode("CODE0");
    a->state = "booked";
    return tx.updateAppointment(*a);
  });
  EXPECT_EQ(back.code(), Code::kConflict);
}

TEST_P(AppointmentContractTest, MovingToAFullSlotIsRefusedAndChangesNothing) {
  for (int i = 0; i < kDefaultAppointmentCapacity; ++i) ASSERT_TRUE(insert(make("FULL" + std::to_string(i))).isOk());
  ASSERT_TRUE(insert(make("MOVER", kSlot + kHalfHour)).isOk());
  Status st = store_->write([&](WriteTx& tx) -> Status {
    auto a = tx.appointmentByCode("MOVER");
    a->slot_start = kSlot;
    a->slot_end = kSlot + kHalfHour;
    return tx.updateAppointment(*a);
  });
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.field(), "slot_start");
  EXPECT_EQ(booked(kSlot + kHalfHour), 1);
  // Updating an appointment in place (same slot) never counts itself.
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    auto a = tx.appointmentByCode("FULL0");
    a->reminder_sent_at = 1790000000001LL;
    return tx.updateAppointment(*a);
  }));
  AppointmentRow ghost = make("GHOST");
  ghost.id = 999999;
  EXPECT_EQ(store_->write([&](WriteTx& tx) { return tx.updateAppointment(ghost); }).code(), Code::kNotFound);
}

TEST_P(AppointmentContractTest, ConcurrentBookingsNeverOverbook) {
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.setAppointmentCapacity(hall_, "A", 3); }));
  constexpr int kThreads = 16;
  std::atomic<int> ok{0}, full{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto r = insert(make("PAR" + std::to_string(t)));
      if (r) ++ok;
      else if (r.status().code() == Code::kConflict && r.status().field() == "slot_start") ++full;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(full.load(), kThreads - 3);
  EXPECT_EQ(booked(kSlot), 3);
}

TEST_P(AppointmentContractTest, CapacityPerServiceAndDueReminders) {
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    if (Status s = tx.setAppointmentCapacity(hall_, "A", 1); !s) return s;
    if (Status s = tx.setAppointmentCapacity(hall_, "A", 2); !s) return s;  // replaces
    EXPECT_EQ(tx.setAppointmentCapacity(hall_, "A", -1).code(), Code::kInvalid);
    return Status::ok();
  }));
  ASSERT_TRUE(store_->read([&](Reader& r) {
    EXPECT_EQ(r.appointmentCapacity(hall_, "A"), 2);
    EXPECT_EQ(r.appointmentCapacity(hall_, "B"), kDefaultAppointmentCapacity);
    return Status::ok();
  }));
  AppointmentRow early = make("EARLY");
  early.reminder_due = 1000;
  AppointmentRow late = make("LATE", kSlot + kHalfHour);
  late.reminder_due = 5000;
  AppointmentRow gone = make("GONE", kSlot + 2 * kHalfHour);
  gone.reminder_due = 500;
  gone.state = "cancelled";
  for (const auto& a : {early, late, gone}) ASSERT_TRUE(insert(a).isOk());
  auto due = [&](int64_t now) {
    std::vector<std::string> codes;
    EXPECT_TRUE(store_->read([&](Reader& r) {
      for (const auto& a : r.dueAppointmentReminders(now, 10)) codes.push_back(a.code);
      return Status::ok();
    }));
    return codes;
  };
  EXPECT_EQ(due(999), std::vector<std::string>{});
  EXPECT_EQ(due(1000), std::vector<std::string>{"EARLY"});
  EXPECT_EQ(due(9000), (std::vector<std::string>{"EARLY", "LATE"}));
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    auto a = tx.appointmentByCode("EARLY");
    a->reminder_sent_at = 9000;
    return tx.updateAppointment(*a);
  }));
  EXPECT_EQ(due(9000), std::vector<std::string>{"LATE"});
  // bookedPerSlot groups by slot start within [from, to).
  ASSERT_TRUE(store_->read([&](Reader& r) {
    auto rows = r.bookedPerSlot(hall_, "A", kSlot, kSlot + 10 * kHalfHour);
    EXPECT_EQ(rows, (std::vector<std::pair<int64_t, int>>{{kSlot, 1}, {kSlot + kHalfHour, 1}}));
    return Status::ok();
  }));
}

INSTANTIATE_TEST_SUITE_P(
    Backends, AppointmentContractTest,
    ::testing::Values(AppointmentBackend{"sqlite",
                                         [](const std::filesystem::path& dir) {
                                           return "sqlite:" + (dir / "data" / "onedoor.db").string();
                                         }},
                      AppointmentBackend{"postgresql", [](const std::filesystem::path&) {
                        return test::PgCluster::instance().freshDatabaseUrl();
                      }}),
    [](const ::testing::TestParamInfo<AppointmentBackend>& info) { return info.param.name; });

}  // namespace
}  // namespace onedoor
