import { sha256Bytes } from './sha256';
import type { ValidationProblem } from './types';

/**
 * The reproducible randomness of the draw (docs/lottery.md, "Randomness"). Counter-mode SHA-256, so a verifier
 * needs nothing but a SHA-256 implementation:
 *
 *   block(seed, label, counter) = SHA-256(UTF-8(seed + ":" + label + ":" + decimal(counter))), counter = 0, 1, ...
 *
 * Each block yields eight unsigned 32-bit big-endian words, consumed in order. Every step of the draw has its
 * own label (stream), so how many numbers one step consumes never shifts another step.
 */

const UINT32_RANGE = 0x1_0000_0000;
const MAX_SEED_LENGTH = 1000;

/** The only thing the draw asks of randomness; tests substitute an enumerating source. */
export interface RandomSource {
  /** An integer in [0, bound), every value equally likely. */
  uniformInt(bound: number): number;
}

export class Sha256CounterStream implements RandomSource {
  private block: DataView = new DataView(new ArrayBuffer(0));
  private position = 0;
  private counter = 0;

  constructor(
    private readonly seed: string,
    private readonly label: string,
  ) {}

  nextUint32(): number {
    if (this.position + 4 > this.block.byteLength) {
      this.block = new DataView(sha256Bytes(`${this.seed}:${this.label}:${this.counter}`).buffer);
      this.counter += 1;
      this.position = 0;
    }
    const word = this.block.getUint32(this.position);
    this.position += 4;
    return word;
  }

  /**
   * Rejection sampling: words at or above the largest multiple of `bound` below 2^32 are discarded, so `word mod
   * bound` carries no bias. A bound of 1 needs no randomness and consumes no word.
   */
  uniformInt(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > UINT32_RANGE) {
      throw new RangeError(`uniformInt: bound must be an integer in 1..2^32, got ${bound}`);
    }
    if (bound === 1) return 0;
    const limit = UINT32_RANGE - (UINT32_RANGE % bound);
    for (;;) {
      const word = this.nextUint32();
      if (word < limit) return word % bound;
    }
  }
}

/** A source of independent streams, one per step label. */
export type RandomStreams = (label: string) => RandomSource;

export function sha256Streams(seed: string): RandomStreams {
  return (label) => new Sha256CounterStream(seed, label);
}

/**
 * Forward Fisher-Yates (Durstenfeld): for i = 0, 1, ...: j = i + uniformInt(n - i), swap items i and j. Stopping
 * after `count` positions leaves exactly the first `count` items of the full shuffle, which lets the probability
 * simulation stop early and still run the very same draw. Mutates `items`.
 */
export function shuffleFront<T>(items: T[], count: number, random: RandomSource): void {
  const stop = Math.min(count, items.length - 1);
  for (let i = 0; i < stop; i++) {
    const j = i + random.uniformInt(items.length - i);
    const item = items[i] as T;
    items[i] = items[j] as T;
    items[j] = item;
  }
}

/** Seeds are published and typed over by hand: refuse what is easy to get wrong when copying. */
export function validateSeed(seed: unknown): ValidationProblem[] {
  if (typeof seed !== 'string' || seed.length === 0) {
    return [
      {
        code: 'seed-ontbreekt',
        message: {
          nl: 'De seed ontbreekt; een loting heeft een vooraf bekende seed nodig',
          en: 'The seed is missing; a lottery needs a seed known in advance',
        },
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  if (seed.length > MAX_SEED_LENGTH) {
    problems.push({
      code: 'seed-te-lang',
      message: {
        nl: `De seed mag hoogstens ${MAX_SEED_LENGTH} tekens lang zijn`,
        en: `The seed may be at most ${MAX_SEED_LENGTH} characters long`,
      },
    });
  }
  if (seed.trim() !== seed) {
    problems.push({
      code: 'seed-spaties',
      message: {
        nl: 'De seed mag niet met een spatie beginnen of eindigen (die zie je niet bij het overnemen)',
        en: 'The seed must not start or end with a space (you do not see it when copying)',
      },
    });
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(seed)) {
    problems.push({
      code: 'seed-stuurteken',
      message: {
        nl: 'De seed mag geen regeleinden of andere onzichtbare stuurtekens bevatten',
        en: 'The seed must not contain line breaks or other invisible control characters',
      },
    });
  }
  return problems;
}
