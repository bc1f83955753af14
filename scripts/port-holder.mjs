// Which process listens on a TCP port, read from /proc (Linux) without lsof: the listening socket's inode from
// /proc/net/tcp and tcp6, then the process whose /proc/<pid>/fd links to `socket:[inode]`. Used by `npm start` to
// say who holds a port it needs, instead of only "in use".
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const LISTEN = '0A';

/** Inodes of the sockets listening on `port` (any address, IPv4 and IPv6). */
function listeningInodes(port) {
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = parseInt(fields[1].split(':')[1] ?? '', 16);
      if (localPort === port && fields[3] === LISTEN && fields[9] !== '0') inodes.add(fields[9]);
    }
  }
  return inodes;
}

function commandLine(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/**
 * The processes holding a listening socket on `port`: [{ pid, command }]. Empty when nothing listens or the
 * holder is not visible (another user's process, or not Linux); `listening` then tells which of the two.
 */
export function portHolders(port) {
  const inodes = listeningInodes(port);
  const holders = [];
  if (inodes.size === 0) return { listening: false, holders };
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return { listening: true, holders };
  }
  for (const pid of pids) {
    let fds;
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      let target;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        holders.push({ pid: Number(pid), command: commandLine(pid) });
        break;
      }
    }
  }
  return { listening: true, holders };
}

/** One line for a person: who holds the port, or why that is unknown. */
export function describePortHolder(port) {
  const { listening, holders } = portHolders(port);
  if (holders.length > 0) {
    return holders
      .map(({ pid, command }) => `process / proces ${pid}: ${command || '(command line not readable)'}`)
      .join('\n');
  }
  if (listening)
    return 'a process this user cannot see (another user, or a container) / een proces van een andere gebruiker';
  return process.platform === 'linux'
    ? 'no listening process found (the port may be held only briefly) / geen luisterend proces gevonden'
    : 'unknown on this platform (no /proc) / onbekend op dit platform';
}
