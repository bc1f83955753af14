// Preloaded into the Microsoft 365 Agents Playground (`node --import ./scripts/playground-loopback.mjs ...`).
//
// The playground (0.2.28) has a --port option but no host option: it calls `server.listen(port, cb)`, which
// binds every interface. Its connector emulation accepts anything without authentication and relays it to the
// bot, so it must not be reachable from the network. This preload gives every listen() call that names no
// host the loopback address (PLAYGROUND_HOST, default 127.0.0.1) instead. Nothing else is changed.
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const host = process.env.PLAYGROUND_HOST || '127.0.0.1';
if (!LOOPBACK.has(host)) {
  console.error(`PLAYGROUND_HOST must be a loopback address (got "${host}")`);
  process.exit(2);
}

const isPort = (value) => typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (args.length === 0 || typeof first === 'function') {
    // listen() / listen(callback): a random port on every interface; make it loopback.
    args.unshift(0, host);
  } else if (isPort(first)) {
    // listen(port[, host][, backlog][, callback])
    if (args.length >= 2 && (args[1] === undefined || args[1] === null)) args[1] = host;
    else if (typeof args[1] !== 'string') args.splice(1, 0, host);
  } else if (first && typeof first === 'object' && first.path === undefined && first.fd === undefined) {
    // listen(options[, callback]) with a port: a handle or a socket path is left alone.
    if (!first._handle && !first.host && first.port !== undefined) args[0] = { ...first, host };
  }
  return originalListen.apply(this, args);
};
