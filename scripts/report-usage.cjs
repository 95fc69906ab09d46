// Preloaded by bench.ts (`node -r`): on exit, report the process's peak memory to the file named
// by BENCH_USAGE_FILE. Kept out of the app so the app itself has no benchmarking code.
process.on('exit', () => {
  const file = process.env.BENCH_USAGE_FILE;
  if (file) require('node:fs').writeFileSync(file, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
});
