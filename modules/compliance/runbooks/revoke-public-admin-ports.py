"""Revokes the inbound rules of one security group that open SSH or RDP to the whole internet.

The script of the baseline's SSM Automation runbook `<prefix>-RevokePublicAdminPortIngress`
(aws:executeScript, Python 3.11), which remediates the `restricted-ssh` and
`restricted-common-ports` Config rules. AWS-DisablePublicAccessForSecurityGroup revokes fixed
rule shapes and fails with InvalidPermission.NotFound in non-default VPCs when one of them is
missing; this script instead describes the group's rules and revokes exactly the offending ones
by rule id, as AWS's Automated Security Response runbooks do.

A rule is revoked when it is inbound, TCP or all protocols, covers port 22 or 3389 (all
protocols cover every port), and its source is 0.0.0.0/0 or ::/0. Everything else stays:
private or narrower sources, other ports, UDP and ICMP, prefix lists, referenced groups and
every outbound rule. A group without such rules is left alone and the run succeeds.
"""

import boto3

ADMIN_PORTS = (22, 3389)
# DescribeSecurityGroupRules names TCP "tcp"; "6" is its protocol number, which the API also takes.
TCP = ("tcp", "6")
ALL_PROTOCOLS = "-1"
WHOLE_INTERNET = (("CidrIpv4", "0.0.0.0/0"), ("CidrIpv6", "::/0"))


def opens_admin_port_to_internet(rule):
    """Whether one SecurityGroupRule (DescribeSecurityGroupRules shape) must be revoked."""
    if rule["IsEgress"]:
        return False
    if not any(rule.get(field) == cidr for field, cidr in WHOLE_INTERNET):
        return False
    if rule["IpProtocol"] == ALL_PROTOCOLS:
        return True
    return rule["IpProtocol"] in TCP and any(rule["FromPort"] <= port <= rule["ToPort"] for port in ADMIN_PORTS)


def rules_of(ec2, group_id):
    """Every rule of the group, across pages."""
    rules, token = [], None
    while True:
        page = ec2.describe_security_group_rules(
            Filters=[{"Name": "group-id", "Values": [group_id]}],
            **({"NextToken": token} if token else {}),
        )
        rules.extend(page.get("SecurityGroupRules", []))
        token = page.get("NextToken")
        if not token:
            return rules


def handler(event, _context):
    group_id = event["GroupId"]
    ec2 = boto3.client("ec2")
    offending = sorted(rule["SecurityGroupRuleId"] for rule in rules_of(ec2, group_id) if opens_admin_port_to_internet(rule))
    # Any error fails the step, so the execution ends Failed and the loop guard's failure alarm fires.
    if offending:
        ec2.revoke_security_group_ingress(GroupId=group_id, SecurityGroupRuleIds=offending)
    return {"GroupId": group_id, "RevokedRuleIds": offending}
