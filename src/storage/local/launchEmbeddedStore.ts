import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { EMBEDDED_STORE_KEY } from './embeddedStoreKey';

export interface LaunchedStore {
  readonly endpoint: string;
  readonly key: string;
  readonly ca: string;
  /** The store's process id (the benches read its CPU time from /proc). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

type StoreMessage = { type: 'ready'; endpoint: string; ca: string } | { type: 'failed'; message: string };

/** Starts the embedded store as a child process with its data (journal and certificate) in dataDir. */
export function launchEmbeddedStore(dataDir: string, port = 0): Promise<LaunchedStore> {
  const entry = path.join(__dirname, `embeddedStoreProcess${path.extname(__filename)}`);
  const child: ChildProcess = fork(entry, [dataDir, String(port)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`The embedded store stopped during start-up (exit ${code})`)),
    );
    child.once('message', (message: StoreMessage) => {
      if (message.type === 'failed') {
        reject(new Error(`The embedded store could not start: ${message.message}`));
        return;
      }
      child.removeAllListeners('exit');
      resolve({
        endpoint: message.endpoint,
        key: EMBEDDED_STORE_KEY,
        ca: message.ca,
        pid: child.pid,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
