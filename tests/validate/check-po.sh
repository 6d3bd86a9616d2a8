#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails when a translatable string in the sources is not translated (or is
# fuzzy) in one of the languages in po/LINGUAS, or when a source file with
# translatable strings is missing from po/POTFILES.in.
#
# Usage: check-po.sh SOURCE_ROOT [WORK_DIR]

set -eu

# The statistics parsed below are in English.
LC_ALL=C.UTF-8
LANGUAGE=C
export LC_ALL LANGUAGE

srcroot=${1:?usage: check-po.sh SOURCE_ROOT [WORK_DIR]}
workdir=${2:-${TMPDIR:-/tmp}}
podir="$srcroot/po"

if [ -f "$podir/POTFILES.in" ]; then
  potfiles="$podir/POTFILES.in"
elif [ -f "$podir/POTFILES" ]; then
  potfiles="$podir/POTFILES"
else
  echo "check-po: no po/POTFILES.in or po/POTFILES" >&2
  exit 1
fi

tmp=$(mktemp -d "$workdir/check-po.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

status=0

# 1. Every file that marks strings for translation must be in POTFILES.
#    (Comments and blank lines in POTFILES are ignored.)
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$potfiles" | sort -u > "$tmp/listed"
(
  cd "$srcroot"
  for dir in src data/ui; do
    [ -d "$dir" ] || continue
    find "$dir" -type f \( -name '*.c' -o -name '*.h' \) -print | sort | while read -r f; do
      if grep -q -E '(^|[^A-Za-z0-9_])(N?C?_|g_dn?c?p?gettext2?|n?gettext)[[:space:]]*\(' "$f"; then
        echo "$f"
      fi
    done
    find "$dir" -type f -name '*.ui' -print | sort | while read -r f; do
      if grep -q 'translatable="yes"' "$f"; then
        echo "$f"
      fi
    done
  done
) | sort -u > "$tmp/marked"

missing=$(comm -23 "$tmp/marked" "$tmp/listed")
if [ -n "$missing" ]; then
  echo "not ok: files with translatable strings missing from ${potfiles#"$srcroot"/}:"
  echo "$missing" | sed 's/^/  /'
  status=1
else
  echo "ok: all $(wc -l < "$tmp/marked" | tr -d ' ') files with marked strings are in POTFILES"
fi

# Files listed but gone would make xgettext fail below; report them clearly.
while read -r f; do
  if [ ! -f "$srcroot/$f" ]; then
    echo "not ok: $f is in POTFILES but does not exist"
    status=1
  fi
done < "$tmp/listed"
[ $status -eq 0 ] || exit 1

# 2. A fresh template from the sources, with the same keywords as meson's
#    i18n 'glib' preset (xgettext's default C keywords, e.g. ngettext, stay on).
(
  cd "$srcroot"
  xgettext --output="$tmp/monia.pot" --files-from="$tmp/listed" \
    --from-code=UTF-8 --add-comments \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
    --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
    --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
    --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
    --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format \
    --flag=g_set_error:4:c-format --flag=g_markup_printf_escaped:1:c-format \
    --flag=g_log:3:c-format --flag=g_print:1:c-format \
    --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
    --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format \
    --flag=g_snprintf:3:c-format
)
total=$(grep -c '^msgid ' "$tmp/monia.pot" || true)
echo "ok: template has $((total - 1)) strings"

# 3. Each language must translate all of them, with matching formats.
langs=$(sed -e 's/#.*//' "$podir/LINGUAS" | tr -s ' \t' '\n\n' | sed '/^$/d')
if [ -z "$langs" ]; then
  echo "not ok: po/LINGUAS lists no languages"
  exit 1
fi
for lang in $langs; do
  po="$podir/$lang.po"
  if [ ! -f "$po" ]; then
    echo "not ok: $lang: po/$lang.po does not exist"
    status=1
    continue
  fi
  # Without fuzzy matching, a new or changed string shows up as untranslated
  # instead of being guessed from a similar one.
  if ! msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/$lang.po" "$po" "$tmp/monia.pot"; then
    echo "not ok: $lang: msgmerge failed"
    status=1
    continue
  fi
  if ! msgfmt --check --statistics --output-file=/dev/null "$tmp/$lang.po" > "$tmp/$lang.stats" 2>&1; then
    echo "not ok: $lang: msgfmt --check failed:"
    sed 's/^/  /' "$tmp/$lang.stats"
    status=1
    continue
  fi
  # "N translated messages, N fuzzy translations, N untranslated messages."
  stats=$(tr '\n' ' ' < "$tmp/$lang.stats")
  fuzzy=$(echo "$stats" | sed -n 's/.*[^0-9]\([0-9][0-9]*\) fuzzy translation.*/\1/p')
  untranslated=$(echo "$stats" | sed -n 's/.*[^0-9]\([0-9][0-9]*\) untranslated message.*/\1/p')
  fuzzy=${fuzzy:-0}
  untranslated=${untranslated:-0}
  if [ "$untranslated" -ne 0 ] || [ "$fuzzy" -ne 0 ]; then
    echo "not ok: $lang: $untranslated untranslated, $fuzzy fuzzy ($stats):"
    msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$lang.po" | grep '^msgid "..*"' | sed 's/^/  untranslated /'
    msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/$lang.po" | grep '^msgid "..*"' | sed 's/^/  fuzzy /'
    status=1
  else
    echo "ok: $lang: $stats"
  fi
done

exit $status
