"""Run the hostile corpus at scale and print the figures the README states (``make fuzz`` runs it).

Every input of tests/hostile.py (the hand-made packages and ``--mutants`` seeded mutants of the
valid sample) goes, in a process of its own, through what a user runs on a file: read, validate,
the annotated copy, the calculation's JSON and the three reports (xlsx; PDF for every fifth).
A run is a crash if the process ends by a signal, with a traceback, or with a non-strict JSON;
a hang if it passes ``--timeout`` seconds. Peak memory is the child's maximum resident set.

    python tools/hostile_run.py --mutants 600 --seed 21 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402

VALID = ROOT / "tests" / "data" / "bad" / "valid.xlsx"

ONE = """
import json, sys
from pathlib import Path
from accounting import AccountingError, annotate, calculate, read_submission, render_report, validate
path, out, pdf = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "1"
try:
    submission = read_submission(path)
    report = validate(submission)
    annotate(path, report, out / "annotated.xlsx")
    if not report.errors:
        result = calculate(submission)
        json.loads(result.to_json(lines=True), parse_constant=lambda c: sys.exit(f"non-strict JSON: {c}"))
        for kind in ("enterprise", "audit", "disclosure"):
            render_report(kind, result, out, formats=("xlsx", "pdf") if pdf else ("xlsx",))
    print("ok")
except AccountingError as exc:
    print("refused", str(exc).splitlines()[0][:120])
"""


def run(path: Path, pdf: bool, timeout: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="tanhe-hostile-") as out:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", ONE, str(path), out, "1" if pdf else "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        try:
            stdout, stderr = child.communicate(timeout=timeout)
            hang = False
        except subprocess.TimeoutExpired:
            child.kill()
            stdout, stderr = child.communicate()
            hang = True
        # the child is reaped by communicate; its peak memory comes from the rusage of all children
        seconds = time.perf_counter() - start
    crash = child.returncode not in (0,) or b"Traceback" in stderr
    return {
        "file": path.name,
        "seconds": round(seconds, 2),
        "hang": hang,
        "crash": crash and not hang,
        "said": stdout.decode(errors="replace").strip()[:160],
        "stderr": stderr.decode(errors="replace")[-400:] if crash else "",
    }


def peak_rss(path: Path) -> int:
    """Peak resident memory (KiB) of reading and validating one input, measured alone with wait4."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom accounting import AccountingError, read_submission, validate\n"
            "try:\n    validate(read_submission(sys.argv[1]))\nexcept AccountingError:\n    pass",
            str(path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    _, _, usage = os.wait4(child.pid, 0)
    return int(usage.ru_maxrss)


def build(folder: Path, seed: int, count: int) -> None:
    inputs = [hostile.build(case, VALID, folder) for case in hostile.CASES]
    inputs += [hostile.broken_local_header(VALID, folder, offset) for offset in (5, 10**9, 2**32 - 1)]
    inputs.append(hostile.zip_encrypted(VALID, folder))
    inputs += hostile.mutants(VALID, folder, seed, count)
    (folder / "corpus.json").write_text(json.dumps([p.name for p in inputs]))


def main() -> None:
    if sys.argv[1:2] == ["--build"]:
        build(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=600)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tanhe-corpus-") as folder:
        # built in a process of its own: this one stays small, and a child's peak memory (which counts
        # what it was forked from) is its own
        subprocess.run([sys.executable, __file__, "--build", folder, str(args.seed), str(args.mutants)], check=True)
        names = json.loads((Path(folder) / "corpus.json").read_text())
        inputs = [Path(folder) / n for n in names]
        started = time.perf_counter()
        with ThreadPoolExecutor(args.jobs) as pool:
            results = list(pool.map(lambda item: run(item[1], item[0] % 5 == 0, args.timeout), enumerate(inputs)))
        memory = {p.name: peak_rss(p) for p in inputs[: len(hostile.CASES)]}
        elapsed = time.perf_counter() - started
    crashes = [r for r in results if r["crash"]]
    hangs = [r for r in results if r["hang"]]
    refused = sum(1 for r in results if str(r["said"]).startswith("refused"))
    slowest = max(results, key=lambda r: float(r["seconds"]))  # type: ignore[arg-type]
    made = len(hostile.CASES) + 4
    print(f"inputs tried        {len(results)} ({made} hand-made packages, {args.mutants} mutants, seed {args.seed})")
    print(f"crashes             {len(crashes)}")
    print(f"hangs (> {args.timeout:.0f} s)      {len(hangs)}")
    print(f"refused in words    {refused}; read or calculated {len(results) - refused - len(crashes) - len(hangs)}")
    print(f"slowest input       {slowest['file']} {slowest['seconds']} s")
    worst = max(memory, key=memory.__getitem__)
    print(f"peak memory, worst  {memory[worst] / 1024:.0f} MiB ({worst}: read and validated alone)")
    print(f"wall time           {elapsed:.0f} s on {args.jobs} processes")
    for r in crashes + hangs:
        print(json.dumps(r, ensure_ascii=False))
    sys.exit(1 if crashes or hangs else 0)


if __name__ == "__main__":
    main()
