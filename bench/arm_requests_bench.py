#!/usr/bin/env python3
"""ARM request and wall-time figures against the bundled emulator (figures, not a test).

  bench/arm_requests_bench.py [--build build] [--tofu PATH] [--groups 100] [--parallelism 10]

1. apply, then destroy, N azbatch_resource_group resources at -parallelism=P: wall time and the
   ARM requests of each (by method; per created resource).
2. a no-change plan of examples/custom-pool-from-gallery after applying it: its requests.
"""
import argparse
import collections
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_TOFU = pathlib.Path.home() / ".cache/terraform-provider-azbatch/tofu-v1.12.6/tofu"


def http(url, method="GET", data=None):
    req = urllib.request.Request(url, method=method, data=data)
    with urllib.request.urlopen(req) as r:
        body = r.read()
    return json.loads(body) if body else None


class Emulator:
    def __init__(self, build, work):
        ready = work / "emulator.url"
        self.log = open(work / "emulator.log", "w")
        self.proc = subprocess.Popen(
            [str(build / "bin/arm-emulator"), "--port", "0", "--ready-file", str(ready),
             "--time-scale", "600"], stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(200):
            if ready.exists() and ready.read_text().strip():
                break
            time.sleep(0.05)
        self.url = ready.read_text().strip()

    def requests(self):
        return http(self.url + "/_emulator/requests")["requests"]

    def clear(self):
        http(self.url + "/_emulator/requests", method="DELETE")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        self.log.close()


def summarize(reqs):
    by = collections.Counter()
    for r in reqs:
        path = r.get("path", "")
        if "/oauth2/" in path or "token" in path.lower():
            kind = "token"
        elif path.startswith("/metadata/"):
            kind = "metadata"
        elif "/operations/" in path or "operationStatuses" in path or "operationresults" in path.lower():
            kind = "poll"
        elif path.rstrip("/").count("/") <= 4 and "/providers/Microsoft." in path:
            kind = "registration"
        else:
            kind = r.get("method", "?")
        by[kind] += 1
    return dict(sorted(by.items()))


def run(cmd, cwd, env):
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    dt = time.monotonic() - t0
    if p.returncode not in (0, 2):
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stdout[-4000:]}")
    return dt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=str(ROOT / "build"))
    ap.add_argument("--tofu", default=str(DEFAULT_TOFU))
    ap.add_argument("--groups", type=int, default=100)
    ap.add_argument("--parallelism", type=int, default=10)
    a = ap.parse_args()
    build = pathlib.Path(a.build).resolve()
    work = pathlib.Path(tempfile.mkdtemp(prefix="azbatch-bench-"))
    cfg = subprocess.run([str(ROOT / "scripts/install-provider.sh"),
                          str(build / "bin/terraform-provider-azbatch"), str(work / "mirror")],
                         check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
    emu = Emulator(build, work)
    env = dict(os.environ, TF_CLI_CONFIG_FILE=cfg, TF_IN_AUTOMATION="1", TF_INPUT="0",
               ARM_METADATA_HOSTNAME=emu.url.replace("http://", ""), ARM_USE_CLI="false",
               ARM_TENANT_ID="00000000-0000-0000-0000-0000000000aa",
               ARM_CLIENT_ID="00000000-0000-0000-0000-000000000001",
               ARM_CLIENT_SECRET="emulator-secret",
               ARM_SUBSCRIPTION_ID="00000000-0000-0000-0000-0000000000bb")
    header = ('terraform {\n  required_providers {\n    azbatch = { source = '
              '"local.azbatch.dev/azbatch/azbatch" }\n  }\n}\nprovider "azbatch" {}\n')
    try:
        groups = work / "groups"
        groups.mkdir()
        (groups / "main.tf").write_text(
            header + f'resource "azbatch_resource_group" "rg" {{\n  count    = {a.groups}\n'
            '  name     = "bench-${count.index}"\n  location = "westeurope"\n}\n')
        run([a.tofu, "init", "-no-color"], groups, env)
        par = f"-parallelism={a.parallelism}"
        emu.clear()
        t_apply = run([a.tofu, "apply", "-auto-approve", "-no-color", par], groups, env)
        r_apply = emu.requests()
        emu.clear()
        t_destroy = run([a.tofu, "destroy", "-auto-approve", "-no-color", par], groups, env)
        r_destroy = emu.requests()
        print(f"resource groups: {a.groups} at -parallelism={a.parallelism}")
        print(f"  apply   {t_apply:6.2f} s  {len(r_apply):4d} requests "
              f"({len(r_apply) / a.groups:.2f}/group)  {summarize(r_apply)}")
        print(f"  destroy {t_destroy:6.2f} s  {len(r_destroy):4d} requests "
              f"({len(r_destroy) / a.groups:.2f}/group)  {summarize(r_destroy)}")
        print(f"  destroy/apply time ratio {t_destroy / t_apply:.2f}")

        example = ROOT / "examples/custom-pool-from-gallery"
        pool = work / "pool"
        pool.mkdir()
        for f in example.glob("*.tf"):
            shutil.copy(f, pool)
        http(emu.url + "/_emulator/seed", "POST", (example / "emulator-seed.json").read_bytes())
        run([a.tofu, "init", "-no-color"], pool, env)
        run([a.tofu, "apply", "-auto-approve", "-no-color"], pool, env)
        emu.clear()
        t_plan = run([a.tofu, "plan", "-no-color", "-detailed-exitcode"], pool, env)
        r_plan = emu.requests()
        print(f"no-change plan of custom-pool-from-gallery: {t_plan:.2f} s, {len(r_plan)} "
              f"requests {summarize(r_plan)}")
        for r in r_plan:
            print(f"    {r.get('method')} {r.get('path')} -> {r.get('status')}")
        run([a.tofu, "destroy", "-auto-approve", "-no-color"], pool, env)
    finally:
        emu.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
