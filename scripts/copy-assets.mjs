// tsc compiles TypeScript only; the card templates are read at run time, so they are copied beside the output.
import { cpSync } from 'node:fs';
cpSync('src/cards/templates', 'dist/src/cards/templates', { recursive: true });
