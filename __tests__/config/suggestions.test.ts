import { closestMatch, didYouMean } from '../../config/suggestions';

test('a near miss is suggested, a different word is not', () => {
  expect(closestMatch('homeRegoin', ['homeRegion', 'regions', 'namePrefix'])).toBe('homeRegion');
  expect(closestMatch('organisation', ['organization', 'standalone'])).toBe('organization');
  expect(closestMatch('eu-centrl-1', ['eu-central-1', 'eu-west-1'])).toBe('eu-central-1');
  expect(closestMatch('environment', ['name', 'id', 'role', 'adopt'])).toBeUndefined();
  // Short words allow a single edit only.
  expect(closestMatch('ab', ['id'])).toBeUndefined();
  expect(closestMatch('IDs', ['ids'])).toBe('ids');
});

test('the suggestion is ready to append', () => {
  expect(didYouMean('mentionAtOrAbov', ['mentionAtOrAbove', 'mentionUserGroupId'])).toBe('; did you mean "mentionAtOrAbove"?');
  expect(didYouMean('zzz', ['mentionAtOrAbove'])).toBe('');
});
