// Preloaded into every process `npm start` starts (`node --import ./scripts/exit-with-parent.mjs ...`): when the
// process that started it goes away without stopping it (npm or its shell killed, the dev script killed with
// SIGKILL), the process is re-parented and its parent pid changes. It then stops itself as on SIGTERM, so no
// bot, store, playground or MailDev is left holding its port. A second SIGTERM-less check forces the exit.
const parent = process.ppid;
const CHECK_MS = 500;
const FORCE_AFTER_MS = 15_000;

if (parent > 1) {
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    const force = setTimeout(() => process.exit(1), FORCE_AFTER_MS);
    force.unref();
    // Processes with a SIGTERM handler stop gracefully; the others end as on a plain SIGTERM.
    process.kill(process.pid, 'SIGTERM');
  }, CHECK_MS);
  timer.unref();
}
