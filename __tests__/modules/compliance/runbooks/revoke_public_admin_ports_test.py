"""Runs modules/compliance/runbooks/revoke-public-admin-ports.py against a fake boto3.

The fake EC2 client answers DescribeSecurityGroupRules the way EC2 does (rule shapes, the
group-id filter, NextToken pages) and records every call, and RevokeSecurityGroupIngress refuses
rule ids the group does not have. Run by __tests__/modules/compliance/baseline-runbooks.test.ts
(`python3 -B <this file>`); it needs nothing but the standard library.
"""

import importlib.util
import sys
import types
import unittest
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[4] / "modules" / "compliance" / "runbooks" / "revoke-public-admin-ports.py"
ACCOUNT = "123456789012"
GROUP = "sg-0a1b2c3d4e5f60718"
OTHER_GROUP = "sg-0fedcba9876543210"


class FakeEc2:
    """The two EC2 calls the script may make, over an in-memory list of rules."""

    def __init__(self, rules, page_size=3, revoke_error=None):
        self.rules = list(rules)
        self.page_size = page_size
        self.revoke_error = revoke_error
        self.calls = []

    def describe_security_group_rules(self, **kwargs):
        self.calls.append(("DescribeSecurityGroupRules", kwargs))
        filters = kwargs.get("Filters")
        if not (len(filters) == 1 and filters[0]["Name"] == "group-id" and len(filters[0]["Values"]) == 1):
            raise AssertionError(f"expected exactly one group-id filter, got {filters}")
        matching = [r for r in self.rules if r["GroupId"] == filters[0]["Values"][0]]
        start = int(kwargs.get("NextToken", "0"))
        page = {"SecurityGroupRules": matching[start : start + self.page_size]}
        if start + self.page_size < len(matching):
            page["NextToken"] = str(start + self.page_size)
        return page

    def revoke_security_group_ingress(self, **kwargs):
        self.calls.append(("RevokeSecurityGroupIngress", kwargs))
        if self.revoke_error:
            raise self.revoke_error
        ids = kwargs["SecurityGroupRuleIds"]
        known = {r["SecurityGroupRuleId"] for r in self.rules if r["GroupId"] == kwargs["GroupId"] and not r["IsEgress"]}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise RuntimeError(f"InvalidSecurityGroupRuleId.NotFound: {unknown}")
        self.rules = [r for r in self.rules if r["SecurityGroupRuleId"] not in ids]
        return {"Return": True}

    def revokes(self):
        return [kwargs for name, kwargs in self.calls if name == "RevokeSecurityGroupIngress"]


def rule(rule_id, protocol, from_port, to_port, egress=False, group=GROUP, **source):
    """One entry of DescribeSecurityGroupRules' SecurityGroupRules, as EC2 returns it."""
    return {
        "SecurityGroupRuleId": rule_id,
        "GroupId": group,
        "GroupOwnerId": ACCOUNT,
        "IsEgress": egress,
        "IpProtocol": protocol,
        "FromPort": from_port,
        "ToPort": to_port,
        **source,
        "Tags": [],
        "SecurityGroupRuleArn": f"arn:aws:ec2:eu-west-1:{ACCOUNT}:security-group-rule/{rule_id}",
    }


WORLD_V4 = {"CidrIpv4": "0.0.0.0/0"}
WORLD_V6 = {"CidrIpv6": "::/0"}

MUST_GO = [
    rule("sgr-00000000000000001", "tcp", 22, 22, **WORLD_V4, Description="SSH from anywhere"),
    rule("sgr-00000000000000002", "tcp", 3389, 3389, **WORLD_V6),
    rule("sgr-00000000000000003", "tcp", 0, 65535, **WORLD_V4),
    rule("sgr-00000000000000004", "-1", -1, -1, **WORLD_V6),
    rule("sgr-00000000000000005", "tcp", 20, 25, **WORLD_V4),
    rule("sgr-00000000000000006", "6", 3389, 3389, **WORLD_V4),
]
MUST_STAY = [
    rule("sgr-00000000000000101", "tcp", 22, 22, CidrIpv4="10.0.0.0/8"),
    rule("sgr-00000000000000102", "tcp", 3389, 3389, CidrIpv4="203.0.113.7/32"),
    rule("sgr-00000000000000103", "tcp", 22, 22, CidrIpv6="2001:db8::/32"),
    rule("sgr-00000000000000104", "tcp", 443, 443, **WORLD_V4),
    rule("sgr-00000000000000105", "tcp", 23, 3388, **WORLD_V4),
    rule("sgr-00000000000000106", "udp", 3389, 3389, **WORLD_V4),
    rule("sgr-00000000000000107", "icmp", -1, -1, **WORLD_V4),
    rule("sgr-00000000000000108", "tcp", 22, 22, ReferencedGroupInfo={"GroupId": OTHER_GROUP, "UserId": ACCOUNT}),
    rule("sgr-00000000000000109", "tcp", 22, 22, PrefixListId="pl-0123456789abcdef0"),
    rule("sgr-00000000000000110", "-1", -1, -1, egress=True, **WORLD_V4),
    rule("sgr-00000000000000111", "tcp", 22, 22, egress=True, **WORLD_V6),
]
# Another group's rule: the filter must keep it out of this run.
ELSEWHERE = [rule("sgr-00000000000000201", "tcp", 22, 22, group=OTHER_GROUP, **WORLD_V4)]


def load_script(fake_ec2):
    """The script as a fresh module whose `boto3` is a fake handing out `fake_ec2`."""
    boto3 = types.ModuleType("boto3")

    def client(service, **_kwargs):
        if service != "ec2":
            raise AssertionError(f"unexpected client {service}")
        return fake_ec2

    boto3.client = client
    sys.modules["boto3"] = boto3
    spec = importlib.util.spec_from_file_location("revoke_public_admin_ports", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class RevokePublicAdminPorts(unittest.TestCase):
    def run_handler(self, ec2):
        return load_script(ec2).handler({"GroupId": GROUP}, None)

    def test_revokes_exactly_the_rules_opening_22_or_3389_to_the_internet_in_one_call(self):
        ec2 = FakeEc2(MUST_STAY[:4] + MUST_GO + MUST_STAY[4:] + ELSEWHERE)
        result = self.run_handler(ec2)
        expected = sorted(r["SecurityGroupRuleId"] for r in MUST_GO)
        self.assertEqual(ec2.revokes(), [{"GroupId": GROUP, "SecurityGroupRuleIds": expected}])
        self.assertEqual(result, {"GroupId": GROUP, "RevokedRuleIds": expected})
        self.assertEqual({r["SecurityGroupRuleId"] for r in ec2.rules}, {r["SecurityGroupRuleId"] for r in MUST_STAY + ELSEWHERE})

    def test_reads_every_page_of_the_groups_rules(self):
        ec2 = FakeEc2(MUST_STAY + MUST_GO, page_size=4)
        self.run_handler(ec2)
        describes = [kwargs for name, kwargs in ec2.calls if name == "DescribeSecurityGroupRules"]
        self.assertEqual(len(describes), 5)  # 17 rules, 4 a page
        self.assertNotIn("NextToken", describes[0])
        self.assertEqual([d.get("NextToken") for d in describes[1:]], ["4", "8", "12", "16"])
        for describe in describes:
            self.assertEqual(describe["Filters"], [{"Name": "group-id", "Values": [GROUP]}])

    def test_a_group_without_such_rules_is_left_alone_and_the_run_succeeds(self):
        ec2 = FakeEc2(MUST_STAY + ELSEWHERE)
        self.assertEqual(self.run_handler(ec2), {"GroupId": GROUP, "RevokedRuleIds": []})
        self.assertEqual(ec2.revokes(), [])

    def test_a_group_without_any_rules_is_left_alone_and_the_run_succeeds(self):
        ec2 = FakeEc2(ELSEWHERE)
        self.assertEqual(self.run_handler(ec2), {"GroupId": GROUP, "RevokedRuleIds": []})
        self.assertEqual([name for name, _ in ec2.calls], ["DescribeSecurityGroupRules"])

    def test_a_failed_revoke_fails_the_run(self):
        ec2 = FakeEc2(MUST_GO, revoke_error=RuntimeError("UnauthorizedOperation"))
        with self.assertRaisesRegex(RuntimeError, "UnauthorizedOperation"):
            self.run_handler(ec2)

    def test_the_rule_test_on_its_own(self):
        script = load_script(FakeEc2([]))
        self.assertEqual([r["SecurityGroupRuleId"] for r in MUST_GO if script.opens_admin_port_to_internet(r)], [r["SecurityGroupRuleId"] for r in MUST_GO])
        self.assertEqual([r["SecurityGroupRuleId"] for r in MUST_STAY if script.opens_admin_port_to_internet(r)], [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
