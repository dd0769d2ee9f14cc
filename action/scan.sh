#!/usr/bin/env bash
# The scan step of the dupcheck GitHub Action (action.yml): one scan, annotations on the log,
# SARIF (and any other report) to files, the job summary, exit 1 on new duplicates.
#
# Inputs arrive as environment variables, as action.yml passes them:
#   DUPCHECK_PATHS      folders or files to scan (whitespace-separated); ignored with CHANGED_ONLY
#   DUPCHECK_AGAINST    archive folders (whitespace-separated), each an --against
#   DUPCHECK_CHANGED_ONLY  "true": scan only the files changed since DUPCHECK_BASE_REF
#   DUPCHECK_BASE_REF   the commit the changes are taken from (a pull request's base)
#   DUPCHECK_SARIF      where the SARIF log goes ("" for none)
#   DUPCHECK_FAIL_ON    duplicate or partial
#   DUPCHECK_ARGS       more flags, passed as they are (e.g. --baseline .dupcheck-baseline.json)
# Deleted files are left out of the change list (--diff-filter=d); paths with spaces are kept
# whole (git's list is read line by line by --files-from, never split by the shell).
set -euo pipefail

args=(--format github --fail-on "${DUPCHECK_FAIL_ON:-duplicate}")
if [ -n "${DUPCHECK_SARIF:-}" ]; then
  args+=(--output-format "sarif:${DUPCHECK_SARIF}")
fi
for archive in ${DUPCHECK_AGAINST:-}; do
  args+=(--against "$archive")
done
# shellcheck disable=SC2206  # extra flags are words, as on a command line
extra=(${DUPCHECK_ARGS:-})

if [ "${DUPCHECK_CHANGED_ONLY:-false}" = "true" ]; then
  if [ -z "${DUPCHECK_BASE_REF:-}" ]; then
    echo "dupcheck: error: changed-only needs base-ref (a pull request's base commit)" >&2
    exit 2
  fi
  git diff --name-only --diff-filter=d "${DUPCHECK_BASE_REF}...HEAD" --  \
    | dupcheck scan --files-from - "${args[@]}" "${extra[@]}"
else
  # shellcheck disable=SC2086  # several paths, split on whitespace
  dupcheck scan ${DUPCHECK_PATHS:-.} "${args[@]}" "${extra[@]}"
fi
