#!/usr/bin/env python3
"""Generates the bundled demo data of swarm-cli deterministically (fixed seed).

Run from the repository root:  python3 scripts/generate-demo-data.py
Writes swarm-cli/src/main/resources/demo/{wide-search,parallel-read}/...; the output is committed, so a
fresh clone needs no Python. Re-running it reproduces the same bytes.
"""
import os, random, shutil

rng = random.Random(20240611)
ROOT = os.path.join(os.path.dirname(__file__), "..", "swarm-cli", "src", "main", "resources", "demo")

PREFIX = ["Aster", "Boreal", "Cobalt", "Dune", "Ember", "Fjord", "Granite", "Halcyon", "Indigo", "Juniper",
          "Kestrel", "Lumen", "Meridian", "Nimbus", "Onyx", "Pylon", "Quartz", "Russet", "Sable", "Tundra",
          "Umber", "Vesper", "Willow", "Xenon", "Yarrow", "Zephyr", "Alder", "Basalt", "Cinder", "Delta"]
SUFFIX = ["Robotics", "Foods", "Analytics", "Textiles", "Energy", "Logistics", "Optics", "Pharma", "Games", "Marine"]
CITIES = ["Lisbon", "Osaka", "Nairobi", "Tallinn", "Quito", "Perth", "Bergen", "Tucson", "Porto", "Lyon",
          "Krakow", "Seoul", "Dakar", "Hobart", "Leeds", "Cork", "Utrecht", "Malmo", "Graz", "Bilbao"]
FIRST = ["Ada", "Bruno", "Chen", "Dalia", "Emeka", "Freya", "Goran", "Hana", "Ivo", "Jasmin", "Kofi", "Lena",
         "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yusuf"]
LAST = ["Abara", "Bergstrom", "Castell", "Dvorak", "Eze", "Falk", "Gruber", "Haddad", "Iyer", "Jensen", "Kowal",
        "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quiroga", "Rinaldi", "Sato", "Tanaka", "Varga"]

names = set()
entities = []
while len(entities) < 60:
    n = rng.choice(PREFIX) + " " + rng.choice(SUFFIX)
    if n in names:
        continue
    names.add(n)
    entities.append({
        "name": n,
        "founded": str(rng.randint(1952, 2019)),
        "hq": rng.choice(CITIES),
        "ceo": rng.choice(FIRST) + " " + rng.choice(LAST),
    })

def slug(s):
    return s.lower().replace(" ", "-")

ws = os.path.join(ROOT, "wide-search")
shutil.rmtree(os.path.join(ws, "corpus"), ignore_errors=True)
os.makedirs(os.path.join(ws, "corpus", "profiles"))
os.makedirs(os.path.join(ws, "corpus", "news"))
for i, e in enumerate(entities):
    style = i % 10
    if style == 7:   # a profile phrased so that the simple extraction rules miss the CEO
        ceo = f"Day-to-day it is run by chief executive {e['ceo']}."
    else:
        ceo = f"Its CEO is {e['ceo']}."
    if style == 3:   # another phrasing of the founding year that the rules do cover
        founded = f"The company was established in {e['founded']}."
    else:
        founded = f"{e['name']} was founded in {e['founded']}."
    body = (f"# {e['name']} - company profile\n\n{founded} It is headquartered in {e['hq']}. {ceo}\n\n"
            f"{e['name']} makes products for customers in {rng.randint(3, 40)} countries and employs about "
            f"{rng.randint(40, 9000)} people. Analysts describe its market position as "
            f"{rng.choice(['stable', 'growing', 'contested', 'niche'])}.\n")
    with open(os.path.join(ws, "corpus", "profiles", slug(e["name"]) + ".md"), "w") as f:
        f.write(body)
# news items: mention entities with other cities and years (distractors for search and extraction)
for j in range(240):
    a, b = rng.sample(entities, 2)
    city = rng.choice(CITIES)
    year = rng.randint(2015, 2024)
    body = (f"# {rng.choice(['Market note', 'Trade brief', 'Industry digest', 'Regional news'])} {j + 1}\n\n"
            f"In {year}, {a['name']} and {b['name']} met partners at a fair in {city}. "
            f"Observers in {rng.choice(CITIES)} expect {rng.choice(['lower', 'higher', 'steady'])} demand. "
            f"A spokesperson said the firms plan to {rng.choice(['expand', 'merge units', 'hire', 'wait'])}.\n")
    with open(os.path.join(ws, "corpus", "news", f"news-{j + 1:03d}.md"), "w") as f:
        f.write(body)
chosen = entities[:30]
with open(os.path.join(ws, "gold.md"), "w") as f:
    f.write("| entity | founded | headquarters | ceo |\n|---|---|---|---|\n")
    for e in chosen:
        f.write(f"| {e['name']} | {e['founded']} | {e['hq']} | {e['ceo']} |\n")
with open(os.path.join(ws, "entities.txt"), "w") as f:
    f.write("\n".join(e["name"] for e in chosen) + "\n")

pr = os.path.join(ROOT, "parallel-read")
shutil.rmtree(os.path.join(pr, "logs"), ignore_errors=True)
os.makedirs(os.path.join(pr, "logs"))
SERVICES = ["auth", "billing", "catalog", "checkout", "gateway", "inventory", "mailer", "orders", "payments",
            "search", "shipping", "users"]
INFO = ["request served in {n} ms", "cache hit ratio {n}%", "health check ok", "connection pool size {n}"]
WARN = ["slow query took {n} ms", "retrying upstream call (attempt {k})", "queue depth {n}"]
ERROR = ["upstream timeout after {n} ms", "out of memory in worker {k}", "certificate expires in {k} days",
         "database connection refused"]
for s in SERVICES:
    lines = []
    minute = 0
    for i in range(70):
        minute += rng.randint(1, 9)
        ts = f"2024-06-11T{8 + minute // 60:02d}:{minute % 60:02d}:00Z"
        r = rng.random()
        if i == 20:
            lines.append(f"{ts} EVENT deploy {s} v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)} started")
        elif r < 0.06:
            lines.append(f"{ts} ERROR " + rng.choice(ERROR).format(n=rng.randint(100, 9000), k=rng.randint(1, 8)))
        elif r < 0.2:
            lines.append(f"{ts} WARN " + rng.choice(WARN).format(n=rng.randint(100, 9000), k=rng.randint(1, 8)))
        else:
            lines.append(f"{ts} INFO " + rng.choice(INFO).format(n=rng.randint(1, 900), k=rng.randint(1, 8)))
    with open(os.path.join(pr, "logs", f"{s}.log.txt"), "w") as f:
        f.write(f"# {s} service log\n\n" + "\n".join(lines) + "\n")


# a manifest of every file, so the demos can copy the data out of the jar without listing directories
for d in (ws, pr):
    files = []
    for base, _, fs in os.walk(d):
        for name in fs:
            rel = os.path.relpath(os.path.join(base, name), d)
            if rel != "index.txt":
                files.append(rel)
    with open(os.path.join(d, "index.txt"), "w") as f:
        f.write("\n".join(sorted(files)) + "\n")
print("ok")
