#!/usr/bin/env python3
"""Writes the district-centre scenarios in scenarios/ (ordinary day, month-start surge, under-staffed
day) from one description of the hall, so the three stay consistent. Deterministic: no randomness."""
import json
import math
import os

ROOT = os.environ.get("OUT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios")

# Eight departments, four services each: (code, name, mean service minutes, cv, share of arrivals).
DEPARTMENTS = [
    ("ss", "社会保障 social security", [("ss_card", 8, 0.8, 9), ("ss_pension", 12, 1.0, 5), ("ss_unemploy", 10, 0.9, 3), ("ss_injury", 15, 1.1, 1.5)]),
    ("mi", "医疗保障 medical insurance", [("mi_enrol", 7, 0.7, 7), ("mi_claim", 11, 1.0, 4), ("mi_transfer", 9, 0.8, 2.5), ("mi_card", 6, 0.7, 3)]),
    ("hh", "户籍 residence", [("hh_id", 6, 0.7, 8), ("hh_move", 14, 1.0, 3), ("hh_birth", 10, 0.9, 2), ("hh_cert", 5, 0.8, 3.5)]),
    ("tx", "税务 tax", [("tx_invoice", 6, 0.8, 7), ("tx_declare", 12, 1.1, 4), ("tx_register", 15, 1.0, 1.5), ("tx_refund", 10, 1.2, 2)]),
    ("br", "市场监管 business registration", [("br_new", 18, 1.0, 3), ("br_change", 12, 0.9, 3), ("br_close", 14, 1.1, 1), ("br_licence", 10, 0.8, 2)]),
    ("hf", "公积金 housing fund", [("hf_withdraw", 9, 0.8, 5), ("hf_loan", 20, 1.0, 1.5), ("hf_open", 7, 0.7, 2), ("hf_transfer", 8, 0.8, 1.5)]),
    ("re", "不动产 real estate", [("re_register", 16, 1.0, 3), ("re_mortgage", 14, 0.9, 2), ("re_query", 5, 0.7, 4), ("re_transfer", 20, 1.2, 1.5)]),
    ("mv", "车驾管 vehicles & others", [("mv_licence", 8, 0.8, 4), ("mv_plate", 10, 0.9, 2), ("ot_notary", 12, 1.0, 1.5), ("ot_certify", 6, 0.7, 2.5)]),
]
# Hourly profile 09:00-17:00: late-morning peak, lunch dip.
PROFILE = [0.75, 1.05, 1.2, 0.6, 0.5, 0.9, 1.0, 0.7]
CHAIN_DEPTH = int(os.environ.get("CHAIN_DEPTH", "2"))
TOTAL = int(os.environ.get("TOTAL", "185"))
HOURS = {"open": "09:00", "close": "17:00"}


def services(total_peak_per_hour, surge=None):
    out = []
    weight = sum(s[3] for _, _, svcs in DEPARTMENTS for s in svcs)
    for dep, dep_name, svcs in DEPARTMENTS:
        for code, mean, cv, share in svcs:
            base = total_peak_per_hour * share / weight / max(PROFILE)
            rates = []
            for h, p in enumerate(PROFILE):
                factor = surge(dep, h) if surge else 1.0
                rates.append(round(base * p * factor, 2))
            out.append({"code": code, "name": dep_name, "service_min": {"dist": "lognormal", "mean": mean, "cv": cv},
                        "arrivals_per_hour": rates})
    return out


def department_load(svcs, dep):
    return sum(s["arrivals_per_hour"][h] * s["service_min"]["mean"] / 60
               for s in svcs if s["code"].startswith(dep) or (dep == "mv" and s["code"].startswith("ot"))
               for h in range(len(PROFILE))) / len(PROFILE)


def chain(d):
    """The services a department's staff are cross-trained for beyond their own: the departments
    before and after it in a closed chain (Jordan & Graves 1995), CHAIN_DEPTH departments each way."""
    out = []
    for step in range(1, CHAIN_DEPTH + 1):
        for dd in ((d + step) % len(DEPARTMENTS), (d - step) % len(DEPARTMENTS)):
            out += [s[0] for s in DEPARTMENTS[dd][2] if s[0] not in out]
    return out


def layout(svcs, open_windows, spare_windows, staff_count, shifts=None):
    """Static windows per department in proportion to the day's average load (at least two); each
    window serves two or three of its department's services. Staff hold their department's four
    services and the next department's four (a closed chain, after Jordan & Graves)."""
    loads = [department_load(svcs, dep) for dep, _, _ in DEPARTMENTS]
    total = sum(loads)
    counts = [max(2, round(open_windows * l / total)) for l in loads]
    while sum(counts) > open_windows:
        counts[counts.index(max(counts))] -= 1
    while sum(counts) < open_windows:
        counts[loads.index(max(loads))] += 1
    windows, staff = [], []
    n = 0
    for d, (dep, _, dsvcs) in enumerate(DEPARTMENTS):
        codes = [s[0] for s in dsvcs]
        nxt = chain(d)
        for i in range(counts[d]):
            n += 1
            # Window i of a department: its first service always (the busiest), plus a rotating pair.
            skills = [codes[0]] + [codes[1 + (i + k) % 3] for k in range(2)]
            windows.append({"id": str(n), "skills": skills, "open": True})
            staff.append({"id": f"{dep}{i + 1}", "skills": codes + nxt, "window": str(n)})
    for s in range(spare_windows):
        n += 1
        windows.append({"id": str(n), "skills": [DEPARTMENTS[s % 8][2][0][0]], "open": False})
    extra = 0
    while len(staff) < staff_count:
        d = extra % len(DEPARTMENTS)
        dep, _, dsvcs = DEPARTMENTS[d]
        nxt = chain(d)
        staff.append({"id": f"back{extra + 1}", "skills": [s[0] for s in dsvcs] + nxt, "window": None})
        extra += 1
    if shifts:
        for i, st in enumerate(staff):
            sh = shifts(i, st)
            if sh:
                st["shift"] = sh
    return windows, staff


def write(name, doc):
    with open(os.path.join(ROOT, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def base(name, description, svcs, windows, staff, days=1):
    return {"name": name, "description": description, "days": days, "hours": HOURS, "services": svcs,
            "windows": windows, "staff": staff, "priority_share": 0.08, "appointment_share": 0.1,
            "patience_min": {"dist": "exponential", "mean": 120}, "no_show_share": 0.03,
            "target": {"p95_wait_min": 15}}


def main():
    # An ordinary day: 28 open windows and 4 spare, 30 staff (2 in the back office), peak 11:00.
    svcs = services(TOTAL)
    windows, staff = layout(svcs, 28, 4, 30)
    write("district-day", base("district-day", "An ordinary day at a district service centre: 32 services of 8 departments, 28 open windows and 4 spare ones, 30 cross-trained staff, a late-morning peak and a lunch dip.", svcs, windows, staff, days=5))

    # Month start: social security, medical insurance, tax and housing fund surge in the morning.
    surge = lambda dep, h: (1.6 if h < 4 else 1.25) if dep in ("ss", "mi", "tx", "hf") else 1.0
    svcs = services(TOTAL, surge)
    windows, staff = layout(services(TOTAL), 28, 4, 32)
    write("month-start", base("month-start", "The first working day of a month: social security, medical insurance, tax and housing-fund arrivals 60 % up in the morning and 25 % in the afternoon, same hall with two more back-office staff.", svcs, windows, staff))

    # Under-staffed: flu week. Only 20 staff, half of them leave at 15:00; the same citizens come.
    svcs = services(TOTAL)
    windows, staff = layout(svcs, 28, 4, 30)
    staff = [st for i, st in enumerate(staff) if i % 3 != 2][:20]
    for i, st in enumerate(staff):
        if i % 2 == 1:
            st["shift"] = ["09:00", "15:00"]
    write("understaffed", base("understaffed", "A flu week: 20 of 30 staff on duty, half of them only until 15:00, the ordinary day's citizens. No policy can meet the target; the advice says by how much.", svcs, windows, staff))


if __name__ == "__main__":
    main()
