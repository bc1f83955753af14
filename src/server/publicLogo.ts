import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/config';

/**
 * The gemeente's logo for the header of the public pages (PUBLIC_LOGO_FILE), read once at start and served from
 * /openbaar/logo, so the pages still load nothing from elsewhere (CSP img-src 'self'). A file that is missing,
 * too large or not a PNG or SVG stops the start with a clear message instead of showing a broken image.
 */

export const LOGO_PATH = '/openbaar/logo';
export const LOGO_MAX_BYTES = 100 * 1024;

export interface PublicLogo {
  readonly bytes: Buffer;
  readonly type: 'image/png' | 'image/svg+xml';
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function loadLogo(file: string): PublicLogo {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ConfigError([
      `PUBLIC_LOGO_FILE "${file}" cannot be read: ${(error as NodeJS.ErrnoException).code}`,
    ]);
  }
  if (bytes.length > LOGO_MAX_BYTES)
    throw new ConfigError([`PUBLIC_LOGO_FILE "${file}" is larger than ${LOGO_MAX_BYTES / 1024} kB`]);
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return { bytes, type: 'image/png' };
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/.test(bytes.toString('utf8', 0, 2048)))
    return { bytes, type: 'image/svg+xml' };
  throw new ConfigError([`PUBLIC_LOGO_FILE "${file}" is neither a PNG nor an SVG image`]);
}
