// `npm run bootstrap [-- --backend local|s3|cloud]`: writes cdktf.out/bootstrap (see docs/bootstrap.md). Wiring only: operations/bootstrap-command.ts.
import '../cdktf-without-stack-traces'; // first, before anything loads cdktf: see that file
import { runBootstrapCommand } from '../operations/bootstrap-command';

void runBootstrapCommand(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) }).then(
  (exitCode) => (process.exitCode = exitCode),
);
