#!/usr/bin/env bash
# Builds the deployable artefacts offline: bundles every function and writes the CloudFormation template to
# .serverless/cloudformation-template-update-stack.json. No AWS account is needed; credentials are dummies.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .esbuild .serverless
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-offline}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-offline}"
export AWS_REGION="${AWS_REGION:-us-east-1}" SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off
exec timeout 300 serverless package --stage "${STAGE:-dev}" --region "$AWS_REGION" "$@"
