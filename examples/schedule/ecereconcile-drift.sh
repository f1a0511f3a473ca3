#!/bin/sh
# ecereconcile-drift.sh SPEC TEXTFILE [ENVIRONMENT]
#
# Runs `ecereconcile drift` on SPEC for cron and publishes the result for
# Prometheus in TEXTFILE, a *.prom file in node_exporter's textfile collector
# folder (--collector.textfile.directory). Its exit code and output are for
# cron:
#
#   0  in sync: silent, so cron sends no mail
#   2  drift: what drifted, on stderr (cron mails it)
#   1  the check failed (an invalid spec, an unreachable server, ecereconcile
#      missing or killed): the error, on stderr
#
# Variable text goes through printf '%s': dash's echo reads backslashes.
#
# TEXTFILE is replaced atomically: drift writes a temporary file beside it
# (not *.prom, so the collector skips it) that is then renamed over it, so
# the collector never reads half a file. When drift wrote no report, the
# textfile says ecereconcile_drift_check_success{environment=...} 0, for an
# alert, and keeps the previous report's last-check timestamp, so that series
# grows old instead of vanishing. ENVIRONMENT is the spec's metadata.name (the
# reports' environment label); by default it is taken from the previous
# report.
#
# ECERECONCILE names the binary (default: ecereconcile on PATH). Secrets: the
# spec's {file: PATH} references, readable by the cron user, or {env: NAME}
# set in the crontab.
set -u

if [ "$#" -lt 2 ] || [ "$#" -gt 3 ]; then
	printf 'usage: %s SPEC TEXTFILE [ENVIRONMENT]\n' "$0" >&2
	exit 1
fi
spec=$1
textfile=$2
environment=${3:-}
if [ -z "$environment" ] && [ -f "$textfile" ]; then
	environment=$(sed -n 's/^ecereconcile_drift_check_success{environment="\([^"]*\)".*/\1/p' "$textfile" | head -n 1)
fi
ecereconcile=${ECERECONCILE:-ecereconcile}
tmp=$(dirname -- "$textfile")/.$(basename -- "$textfile").$$.tmp
trap 'rm -f -- "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

rm -f -- "$tmp"
output=$("$ecereconcile" drift -f "$spec" --format prometheus --out "$tmp" 2>&1)
code=$?

if [ ! -s "$tmp" ]; then
	# No report: say that the check failed.
	label=$(printf '%s' "$spec" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')
	envlabel=$(printf '%s' "$environment" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')
	{
		echo '# HELP ecereconcile_drift_check_success 1 when every resource could be read and planned, 0 when some could not (their drift is not known).'
		echo '# TYPE ecereconcile_drift_check_success gauge'
		printf 'ecereconcile_drift_check_success{environment="%s",spec="%s"} 0\n' "$envlabel" "$label"
		if [ -f "$textfile" ]; then
			grep -e 'ecereconcile_drift_last_check_timestamp_seconds' -- "$textfile" || :
		fi
	} >"$tmp" || exit 1
	if [ "$code" -eq 0 ] || [ "$code" -eq 2 ]; then
		output="ecereconcile drift exited $code without writing its report${output:+
$output}"
		code=1
	fi
fi
if ! mv -f -- "$tmp" "$textfile"; then
	printf 'ecereconcile-drift: cannot replace %s\n' "$textfile" >&2
	exit 1
fi

case $code in
0) ;;
2)
	printf 'ecereconcile: %s has drifted:\n' "$spec" >&2
	printf '%s\n' "$output" >&2
	;;
*)
	printf 'ecereconcile: the drift check of %s failed (exit %s):\n' "$spec" "$code" >&2
	printf '%s\n' "$output" >&2
	code=1
	;;
esac
exit "$code"
