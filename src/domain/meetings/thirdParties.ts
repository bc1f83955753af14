import { refuseFields, succeed, type Result } from '../shared/result';
import { normaliseLine, normaliseMultiline } from '../shared/text';
import { characterCount } from '../voorstellen/textRules';

/**
 * Third parties the gemeente invites to a meeting [002 art. 7.7], each with the role they have there (an expert,
 * an adviser, a guest speaker). They are on the agenda so every provider knows who else will be at the table.
 * The form sends one per line, "Naam: rol"; a meeting stored before this existed has none.
 */

export interface ThirdParty {
  /** An organisation or a person, as the gemeente writes it. */
  readonly name: string;
  readonly role: string;
}

export const THIRD_PARTY_LIMITS = { max: 10, nameMin: 2, nameMax: 120, roleMin: 2, roleMax: 200 } as const;

const L = THIRD_PARTY_LIMITS;

function problem(nl: string, en: string): Result<never> {
  return refuseFields('meeting.invalid', { thirdParties: { nl, en } });
}

/** Lines "Naam: rol" (or "Naam - rol"); empty lines are skipped. */
export function parseThirdParties(value: unknown): Result<ThirdParty[]> {
  if (value === undefined || value === null) return succeed([]);
  if (typeof value !== 'string')
    return problem('De genodigde derden moeten tekst zijn.', 'The invited third parties must be text.');
  const lines = normaliseMultiline(value)
    .split('\n')
    .map((l) => normaliseLine(l))
    .filter((l) => l !== '');
  if (lines.length > L.max)
    return problem(`Maximaal ${L.max} genodigde derden.`, `At most ${L.max} invited third parties.`);
  const parties: ThirdParty[] = [];
  for (const [index, line] of lines.entries()) {
    const n = index + 1;
    const match = /^(.+?)\s*(?::|\s-\s|\s–\s)\s*(.+)$/.exec(line);
    if (!match)
      return problem(
        `Genodigde ${n}: schrijf "naam: rol", bijvoorbeeld "GGD Gelderland-Zuid: adviseur jeugdgezondheid".`,
        `Invitee ${n}: write "name: role", for example "GGD Gelderland-Zuid: youth health adviser".`,
      );
    const name = (match[1] ?? '').trim();
    const role = (match[2] ?? '').trim();
    const nameLength = characterCount(name);
    const roleLength = characterCount(role);
    if (nameLength < L.nameMin || nameLength > L.nameMax)
      return problem(
        `Genodigde ${n}: de naam heeft ${L.nameMin} tot ${L.nameMax} tekens.`,
        `Invitee ${n}: the name has ${L.nameMin} to ${L.nameMax} characters.`,
      );
    if (roleLength < L.roleMin || roleLength > L.roleMax)
      return problem(
        `Genodigde ${n}: de rol heeft ${L.roleMin} tot ${L.roleMax} tekens.`,
        `Invitee ${n}: the role has ${L.roleMin} to ${L.roleMax} characters.`,
      );
    parties.push({ name, role });
  }
  return succeed(parties);
}

/** Back to the form's lines. */
export function thirdPartiesText(parties: readonly ThirdParty[] | undefined): string {
  return (parties ?? []).map((p) => `${p.name}: ${p.role}`).join('\n');
}
