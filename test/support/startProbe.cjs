// Preloaded with `node --require` into a bot process: records the module files the process loads and, when the bot
// logs that it listens, reports them with the time since the process started and the CPU time used; after
// PROBE_IDLE_MS more (default 0) it adds the resident set size. The report goes to the parent over IPC, or to the file PROBE_OUT.
// Used by test/e2e/productionStart.test.ts and by the measurements in docs/production-package.md.
const { writeFileSync } = require('node:fs');
const { registerHooks } = require('node:module');
const { fileURLToPath } = require('node:url');
const { performance } = require('node:perf_hooks');

const loaded = new Set();
// Sync hooks see require() and import() alike, also of ES modules that never enter require.cache. Node 20 (the
// runtime of older commits, measured for comparison) has none: there require.cache alone lists the files.
registerHooks?.({
  load(url, context, nextLoad) {
    if (url.startsWith('file:')) loaded.add(fileURLToPath(url));
    return nextLoad(url, context);
  },
});

const write = process.stdout.write.bind(process.stdout);
let reported = false;
process.stdout.write = (chunk, ...rest) => {
  if (!reported && String(chunk).includes('"message":"tafelbot listening"')) {
    reported = true;
    const listeningMs = Math.round(performance.now());
    // CPU time is steadier than wall time on a busy machine: what the start itself cost.
    const cpu = process.cpuUsage();
    const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    const files = [...new Set([...loaded, ...Object.keys(require.cache)])].sort();
    setTimeout(
      () => {
        const report = { listeningMs, cpuMs, files, rssBytes: process.memoryUsage().rss };
        if (process.send) process.send({ probe: report });
        else if (process.env.PROBE_OUT) writeFileSync(process.env.PROBE_OUT, JSON.stringify(report));
      },
      Number(process.env.PROBE_IDLE_MS ?? 0),
    ).unref();
  }
  return write(chunk, ...rest);
};
