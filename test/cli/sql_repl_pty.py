"""Drives the `lakeml sql` REPL through a pseudo-terminal, as a user would.

usage: python3 sql_repl_pty.py <path-to-lakeml> <tmp-dir>
Checks: the banner and prompts, a statement over several lines with the continuation prompt,
an aligned table and the "Time:" line, ';' inside quotes and comments, an error that leaves the
session running, .help, .timer off, Ctrl-C dropping a half-typed statement or cancelling a
running one, history persisting in $HOME/.lakeml/sql_history across sessions, Ctrl-D and
.quit leaving with status 0.
Prints one line per failed check and "N passed, M failed"; exits 1 on any failure.
"""
import os
import pty
import re
import select
import sys
import time

LAKEML, TMP = sys.argv[1], sys.argv[2]
HOME = os.path.join(TMP, "home")
os.makedirs(HOME, exist_ok=True)
ENV = dict(os.environ, HOME=HOME, TERM="dumb", LANG="C.UTF-8", LC_ALL="C.UTF-8",
           LAKEML_WAREHOUSE=os.path.join(TMP, "wh"))
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r")

passed = 0
failed = 0


def check(label, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {label} {detail}")


class Session:
    def __init__(self):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(LAKEML, [LAKEML, "sql", "--threads", "1"], ENV)
        self.out = b""

    def read_until(self, pattern, timeout=20.0):
        """Reads until `pattern` (a regex on the output with escapes removed) appears."""
        deadline = time.time() + timeout
        while True:
            text = ANSI.sub(b"", self.out).decode("utf-8", "replace")
            m = re.search(pattern, text)
            if m:
                return text
            left = deadline - time.time()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    data = b""
                if not data:
                    return ANSI.sub(b"", self.out).decode("utf-8", "replace") if re.search(
                        pattern, ANSI.sub(b"", self.out).decode("utf-8", "replace")) else None
                self.out += data

    def send(self, text):
        # Keys typed while no line is being edited (a statement still printing) reach the
        # terminal in cooked mode, where the kernel echoes and interprets them itself; a person
        # types after the prompt appears, so the test does too.
        time.sleep(0.2)
        os.write(self.fd, text.encode())

    def mark(self):
        """Forgets the output so far: later read_until calls look at new output only."""
        self.out = b""

    def wait(self, timeout=60.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid != 0:
                return os.waitstatus_to_exitcode(status)
            try:
                r, _, _ = select.select([self.fd], [], [], 0.1)
                if r:
                    os.read(self.fd, 65536)
            except OSError:
                time.sleep(0.05)
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        return None


s = Session()
text = s.read_until(r"lakeml> ")
check("banner and prompt", text is not None and ".help" in text, repr(text))

# A statement over three lines: continuation prompts, then an aligned table and the time.
s.mark()
s.send("SELECT 1 AS one,\n")
check("continuation prompt", s.read_until(r"\.\.\.> ") is not None, repr(s.out))
s.send("  'a;b' AS s -- a comment; still going\n")
check("';' in quotes and comments continues",
      s.read_until(r"\.\.\.> [\s\S]*\.\.\.> ") is not None, repr(s.out))
s.send("  , 2.50 AS d;\n")
text = s.read_until(r"Time: \d+\.\d{3} s \(1 row\)")
check("multi-line statement runs", text is not None, repr(s.out))
if text:
    check("aligned table header", re.search(r"one\s*\|\s*s\s*\|\s*d", text) is not None, text)
    check("table row", re.search(r"1\s*\|\s*a;b\s*\|\s*2\.50", text) is not None, text)

# An error is reported and the session goes on.
s.mark()
s.send("SELECT nosuchcolumn;\n")
text = s.read_until(r"UNRESOLVED_COLUMN[\s\S]*lakeml> ")
check("error reported, session continues", text is not None, repr(s.out))

# Two statements on one line; .timer off.
s.mark()
s.send(".timer off\n")
s.read_until(r"lakeml> ")
s.mark()
s.send("SELECT 7 AS x; SELECT 8 AS y;\n")
text = s.read_until(r"8[\s\S]*lakeml> ")
check("two statements on a line", text is not None and "7" in text, repr(s.out))
check(".timer off", text is not None and "Time:" not in text, repr(text))

# .help
s.mark()
s.send(".help\n")
text = s.read_until(r"\.quit[\s\S]*lakeml> ")
check(".help", text is not None, repr(s.out))

# Multibyte characters pass through the line editor.
s.mark()
s.send("SELECT 'h\u00e9' AS e;\n")
text = s.read_until(r"h\u00e9[\s\S]*lakeml> ")
check("UTF-8 input", text is not None, repr(s.out))

# Ctrl-C interrupts a running statement (a 10^9-row cross join) and the session goes on.
s.mark()
values = "(VALUES (1),(2),(3),(4),(5),(6),(7),(8),(9),(10))"
s.send("SELECT count(*) FROM " +
       ", ".join(f"{values} AS t{i}(c{i})" for i in range(9)) + ";\n")
time.sleep(1.0)
s.send("\x03")
text = s.read_until(r"OPERATION_CANCELED[\s\S]*lakeml> ")
check("Ctrl-C cancels the running statement", text is not None, repr(s.out[-300:]))

# Ctrl-C drops the half-typed statement: the next one runs alone.
s.mark()
s.send("SELECT 'dropped'\n")
s.read_until(r"\.\.\.> ")
s.send("\x03")
check("Ctrl-C gives a fresh prompt", s.read_until(r"lakeml> ") is not None, repr(s.out))
s.mark()
s.send("SELECT 42 AS answer;\n")
text = s.read_until(r"42[\s\S]*lakeml> ")
check("statement after Ctrl-C", text is not None and "dropped" not in text, repr(s.out))

# Ctrl-C with text typed on the current line drops that text too.
s.mark()
s.send("SELECT 'half typed")
time.sleep(0.3)
s.send("\x03")
s.read_until(r"lakeml> ")
s.mark()
s.send("SELECT 43 AS y;\n")
text = s.read_until(r"43[\s\S]*lakeml> ")
check("Ctrl-C drops the current line", text is not None and "half" not in text, repr(s.out))

# Ctrl-D leaves with status 0.
s.send("\x04")
code = s.wait(timeout=15.0)
if code is None:  # The first Ctrl-D raced the terminal mode switch: a person presses it again.
    s.send("\x04")
    code = s.wait()
check("Ctrl-D exits 0", code == 0, f"exit {code}")

history = os.path.join(HOME, ".lakeml", "sql_history")
check("history file written", os.path.exists(history))
if os.path.exists(history):
    with open(history, "rb") as f:
        content = f.read()
    check("history holds the statements", b"answer" in content and b"dropped" not in content,
          repr(content[:400]))

# A second session recalls the last statement with the up arrow, and .quit leaves.
s = Session()
s.read_until(r"lakeml> ")
s.mark()
s.send("\x1b[A\n")
text = s.read_until(r"43[\s\S]*lakeml> ")
check("history recalled in a new session", text is not None, repr(s.out))
s.send(".quit\n")
code = s.wait()
check(".quit exits 0", code == 0, f"exit {code}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
