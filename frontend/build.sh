#!/usr/bin/env bash
# Build SEND Tracker's committed front-end assets.
#
#   bash frontend/build.sh
#
# Needs Node/npm (build time only). Writes, relative to the repo root:
#   static/css/app.css                     compiled, compressed (GOV.UK + MOJ + app)
#   static/js/govuk-frontend.min.js(.map)  GOV.UK Frontend ES module
#   static/js/moj-frontend.min.js(.map)    MOJ Frontend ES module (self-contained)
#   static/govuk/images/, static/moj/images/
#                                          only the images app.css references
# No fonts, no crown/crest images are copied. Commit the output.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

STATIC=../static
GOVUK=node_modules/govuk-frontend/dist/govuk
MOJ=node_modules/@ministryofjustice/frontend/moj

npm ci --no-audit --no-fund --ignore-scripts

mkdir -p "$STATIC/css" "$STATIC/js"

# --- CSS -------------------------------------------------------------------
# --load-path=. is needed as well as node_modules: MOJ Frontend forwards
# "node_modules/govuk-frontend/dist/govuk/base".
./node_modules/.bin/sass \
  --load-path=node_modules \
  --load-path=. \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --silence-deprecation=import \
  --silence-deprecation=global-builtin \
  --silence-deprecation=slash-div \
  app.scss "$STATIC/css/app.css"

# --- JS (both are ES modules) ----------------------------------------------
cp "$GOVUK/govuk-frontend.min.js" "$GOVUK/govuk-frontend.min.js.map" "$STATIC/js/"
cp "$MOJ/moj-frontend.min.js" "$MOJ/moj-frontend.min.js.map" "$STATIC/js/"

# --- Images: copy exactly what the compiled CSS references -----------------
rm -rf "$STATIC/govuk" "$STATIC/moj"
css_urls() {
  { grep -o 'url([^)]*)' "$1" || true; } \
    | sed -e 's/^url(//' -e 's/)$//' -e "s/^[\"']//" -e "s/[\"']\$//" \
    | sort -u
}
css_urls "$STATIC/css/app.css" \
  | while read -r ref; do
      case "$ref" in
        data:*) continue ;;
        /static/govuk/images/*) src="$GOVUK/assets/images/${ref#/static/govuk/images/}" ;;
        /static/moj/images/*) src="$MOJ/assets/images/${ref#/static/moj/images/}" ;;
        *) echo "build.sh: unexpected url($ref) in app.css" >&2; exit 1 ;;
      esac
      dest="$STATIC/${ref#/static/}"
      mkdir -p "$(dirname "$dest")"
      cp "$src" "$dest"
    done

# --- Checks ----------------------------------------------------------------
css="$STATIC/css/app.css"
fail() { echo "build.sh: $*" >&2; exit 1; }
grep -q 'Arial' "$css" || fail "app.css does not use Arial"
! grep -qi 'GDS Transport' "$css" || fail "app.css mentions GDS Transport"
! grep -qi 'woff' "$css" || fail "app.css references web fonts"
! grep -q '@font-face' "$css" || fail "app.css has @font-face"
! grep -Eqi 'url\([^)]*(crown|crest)' "$css" || fail "app.css references a crown/crest image"
if find "$STATIC" \( -iname '*.woff' -o -iname '*.woff2' -o -iname '*crown*' -o -iname '*crest*' \) | grep -q .; then
  fail "font or crown/crest files found under static/"
fi
css_urls "$css" | while read -r ref; do
  case "$ref" in data:*) continue ;; esac
  [ -f "$STATIC/${ref#/static/}" ] || fail "missing $ref"
done

echo "Built:"
ls -l "$css" "$STATIC"/js/*.min.js "$STATIC"/js/*.map
find "$STATIC/govuk" "$STATIC/moj" -type f 2>/dev/null | sort || true
