"""Run one mutation campaign of tools/campaigns.toml in a checkout of its own.

    python tools/mutants.py CAMPAIGN [MUTANT ...] [--children N] [--folder F] [--survivors]

mutmut reads what to mutate and which tests to run from ``[tool.mutmut]`` of pyproject.toml, so a
campaign runs in a clone of the committed HEAD (in ``F``, by default the temporary folder's
``tanhe-mutants-CAMPAIGN``) whose pyproject names the campaign's modules and tests; the working
tree is left alone, and the package's environment (.venv) is shared.

Run again, the same folder is brought up to HEAD and its earlier results are kept: mutmut makes
the mutants of a changed module again but copies the others only once, so every copy but the
mutated modules' is removed first (else the tests would run on yesterday's code). ``--survivors``
runs only the mutants that survived last time (with the tests written since); ``MUTANT`` names or
patterns (``accounting.store.prepare.x_prepare*``) run those. The score is printed at the end, a
mutant not run again counted as it ended before (mutmut forgets those when the tests change).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAMPAIGNS = Path(__file__).with_name("campaigns.toml")


def campaigns() -> dict[str, dict[str, object]]:
    return tomllib.loads(CAMPAIGNS.read_text(encoding="utf-8"))


def configured(pyproject: str, campaign: dict[str, object]) -> str:
    """The pyproject text with ``[tool.mutmut]`` naming the campaign's modules, tests and -k expression."""
    mutate, tests, deselect = campaign["mutate"], campaign["tests"], campaign["deselect"]
    lines = [
        f"only_mutate = {_array(mutate)}",
        f"pytest_add_cli_args_test_selection = {_array(tests)}",
    ]
    text = re.sub(r"(?m)^(only_mutate|pytest_add_cli_args_test_selection) = .*\n", "", pyproject)
    text = text.replace("[tool.mutmut]\n", "[tool.mutmut]\n" + "\n".join(lines) + "\n", 1)
    args = re.search(r'(?m)^pytest_add_cli_args = \[.*"-k", ("[^"]*")', text)
    if args is None:
        raise SystemExit("pyproject.toml: [tool.mutmut] pytest_add_cli_args has no -k expression to replace")
    return text[: args.start(1)] + f'"{deselect}"' + text[args.end(1) :]


def _array(values: object) -> str:
    assert isinstance(values, list)
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def _run(*command: str, cwd: Path, output: bool = False) -> str:
    done = subprocess.run(command, cwd=cwd, check=True, text=True, capture_output=output)
    return done.stdout if output else ""


def checkout(folder: Path, campaign: dict[str, object]) -> None:
    """``folder`` at HEAD with the campaign's configuration; its earlier mutants kept, other copies dropped."""
    if not (folder / ".git").exists():
        _run("git", "clone", "--quiet", str(ROOT), str(folder), cwd=ROOT)
        (folder / ".venv").symlink_to(ROOT / ".venv")
    else:
        _run("git", "checkout", "--quiet", "pyproject.toml", cwd=folder)
        _run("git", "pull", "--quiet", "--ff-only", str(ROOT), "HEAD", cwd=folder)
    pyproject = folder / "pyproject.toml"
    pyproject.write_text(configured(pyproject.read_text(encoding="utf-8"), campaign), encoding="utf-8")
    mutated = {p for pattern in campaign["mutate"] for p in folder.glob(pattern)}  # type: ignore[attr-defined]
    copies = folder / "mutants"
    for copy in copies.rglob("*.py") if copies.exists() else ():
        if folder / copy.relative_to(copies) not in mutated:
            copy.unlink()


def results(folder: Path, only: str = "") -> dict[str, str]:
    """mutant name → status, of every mutant mutmut knows in ``folder``."""
    text = _run(str(folder / ".venv" / "bin" / "mutmut"), "results", "--all", "true", cwd=folder, output=True)
    found = {}
    for line in text.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name and name.startswith(only):
            found[name] = status
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("campaign", choices=sorted(campaigns()))
    parser.add_argument("mutants", nargs="*", help="mutant names or patterns to run (all by default)")
    parser.add_argument("--children", type=int, default=2, help="mutants run at once (default 2)")
    parser.add_argument("--folder", type=Path, help="the campaign's checkout (kept between runs)")
    parser.add_argument("--survivors", action="store_true", help="run only the mutants that survived last time")
    args = parser.parse_intermixed_args()
    campaign = campaigns()[args.campaign]
    folder = args.folder or Path(tempfile.gettempdir()) / f"tanhe-mutants-{args.campaign}"
    checkout(folder, campaign)
    names = list(args.mutants)
    before = results(folder) if (folder / "mutants").exists() else {}
    if args.survivors:
        names += [name for name, status in before.items() if status == "survived"]
        if not names:
            raise SystemExit("no survivor to run again (run the campaign first)")
    mutmut = str(folder / ".venv" / "bin" / "mutmut")
    subprocess.run([mutmut, "run", "--max-children", str(args.children), *names], cwd=folder, check=False)
    # changed tests make mutmut forget what it had not run again: a mutant killed before stays killed
    # (tests are added, not weakened, between the runs of a campaign)
    after = results(folder)
    counts = Counter(before.get(n, s) if s == "not checked" else s for n, s in after.items())
    run = sum(n for status, n in counts.items() if status in ("killed", "survived", "timeout", "suspicious"))
    killed = counts["killed"] + counts["timeout"]
    score = f"{killed / run:.0%}" if run else "—"
    print(f"{args.campaign}: {killed} of {run} mutants run killed ({score}); {dict(sorted(counts.items()))}")
    print(f"the survivors: (cd {folder} && .venv/bin/mutmut results); one of them: mutmut show NAME")
    sys.exit(0)


if __name__ == "__main__":
    main()
