#!/bin/sh
# check-html.sh OUTDIR MODE: open OUTDIR/portplan.html in headless Chromium
# as a person would, and check what they get: the DOM Chromium built (each
# endpoint name as exact text in the tables and in the diagram, one row per
# flow, one box per endpoint and one arrow per flow, no script, no handler,
# no outside reference) and a screenshot that is a real picture, not a
# blank page. Nothing leaves the machine: the page names no URL, its CSP
# forbids loading anything, and Chromium resolves no host name. Prints one
# "ok ..." / "FAIL ...: why" line per check.
dir=$1 mode=$2 target=html
file=$dir/portplan.html
. "$(dirname "$0")/checklib.sh"

[ -f "$file" ] || { fail "output" "no portplan.html in $dir"; exit 0; }
command -v chromium >/dev/null 2>&1 || { fail "consumer" "chromium is not installed"; exit 0; }
py=/usr/bin/python3
[ -x "$py" ] || py=python3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# The file itself: no script, no URL, no line that starts with a payload.
if grep -qiE '<script|://|[[:space:]](href|src)=' "$file"; then
	fail "no script or URL in the file" "$(grep -inE '<script|://|[[:space:]](href|src)=' "$file" | head -n 1)"
else
	ok "no script or URL in the file"
fi
if grep -qE '^[[:space:]]*(rm|reboot|halt)[[:space:]]' "$file"; then
	fail "no line starts with a payload" "$(grep -nE '^[[:space:]]*(rm|reboot|halt)' "$file" | head -n 1)"
else
	ok "no line starts with a payload"
fi

abs=$(cd "$dir" && pwd)/portplan.html
# chromium ARGS...: one headless run with a profile of its own.
chromium_run() {
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	HOME=$profile timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update --disable-sync \
		--host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$profile" "$@" "file://$abs"
}
if chromium_run --dump-dom >"$tmp/dom.html" 2>"$tmp/dom.err" && [ -s "$tmp/dom.html" ]; then
	ok "chromium renders the page"
else
	fail "chromium renders the page" "$(tail -c 300 "$tmp/dom.err")"
	exit 0
fi
if chromium_run --screenshot="$tmp/shot.png" --window-size=1400,1000 >"$tmp/shot.out" 2>&1 &&
	[ -s "$tmp/shot.png" ]; then
	ok "chromium takes a screenshot"
else
	fail "chromium takes a screenshot" "$(tail -c 300 "$tmp/shot.out")"
fi

"$py" - "$tmp/dom.html" "$tmp/shot.png" "$mode" <<'EOF'
import html.parser, struct, sys, zlib

dom_path, png_path, mode = sys.argv[1:4]
label = "html " + mode
ok = lambda what: print(f"ok {label}: {what}")
fail = lambda what, why: print(f"FAIL {label}: {what}: {str(why)[:300]}")

HOSTILE = "x\"; rm -rf / #`reboot`$(halt)'\n\r\t|&<>\\ 日本語 %s %n"
h = HOSTILE if mode == "hostile" else ""
names = [n + h for n in
         ["internal", "perimeter", "any", "dc1", "dc0", "hub1", "edge1", "fe1", "clients"]]


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.kids, self.text = tag, dict(attrs), parent, [], ""

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def all_text(self):
        return self.text + "".join(k.all_text() for k in self.kids if isinstance(k, Node))

    def walk(self):
        yield self
        for k in self.kids:
            yield from k.walk()


VOID = {"meta", "br", "link", "img", "input", "hr", "col", "source", "wbr"}


class Tree(html.parser.HTMLParser):
    """Chromium's serialised DOM back into a tree; text kept byte for byte."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("#root", [], None)

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.kids.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n.parent and n.tag != tag:
            n = n.parent
        if n.parent:
            self.cur = n.parent

    def handle_data(self, data):
        # Text goes in document order into a text child.
        t = Node("#text", [], self.cur)
        t.text = data
        self.cur.kids.append(t)


with open(dom_path, encoding="utf-8", newline="") as f:
    tree = Tree()
    tree.feed(f.read())
    tree.close()
nodes = list(tree.root.walk())
by_tag = lambda tag: [n for n in nodes if n.tag == tag]

bad = [n.tag for n in nodes if n.tag in ("script", "iframe", "object", "embed", "img", "a", "link",
                                         "form", "foreignobject")]
handlers = [(n.tag, k) for n in nodes for k in n.attrs if k.startswith("on")]
urls = [(n.tag, k) for n in nodes for k, v in n.attrs.items()
        if k in ("href", "src", "xlink:href", "action") or "://" in (v or "")]
if bad or handlers or urls:
    fail("no script, handler or outside reference in the DOM", (bad, handlers, urls))
else:
    ok("no script, handler or outside reference in the DOM")

title = "".join(n.all_text() for n in by_tag("title") if n.parent and n.parent.tag == "head")
if title == "Firewall plan: fixture" + h:
    ok("page title is the plan name, exactly")
else:
    fail("page title is the plan name, exactly", repr(title))

tables = {t.attrs.get("id"): t for t in by_tag("table")}
rows = lambda t: [r for r in t.walk() if r.tag == "tr" and r.parent.tag == "tbody"]
flow_rows = rows(tables["flows"]) if "flows" in tables else []
ids = [r.kids[0].all_text() for r in flow_rows if r.kids]
if ids == [f"f{n:03d}" for n in range(1, 17)] and all(len(r.kids) == 9 for r in flow_rows):
    ok("flows table: 16 rows of 9 cells, f001..f016")
else:
    fail("flows table: 16 rows of 9 cells, f001..f016", ids)
ep_rows = rows(tables["endpoints"]) if "endpoints" in tables else []
got = [r.kids[0].all_text() for r in ep_rows]
if got == names:
    ok("endpoints table shows each name as exact text")
else:
    bad = next(((g, w) for g, w in zip(got, names) if g != w), (len(got), len(names)))
    fail("endpoints table shows each name as exact text", f"{bad[0]!r} != {bad[1]!r}")
cell = flow_rows[0].kids[2].all_text() if flow_rows else ""
if cell.startswith(names[5]) and cell[len(names[5]):].startswith("10.0.2.20"):
    ok("flow rows show the whole source name")
else:
    fail("flow rows show the whole source name", repr(cell))

svgs = [s for s in by_tag("svg") if "diagram" in s.classes()]
if len(svgs) != 1:
    fail("one diagram", f"{len(svgs)} svg.diagram elements")
else:
    svg = svgs[0]
    eps = [n for n in svg.walk() if n.tag == "g" and "endpoint" in n.classes()]
    boxes = [[t.all_text() for t in e.walk() if t.tag == "text" and "name" in t.classes()] for e in eps]
    if [b[0] if len(b) == 1 else b for b in boxes] == names:
        ok("diagram: one box per endpoint, each named exactly")
    else:
        fail("diagram: one box per endpoint, each named exactly", f"{len(eps)} boxes: {boxes[:2]}")
    flows = [n for n in svg.walk() if n.tag == "g" and "flow" in n.classes()]
    arrows = [len([p for p in f.walk() if p.tag == "path" and "arrow" in p.classes()]) for f in flows]
    labels = [[t.all_text() for t in f.walk() if t.tag == "text"] for f in flows]
    if arrows == [1] * 16 and all(len(l) == 1 and l[0].startswith(f"f{i + 1:03d} ")
                                  for i, l in enumerate(labels)):
        ok("diagram: one labelled arrow per flow")
    else:
        fail("diagram: one labelled arrow per flow", f"arrows {arrows}, labels {labels[:2]}")
    zones = [n for n in svg.walk() if n.tag == "g" and "zone" in n.classes()]
    if len(zones) == 3:
        ok("diagram: a column per zone and one for any address")
    else:
        fail("diagram: a column per zone and one for any address", len(zones))


# --- the screenshot -------------------------------------------------------
def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, hgt, depth, ctype = ihdr[:4]
    if depth != 8 or ctype not in (2, 6):
        raise ValueError(f"unexpected PNG format depth {depth} type {ctype}")
    bpp = 3 if ctype == 2 else 4
    raw, stride, prev, out = zlib.decompress(idat), w * bpp, bytearray(w * bpp), []
    for y in range(hgt):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(bytes(line))
        prev = line
    return w, hgt, bpp, out


try:
    w, hgt, bpp, pixel_rows = png_pixels(png_path)
except (OSError, ValueError, zlib.error, TypeError, struct.error) as e:
    fail("screenshot is a real picture", e)
else:
    colours, inked = set(), 0
    for row in pixel_rows[::4]:
        for x in range(0, w * bpp, 4 * bpp):
            px = row[x:x + 3]
            colours.add(px)
            inked += px != b"\xff\xff\xff"
    share = inked / ((len(pixel_rows[::4])) * len(range(0, w * bpp, 4 * bpp)))
    if (w, hgt) == (1400, 1000) and len(colours) > 16 and share > 0.05:
        ok(f"screenshot is a real picture ({len(colours)} colours, {share:.0%} not white)")
    else:
        fail("screenshot is a real picture", f"{w}x{hgt}, {len(colours)} colours, {share:.1%} not white")
EOF
