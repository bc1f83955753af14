import { replacePhoneNumbers } from '../../../src/public/phoneNumbers';
import { REDACTED_PHONE, withoutContactDetails } from '../../../src/public/publicViews';

const X = '#';
const redact = (text: string): string => replacePhoneNumbers(text, X);

describe('phone numbers in free text: real-world notations are removed whole', () => {
  it.each([
    // Dutch mobile numbers
    ['06-12345678'],
    ['06 12345678'],
    ['0612345678'],
    ['06 1234 5678'],
    ['06 12 34 56 78'],
    ['06.12.34.56.78'],
    ['06-12 34 56 78'],
    ['06 - 12345678'],
    ['06/12345678'],
    ['(06) 12345678'],
    ['(06)-12345678'],
    // Dutch landlines
    ['020 123 4567'],
    ['020-1234567'],
    ['020 - 123 45 67'],
    ['(020) 123 45 67'],
    ['0418-123456'],
    ['(0418) 12 34 56'],
    ['010–4123456'],
    // +31 and 0031, with and without the trunk zero
    ['+31 (0)6 12345678'],
    ['+31(0)6-12345678'],
    ['+31 (0) 20 123 4567'],
    ['+31 6 12345678'],
    ['+31612345678'],
    ['+31 6 1234 5678'],
    ['+31-6-12345678'],
    ['+31 20 123 4567'],
    ['+31 (0)418 123 456'],
    ['0031 6 12345678'],
    ['0031612345678'],
    ['0031 (0)20 1234567'],
    ['+31 06 12345678'],
    // Service numbers
    ['0800-1234'],
    ['0800 1234'],
    ['0900-1234567'],
    ['0900 123 45 67'],
    // International
    ['+32 2 123 45 67'],
    ['+32 (0)2 123 45 67'],
    ['+49 30 12345678'],
    ['+49 (0)30 1234 5678'],
    ['+44 20 7946 0958'],
    ['+44 (0)20 7946 0958'],
    ['+1 (555) 123-4567'],
    ['+1 555 123 4567'],
    ['0049 30 12345678'],
    ['+33 1 23 45 67 89'],
  ])('%s', (number) => {
    expect(redact(number)).toBe(X);
    expect(redact(`Bel ${number}.`)).toBe(`Bel ${X}.`);
    expect(redact(`tel.: ${number}, of mail`)).toBe(`tel.: ${X}, of mail`);
  });

  it('removes two numbers next to each other as two', () => {
    expect(redact('06-12345678 of 020 123 4567')).toBe(`${X} of ${X}`);
    expect(redact('0612345678 0201234567')).toBe(`${X} ${X}`);
    expect(redact('+32 2 123 45 67 / 06 12345678')).toBe(`${X} / ${X}`);
    expect(redact('06-12345678, 06-87654321')).toBe(`${X}, ${X}`);
  });
});

describe('ordinary text around numbers is kept', () => {
  it.each([
    ['Vergadering op 12-03-2026 om 10:00'],
    ['Van 01-02-2026 tot 03-04-2026'],
    ['Van 01-02-2026 - 03-04-2026'],
    ['op 1/2/2027'],
    ['van 09.00 - 10.30 uur en 11.00 - 12.30 uur'],
    ['09.00-10.30 11.00-12.30'],
    ['KvK 12345678'],
    ['postcode 5301 AB'],
    ['in 2026 en 2027'],
    ['perceel 1, 2 en 3'],
    ['€ 1.234.567,89'],
    ['€ 12.500'],
    ['versie 1.30'],
    ['IBAN NL91ABNA0417164300'],
    ['artikel 9.1 tot 9.4'],
    ['75% van 120 plaatsen'],
    ['zaaknummer Z-2026-001234'],
    ['12 34 56'],
    ['12345'],
  ])('%s', (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('withoutContactDetails', () => {
  it('removes phone numbers and e-mail addresses together', () => {
    expect(withoutContactDetails('Mail a@b.nl of bel +31 (0)6 12345678 of 06.12.34.56.78')).toBe(
      `Mail [e-mailadres verwijderd] of bel ${REDACTED_PHONE} of ${REDACTED_PHONE}`,
    );
  });
});
