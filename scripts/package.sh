#!/usr/bin/env bash
# Builds the deployable artefacts offline: bundles every function and writes the CloudFormation template to
# .serverless/cloudformation-template-update-stack.json. No AWS account is needed; credentials are dummies.
#
# A stage is packaged only with an alert route (plugins/alerts-required.cjs): STAGE=prod npm run package --
# --param alertEmail=oncall@example.com. Plain `npm run package` (no STAGE, no alert param) is the offline build
# check of the dev stage: it opts out of alerts, and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .esbuild .serverless
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-offline}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-offline}"
export AWS_REGION="${AWS_REGION:-us-east-1}" SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off
extra=()
if [[ -z "${STAGE:-}" && "$*" != *alertEmail=* && "$*" != *alertHttpsEndpoint=* && "$*" != *pagerApiDestinationArn=* && "$*" != *alertsOptOut=* ]]; then
  echo "package.sh: an offline build check of stage dev, with alertsOptOut=true; to package a stage to deploy, set STAGE and pass an alert route (docs/SECURITY.md)" >&2
  extra=(--param alertsOptOut=true)
fi
exec timeout 300 serverless package --stage "${STAGE:-dev}" --region "$AWS_REGION" "${extra[@]}" "$@"
