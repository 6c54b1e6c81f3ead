"""Side-by-side comparison of Myelin with the peer frameworks (``bin/myelin bench compare``).

Gets the workload descriptions from Myelin's harness, then runs every framework on every workload
in rounds, always in the same order (A B C A B C ...), one fresh process per run, so drift on a
shared machine touches all alike. Each run warms up, then times several repetitions and prints one
JSON line. The tuning variables (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE) are unset for every framework
alike, and the thread variables set to the same count. Writes ``compare-<date>-<time>.json`` (every run's
raw result) and ``.md`` (framework, metric, median, spread, Myelin's speed-up as the
median of the round-by-round ratios, final loss, peak memory). Standard library only.
"""

import argparse
import datetime
import hashlib
import json
import os
import shlex
import subprocess
import sys

PYTHON_PEERS = ("keras-jax", "keras-tensorflow", "keras-torch", "torch")
JVM_PEERS = ("dl4j", "djl")
# myelin-eager: Myelin with tracing off (run_eagerly), the "before" of traced fit and predict
MYELIN_VARIANTS = ("myelin", "myelin-eager")
LOWER_IS_BETTER = ("us_per_step", "p50_us_b1", "p99_us_b1")
UNSET = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def ensure_venv(root, venv, frameworks):
    """Creates the peers' virtualenv and installs the pinned requirements the chosen frameworks
    need, once (a stamp file holds the hash of what was installed); returns its interpreter."""
    here = os.path.dirname(os.path.abspath(__file__))
    files = ["requirements-peers.txt"]
    if any(f in ("torch", "keras-torch") for f in frameworks):
        files.append("requirements-torch.txt")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        print(f"compare: creating {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    for name in files:
        path = os.path.join(here, name)
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        stamp = os.path.join(venv, name + ".installed")
        if os.path.exists(stamp) and open(stamp).read() == digest:
            continue
        print(f"compare: installing {name} into {venv} (first use; large download)", file=sys.stderr)
        subprocess.run([python, "-m", "pip", "install", "-q", "-r", path], check=True)
        with open(stamp, "w") as f:
            f.write(digest)
    return python


def ensure_jvm_peers(root):
    """Builds the JVM peers' module (Maven profile bench-peers) once; returns the command that
    runs its main class."""
    module = os.path.join(root, "java-api", "bench-peers")
    cp_file = os.path.join(module, "target", "classpath.txt")
    if not os.path.exists(cp_file):
        print("compare: building the JVM peers (DL4J, DJL; large download on first use)", file=sys.stderr)
        subprocess.run(["mvn", "-B", "-q", "-Pbench-peers", "-pl", "java-api/bench-peers", "-am",
                        "-DskipTests", "package"], cwd=root, check=True)
    with open(cp_file) as f:
        cp = os.path.join(module, "target", "classes") + ":" + f.read().strip()
    return f"java -cp {cp} dev.myelin.benchpeers.PeerMain"


def load_average():
    """The 1-minute load average (other work on a shared machine skews every result), or None."""
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except OSError:
        return None


def median(values):
    """The median (linear interpolation, as numpy)."""
    s = sorted(values)
    if not s:
        return float("nan")
    pos = 0.5 * (len(s) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def child_env(threads):
    """The environment every framework's process gets: same threads, tuning variables unset."""
    env = dict(os.environ)
    for v in UNSET:
        env.pop(v, None)
    for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TF_NUM_INTRAOP_THREADS"):
        env[v] = str(threads)
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    return env


def command(framework, spec, args):
    """The command line that runs ``spec`` on ``framework``."""
    js = json.dumps(spec)
    if framework in MYELIN_VARIANTS:
        return shlex.split(args.myelin_cmd) + [spec["name"], "--reps", str(spec["repetitions"])] + (
            ["--quick"] if args.quick else []) + ["--threads", str(spec["threads"])] + (
            ["--eager"] if framework == "myelin-eager" else [])
    if framework in PYTHON_PEERS:
        return [args.python, os.path.join(os.path.dirname(__file__), "peers.py"),
                "--framework", framework, "--spec", js]
    if framework in JVM_PEERS:
        return shlex.split(args.jvm_peers_cmd) + ["--framework", framework, "--spec", js]
    raise SystemExit(f"compare: unknown framework {framework!r}")


def run_one(framework, spec, args, env):
    """Runs one process; returns its parsed JSON result, or a dict with an 'error'."""
    cmd = command(framework, spec, args)
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"framework": framework, "workload": spec["name"], "error": f"timeout {args.timeout}s"}
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode != 0 or not lines:
        tail = (p.stderr or p.stdout).strip().splitlines()[-3:]
        return {"framework": framework, "workload": spec["name"],
                "error": f"exit {p.returncode}: " + " | ".join(tail)}
    r = json.loads(lines[-1])
    r["framework"] = framework
    return r


def loss_similar(loss, reference):
    """Whether a peer trained about as far as Myelin: the final losses (same data, same steps)
    agree within 0.05 plus half of Myelin's. A peer that does less work, or does not train,
    fails this."""
    return abs(loss - reference) <= 0.05 + 0.5 * reference


def aggregate(results, frameworks, specs):
    """Per workload, framework and metric: median over every repetition of every round,
    [min, max], and Myelin's speed-up as the median of round-by-round ratios."""
    rows = []
    for spec in specs:
        w = spec["name"]
        mine = [r for r in results if r["workload"] == w and r["framework"] == "myelin" and "error" not in r]
        for fw in frameworks:
            runs = [r for r in results if r["workload"] == w and r["framework"] == fw]
            ok = [r for r in runs if "error" not in r]
            if not ok:
                rows.append({"workload": w, "framework": fw, "error": runs[0]["error"] if runs else "not run"})
                continue
            for metric in spec["metrics"]:
                values = [rep[metric] for r in ok for rep in r["repetitions"]]
                ratios = []
                mine_by_round = {r["round"]: r for r in mine}
                for b in ok:
                    a = mine_by_round.get(b["round"])
                    if a is None:
                        continue
                    m, p = a["median"][metric], b["median"][metric]
                    ratios.append(p / m if metric in LOWER_IS_BETTER else m / p)
                losses = [r["final_loss"] for r in ok if r.get("final_loss") is not None]
                my_losses = [r["final_loss"] for r in mine if r.get("final_loss") is not None]
                rows.append({
                    "workload": w, "framework": fw, "version": ok[0].get("version"),
                    "metric": metric, "median": median(values), "min": min(values), "max": max(values),
                    "runs": len(ok), "myelin_speedup": median(ratios) if ratios else None,
                    "final_loss": median(losses) if losses else None,
                    "loss_similar": loss_similar(median(losses), median(my_losses))
                    if losses and my_losses else None,
                    "peak_rss_mib": max(r["peak_rss_kib"] for r in ok) / 1024.0,
                })
    return rows


def markdown(rows, meta):
    """The Markdown report: header with date, machine and versions, then one table."""
    out = [f"# Myelin benchmark comparison, {meta['date']}", "",
           f"Machine: {meta['cpu']}, {meta['cores']} cores, ISA {meta['isa']}; {meta['threads']} threads "
           f"for every framework; float32; {meta['rounds']} alternating rounds x {meta['reps']} repetitions; "
           f"unset for all: {', '.join(UNSET)} (were: {meta['unset_were']}); 1-minute load average "
           f"before and after: {meta['load_average']}.", "",
           "Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(meta["versions"].items())), ""]
    if meta.get("matmul_peak_gflops"):
        out += [f"Measured matmul peak (1024^3 fp32 through Myelin, best of 10): "
                f"{meta['matmul_peak_gflops']:.0f} GFLOP/s.", ""]
    out += ["Myelin x: how many times faster Myelin is (median of round-by-round ratios; > 1 means "
            "Myelin wins). Final loss: over the whole training set after the last repetition.", "",
            "| workload | framework | metric | median | min - max | Myelin x | final loss | peak RSS MiB |",
            "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if "error" in r:
            out.append(f"| {r['workload']} | {r['framework']} | failed: {r['error'][:120]} | | | | | |")
            continue
        sp = "" if r["myelin_speedup"] is None else f"{r['myelin_speedup']:.2f}"
        loss = "" if r["final_loss"] is None else f"{r['final_loss']:.4g}"
        if r.get("loss_similar") is False:
            loss += " (differs from Myelin's)"
        extra = ""
        if r["metric"] == "gflops" and meta.get("matmul_peak_gflops"):
            extra = f" ({100 * r['median'] / meta['matmul_peak_gflops']:.0f}% of peak)"
        out.append(f"| {r['workload']} | {r['framework']} | {r['metric']} | {r['median']:,.4g}{extra} | "
                   f"{r['min']:,.4g} - {r['max']:,.4g} | {sp} | {loss} | {r['peak_rss_mib']:.0f} |")
    return "\n".join(out) + "\n"


def main(argv=None):
    """Parses the command line, runs the rounds and writes the reports."""
    p = argparse.ArgumentParser(description="Myelin versus Keras 3, PyTorch, DL4J and DJL")
    p.add_argument("workloads", nargs="*", default=["tiny", "mlp", "predict"])
    p.add_argument("--frameworks", default="myelin," + ",".join(PYTHON_PEERS))
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--quick", action="store_true", help="one short repetition (smoke test)")
    p.add_argument("--timeout", type=int, default=1800)
    p.add_argument("--myelin-cmd", required=True, help="command running dev.myelin.bench.harness.BenchMain")
    p.add_argument("--root", default=".", help="the repository root")
    p.add_argument("--python", help="interpreter with the Python peers (default: the virtualenv)")
    p.add_argument("--venv", help="the peers' virtualenv (default: ROOT/target/bench-venv)")
    p.add_argument("--jvm-peers-cmd", help="command running the JVM peers' main class")
    p.add_argument("--out", help="report folder (default: ROOT/target/bench)")
    a = p.parse_args(argv)
    frameworks = [f for f in a.frameworks.split(",") if f]
    if "myelin" not in frameworks:
        frameworks.insert(0, "myelin")
    unknown = [f for f in frameworks if f not in MYELIN_VARIANTS + PYTHON_PEERS + JVM_PEERS]
    if unknown:
        raise SystemExit(f"compare: unknown frameworks {unknown}; choose from "
                         f"{', '.join(MYELIN_VARIANTS + PYTHON_PEERS + JVM_PEERS)}")
    a.out = a.out or os.path.join(a.root, "target", "bench")
    if any(f in PYTHON_PEERS for f in frameworks) and not a.python:
        a.python = ensure_venv(a.root, a.venv or os.path.join(a.root, "target", "bench-venv"), frameworks)
    if any(f in JVM_PEERS for f in frameworks) and not a.jvm_peers_cmd:
        a.jvm_peers_cmd = ensure_jvm_peers(a.root)
    env = child_env(a.threads)
    describe = shlex.split(a.myelin_cmd) + a.workloads + ["--describe", "--reps", str(a.reps),
                                                          "--threads", str(a.threads)]
    if a.quick:
        describe.append("--quick")
    specs = [json.loads(ln) for ln in subprocess.run(describe, env=env, check=True, capture_output=True,
                                                     text=True).stdout.splitlines() if ln.startswith("{")]
    unset_were = ", ".join(f"{v}={os.environ.get(v)}" for v in UNSET)
    print(f"compare: {', '.join(frameworks)} on {', '.join(s['name'] for s in specs)}; "
          f"{a.rounds} rounds; threads {a.threads}; unset {unset_were}", file=sys.stderr)
    results = []
    load_before = load_average()
    for rnd in range(a.rounds):
        for spec in specs:
            for fw in frameworks:
                r = run_one(fw, spec, a, env)
                r["round"] = rnd
                results.append(r)
                head = spec["metrics"][0]
                shown = r.get("error") or f"{head}={r['median'][head]:.4g} loss={r.get('final_loss')}"
                print(f"  round {rnd + 1}/{a.rounds} {spec['name']:8s} {fw:17s} {shown}", file=sys.stderr)
    ok = [r for r in results if "error" not in r]
    versions = {}
    for r in ok:
        for k, v in r["env"].items():
            if k in ("myelin", "onednn", "java", "python", "keras", "tensorflow", "jax", "torch",
                     "dl4j", "djl", "pytorch_native"):
                versions[k] = v
    first = next((r["env"] for r in ok if r["framework"] == "myelin"), ok[0]["env"] if ok else {})
    peaks = [r["matmul_peak_gflops"] for r in ok if r.get("matmul_peak_gflops")]
    meta = {"date": datetime.date.today().isoformat(), "cpu": first.get("cpu"), "cores": first.get("cores"),
            "isa": first.get("isa"), "threads": a.threads, "rounds": a.rounds, "reps": a.reps,
            "unset_were": unset_were, "versions": versions,
            "load_average": [load_before, load_average()],
            "matmul_peak_gflops": max(peaks) if peaks else None, "frameworks": frameworks}
    rows = aggregate(results, frameworks, specs)
    os.makedirs(a.out, exist_ok=True)
    # The time of day keeps a second run on the same day from overwriting the first.
    base = os.path.join(a.out, f"compare-{meta['date']}-{datetime.datetime.now():%H%M%S}")
    with open(base + ".json", "w") as f:
        json.dump({"meta": meta, "rows": rows, "results": results}, f, indent=1)
    md = markdown(rows, meta)
    with open(base + ".md", "w") as f:
        f.write(md)
    sys.stdout.write(md)
    print(f"compare: wrote {base}.json and {base}.md", file=sys.stderr)


if __name__ == "__main__":
    main()
