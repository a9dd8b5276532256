#!/usr/bin/env bash
# Shows, with amtool's own router, where each kind of Cutover Monitor alert goes. Exits non-zero on the first
# alert that does not reach the expected receivers. Run by the dashboards module's tests (AlertmanagerTest).
#   dashboards/alertmanager/test-routes.sh [path/to/alertmanager.yml]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
config="${1:-$here/alertmanager.yml}"
amtool="${AMTOOL:-amtool}"
command -v "$amtool" >/dev/null || { echo "amtool not found (Debian package prometheus-alertmanager)" >&2; exit 2; }

failures=0
expect() { # expect <receivers,in,order> <label=value>...
  local want="$1"; shift
  local got
  got="$("$amtool" config routes test --config.file="$config" "$@" 2>/dev/null | tail -n 1)"
  if [[ "$got" == "$want" ]]; then
    printf 'ok    %-28s <- %s\n' "$got" "$*"
  else
    printf 'FAIL  expected %s, got %s <- %s\n' "$want" "$got" "$*"
    failures=$((failures + 1))
  fi
}

# a rollback trigger pages the decision maker (and the on-call channel sees it)
expect pager,oncall alertname=MigrationRollbackTriggered severity=critical action=rollback migration=oms-cloud rule=integrity-errors
expect pager,oncall alertname=MigrationRollbackTriggered severity=critical action=rollback migration=oms-cloud rule=core-function-failure
# nobody answered a rollback trigger in time: page again
expect pager,oncall alertname=MigrationRollbackDeadlinePassed severity=critical action=none migration=oms-cloud rule=integrity-errors
# other criticals go to on-call, not the pager
expect oncall alertname=MigrationIntegrityMismatch severity=critical action=stop migration=oms-cloud
expect oncall alertname=MigrationConnectivityCheckFailing severity=critical action=none migration=oms-cloud
expect oncall alertname=MigrationMonitorDown severity=critical action=none instance=monitor-service:8080 job=cutover-monitor
expect oncall alertname=MigrationIngestStalled severity=critical action=none instance=monitor-service:8080 partition=1
# warnings go to the ops channel
expect ops-channel alertname=MigrationThroughputBelowTarget severity=warning action=none migration=oms-cloud
expect ops-channel alertname=MigrationTelemetryStale severity=warning action=none migration=oms-cloud
# anything unlabelled still reaches someone
expect ops-channel alertname=Unexpected

if (( failures > 0 )); then echo "$failures routing expectation(s) failed" >&2; exit 1; fi
echo "all routes as expected"
