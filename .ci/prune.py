"""Keep the disk of a long-lived CI machine from filling: in each `deps` folder named, delete
every executable (test, bench and fuzz binaries, hundreds of MB each) but the newest of each
name. Older ones are outputs of earlier builds; cargo rebuilds any it still needs."""
import os
import sys

for d in sys.argv[1:]:
    if not os.path.isdir(d):
        continue
    newest = {}
    for f in os.listdir(d):
        p = os.path.join(d, f)
        if "." in f or not os.path.isfile(p) or not os.access(p, os.X_OK):
            continue
        name = f.rsplit("-", 1)[0]
        newest.setdefault(name, []).append((os.path.getmtime(p), p))
    freed = 0
    for files in newest.values():
        files.sort()
        for _, p in files[:-1]:
            freed += os.path.getsize(p)
            os.remove(p)
    if freed:
        print(f"prune: {d}: {freed / 2**30:.1f} GiB of old binaries removed")
