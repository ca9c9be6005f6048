#!/usr/bin/env python3
"""Benchmark: provider process start -> handshake line latency, and peak RSS.

Starts the binary the way OpenTofu does (magic cookie, protocol versions, a
client certificate for AutoMTLS), times how long it takes to print the go-plugin
handshake line, reads the process's peak resident set (VmHWM) once it serves,
then stops it with SIGTERM. Prints one line per figure.

usage: bench/handshake_bench.py BINARY [RUNS]
"""
import os
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time

COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"


def client_cert_pem(workdir):
    key = os.path.join(workdir, "client.key")
    crt = os.path.join(workdir, "client.crt")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521",
         "-nodes", "-keyout", key, "-out", crt, "-days", "1", "-subj", "/CN=localhost/O=bench",
         "-addext", "subjectAltName=DNS:localhost"],
        check=True, capture_output=True)
    with open(crt) as f:
        return f.read()


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def one_run(binary, env):
    start = time.perf_counter()
    proc = subprocess.Popen([binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    if not ready:
        proc.kill()
        raise RuntimeError("no handshake within 30 s")
    line = proc.stdout.readline().decode()
    latency = time.perf_counter() - start
    fields = line.strip().split("|")
    # Core protocol 1; plugin protocol 6 (this provider) or 5 (e.g. terraform-provider-null).
    if len(fields) != 6 or fields[0] != "1" or fields[1] not in ("5", "6") or fields[4] != "grpc":
        proc.kill()
        raise RuntimeError(f"unexpected handshake line: {line!r}")
    time.sleep(0.05)  # let it settle into serving
    rss = peak_rss_kib(proc.pid)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=5)
    return latency, rss


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TF_PLUGIN_MAGIC_COOKIE=COOKIE, PLUGIN_PROTOCOL_VERSIONS="5,6",
                   PLUGIN_CLIENT_CERT=client_cert_pem(tmp), PLUGIN_MIN_PORT="10000",
                   PLUGIN_MAX_PORT="25000")
        one_run(binary, env)  # warm the page cache
        lat, rss = zip(*(one_run(binary, env) for _ in range(runs)))
    ms = sorted(x * 1000 for x in lat)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print(f"binary: {binary} ({os.path.getsize(binary) / 1e6:.1f} MB), runs: {runs}")
    print(f"handshake latency ms: median {statistics.median(ms):.1f}  p95 {p95:.1f}  "
          f"min {ms[0]:.1f}  max {ms[-1]:.1f}")
    print(f"peak RSS KiB after handshake: median {int(statistics.median(rss))}  max {max(rss)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
