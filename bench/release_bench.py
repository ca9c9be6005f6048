#!/usr/bin/env python3
"""Release figures, side by side with a Go plugin-framework provider.

Prints, in one run, for the released provider (dist/), the dynamically linked
build/bin binary when it exists, and bench/goref, a minimal provider written on
terraform-plugin-framework and built from the Go module proxy (cached outside
the clone):
  - unpacked size of the provider (and of the whole release, emulator included)
  - process start -> go-plugin handshake, median and p95 over RUNS runs
  - peak RSS of the provider process during `tofu providers schema -json`
  - wall time of scripts/check-release.sh (clean Debian root; needs root)
and the ratio release / Go. Figures, not pass/fail.

usage: bench/release_bench.py [--runs N] [--no-check] [DIST_DIR]

bench/goref stands in for terraform-provider-null v3.3.1, which the Go module
proxy does not serve (its v3 tags lack a /v3 module path): the same framework,
go-plugin and gRPC stack, with one resource.
"""
import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handshake_bench  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.environ.get("AZBATCH_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
    "terraform-provider-azbatch")
GO_ENV = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod", CGO_ENABLED="0")


def log(msg):
    print(f"release_bench: {msg}", file=sys.stderr, flush=True)


# --- the Go reference provider, built once from bench/goref --------------------

def goref_provider():
    """bench/goref built with the flags Go providers release with; cached by go.sum."""
    src = os.path.join(ROOT, "bench", "goref")
    with open(os.path.join(src, "go.sum"), "rb") as f:
        key = hashlib.sha256(f.read() + open(os.path.join(src, "main.go"), "rb").read()).hexdigest()[:12]
    out_dir = os.path.join(CACHE, f"goref-{key}")
    binary = os.path.join(out_dir, "terraform-provider-goref")
    if os.path.exists(binary):
        return binary
    log(f"building the Go reference provider into {out_dir} (first run only)")
    os.makedirs(out_dir, exist_ok=True)
    r = subprocess.run(["go", "build", "-trimpath", "-ldflags", "-s -w", "-o", binary + ".tmp", "."],
                       cwd=src, env=GO_ENV)
    if r.returncode != 0:
        log("the Go reference provider did not build; comparison left out")
        return None
    os.rename(binary + ".tmp", binary)
    return binary


# --- figures -----------------------------------------------------------------------

def unpacked_size(zips):
    return sum(i.file_size for z in zips for i in zipfile.ZipFile(z).infolist())


def handshake(binary, runs):
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TF_PLUGIN_MAGIC_COOKIE=handshake_bench.COOKIE,
                   PLUGIN_PROTOCOL_VERSIONS="5,6",
                   PLUGIN_CLIENT_CERT=handshake_bench.client_cert_pem(tmp),
                   PLUGIN_MIN_PORT="10000", PLUGIN_MAX_PORT="25000")
        handshake_bench.one_run(binary, env)  # warm the page cache
        ms = sorted(handshake_bench.one_run(binary, env)[0] * 1000 for _ in range(runs))
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return statistics.median(ms), p95


WRAPPER = """#!/usr/bin/env python3
# Runs the provider as a child with the same stdio and records its peak RSS.
import os, resource, signal, subprocess, sys
child = subprocess.Popen([{binary!r}] + sys.argv[1:])
for s in (signal.SIGTERM, signal.SIGINT):
    signal.signal(s, lambda n, f: child.send_signal(n))
rc = child.wait()
with open({out!r}, "a") as f:
    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) + "\\n")
sys.exit(rc)
"""


def schema_peak_rss(tofu, binary, provider_type, source, runs=3):
    """Peak RSS (KiB) of the provider process during `tofu providers schema -json`."""
    with tempfile.TemporaryDirectory() as tmp:
        plugin_dir = os.path.join(tmp, "plugins")
        os.makedirs(plugin_dir)
        rss_file = os.path.join(tmp, "rss")
        wrapper = os.path.join(plugin_dir, f"terraform-provider-{provider_type}")
        with open(wrapper, "w") as f:
            f.write(WRAPPER.format(binary=binary, out=rss_file))
        os.chmod(wrapper, 0o755)
        cfg = os.path.join(tmp, "cli.tfrc")
        with open(cfg, "w") as f:
            f.write(f'provider_installation {{\n  dev_overrides {{\n    "{source}" = "{plugin_dir}"\n'
                    f'  }}\n  direct {{}}\n}}\n')
        conf = os.path.join(tmp, "conf")
        os.makedirs(conf)
        with open(os.path.join(conf, "main.tf"), "w") as f:
            f.write(f'terraform {{\n  required_providers {{\n    {provider_type} = '
                    f'{{ source = "{source}" }}\n  }}\n}}\n')
        env = dict(os.environ, TF_CLI_CONFIG_FILE=cfg, TF_IN_AUTOMATION="1")
        peaks, walls = [], []
        for _ in range(runs):
            if os.path.exists(rss_file):
                os.remove(rss_file)
            start = time.perf_counter()
            r = subprocess.run([tofu, "providers", "schema", "-json"], cwd=conf, env=env,
                               capture_output=True, text=True)
            walls.append(time.perf_counter() - start)
            if r.returncode != 0 or '"provider_schemas"' not in r.stdout:
                raise RuntimeError(f"tofu providers schema failed for {binary}: {r.stderr[-2000:]}")
            with open(rss_file) as f:
                peaks.append(max(int(x) for x in f.read().split()))
        return statistics.median(peaks), statistics.median(walls)


def check_release_seconds(dist):
    if os.geteuid() != 0:
        log("not root: scripts/check-release.sh left out")
        return None
    start = time.perf_counter()
    r = subprocess.run([os.path.join(ROOT, "scripts", "check-release.sh"), dist],
                       capture_output=True, text=True)
    took = time.perf_counter() - start
    if r.returncode != 0:
        log(f"check-release.sh failed:\n{r.stderr[-3000:]}")
        return None
    return took


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dist", nargs="?", default=os.path.join(ROOT, "dist"))
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--no-check", action="store_true", help="leave check-release.sh out")
    args = ap.parse_args()
    dist = os.path.abspath(args.dist)

    zips = sorted(f for f in os.listdir(dist) if f.endswith("_linux_amd64.zip"))
    provider_zip = next(f for f in zips if f.startswith("terraform-provider-azbatch_"))
    version = provider_zip.split("_")[1]
    tofu = subprocess.run([os.path.join(ROOT, "scripts", "build-tofu.sh")], env=dict(
        os.environ, WITH_TERRAFORM="0"), capture_output=True, text=True, check=True).stdout.strip()

    columns = {}  # name -> {figure: value}
    unpack = tempfile.mkdtemp(prefix="release-bench.")
    try:
        zipfile.ZipFile(os.path.join(dist, provider_zip)).extractall(unpack)
        release_bin = os.path.join(unpack, f"terraform-provider-azbatch_v{version}")
        os.chmod(release_bin, 0o755)
        candidates = [("azbatch release", release_bin, "azbatch", "local.azbatch.dev/azbatch/azbatch")]
        dynamic = os.path.join(ROOT, "build", "bin", "terraform-provider-azbatch")
        if os.path.exists(dynamic):
            candidates.append(("azbatch build/ (dynamic)", dynamic, "azbatch",
                               "local.azbatch.dev/azbatch/azbatch"))
        go_bin = goref_provider()
        if go_bin:
            candidates.append(("Go plugin-framework", go_bin, "goref",
                               "local.azbatch.dev/bench/goref"))

        for name, binary, ptype, source in candidates:
            log(f"measuring {name}")
            col = {}
            if name == "azbatch release":
                col["size_provider"] = unpacked_size([os.path.join(dist, provider_zip)]) / 1e6
                col["size_all"] = unpacked_size([os.path.join(dist, z) for z in zips]) / 1e6
            else:
                col["size_provider"] = os.path.getsize(binary) / 1e6
            col["hs_median"], col["hs_p95"] = handshake(binary, args.runs)
            rss, wall = schema_peak_rss(tofu, binary, ptype, source)
            col["rss"], col["schema_wall"] = rss / 1024, wall * 1000
            columns[name] = col
        if not args.no_check:
            log("timing scripts/check-release.sh")
            took = check_release_seconds(dist)
            if took is not None:
                columns["azbatch release"]["check"] = took
    finally:
        shutil.rmtree(unpack, ignore_errors=True)

    rows = [("size_provider", "provider unpacked, MB (build/: unstripped)", "{:.1f}"),
            ("size_all", "whole release unpacked (+ arm-emulator zip), MB", "{:.1f}"),
            ("hs_median", f"start -> handshake median, ms ({args.runs} runs)", "{:.1f}"),
            ("hs_p95", "start -> handshake p95, ms", "{:.1f}"),
            ("rss", "peak RSS, `providers schema -json`, MiB", "{:.1f}"),
            ("schema_wall", "`tofu providers schema -json` wall, ms", "{:.0f}"),
            ("check", "scripts/check-release.sh wall, s", "{:.1f}")]
    names = list(columns)
    go_name = next((n for n in names if n.startswith("Go ")), None)
    header = ["figure"] + names + (["release / Go"] if go_name else [])
    table = [header]
    for key, label, fmt in rows:
        if not any(key in columns[n] for n in names):
            continue
        line = [label] + [fmt.format(columns[n][key]) if key in columns[n] else "-" for n in names]
        if go_name:
            rel, ref = columns["azbatch release"].get(key), columns[go_name].get(key)
            line.append(f"{rel / ref:.2f}x" if rel is not None and ref else "-")
        table.append(line)
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    print(f"release {version} ({dist}); tofu {tofu}")
    for r in table:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
