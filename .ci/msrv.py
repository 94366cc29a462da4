#!/usr/bin/env python3
"""The `rust-version` Cargo.toml declares must be at least the highest `rust_version` that any
package of the locked dependency tree declares (`cargo metadata --locked`): a lower one promises
a toolchain that cannot build lathe. Exits 1 with the packages that need more."""
import json
import subprocess
import sys


def version(text):
    """`1.88` and `1.88.0` alike."""
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


meta = json.loads(
    subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
)
ours = [p for p in meta["packages"] if p["id"] in meta["workspace_members"]]
theirs = [p for p in meta["packages"] if p["id"] not in meta["workspace_members"]]
needed = max(
    (version(p["rust_version"]) for p in theirs if p.get("rust_version")), default=(0, 0, 0)
)
failed = False
for p in ours:
    declared = p.get("rust_version")
    if declared is None or version(declared) < needed:
        failed = True
        most = sorted(
            f"{q['name']} {q['version']}"
            for q in theirs
            if q.get("rust_version") and version(q["rust_version"]) == needed
        )
        shown = ".".join(map(str, needed))
        print(
            f"msrv: {p['name']} declares rust-version {declared}, but the locked tree "
            f"needs {shown} ({', '.join(most)})"
        )
if failed:
    sys.exit(1)
print("msrv: rust-version " + ", ".join(p["rust_version"] for p in ours) + " holds")
