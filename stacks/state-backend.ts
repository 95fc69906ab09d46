import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from 'cdktf';
import { cloudWorkspaceName, localStatePath, stateKey } from '../config/names';
import type { AccountConfig, OrganizationConfig } from '../config/schema';

/**
 * Gives the stack its own state in the configured backend. Each account's state is separate,
 * and no stack reads another's: shared values come from the config.
 */
export function configureStateBackend(stack: TerraformStack, org: OrganizationConfig, account: AccountConfig): void {
  const backend = org.stateBackend;
  switch (backend.type) {
    case 's3':
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: stateKey(backend, account),
        region: backend.region,
        encrypt: true,
        kmsKeyId: backend.kmsKeyId,
        assumeRole: backend.roleArn ? { roleArn: backend.roleArn } : undefined,
      });
      // S3-native locking (Terraform >= 1.10); cdktf's S3Backend has no prop for it yet.
      stack.addOverride('terraform.backend.s3.use_lockfile', true);
      return;
    case 'cloud':
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(cloudWorkspaceName(org, backend, account), backend.project),
      });
      return;
    case 'local':
      new LocalBackend(stack, { path: localStatePath(backend, account) });
      return;
  }
}
