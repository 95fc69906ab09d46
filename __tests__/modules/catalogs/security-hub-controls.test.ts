import { SECURITY_HUB_STANDARD_CONTROLS, standardsContaining } from '../../../modules/catalogs/security-hub-controls';
import { SECURITY_HUB_STANDARDS } from '../../../modules/catalogs/threat-detection';

test('every standard the config offers has a list of unique, well-formed control ids', () => {
  expect(Object.keys(SECURITY_HUB_STANDARD_CONTROLS).sort()).toEqual([...SECURITY_HUB_STANDARDS].sort());
  for (const ids of Object.values(SECURITY_HUB_STANDARD_CONTROLS)) {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]+\.\d+$/);
  }
});

test('spot checks against the Security Hub user guide', () => {
  const all = [...SECURITY_HUB_STANDARDS];
  // IAM.6 is CIS v3.0.0 and v1.4.0 requirement 1.6, PCI DSS 8.4.2, and in FSBP and NIST.
  expect(standardsContaining('IAM.6', all).sort()).toEqual([...all].sort());
  expect(standardsContaining('Config.1', all).sort()).toEqual(
    [
      'aws-foundational-security-best-practices/v/1.0.0',
      'cis-aws-foundations-benchmark/v/1.4.0',
      'cis-aws-foundations-benchmark/v/3.0.0',
      'nist-800-53/v/5.0.0',
    ].sort(),
  );
  expect(standardsContaining('CloudWatch.1', all)).toEqual(['cis-aws-foundations-benchmark/v/1.4.0']);
  expect(SECURITY_HUB_STANDARD_CONTROLS['cis-aws-foundations-benchmark/v/3.0.0']).toHaveLength(37);
});

test('only the given standards are searched, each once', () => {
  expect(standardsContaining('IAM.6', ['pci-dss/v/4.0.1', 'pci-dss/v/4.0.1'])).toEqual(['pci-dss/v/4.0.1']);
  expect(standardsContaining('CloudWatch.1', ['aws-foundational-security-best-practices/v/1.0.0'])).toEqual([]);
});
