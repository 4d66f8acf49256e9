"""Pathological inputs: the time to convert each, at 10k, 20k and 40k characters, and the
growth ratio per doubling (linear work doubles: ratio ≈ 2; a quadratic path gives ≈ 4).

    python -m bench.pathological [--sizes 10000 20000 40000] [--limit 2.2]

Exits non-zero when a ratio exceeds --limit, so it can gate a change."""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
from pathlib import Path

from generator.pipeline import build_handbook

ROOT = Path(__file__).resolve().parent.parent
HEAD = "测试县人民政府\n测试县实施方案\n一、重点任务\n（一）第一组\n"


def repeat_to(piece: str, size: int) -> str:
    return (piece * (size // len(piece) + 1))[:size]


# name -> (function of the size giving the plan text, debris.yml or None)
CASES = {
    "unclosed unit lists": (lambda n: HEAD + "1.任务甲。" + repeat_to("（责任单位：县公安局", n) + "\n", None),
    "spaces in a heading": (lambda n: HEAD + "1.任务" + " " * n + "甲。内容。\n", None),
    "tasks under one heading": (lambda n: HEAD + repeat_to("1.任务。（责任单位：县财政局）\n", n), None),
    "repeated years": (lambda n: HEAD + "1.任务甲。" + repeat_to("2022年", n) + "\n", None),
    "short unpunctuated lines": (lambda n: HEAD + repeat_to("城乡融合发展\n", n), None),
    "one long line": (lambda n: HEAD + "1.任务甲。" + repeat_to("城乡融合发展，", n) + "\n", None),
    "many units in one list": (lambda n: HEAD + "1.任务甲。（责任单位：" + repeat_to("县财政局、", n) + "）\n", None),
    "nested brackets": (lambda n: HEAD + "1.任务甲。" + "（" * (n // 2) + "）" * (n // 2) + "\n", None),
    "a wall of text": (lambda n: HEAD + repeat_to("推进改革。 二、加强管理（一）建设1.完善机制。", n) + "\n", None),
    "many short brackets": (lambda n: HEAD + "1.任务甲。" + repeat_to("（县财政局、县民政局）", n) + "\n", None),
    "a glued table": (lambda n: HEAD + "附件清单序号名称具体内容责任部门" +
                      "".join(f"{k}任务名称完善落实工作，定期开展评估。县财政局负责" for k in range(1, n // 24)) + "\n",
                      None),
    "a page copied line by line": (lambda n: HEAD + repeat_to("推进城乡融合发展改革工作，加强统筹协调推动落实各项任务\n", n), None),
    "a page copied span by span": (lambda n: HEAD + "1.任务甲。" + repeat_to("建立\n“\n多电源参与\n”\n2025\n年\n", n), None),
    "a spreadsheet pasted row by row": (lambda n: HEAD + "序号 任务名称 牵头部门 配合部门\n" +
                                        "".join(f"{k} 推进工作落实 县财政局 县民政局\n" for k in range(1, n // 20)), None),
    "catastrophic debris pattern": (lambda n: HEAD + "1.任务甲" + "a" * n + "!\n",
                                    "inline:\n  - pattern: '^(\\S+)+$'\n    why: test\n"),
}


def make_root(text: str, debris: str | None) -> Path:
    root = Path(tempfile.mkdtemp(prefix="patho-"))
    (root / "content" / "plans").mkdir(parents=True)
    for yml in (ROOT / "content").glob("*.yml"):
        shutil.copy(yml, root / "content" / yml.name)
    if debris is not None:
        (root / "content" / "debris.yml").write_text(debris, encoding="utf-8")
    (root / "content" / "plans" / "patho-2024.txt").write_text(text, encoding="utf-8")
    return root


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes: unlike the wall clock,
    it does not grow when something else runs on the machine."""
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def seconds(text: str, debris: str | None) -> float:
    root = make_root(text, debris)
    try:
        started = cpu_seconds()
        build_handbook(root)
        return cpu_seconds() - started
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    parser.add_argument("--limit", type=float, default=2.2, help="largest growth ratio per doubling accepted")
    args = parser.parse_args(argv)
    seconds(HEAD, None)            # warm up: jieba's dictionary, imports
    baseline = min(seconds(HEAD, None) for _ in range(3))
    print(f"baseline (a four-line plan): {baseline * 1000:.0f} ms; figures below are CPU time above it")
    print(f"{'case':30} " + " ".join(f"{n:>9,}" for n in args.sizes) + "   ratio per doubling")
    worst = 0.0
    for name, (make, debris) in CASES.items():
        times = [max(1e-3, min(seconds(make(n), debris) for _ in range(3)) - baseline) for n in args.sizes]
        ratios = [b / a for a, b in zip(times, times[1:])]        # the sizes double
        noticeable = [r for r, t in zip(ratios, times) if t > 0.05]    # below 50 ms, noise decides
        worst = max([worst] + noticeable)
        print(f"{name:30} " + " ".join(f"{t * 1000:>7.0f}ms" for t in times) + "   "
              + " ".join(f"{r:.2f}" for r in ratios))
    print(f"largest ratio over 50 ms: {worst:.2f} (limit {args.limit})")
    return 0 if worst <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
