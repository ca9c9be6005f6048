#!/usr/bin/env python3
"""azbatch beside Azure/terraform-provider-azapi: apply and destroy of N resource groups against
the bundled ARM emulator, both measured in one run (a figure, not a test).

  bench/azapi_bench.py [--build build] [--tofu PATH] [--groups 100] [--parallelism 10] [--rounds 1]

Each round runs, interleaved: azbatch apply, azapi apply, azbatch destroy, azapi destroy, all
against one emulator (`--tls --time-scale 600`; the two providers use different group names).
Printed: wall seconds, destroy/apply, ours/azapi, and the emulator's request log per group by kind.

azapi is built once from the Go module proxy into ~/.cache/terraform-provider-azbatch/azapi-VER/.
The proxy serves v1.x only: azapi's v2 tags keep the module path without /v2, so the proxy lists
no versions and refuses v2.x; v1.15.0 is the last v1 release.

Authentication of azapi: its client-secret credential cannot work against the emulator, because
MSAL (azidentity) first asks login.microsoftonline.com for instance discovery whenever the
authority host is not a Microsoft one, and azapi offers no way to disable that. So azapi uses its
Azure CLI credential (use_cli = true) with a fake `az` first on PATH that fetches a token from the
emulator's token endpoint (client credentials), i.e. the same token our provider gets. That fake
is acceptable for a benchmark only; its one token request per provider process is counted.
"""
import argparse
import collections
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import ssl

ROOT = pathlib.Path(__file__).resolve().parent.parent
CACHE = pathlib.Path.home() / ".cache/terraform-provider-azbatch"
DEFAULT_TOFU = CACHE / "tofu-v1.12.6/tofu"
GO = "/usr/local/go/bin/go"
AZAPI = "github.com/Azure/terraform-provider-azapi"
AZAPI_VERSION = "v1.15.0"
TENANT = "00000000-0000-0000-0000-0000000000aa"
CLIENT = "00000000-0000-0000-0000-000000000001"
SECRET = "emulator-secret"
SUB = "00000000-0000-0000-0000-0000000000bb"
KINDS = ["PUT", "GET", "DELETE", "poll", "token", "metadata", "other"]


def ensure_azapi(version):
    """The cached azapi binary, built from the module proxy on first use (-p 1, nice)."""
    out = CACHE / f"azapi-{version}" / f"terraform-provider-azapi_{version}"
    if out.exists():
        return out
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="azapi-build-"))
    try:
        env = dict(os.environ, GOFLAGS="-mod=mod")
        info = json.loads(subprocess.run([GO, "mod", "download", "-json", f"{AZAPI}@{version}"],
                                         cwd=tmp, env=env, check=True, stdout=subprocess.PIPE,
                                         text=True).stdout)
        src = tmp / "src"
        shutil.copytree(info["Dir"], src)
        subprocess.run(["chmod", "-R", "u+w", str(src)], check=True)
        shutil.rmtree(src / "vendor", ignore_errors=True)  # modules.txt only, in the module zip
        out.parent.mkdir(parents=True, exist_ok=True)
        print(f"building azapi {version} (once) ...", file=sys.stderr)
        subprocess.run(["nice", "-n", "10", GO, "build", "-mod=mod", "-p", "1", "-trimpath",
                        "-ldflags", "-s -w", "-o", str(out) + ".tmp", "."], cwd=src, env=env,
                       check=True)
        os.replace(str(out) + ".tmp", out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


class Emulator:
    def __init__(self, build, work):
        ready = work / "emulator.url"
        self.cert = work / "emulator.pem"
        self.log = open(work / "emulator.log", "w")
        self.proc = subprocess.Popen(
            [str(build / "bin/arm-emulator"), "--tls", "--tls-cert-file", str(self.cert),
             "--port", "0", "--ready-file", str(ready), "--time-scale", "600"],
            stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(200):
            if ready.exists() and ready.read_text().strip():
                break
            time.sleep(0.05)
        self.url = ready.read_text().strip()
        self.ctx = ssl.create_default_context(cafile=str(self.cert))

    def _call(self, method):
        req = urllib.request.Request(self.url + "/_emulator/requests", method=method)
        with urllib.request.urlopen(req, context=self.ctx) as r:
            body = r.read()
        return json.loads(body) if body else None

    def requests(self):
        return self._call("GET")["requests"]

    def clear(self):
        self._call("DELETE")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        self.log.close()


def kind(r):
    path, method = r.get("path", ""), r.get("method", "?")
    if "/oauth2/" in path or "openid-configuration" in path or "/discovery/" in path:
        return "token"
    if path.startswith("/metadata/"):
        return "metadata"
    low = path.lower()
    if "/operationresults/" in low or "/operations/" in low or "operationstatuses" in low:
        return "poll"
    if method in ("PUT", "GET", "DELETE") and "/resourcegroups/" in low and low.count("/") == 4:
        return method  # the group itself: /subscriptions/S/resourceGroups/NAME
    return "other"


def other_detail(reqs):
    c = collections.Counter()
    for r in reqs:
        if kind(r) == "other":
            p = r.get("path", "")
            segs = p.split("/")
            c[f"{r.get('method')} /{'/'.join(segs[1:4])}{'/...' if len(segs) > 4 else ''} "
              f"-> {r.get('status')}"] += 1
    return c


def poll_gaps(reqs):
    """Seconds between successive polls of the same operation, and polls per operation."""
    from datetime import datetime
    by = collections.defaultdict(list)
    for r in reqs:
        if kind(r) == "poll":
            t = datetime.fromisoformat(r["time"].replace("Z", "+00:00")).timestamp()
            by[r["path"]].append(t)
    gaps = [b - a for ts in by.values() for a, b in zip(ts, ts[1:])]
    return by, gaps


def run(cmd, cwd, env):
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    dt = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed ({p.returncode}):\n{p.stdout[-4000:]}")
    return dt


FAKE_AZ = '''#!{python}
# Benchmark-only stand-in for the Azure CLI (bench/azapi_bench.py): azapi's client-secret
# credential needs MSAL instance discovery at login.microsoftonline.com, so azapi authenticates
# with use_cli = true and this script answers the two az commands it runs with the emulator's
# own client-credentials token. Not a general `az`.
import datetime, json, ssl, sys, urllib.parse, urllib.request
EMU, CERT, TENANT, CLIENT, SECRET, SUB = {consts!r}
a = sys.argv[1:]
if a[:2] == ["account", "show"]:
    print(json.dumps({{"id": SUB, "tenantId": TENANT, "isDefault": True, "state": "Enabled"}}))
elif a[:2] == ["account", "get-access-token"]:
    res = a[a.index("--resource") + 1] if "--resource" in a else EMU
    data = urllib.parse.urlencode({{"grant_type": "client_credentials", "client_id": CLIENT,
                                   "client_secret": SECRET, "scope": res + "/.default"}}).encode()
    ctx = ssl.create_default_context(cafile=CERT)
    with urllib.request.urlopen(EMU + "/" + TENANT + "/oauth2/v2.0/token", data, context=ctx) as r:
        tok = json.load(r)
    exp = datetime.datetime.now() + datetime.timedelta(seconds=int(tok["expires_in"]))
    print(json.dumps({{"accessToken": tok["access_token"],
                      "expiresOn": exp.strftime("%Y-%m-%d %H:%M:%S.%f"),
                      "expires_on": int(exp.timestamp()), "subscription": SUB, "tenant": TENANT,
                      "tokenType": "Bearer"}}, indent=2))
else:
    sys.exit("fake az: unsupported: " + " ".join(a))
'''


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=str(ROOT / "build"))
    ap.add_argument("--tofu", default=str(DEFAULT_TOFU))
    ap.add_argument("--groups", type=int, default=100)
    ap.add_argument("--parallelism", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--azapi-version", default=AZAPI_VERSION)
    # The emulator throttles per subscription like ARM (token buckets: reads 250 @ 25/s, writes
    # and deletes 200 @ 10/s); both providers share one subscription, so without a pause one
    # command would start on the buckets the previous one drained. 21 s refills all of them.
    ap.add_argument("--settle", type=float, default=21.0,
                    help="seconds to wait before each measured command (bucket refill)")
    a = ap.parse_args()
    build = pathlib.Path(a.build).resolve()
    azapi_bin = ensure_azapi(a.azapi_version)
    azver = a.azapi_version.lstrip("v")
    ours_ver = subprocess.run([str(build / "bin/terraform-provider-azbatch"), "--version"],
                              stdout=subprocess.PIPE, text=True).stdout.split()[-1]

    work = pathlib.Path(tempfile.mkdtemp(prefix="azbatch-azapi-bench-"))
    mirror = work / "mirror"
    subprocess.run([str(ROOT / "scripts/install-provider.sh"),
                    str(build / "bin/terraform-provider-azbatch"), str(mirror)],
                   check=True, stdout=subprocess.PIPE)
    pkg = mirror / f"registry.terraform.io/azure/azapi/{azver}/linux_amd64"
    pkg.mkdir(parents=True)
    os.symlink(azapi_bin, pkg / f"terraform-provider-azapi_v{azver}")
    cfg = work / "cli.tfrc"  # one offline mirror for both providers
    cfg.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{mirror}"\n'
                   '  }\n}\n')

    emu = Emulator(build, work)
    bundle = work / "ca-bundle.pem"  # system CAs + the emulator's self-signed certificate
    bundle.write_bytes(pathlib.Path("/etc/ssl/certs/ca-certificates.crt").read_bytes()
                       + emu.cert.read_bytes())
    fakebin = work / "fakebin"
    fakebin.mkdir()
    (fakebin / "az").write_text(FAKE_AZ.format(
        python=sys.executable, consts=(emu.url, str(emu.cert), TENANT, CLIENT, SECRET, SUB)))
    (fakebin / "az").chmod(0o755)

    base = {k: v for k, v in os.environ.items() if not k.startswith("ARM_")}
    base.update(TF_CLI_CONFIG_FILE=str(cfg), TF_IN_AUTOMATION="1", TF_INPUT="0",
                SSL_CERT_FILE=str(bundle))
    env_ours = dict(base, ARM_METADATA_HOSTNAME=emu.url, ARM_USE_CLI="false",
                    ARM_TENANT_ID=TENANT, ARM_CLIENT_ID=CLIENT, ARM_CLIENT_SECRET=SECRET,
                    ARM_SUBSCRIPTION_ID=SUB)
    env_azapi = dict(base, PATH=f"{fakebin}:{os.environ.get('PATH', '')}")

    n = a.groups
    ours_dir, az_dir = work / "ours", work / "azapi"
    ours_dir.mkdir()
    az_dir.mkdir()
    (ours_dir / "main.tf").write_text(
        'terraform {\n  required_providers {\n    azbatch = { source = '
        '"local.azbatch.dev/azbatch/azbatch" }\n  }\n}\nprovider "azbatch" {}\n'
        f'resource "azbatch_resource_group" "rg" {{\n  count    = {n}\n'
        '  name     = "ours-${count.index}"\n  location = "westeurope"\n}\n')
    (az_dir / "main.tf").write_text(
        'terraform {\n  required_providers {\n    azapi = { source = '
        f'"registry.terraform.io/azure/azapi", version = "{azver}" }}\n  }}\n}}\n'
        'provider "azapi" {\n'
        f'  endpoint = [{{\n    resource_manager_endpoint       = "{emu.url}/"\n'
        f'    resource_manager_audience       = "{emu.url}"\n'
        f'    active_directory_authority_host = "{emu.url}/"\n  }}]\n'
        f'  tenant_id                  = "{TENANT}"\n  subscription_id            = "{SUB}"\n'
        '  use_cli                    = true\n  use_msi                    = false\n  skip_provider_registration = true\n}\n'
        f'resource "azapi_resource" "rg" {{\n  count     = {n}\n'
        '  type      = "Microsoft.Resources/resourceGroups@2021-04-01"\n'
        '  name      = "azapi-${count.index}"\n  location  = "westeurope"\n'
        f'  parent_id = "/subscriptions/{SUB}"\n}}\n')

    par = f"-parallelism={a.parallelism}"
    who = {"ours": (ours_dir, env_ours), "azapi": (az_dir, env_azapi)}
    results = collections.defaultdict(list)  # (provider, op) -> [(seconds, requests)]
    try:
        for d, env in who.values():
            run([a.tofu, "init", "-no-color"], d, env)
        for _ in range(a.rounds):
            for op, verb in (("apply", "apply"), ("destroy", "destroy")):
                for prov in ("ours", "azapi"):
                    d, env = who[prov]
                    time.sleep(a.settle)
                    emu.clear()
                    t = run([a.tofu, verb, "-auto-approve", "-no-color", par], d, env)
                    results[(prov, op)].append((t, emu.requests()))
    finally:
        emu.stop()
        shutil.rmtree(work, ignore_errors=True)

    label = {"ours": f"azbatch {ours_ver}", "azapi": f"azapi {a.azapi_version}"}
    print(f"{n} resource groups, -parallelism={a.parallelism}, OpenTofu "
          f"{pathlib.Path(a.tofu).parent.name.split('-')[-1]}, one arm-emulator --tls "
          f"--time-scale 600 (throttling on, {a.settle:g} s refill pause before each command); "
          f"order per round: ours apply, azapi apply, ours destroy, azapi destroy")
    for i in range(a.rounds):
        print(f"\nround {i + 1}")
        print(f"  {'':22} {'apply s':>8} {'destroy s':>10} {'destroy/apply':>14}")
        t = {}
        for prov in ("ours", "azapi"):
            ta, td = results[(prov, "apply")][i][0], results[(prov, "destroy")][i][0]
            t[prov] = (ta, td)
            print(f"  {label[prov]:22} {ta:8.2f} {td:10.2f} {td / ta:14.2f}")
        print(f"  {'ours/azapi':22} {t['ours'][0] / t['azapi'][0]:8.2f} "
              f"{t['ours'][1] / t['azapi'][1]:10.2f}")
        print(f"\n  requests per group      " + "".join(f"{k:>9}" for k in KINDS) + f"{'total':>9}{'(of which 429)':>16}")
        for op in ("apply", "destroy"):
            for prov in ("ours", "azapi"):
                reqs = results[(prov, op)][i][1]
                c = collections.Counter(kind(r) for r in reqs)
                print(f"  {label[prov].split()[0] + ' ' + op:22}"
                      + "".join(f"{c[k] / n:9.2f}" for k in KINDS) + f"{len(reqs) / n:9.2f}"
                      + f"{sum(r.get('status') == 429 for r in reqs) / n:16.2f}")
    # what "other" was, and how each provider polled the group deletes (last round)
    print("\ndetail (last round)")
    for op in ("apply", "destroy"):
        for prov in ("ours", "azapi"):
            reqs = results[(prov, op)][-1][1]
            od = other_detail(reqs)
            if od:
                print(f"  {prov} {op} other: " + "; ".join(f"{k} x{v}" for k, v in od.items()))
            statuses = collections.Counter((kind(r), r.get("status")) for r in reqs
                                           if kind(r) in ("GET", "PUT", "DELETE"))
            print(f"  {prov} {op} group requests by status: "
                  + ", ".join(f"{k} {s}: {v}" for (k, s), v in sorted(statuses.items())))
    for prov in ("ours", "azapi"):
        by, gaps = poll_gaps(results[(prov, "destroy")][-1][1])
        if gaps:
            print(f"  {prov} destroy: {len(by)} delete operations polled, "
                  f"{statistics.mean(len(v) for v in by.values()):.2f} polls each; gap between "
                  f"polls of one operation: median {statistics.median(gaps):.2f} s, min "
                  f"{min(gaps):.2f} s, max {max(gaps):.2f} s (emulator Retry-After >= 1 s)")
        elif by:
            print(f"  {prov} destroy: {len(by)} delete operations polled once each")


if __name__ == "__main__":
    main()
