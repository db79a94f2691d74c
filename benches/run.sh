#!/usr/bin/env bash
# Speed and memory of presskit, and Typst's time on matching documents when `typst` is on PATH.
# A measurement, not a test: it prints numbers and never fails on them.
#
#   bash benches/run.sh [RUNS]        RUNS per hyperfine measurement (default 10)
#   PRESSKIT_BIN=/path/to/presskit bash benches/run.sh    measure another build (e.g. an older
#                                     commit's) instead of building this tree
#   BENCH_RT=1 bash benches/run.sh    run every measured command, presskit's and Typst's, at
#                                     real-time priority (chrt -f 50, needs root), so that other
#                                     work on a shared machine does not preempt it
#
# It reports, for each case, the mean wall time (hyperfine), the CPU time (user + system, from
# GNU time: on a shared machine this is the steadier number), pages per second and peak resident
# memory (GNU time's maximum RSS); pages count every PDF written, so "all" counts print and
# screen:
#   (a) the sample kit, all four languages: screen only, and all variants (print + screen);
#   (b) a generated long kit, the sample release repeated, in en and ja, at about 10, 100 and
#       200 pages (linearity: the marginal cost per page between 10 and 200 pages is printed);
#   (c) the sample kit with one speaker's photo replaced by a generated 6000×7500 JPEG, all
#       variants, then saved progressive at 4:2:0 and 4:4:4 (the photo is generated here,
#       never committed).
# With typst on PATH, Typst compiles a document with the same paragraphs (release text, A4, the
# layout's margins, 10 pt, justified, the same Noto fonts via --font-path fonts) in the same run,
# and the ratio presskit / Typst is printed (per page for the long kit). Needs python3 to write
# the generated kits and .typ files; ImageMagick `convert` or python3 with Pillow for (c).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs="${1:-10}"
rt=""
if [ "${BENCH_RT:-}" = 1 ]; then
  rt="chrt -f 50 "
fi
if [ -n "${PRESSKIT_BIN:-}" ]; then
  bin=$(realpath "$PRESSKIT_BIN")
else
  cargo build --release --quiet
  bin="$root/target/release/presskit"
fi
kit="$root/kits/japan-hk-forum"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
typst=$(command -v typst || true)

echo "presskit ${PRESSKIT_BIN:-$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')}, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)${rt:+, real-time priority}"
[ -n "$typst" ] && echo "typst: $("$typst" --version)" || echo "typst: not on PATH (cargo install typst-cli --locked), comparison skipped"
echo

# Mean wall time in seconds of a command (hyperfine, or a loop of `date` without it). A plain
# command runs without a shell (-N), so no shell start-up is counted or subtracted.
wall() {
  if command -v hyperfine >/dev/null 2>&1; then
    local shell=(-N)
    case $1 in *"&&"*) shell=() ;; esac
    hyperfine "${shell[@]}" --warmup 2 --runs "$runs" --style none --export-json "$work/h.json" "$1" >/dev/null 2>&1
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f %.3f" % (r["mean"], r["stddev"] or 0))' "$work/h.json"
  else
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do bash -c "$1" >/dev/null 2>&1; done
    end=$(date +%s%N)
    python3 -c "print('%.3f 0' % (($end - $start) / 1e9 / $runs))"
  fi
}

# "CPU-seconds peak-KiB" from GNU time: the least CPU time of three runs (other processes on a
# shared machine only ever add to it) and the largest peak.
cpu_rss() {
  if [ -x /usr/bin/time ]; then
    : > "$work/t3"
    for _ in 1 2 3; do
      /usr/bin/time -f "%U %S %M" -o "$work/t" bash -c "$1" >/dev/null 2>&1
      cat "$work/t" >> "$work/t3"
    done
    awk 'NR == 1 || $1 + $2 < c { c = $1 + $2 } $3 > m { m = $3 } END { printf "%.3f %d\n", c, m }' "$work/t3"
  else
    echo "nan 0"
  fi
}

# Pages of every PDF a presskit command wrote (it prints "…, N pages, …" per file).
pages_of() {
  bash -c "$1" 2>/dev/null | sed -n 's/.*, \([0-9]*\) pages,.*/\1/p' | awk '{ s += $1 } END { print s + 0 }'
}

# Pages of the PDFs in a folder (for Typst's output), via pdfinfo when installed.
pdf_pages() {
  local total=0 n
  for f in "$@"; do
    n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    total=$((total + ${n:-0}))
  done
  echo "$total"
}

# One line of the table: name, command, pages and, optionally, the wall time measured another
# way ("mean stddev") → prints and sets LAST_WALL and LAST_PAGES.
row() {
  local name=$1 cmd=$2 pages=$3 w sd c rss
  read -r w sd < <(if [ -n "${4:-}" ]; then echo "$4"; else wall "$cmd"; fi)
  read -r c rss < <(cpu_rss "$cmd")
  LAST_WALL=$w
  LAST_CPU=$c
  LAST_PAGES=$pages
  python3 - "$name" "$w" "$sd" "$c" "$rss" "$pages" <<'EOF'
import sys
name, w, sd, c, rss, pages = sys.argv[1], *map(float, sys.argv[2:])
print(f"{name:<34} {w:7.3f} s ±{sd:5.3f}  cpu {c:6.3f} s  {pages:5.0f} pages  "
      f"{pages / w:7.1f} pages/s {pages / max(c, 1e-3):7.1f} /cpu-s  peak {rss / 1024:6.1f} MiB")
EOF
}

ratio() {
  python3 -c "import sys; a,b=map(float,sys.argv[2:]); print(f'  {sys.argv[1]}: presskit / typst = {a / b:.2f}')" "$@"
}

# A kit whose release in LANG is the sample release repeated N times.
long_kit() {
  local lang=$1 n=$2 dir="$work/long-$1-$2"
  rm -rf "$dir"
  cp -r "$kit" "$dir"
  for _ in $(seq "$n"); do cat "$kit/content/release.$lang.md"; echo; done > "$dir/content/release.$lang.md"
  echo "$dir"
}

# A .typ document with the paragraphs of a Markdown release: A4, the a4 layout's margins, 10 pt,
# justified, Noto Sans with the language's CJK face.
typ_of() {
  local md=$1 lang=$2 out=$3
  python3 - "$md" "$lang" "$out" <<'EOF'
import re, sys
md, lang, out = sys.argv[1:]
cjk = {"ja": "Noto Sans JP", "zh-Hant-HK": "Noto Sans HK", "zh-Hans": "Noto Sans SC", "ko": "Noto Sans KR"}
tag, region = {"zh-Hant-HK": ("zh", "hk"), "zh-Hans": ("zh", "cn")}.get(lang, (lang, None))
fonts = ', '.join(f'"{f}"' for f in ["Noto Sans"] + ([cjk[lang]] if lang in cjk else []))
leading = "1.05em" if lang in cjk else "0.75em"
def clean(text):
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)      # links → their text
    text = re.sub(r"<[^>]+>", "", text).replace("*", "")     # spans, emphasis marks
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')
lines = [f'#set page(paper: "a4", margin: (top: 22mm, bottom: 24mm, left: 20mm, right: 20mm))',
         f'#set text(font: ({fonts},), size: 10pt, lang: "{tag}"' + (f', region: "{region}"' if region else "") + ")",
         f'#set par(justify: true, leading: {leading})']
for block in open(md, encoding="utf-8").read().split("\n\n"):
    block = block.strip()
    if not block:
        continue
    if block.startswith("#"):
        lines.append(f'#heading(level: 2)[#"{clean(block.lstrip("#"))}"]')
    else:
        lines.append(f'#"{clean(block)}"\n')
open(out, "w", encoding="utf-8").write("\n".join(lines) + "\n")
EOF
}

printf '%-34s %9s %8s %10s %11s %13s %14s %11s\n' case wall ± cpu pages pages/s "pages/cpu-s" "peak RSS"

# (a) The sample kit, all languages.
cmd="$rt$bin build $kit --out $work/a --variant screen"
row "(a) sample, 4 languages, screen" "$cmd" "$(pages_of "$cmd")"
sample_wall=$LAST_WALL
cmd="$rt$bin build $kit --out $work/a --variant all"
row "(a) sample, 4 languages, all" "$cmd" "$(pages_of "$cmd")"
if [ -n "$typst" ]; then
  # Four separate runs, each timed on its own; their times add up.
  typ_cmds=""
  typ_wall="0 0"
  for lang in en id ja zh-Hant-HK; do
    typ_of "$kit/content/release.$lang.md" "$lang" "$work/sample-$lang.typ"
    one="$rt$typst compile --font-path $root/fonts $work/sample-$lang.typ $work/sample-$lang.pdf"
    bash -c "$one"
    typ_wall=$(python3 -c "import sys; a,b,c,d=map(float,sys.argv[1:]); print('%.4f %.4f' % (a+c, (b*b+d*d)**0.5))" $typ_wall $(wall "$one"))
    typ_cmds+="$one && "
  done
  typ_cmds+="true"
  row "    typst, 4 runs (same releases)" "$typ_cmds" "$(pdf_pages "$work"/sample-*.pdf)" "$typ_wall"
  ratio "sample kit, 4 languages, screen vs 4 Typst runs" "$sample_wall" "$LAST_WALL"
  # The same comparison side by side: one presskit build, then Typst's four runs, alternated,
  # so that both sides meet the same machine (the rows above time each side in its own stretch
  # of the run, and on a shared machine the two stretches can differ by 10-20 %).
  python3 - "$((runs * 3))" "${rt% }" "$bin build $kit --out $work/a --variant screen" \
    "$typst" "$root/fonts" "$work" <<'EOF'
import shlex, statistics, subprocess, sys, time
pairs, rt, presskit, typst, fonts, work = sys.argv[1:]
prefix = shlex.split(rt)
typst_runs = [[typst, "compile", "--font-path", fonts, f"{work}/sample-{lang}.typ",
               f"{work}/sample-{lang}.pdf"] for lang in ["en", "id", "ja", "zh-Hant-HK"]]
def timed(cmd):
    start = time.perf_counter()
    subprocess.run(prefix + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start
p, t = [], []
for i in range(int(pairs) + 2):
    a, b = timed(shlex.split(presskit)), sum(timed(c) for c in typst_runs)
    if i >= 2:  # two warm-up pairs
        p.append(a)
        t.append(b)
print(f"  side by side, {len(p)} alternated pairs: presskit {statistics.median(p) * 1000:.1f} ms, "
      f"Typst's 4 runs {statistics.median(t) * 1000:.1f} ms (medians): presskit / typst = "
      f"{statistics.median(p) / statistics.median(t):.2f} (worst pair {max(a / b for a, b in zip(p, t)):.2f})")
EOF
fi
echo

# (b) Long kits: about 10, 100 and 200 pages (the sample release fills about 1.1 pages in en
# and 1.25 in ja).
for lang in en ja; do
  case $lang in en) sizes="7 88 178" ;; ja) sizes="6 78 158" ;; esac
  declare -A w_of=() c_of=() p_of=()
  for n in $sizes; do
    dir=$(long_kit "$lang" "$n")
    cmd="$rt$bin build $dir --lang $lang --out $work/b --variant screen"
    row "(b) long $lang ×$n, screen" "$cmd" "$(pages_of "$cmd")"
    w_of[$n]=$LAST_WALL
    c_of[$n]=$LAST_CPU
    p_of[$n]=$LAST_PAGES
    if [ "$n" = "$(echo "$sizes" | cut -d' ' -f2)" ]; then
      presskit_wall=$LAST_WALL
      presskit_pages=$LAST_PAGES
      cmd="$rt$bin build $dir --lang $lang --out $work/b --variant all"
      row "(b) long $lang ×$n, all" "$cmd" "$(pages_of "$cmd")"
      if [ -n "$typst" ]; then
        typ_of "$dir/content/release.$lang.md" "$lang" "$work/long-$lang.typ"
        tcmd="$rt$typst compile --font-path $root/fonts $work/long-$lang.typ $work/long-$lang.pdf"
        bash -c "$tcmd"
        row "    typst, same paragraphs" "$tcmd" "$(pdf_pages "$work/long-$lang.pdf")"
        python3 -c "import sys; a,pa,b,pb=map(float,sys.argv[1:]); print(f'  long {\"$lang\"}, per page: presskit / typst = {(a/pa)/(b/pb):.2f}')" \
          "$presskit_wall" "$presskit_pages" "$LAST_WALL" "$LAST_PAGES"
      fi
    fi
  done
  small=${sizes%% *}
  large=${sizes##* }
  python3 -c "import sys; w1,c1,p1,w2,c2,p2=map(float,sys.argv[1:]); print(f'  long {\"$lang\"}: marginal {(w2-w1)/(p2-p1)*1000:.2f} ms/page wall, {(c2-c1)/(p2-p1)*1000:.2f} ms/page CPU from {p1:.0f} to {p2:.0f} pages')" \
    "${w_of[$small]}" "${c_of[$small]}" "${p_of[$small]}" "${w_of[$large]}" "${c_of[$large]}" "${p_of[$large]}"
done
echo

# (c) A 6000×7500 JPEG portrait in place of one speaker's photo.
big="$work/big"
cp -r "$kit" "$big"
photo="$big/photos/miura.jpg"
# `convert -version` tells ImageMagick from a stand-in of the same name.
if convert -version 2>/dev/null | grep -q ImageMagick; then
  convert -size 6000x7500 gradient:'#203040'-'#d0b090' -attenuate 0.3 +noise Gaussian -quality 90 "$photo"
elif python3 -c 'import PIL' 2>/dev/null; then
  python3 -c "
from PIL import Image, ImageDraw
im = Image.linear_gradient('L').resize((6000, 7500)).convert('RGB')
ImageDraw.Draw(im).ellipse((1500, 1200, 4500, 5200), fill=(200, 170, 140))
im.save('$photo', quality=90)"
else
  photo=""
  echo "(c) skipped: needs ImageMagick convert or python3 with Pillow to generate the photo"
fi
if [ -n "$photo" ]; then
  echo "(c) photo: $(du -k "$photo" | cut -f1) KB JPEG, 6000×7500"
  cmd="$rt$bin build $big --out $work/c --variant all"
  row "(c) 6000×7500 portrait, all" "$cmd" "$(pages_of "$cmd")"
  cmd="$rt$bin build $big --out $work/c --variant screen"
  row "(c) 6000×7500 portrait, screen" "$cmd" "$(pages_of "$cmd")"
  # The same photo saved progressive, with chroma halved (4:2:0) and at full resolution (4:4:4,
  # twice the coefficients): its scans are decoded one after another, so the decoder keeps
  # coefficients until the last one (vendor/jpeg-decoder/PATCHES.md).
  if python3 -c 'import PIL' 2>/dev/null; then
    cp "$photo" "$work/baseline.jpg"
    for sampling in 4:2:0 4:4:4; do
      python3 -c "
from PIL import Image
Image.open('$work/baseline.jpg').save('$photo', quality=90, progressive=True, subsampling='$sampling')"
      echo "(c) the same photo saved progressive, $sampling: $(du -k "$photo" | cut -f1) KB"
      cmd="$rt$bin build $big --out $work/c --variant all"
      row "(c) 6000×7500 progressive $sampling, all" "$cmd" "$(pages_of "$cmd")"
    done
  else
    echo "(c) progressive rows skipped: need python3 with Pillow to re-save the photo"
  fi
fi
