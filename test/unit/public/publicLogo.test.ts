import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../src/config/config';
import { LOGO_MAX_BYTES, loadLogo } from '../../../src/server/publicLogo';

/** PUBLIC_LOGO_FILE: a PNG or SVG is served; anything else stops the start with a clear message. */

const dir = mkdtempSync(path.join(tmpdir(), 'tafelbot-logo-test-'));
const file = (name: string, content: Buffer | string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('loadLogo', () => {
  it('reads a PNG and an SVG with their types', () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(20),
    ]);
    expect(loadLogo(file('a.png', png))).toEqual({ bytes: png, type: 'image/png' });
    expect(
      loadLogo(file('a.svg', '<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg"></svg>')).type,
    ).toBe('image/svg+xml');
  });

  it('refuses a missing, too large or other file', () => {
    expect(() => loadLogo(path.join(dir, 'missing.png'))).toThrow(/cannot be read: ENOENT/);
    expect(() => loadLogo(file('big.svg', `<svg>${' '.repeat(LOGO_MAX_BYTES)}</svg>`))).toThrow(
      /larger than 100 kB/,
    );
    expect(() => loadLogo(file('fake.png', '<html><script>alert(1)</script></html>'))).toThrow(ConfigError);
  });
});
