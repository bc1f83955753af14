import type { MonthDay, RapportageSchema } from '../domain/ontwikkeltafels';
import { refuseFields, succeed, type Bilingual, type Result } from '../domain/shared/result';

/** What the gemeente fills in on the form, as text; parsed here into the domain's input. */
export interface TafelFormInput {
  readonly name: string;
  readonly opdracht: string;
  readonly doel: string;
  readonly percelen: string;
  readonly trekkerIds: readonly string[];
  readonly start: string;
  readonly expectedEnd: string;
  /** "30-06, 31-12" (day-month). */
  readonly periodEnds: string;
  readonly graceDays: string;
  /** "14, 3". */
  readonly reminderDays: string;
  /** Why the gemeente sets the table up directly instead of by a voorstel of the Overlegtafel. */
  readonly reason: string;
}

/**
 * Parses the schedule fields of the form. Formats are checked here; whether the schedule is acceptable (at least
 * two reports a year, limits) is the domain's rule.
 */
export function parseScheduleFields(
  form: Pick<TafelFormInput, 'periodEnds' | 'graceDays' | 'reminderDays'>,
): Result<Partial<RapportageSchema>> {
  const problems: Record<string, Bilingual> = {};
  const periodEnds: MonthDay[] = [];
  for (const part of form.periodEnds.split(/[,;\s]+/).filter(Boolean)) {
    const match = /^(\d{1,2})-(\d{1,2})$/.exec(part);
    if (!match) {
      problems.periodEnds = {
        nl: `"${part.slice(0, 20)}" is geen dag-maand. Schrijf de rapportagemomenten als 30-06, 31-12.`,
        en: `"${part.slice(0, 20)}" is not a day-month. Write the reporting moments as 30-06, 31-12.`,
      };
      break;
    }
    periodEnds.push({ day: Number(match[1]), month: Number(match[2]) });
  }
  const graceText = form.graceDays.trim();
  const graceDays = graceText === '' ? undefined : /^\d{1,4}$/.test(graceText) ? Number(graceText) : NaN;
  if (Number.isNaN(graceDays))
    problems.graceDays = {
      nl: 'Het aantal dagen na een periode is een heel getal.',
      en: 'The number of days after a period is a whole number.',
    };
  const reminderDaysBefore: number[] = [];
  for (const part of form.reminderDays.split(/[,;\s]+/).filter(Boolean)) {
    if (!/^\d{1,3}$/.test(part)) {
      problems.reminderDays = {
        nl: 'Herinneringen zijn hele getallen (dagen vooraf), bijvoorbeeld 14, 3.',
        en: 'Reminders are whole numbers (days before), for example 14, 3.',
      };
      break;
    }
    reminderDaysBefore.push(Number(part));
  }
  if (Object.keys(problems).length > 0) return refuseFields('ontwikkeltafel.invalid', problems);
  return succeed({
    ...(periodEnds.length > 0 ? { periodEnds } : {}),
    ...(graceDays !== undefined ? { graceDays } : {}),
    reminderDaysBefore,
  });
}
