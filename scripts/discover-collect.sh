#!/usr/bin/env bash
# Records, with read-only AWS CLI calls, what `npm run discover` needs to write the organization
# file's accounts and their `adopt` entries: the organization, then for every ACTIVE account and
# every region the singletons a first apply would collide with. Run it with management-account
# credentials; docs/discovery.md lists every call and the layout of DIR.
#
#   bash scripts/discover-collect.sh --out DIR --regions eu-west-1,eu-central-1,us-east-1 \
#     [--role OrganizationAccountAccessRole] [--management-role NAME]
#
# A call that fails is kept as <name>.error (the CLI's message), so discover can tell a service
# that is off (Security Hub's InvalidAccessException, IAM's NoSuchEntity) from one it could not read.
set -euo pipefail

readonly SESSION_NAME='security-baseline-discover'
readonly CONFIG_ROLE='AWSServiceRoleForConfig'

usage() {
  cat <<'EOF'
usage: bash scripts/discover-collect.sh --out DIR --regions R1,R2,... [options]
options:
  --out DIR               where to record (must not exist, or be empty)
  --regions R1,R2,...     the regions to read in every account (the organization file's regions; us-east-1 is always a detective-control region)
  --role NAME             role assumed in every other account (default OrganizationAccountAccessRole)
  --management-role NAME  role assumed in the management account (default: the current credentials, which must be the management account's)
  --help                  print this usage and exit
EOF
}

usage_error() {
  echo "discover-collect: $1" >&2
  usage >&2
  exit 2
}

# A recorded message on one line.
one_line() {
  tr -s '\n' ' ' <"$1" | sed -e 's/^ //' -e 's/ $//'
}

# Stops the run; what it recorded so far is removed, so DIR can be used again.
fail() {
  echo "discover-collect: $1" >&2
  if [[ -n ${recording:-} ]]; then rm -rf "${out:?}/organization" "${out:?}/accounts"; fi
  exit 1
}

out=''
regions_list=''
role='OrganizationAccountAccessRole'
management_role=''
given=' '
while [[ $# -gt 0 ]]; do
  option=$1
  shift
  if [[ $option == --help ]]; then
    usage
    exit 0
  fi
  if [[ $option == --*=* ]]; then
    value=${option#*=}
    option=${option%%=*}
  elif [[ $option == --* && $# -gt 0 && $1 != --* ]]; then
    value=$1
    shift
  else
    value=''
  fi
  case $option in
    --out | --regions | --role | --management-role) ;;
    *) usage_error "unknown option ${option}" ;;
  esac
  [[ -n $value ]] || usage_error "${option} needs a value"
  [[ $given != *" ${option} "* ]] || usage_error "${option} is given more than once"
  given+="${option} "
  case $option in
    --out) out=$value ;;
    --regions) regions_list=$value ;;
    --role) role=$value ;;
    --management-role) management_role=$value ;;
  esac
done

[[ -n $out ]] || usage_error '--out DIR is required'
[[ -n $regions_list ]] || usage_error '--regions R1,R2,... is required'
IFS=',' read -r -a regions <<<"$regions_list"
seen=' '
for region in "${regions[@]}"; do
  [[ $region =~ ^[a-z]{2}(-[a-z]+)+-[0-9]$ ]] || usage_error "--regions: \"${region}\" is not a region name such as eu-west-1"
  [[ $seen != *" ${region} "* ]] || usage_error "--regions: ${region} is listed twice"
  seen+="${region} "
done
for name in "$role" ${management_role:+"$management_role"}; do
  [[ $name =~ ^[A-Za-z0-9+=,.@_-]{1,64}$ ]] || usage_error "\"${name}\" is not an IAM role name (1-64 letters, digits and +=,.@_-)"
done
if [[ -e $out ]]; then
  [[ -d $out ]] || usage_error "--out ${out} is not a directory"
  [[ -z $(ls -A "$out") ]] || usage_error "--out ${out} is not empty: choose a new directory (discover reads everything in it)"
fi
command -v aws >/dev/null || fail 'the AWS CLI (aws) is not on PATH'

# Global services (Organizations, STS, IAM) answer in any region; the first one given is used.
readonly global_region=${regions[0]}

# record BASE COMMAND...: the command's JSON output in BASE.json, or what it printed on failure in
# BASE.error. Returns the command's status.
record() {
  local base=$1
  shift
  local status=0
  "$@" --output json >"${base}.json" 2>"${base}.error" || status=$?
  if [[ $status -eq 0 ]]; then
    rm -f "${base}.error"
  else
    rm -f "${base}.json"
    [[ -s ${base}.error ]] || echo "the AWS CLI exited with status ${status} and printed nothing" >"${base}.error"
  fi
  return "$status"
}

# A value the script itself needs (an id, credentials), as text.
query() {
  aws "$@" --output text
}

mkdir -p "${out}/organization" "${out}/accounts"
recording=1
org_dir="${out}/organization"
record "${org_dir}/describe-organization" aws organizations describe-organization --region "$global_region" ||
  fail "cannot read the organization: $(one_line "${org_dir}/describe-organization.error")"
management_id=$(query organizations describe-organization --region "$global_region" --query 'Organization.MasterAccountId')
if [[ -z $management_role ]]; then
  caller=$(query sts get-caller-identity --region "$global_region" --query 'Account')
  [[ $caller == "$management_id" ]] ||
    fail "the current credentials are of account ${caller}, not of the management account ${management_id}: use management-account credentials, or --management-role NAME"
fi
record "${org_dir}/list-accounts" aws organizations list-accounts --region "$global_region" ||
  fail "cannot list the accounts: $(one_line "${org_dir}/list-accounts.error")"
record "${org_dir}/list-roots" aws organizations list-roots --region "$global_region" ||
  fail "cannot list the roots: $(one_line "${org_dir}/list-roots.error")"
# Control Tower, if trusted access for controltower.amazonaws.com is on.
record "${org_dir}/list-aws-service-access-for-organization" aws organizations list-aws-service-access-for-organization --region "$global_region" || true

# `State` replaces `Status` (which AWS retires in September 2026); either says ACTIVE. Text output:
# the ids separated by tabs, a line per page.
ids=$(query organizations list-accounts --region "$global_region" --query "Accounts[?State=='ACTIVE' || !State && Status=='ACTIVE'].Id")
read -r -d '' -a account_ids <<<"$ids" || true

# Everything one account holds, with the credentials in the environment.
collect_account() {
  local dir=$1
  record "${dir}/iam-get-role-${CONFIG_ROLE}" aws iam get-role --role-name "$CONFIG_ROLE" --region "$global_region" || true
  local region here detector
  for region in "${regions[@]}"; do
    here="${dir}/${region}"
    mkdir -p "$here"
    record "${here}/configservice-describe-configuration-recorders" aws configservice describe-configuration-recorders --region "$region" || true
    record "${here}/configservice-describe-delivery-channels" aws configservice describe-delivery-channels --region "$region" || true
    record "${here}/accessanalyzer-list-analyzers" aws accessanalyzer list-analyzers --region "$region" || true
    if record "${here}/guardduty-list-detectors" aws guardduty list-detectors --region "$region"; then
      # A region has one detector at most; its id is 32 hexadecimal characters.
      detector=$(grep -oE '[0-9a-f]{32}' "${here}/guardduty-list-detectors.json" | head -n 1 || true)
      if [[ -n $detector ]]; then
        record "${here}/guardduty-get-administrator-account" aws guardduty get-administrator-account --detector-id "$detector" --region "$region" || true
      fi
    fi
    # describe-hub fails (InvalidAccessException) where Security Hub is off: nothing more to read there.
    if record "${here}/securityhub-describe-hub" aws securityhub describe-hub --region "$region"; then
      record "${here}/securityhub-get-administrator-account" aws securityhub get-administrator-account --region "$region" || true
      record "${here}/securityhub-get-enabled-standards" aws securityhub get-enabled-standards --region "$region" || true
      record "${here}/securityhub-list-finding-aggregators" aws securityhub list-finding-aggregators --region "$region" || true
    fi
  done
}

count=0
for id in "${account_ids[@]}"; do
  count=$((count + 1))
  dir="${out}/accounts/${id}"
  mkdir -p "$dir"
  assumed=$role
  if [[ $id == "$management_id" ]]; then assumed=$management_role; fi
  if [[ -z $assumed ]]; then
    echo "account ${count}/${#account_ids[@]} ${id} (management): current credentials" >&2
    collect_account "$dir"
    continue
  fi
  echo "account ${count}/${#account_ids[@]} ${id}: role ${assumed}" >&2
  if ! credentials=$(query sts assume-role --role-arn "arn:aws:iam::${id}:role/${assumed}" --role-session-name "$SESSION_NAME" \
    --region "$global_region" --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' 2>"${dir}/assume-role.error"); then
    echo "  cannot assume ${assumed}: $(one_line "${dir}/assume-role.error")" >&2
    continue
  fi
  rm -f "${dir}/assume-role.error"
  read -r key secret token <<<"$credentials"
  # A subshell, so the account's credentials never reach the next account. A profile would win over them.
  (
    unset AWS_PROFILE AWS_DEFAULT_PROFILE
    export AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret AWS_SESSION_TOKEN=$token
    collect_account "$dir"
  )
done

# Written last: discover reads DIR only once this exists, so an interrupted run is never taken for a whole one.
{
  printf '{\n  "regions": ['
  separator=''
  for region in "${regions[@]}"; do
    printf '%s"%s"' "$separator" "$region"
    separator=', '
  done
  printf '],\n  "role": "%s",\n  "managementRole": %s\n}\n' "$role" "$([[ -n $management_role ]] && printf '"%s"' "$management_role" || printf null)"
} >"${out}/collection.json"

errors=$(find "$out" -name '*.error' | wc -l)
echo "recorded ${#account_ids[@]} accounts x ${#regions[@]} regions in ${out}; ${errors// /} calls answered with an error, kept in .error files (a service that is off, or could not be read: discover tells them apart)" >&2
echo "next: npm run discover -- --from ${out} [--out path/to/organization.json]" >&2
