"""`python -m bench.rss COMMAND...`: run COMMAND as this small process's child, pass its output
through, and write its peak resident memory as the last line of standard error
(`bench.rss peak_rss_kb=N`).

The harness cannot read a command's peak from its own wait4(): a child started from a large
process inherits that process's high-water mark across exec (Linux keeps the larger of the two in
the child's rusage), so a 40 MB export run from a 180 MB harness would report 180 MB. Started from
this process (about 10 MB), the figure is the command's own."""

import os
import subprocess
import sys


def main(argv: list[str]) -> int:
    process = subprocess.Popen(argv)  # noqa: S603 - the harness's own command line
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    sys.stderr.write(f"\nbench.rss peak_rss_kb={usage.ru_maxrss}\n")  # kilobytes on Linux
    return process.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
