import { OrganizationAccessAnalyzer } from '../../../modules/threat-detection/organization-access-analyzer';
import { regionalTestStack, regionOf, resourcesOfType, synthStack, TEST_REGIONS } from '../../helpers/synth';

test('an ORGANIZATION analyzer with the given name in every region of the providers', () => {
  const { stack, providers } = regionalTestStack();
  const construct = new OrganizationAccessAnalyzer(stack, 'access-analyzer', { providers, analyzerName: 'acme-organization-analyzer' });
  const json = synthStack(stack);
  const analyzers = Object.values(resourcesOfType(json, 'aws_accessanalyzer_analyzer'));
  expect(analyzers.map((a) => regionOf(json, a)).sort()).toEqual([...TEST_REGIONS].sort());
  for (const analyzer of analyzers) expect(analyzer).toMatchObject({ analyzer_name: 'acme-organization-analyzer', type: 'ORGANIZATION' });
  expect([...construct.analyzers.keys()]).toEqual(TEST_REGIONS);
});

test('a single-region organization gets one analyzer', () => {
  const { stack, providers } = regionalTestStack(['us-east-1']);
  new OrganizationAccessAnalyzer(stack, 'access-analyzer', { providers, analyzerName: 'acme-organization-analyzer' });
  const json = synthStack(stack);
  const analyzers = Object.values(resourcesOfType(json, 'aws_accessanalyzer_analyzer'));
  expect(analyzers.map((a) => regionOf(json, a))).toEqual(['us-east-1']);
});
