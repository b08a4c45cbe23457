#!/bin/sh
# check-markdown.sh OUTDIR MODE: read OUTDIR/portplan.md as its consumers
# do: a pipe-table parser (every row has its header's column count), then
# Python-Markdown (Debian's python3-markdown) and GitHub's renderer
# (cmark-gfm, with the table, autolink, strikethrough and tagfilter
# extensions). The rendered HTML may hold only the tags a report uses (no
# link, image, script or raw HTML), and each name must render back to its
# exact text, control characters shown as Control Pictures. Prints one
# "ok ..." / "FAIL ...: why" line per check.
dir=$1 mode=$2 target=markdown
file=$dir/portplan.md
. "$(dirname "$0")/checklib.sh"

[ -f "$file" ] || { fail "output" "no portplan.md in $dir"; exit 0; }
# Debian's interpreter: python3-markdown is installed for it, not for
# another python3 that may come first on PATH.
py=/usr/bin/python3
[ -x "$py" ] || py=python3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

if command -v cmark-gfm >/dev/null 2>&1; then
	cmark-gfm -e table -e autolink -e strikethrough -e tagfilter "$file" >"$tmp/gfm.html" 2>"$tmp/err" ||
		echo "cmark-gfm failed: $(head -c 200 "$tmp/err")" >"$tmp/gfm.html"
else
	rm -f "$tmp/gfm.html"
fi

"$py" - "$file" "$mode" "$tmp/gfm.html" <<'EOF'
import html.parser, os, re, sys

path, mode, gfm_path = sys.argv[1:4]
label = "markdown " + mode
ok = lambda what: print(f"ok {label}: {what}")
fail = lambda what, why: print(f"FAIL {label}: {what}: {str(why)[:300]}")

HOSTILE = "x\"; rm -rf / #`reboot`$(halt)'\n\r\t|&<>\\ 日本語 %s %n"
h = HOSTILE if mode == "hostile" else ""
names = [n + h for n in
         ["internal", "perimeter", "any", "dc1", "dc0", "hub1", "edge1", "fe1", "clients"]]


def shown(s):
    """What a reader sees: control characters as their Control Pictures."""
    return "".join(chr(0x2400 + ord(c)) if ord(c) < 0x20 else c for c in s)


with open(path, "rb") as f:
    raw = f.read()
text = raw.decode("utf-8")
lines = text.split("\n")  # not splitlines(): U+2028 and friends are text

# --- the source ---------------------------------------------------------
bad = [c for c in text if (ord(c) < 0x20 and c != "\n") or c == "\x7f"]
if bad:
    fail("no raw control characters", repr(bad[:3]))
else:
    ok("no raw control characters")
starts = [l for l in lines if l and not re.match(r"(#|\||- |Each |Set |None|Planned )", l)]
if starts:
    fail("no line starts with deployment text", starts[0])
else:
    ok("no line starts with deployment text")


def cells(line):
    """GFM's split: on '|' that no backslash escapes, outer pipes dropped."""
    out, cur, i = [], "", 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line):
            cur += line[i:i + 2]
            i += 2
            continue
        if line[i] == "|":
            out.append(cur)
            cur = ""
        else:
            cur += line[i]
        i += 1
    out.append(cur)
    return [c.strip() for c in out[1:-1]]


tables, i = [], 0
while i < len(lines):
    if lines[i].startswith("|"):
        block = []
        while i < len(lines) and lines[i].startswith("|"):
            block.append(lines[i])
            i += 1
        tables.append(block)
    else:
        i += 1
problems = []
for t in tables:
    head = cells(t[0])
    if len(t) < 2 or not re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", t[1]) or len(cells(t[1])) != len(head):
        problems.append("bad delimiter row under " + t[0])
    for row in t[2:]:
        if len(cells(row)) != len(head):
            problems.append(f"{len(cells(row))} cells, header has {len(head)}: {row[:80]}")
if problems:
    fail("pipe tables keep their columns", problems[0])
else:
    ok(f"pipe tables keep their columns ({len(tables)} tables, "
       f"{sum(len(t) - 2 for t in tables)} rows)")
flows = [t for t in tables if cells(t[0])[:2] == ["id", "flow"]]
ids = [cells(r)[0] for r in flows[0][2:]] if flows else []
if ids == [f"f{n:03d}" for n in range(1, 17)]:
    ok("flows table has f001..f016")
else:
    fail("flows table has f001..f016", ids)


# --- rendered -------------------------------------------------------------
class Doc(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.stack, self.tables, self.comments = set(), [], [], []
        self.h1 = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self.tables[-1][-1].append("")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if "td" in self.stack or "th" in self.stack:
            self.tables[-1][-1][-1] += data
        if "h1" in self.stack:
            self.h1 = (self.h1 or "") + data

    def handle_comment(self, data):
        self.comments.append(data)


ALLOWED = {"h1", "h2", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "code"}


def check_render(who, html_text):
    d = Doc()
    d.feed(html_text)
    d.close()
    extra = d.tags - ALLOWED
    if extra or d.comments:
        fail(f"{who}: only report tags", f"tags {sorted(extra)}, comments {d.comments[:2]}")
    else:
        ok(f"{who}: only report tags, no link, script or raw HTML")
    widths = [sorted({len(r) for r in t}) for t in d.tables]
    rows = [len(t) - 1 for t in d.tables]
    if len(d.tables) == 3 and all(len(w) == 1 for w in widths) and rows == [16, 9, 3]:
        ok(f"{who}: tables of 16 flows, 9 endpoints, 3 registry values, every row full")
    else:
        fail(f"{who}: tables of 16 flows, 9 endpoints, 3 registry values, every row full",
             f"rows {rows}, widths {widths}")
        return
    got = [r[0] for r in d.tables[1][1:]]
    want = [shown(n) for n in names]
    if got == want and d.h1 == shown("Firewall plan: fixture" + h):
        ok(f"{who}: names render back exactly")
    else:
        bad = next(((g, w) for g, w in zip(got, want) if g != w), (d.h1, "title"))
        fail(f"{who}: names render back exactly", f"{bad[0]!r} != {bad[1]!r}")
    flow1 = d.tables[0][1]
    if flow1[2].startswith(shown(names[5]) + " (") and flow1[4] == "tcp/25":
        ok(f"{who}: flow cells hold the whole name")
    else:
        fail(f"{who}: flow cells hold the whole name", flow1[2:5])


try:
    import markdown
except ImportError:
    fail("python-markdown renders it", "python3-markdown is not installed (Debian package)")
else:
    check_render("python-markdown", markdown.markdown(text, extensions=["tables"]))

if os.path.exists(gfm_path):
    with open(gfm_path, encoding="utf-8") as f:
        check_render("cmark-gfm", f.read())
else:
    fail("cmark-gfm renders it", "cmark-gfm is not installed (Debian package)")
EOF
