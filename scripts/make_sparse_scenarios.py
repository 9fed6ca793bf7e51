#!/usr/bin/env python3
"""Writes the sparse cross-training scenarios in scenarios/ (issue 19 §3): one hall of 8 services and
40 clerks, the same citizens, three ways of training the clerks:

  sparse-chain    every clerk knows exactly 2 services, the links forming one closed cycle through
                  all 8 services (a long chain, Jordan & Graves 1995)
  sparse-pairs    every clerk knows exactly 2 services, in 4 disconnected pairs (short chains)
  sparse-random3  every clerk knows 3 services: their own desk's and 2 drawn at random

Unequal loads across services (2.7 × between the busiest and the quietest), a late-morning peak
(two arrival profiles, peaking at 10:00 and 11:00; the busiest hour's load 1.05 × the clerks), lognormal service times with CV 1. Windows in
the static layout serve the clerk's own desk service only. Deterministic: a fixed LCG, no seeding
from the clock."""
import json
import os

ROOT = os.environ.get("OUT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios")

# (code, name, mean service minutes, share of arrivals, profile)
SERVICES = [
    ("ss_card", "社保卡 social-security card", 8, 10, 0),
    ("ss_pension", "养老保险 pension", 12, 3, 1),
    ("mi_enrol", "医保参保 medical insurance", 7, 7, 0),
    ("hh_id", "身份证 residence ID", 6, 8, 1),
    ("tx_invoice", "发票 tax invoice", 6, 6, 0),
    ("hf_withdraw", "公积金提取 housing fund", 9, 5, 1),
    ("br_licence", "营业执照 business licence", 15, 2, 0),
    ("re_register", "不动产登记 real estate", 14, 3, 1),
]
PROFILES = [
    [0.75, 1.2, 1.1, 0.6, 0.5, 0.9, 0.95, 0.7],   # peak 10:00-11:00
    [0.6, 0.95, 1.25, 0.75, 0.5, 0.85, 1.0, 0.75],  # peak 11:00-12:00
]
CLERKS = int(os.environ.get("CLERKS", "40"))
PEAK_UTILISATION = float(os.environ.get("PEAK", "1.05"))  # load of the busiest hour over the clerks
HOURS = {"open": "09:00", "close": "17:00"}


def services():
    peak = max(sum(s[3] * s[2] * PROFILES[s[4]][h] for s in SERVICES) for h in range(8))
    # Arrival rate per unit share so that the busiest hour's load is PEAK_UTILISATION × CLERKS.
    k = PEAK_UTILISATION * CLERKS * 60 / peak
    out = []
    for code, name, mean, share, prof in SERVICES:
        out.append({"code": code, "name": name, "service_min": {"dist": "lognormal", "mean": mean, "cv": 1.0},
                    "arrivals_per_hour": [round(k * share * p, 2) for p in PROFILES[prof]]})
    return out


def loads(svcs):
    """Average load per service over the day, in erlangs."""
    return [sum(s["arrivals_per_hour"]) / len(s["arrivals_per_hour"]) * s["service_min"]["mean"] / 60 for s in svcs]


def apportion(weights, total):
    """Integers proportional to weights summing to total (largest remainder), at least 1 each."""
    t = sum(weights)
    exact = [w * total / t for w in weights]
    out = [max(1, int(x)) for x in exact]
    while sum(out) < total:
        i = max(range(len(out)), key=lambda j: exact[j] - out[j])
        out[i] += 1
    while sum(out) > total:
        i = max(range(len(out)), key=lambda j: out[j] - exact[j])
        out[i] -= 1
    return out


def primaries(load, clerks_skills):
    """Each clerk's desk service (what their window serves in the static layout): among their skills,
    the one furthest below its share of desks."""
    want = [l * len(clerks_skills) / sum(load) for l in load]
    have = [0] * len(load)
    out = []
    for skills in clerks_skills:
        p = max(skills, key=lambda s: want[s] - have[s])
        have[p] += 1
        out.append(p)
    return out


def hall(name, description, svcs, clerks_skills):
    load = loads(svcs)
    prim = primaries(load, clerks_skills)
    codes = [s["code"] for s in svcs]
    windows, staff = [], []
    for i, skills in enumerate(clerks_skills):
        ordered = [prim[i]] + [s for s in skills if s != prim[i]]
        windows.append({"id": str(i + 1), "skills": [codes[prim[i]]], "open": True})
        staff.append({"id": f"c{i + 1:02d}", "skills": [codes[s] for s in ordered], "window": str(i + 1)})
    return {"name": name, "description": description, "days": 1, "hours": HOURS, "services": svcs,
            "windows": windows, "staff": staff, "priority_share": 0.05, "appointment_share": 0.0,
            "patience_min": {"dist": "exponential", "mean": 120}, "no_show_share": 0.02,
            "target": {"p95_wait_min": 15}}


def chain(load):
    """Links (i, i+1 mod 8) of a closed cycle, clerks per link in proportion to the mean load of its
    two ends (so every contiguous run of services has its share of clerks)."""
    n = len(load)
    per_link = apportion([(load[i] + load[(i + 1) % n]) / 2 for i in range(n)], CLERKS)
    out = []
    for i, k in enumerate(per_link):
        out += [[i, (i + 1) % n]] * k
    return out


def pairs(load):
    """Pairs (0,1), (2,3), (4,5), (6,7), clerks per pair in proportion to the pair's load."""
    per_pair = apportion([load[2 * j] + load[2 * j + 1] for j in range(len(load) // 2)], CLERKS)
    out = []
    for j, k in enumerate(per_pair):
        out += [[2 * j, 2 * j + 1]] * k
    return out


def random3(load):
    """Desk services in proportion to load; two more services per clerk drawn at random (fixed LCG)."""
    desks = apportion(load, CLERKS)
    state = 20190301
    def rnd(m):
        nonlocal state
        state = (state * 1103515245 + 12345) % (1 << 31)
        return (state >> 8) % m
    out = []
    for s, k in enumerate(desks):
        for _ in range(k):
            skills = [s]
            while len(skills) < 3:
                x = rnd(len(load))
                if x not in skills:
                    skills.append(x)
            out.append(skills)
    return out


def write(doc):
    with open(os.path.join(ROOT, doc["name"] + ".json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    svcs = services()
    load = loads(svcs)
    write(hall("sparse-chain", "Sparse cross-training, a long chain: 8 services with unequal loads and a late-morning peak, 40 clerks who each know exactly 2 services, the links forming one closed cycle through all 8 (Jordan & Graves 1995).", svcs, chain(load)))
    write(hall("sparse-pairs", "Sparse cross-training in short pairs: the same hall and citizens, 40 clerks who each know exactly 2 services, but the services form 4 disconnected pairs; no dispatch rule can move work between pairs.", svcs, pairs(load)))
    write(hall("sparse-random3", "Sparse cross-training at random: the same hall and citizens, 40 clerks who each know their desk's service and 2 more drawn at random.", svcs, random3(load)))


if __name__ == "__main__":
    main()
