// tsc compiles TypeScript only; the card templates and strings are read at run time, so they are copied beside the output.
import { cpSync } from 'node:fs';
cpSync('src/cards/templates', 'dist/src/cards/templates', { recursive: true });
cpSync('src/cards/strings', 'dist/src/cards/strings', { recursive: true });
