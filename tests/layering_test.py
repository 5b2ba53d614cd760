#!/usr/bin/python3
"""Checks that the folder tree is the architecture: includes only point down.

engine/: kernels < core < ops < layers < training, io < models; a file may
include headers from its own folder or a lower floor, never a higher one or a
sibling on its floor. engine/ never includes ui/. In ui/, only the platform
files (the window's, the training worker's) know SDL/OpenGL/Emscripten; a lesson folder includes no other lesson's
files; the app files never name a lesson. Usage: layering_test.py REPO_ROOT"""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
FLOOR = {"kernels": 0, "core": 1, "ops": 2, "layers": 3, "training": 4, "io": 4, "models": 5}
INCLUDE = re.compile(r'^\s*#\s*include\s+[<"]([^>"]+)[>"]', re.M)
problems = []


def sources(folder):
    for dp, _, files in os.walk(os.path.join(root, folder)):
        for f in files:
            if f.endswith((".h", ".cpp", ".def")):
                path = os.path.join(dp, f)
                yield os.path.relpath(path, root), open(path, encoding="utf-8").read()


engine_headers = {}
for rel, _ in sources("engine"):
    if rel.endswith(".h"):
        engine_headers[os.path.relpath(rel, "engine")] = rel.split(os.sep)[1]

for rel, text in sources("engine"):
    floor = rel.split(os.sep)[1]
    if floor not in FLOOR:
        problems.append(f"{rel}: engine/{floor}/ is not a known floor ({', '.join(FLOOR)})")
        continue
    for inc in INCLUDE.findall(text):
        if inc in engine_headers:
            target = engine_headers[inc]
            if target != floor and FLOOR[target] >= FLOOR[floor]:
                problems.append(f"{rel} ({floor}) includes {inc} ({target}): includes must point down")
        elif not inc.startswith(("nlohmann/", "stb", "Eigen")) and "/" in inc:
            problems.append(f"{rel} includes {inc}, which is not an engine header")
        elif inc.endswith(".h") and "/" not in inc and os.path.exists(os.path.join(root, "ui", inc)):
            problems.append(f"{rel} includes ui/{inc}: the engine knows nothing of the UI")

PLATFORM = re.compile(r"SDL|emscripten|GL/|GLES|OpenGL")
lesson_ids = [d for d in os.listdir(os.path.join(root, "ui", "lessons")) if os.path.isdir(os.path.join(root, "ui", "lessons", d))]
for rel, text in sources("ui"):
    if os.path.basename(rel) not in ("platform_sdl.cpp", "platform_worker.cpp"):
        for inc in INCLUDE.findall(text):
            if PLATFORM.search(inc):
                problems.append(f"{rel} includes {inc}: only ui/platform_sdl.cpp (the window) and ui/platform_worker.cpp (the training worker) know the platform")
    parts = rel.split(os.sep)
    if len(parts) > 3 and parts[1] == "lessons":
        for inc in INCLUDE.findall(text):
            for other in lesson_ids:
                if other != parts[2] and inc.startswith(f"lessons/{other}/"):
                    problems.append(f"{rel} includes {inc}: lessons never see each other")
    if parts[1] in ("app.h", "app_state.cpp", "app_draw.cpp"):
        code = re.sub(r"//[^\n]*", "", text)
        for lid in lesson_ids:
            if re.search(r'"' + re.escape(lid) + r'"', code):
                problems.append(f"{rel} names the lesson \"{lid}\": reach lessons through the registry")

for p in problems:
    print("layering:", p)
print(f"layering: {len(engine_headers)} engine headers, {len(lesson_ids)} lesson folders checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
