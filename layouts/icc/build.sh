#!/usr/bin/env bash
# Rebuild presskit-fogra39.icc from the FOGRA39L characterization data shipped
# in Debian's icc-profiles-free package, using ArgyllCMS colprof.
# Not run by the build or by CI: the profile is committed. See README.md.
#
#   apt-get update && apt-get install -y argyll icc-profiles-free
#   bash layouts/icc/build.sh            # writes layouts/icc/presskit-fogra39.icc
#
# Output is byte-for-byte reproducible with the same Debian package versions:
# colprof stamps the current date/time into the ICC header (bytes 24..35), so
# this script overwrites that field with a fixed 2025-01-01 00:00:00.
# An ICC v2 header has no profile ID (MD5), so nothing else needs updating.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
data=/usr/share/color/icc/FOGRA39L.ti3          # from icc-profiles-free (Zlib)
srgb=/usr/share/color/argyll/ref/sRGB.icm       # from argyll-ref; gamut-mapping source only
out="$here/presskit-fogra39.icc"

for f in "$data" "$srgb"; do
  [ -r "$f" ] || { echo "missing $f: apt-get install -y argyll icc-profiles-free" >&2; exit 1; }
done
command -v colprof >/dev/null || { echo "colprof not found: apt-get install -y argyll" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$data" "$work/presskit-fogra39.ti3"
cd "$work"

colprof -v \
  -A "presskit" \
  -D "presskit FOGRA39 (ISO Coated v2 equivalent)" \
  -C "Built by presskit with ArgyllCMS colprof from FOGRA39L characterization data (Fogra), Debian icc-profiles-free, Zlib licence. No warranty." \
  -qm -kr -l 330 -nc \
  -S "$srgb" -cmt -dpp \
  -O presskit-fogra39.icc presskit-fogra39 > colprof.log 2>&1 \
  || { cat colprof.log >&2; exit 1; }
grep -E '^Profile check complete' colprof.log || true

# Fixed creation date 2025-01-01 00:00:00 (uint16 BE: year, month, day, h, m, s).
printf '\x07\xe9\x00\x01\x00\x01\x00\x00\x00\x00\x00\x00' \
  | dd of=presskit-fogra39.icc bs=1 seek=24 conv=notrunc status=none

cp presskit-fogra39.icc "$out"
ls -l "$out"
sha256sum "$out"
