import fc from 'fast-check';
import { Sha256CounterStream, shuffleFront, validateSeed } from '../../../src/domain/lottery';
import { CHI_SQUARE_999, chiSquareUniform } from './support';

describe('SHA-256 counter-mode stream', () => {
  it('yields the big-endian words of sha256("<seed>:<label>:<counter>") in order (values from sha256sum)', () => {
    // printf 'voorbeeld:perceel-1:0' | sha256sum  → 19af9ab7 ebb61cf2 5b4ad35c … 695fdb06
    // printf 'voorbeeld:perceel-1:1' | sha256sum  → 0b29c081 ...
    const stream = new Sha256CounterStream('voorbeeld', 'perceel-1');
    const words = Array.from({ length: 9 }, () => stream.nextUint32());
    expect(words.slice(0, 3)).toEqual([0x19af9ab7, 0xebb61cf2, 0x5b4ad35c]);
    expect(words[7]).toBe(0x695fdb06);
    expect(words[8]).toBe(0x0b29c081);
  });

  it('samples uniformInt by rejection exactly as documented: discard words >= 2^32 - (2^32 mod n), then mod n', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 2, max: 0xffffffff }), (seed, bound) => {
        const words = new Sha256CounterStream(seed, 'controle');
        const limit = 2 ** 32 - (2 ** 32 % bound);
        let word = words.nextUint32();
        while (word >= limit) word = words.nextUint32();
        expect(new Sha256CounterStream(seed, 'controle').uniformInt(bound)).toBe(word % bound);
      }),
    );
  });

  it('rejects a word in the biased tail (bound 2^31 + 1 discards about half of all words)', () => {
    const bound = 2 ** 31 + 1;
    let rejections = 0;
    for (let i = 0; i < 200; i++) {
      const words = new Sha256CounterStream(`staart-${i}`, 'x');
      const first = words.nextUint32();
      const value = new Sha256CounterStream(`staart-${i}`, 'x').uniformInt(bound);
      if (first >= bound) {
        rejections += 1;
        expect(value).not.toBe(first % bound);
      } else {
        expect(value).toBe(first);
      }
    }
    expect(rejections).toBeGreaterThan(60);
  });

  it('draws no word for a bound of 1 and refuses bounds outside 1..2^32', () => {
    const stream = new Sha256CounterStream('s', 'l');
    expect(stream.uniformInt(1)).toBe(0);
    expect(stream.nextUint32()).toBe(new Sha256CounterStream('s', 'l').nextUint32());
    expect(() => stream.uniformInt(0)).toThrow(RangeError);
    expect(() => stream.uniformInt(2.5)).toThrow(RangeError);
    expect(() => stream.uniformInt(2 ** 32 + 1)).toThrow(RangeError);
  });

  it('keeps streams with different labels independent', () => {
    const a = new Sha256CounterStream('zelfde', 'perceel-1');
    const b = new Sha256CounterStream('zelfde', 'perceel-2');
    expect([a.nextUint32(), a.nextUint32()]).not.toEqual([b.nextUint32(), b.nextUint32()]);
  });
});

describe('forward Fisher-Yates', () => {
  it('stopping after k positions gives the first k items of the full shuffle', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.nat(), fc.string(), (length, stopSeed, seed) => {
        const count = length === 0 ? 0 : stopSeed % (length + 1);
        const full = Array.from({ length }, (_, i) => i);
        const partial = [...full];
        shuffleFront(full, length, new Sha256CounterStream(seed, 'vrije-loting'));
        shuffleFront(partial, count, new Sha256CounterStream(seed, 'vrije-loting'));
        expect(partial.slice(0, count)).toEqual(full.slice(0, count));
        expect([...full].sort((x, y) => x - y)).toEqual(Array.from({ length }, (_, i) => i));
      }),
    );
  });

  it('makes all 24 orders of four items equally likely (chi-square, 4,800 fixed seeds)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4800; i++) {
      const items = ['a', 'b', 'c', 'd'];
      shuffleFront(items, items.length, new Sha256CounterStream(`schud-${i}`, 'test'));
      counts.set(items.join(''), (counts.get(items.join('')) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    // 23 degrees of freedom; the upper 0.1% point is 49.728.
    expect(chiSquareUniform([...counts.values()])).toBeLessThan(49.728);
  });

  it('puts every item first equally often (chi-square on 5 positions)', () => {
    const firsts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 5000; i++) {
      const items = [0, 1, 2, 3, 4];
      shuffleFront(items, 1, new Sha256CounterStream(`eerste-${i}`, 'test'));
      firsts[items[0] as number] += 1;
    }
    expect(chiSquareUniform(firsts)).toBeLessThan(CHI_SQUARE_999[4] as number);
  });
});

describe('seed validation', () => {
  it('accepts an announced public value', () => {
    expect(validateSeed('slotkoers AEX 2027-01-15: 912,34')).toEqual([]);
  });

  it('refuses an empty seed, surrounding spaces, control characters and very long seeds, in Dutch', () => {
    expect(validateSeed('').map((p) => p.message.nl)).toEqual([
      'De seed ontbreekt; een loting heeft een vooraf bekende seed nodig',
    ]);
    expect(validateSeed(' abc').map((p) => p.code)).toEqual(['seed-spaties']);
    expect(validateSeed('a\nb').map((p) => p.message.nl)).toEqual([
      'De seed mag geen regeleinden of andere onzichtbare stuurtekens bevatten',
    ]);
    expect(validateSeed('x'.repeat(1001)).map((p) => p.code)).toEqual(['seed-te-lang']);
    expect(validateSeed(42).map((p) => p.code)).toEqual(['seed-ontbreekt']);
  });
});
