import {
  GROOTTES,
  PERCELEN,
  type DistributionFramework,
  type SelectionReason,
  type Bilingual,
  type UnmetRule,
} from './types';
import type { PreparedRegistrations } from './prepared';
import type { DrawTrace } from './procedure';

/** Dutch explanation of why a registration got its seat. */
export function describeReason(reason: SelectionReason, perceel: number): string {
  switch (reason) {
    case 'lokale-aanbieder':
      return `Perceel ${perceel}: lokale aanbieder, geloot onder de lokale inschrijvers van dit perceel`;
    case 'verschillende-grootte':
      return `Perceel ${perceel}: andere grootte dan de eerst gelote aanbieder, geloot onder de inschrijvers van een andere grootte`;
    case 'perceelminimum':
      return `Perceel ${perceel}: minimum per perceel, geloot onder de overige inschrijvers van dit perceel`;
    case 'continuiteit':
      return 'Continuïteit: geloot onder de overige aanbieders die vorig jaar aan tafel zaten';
    case 'instroom':
      return 'Instroom: geloot onder de overige nieuwe aanbieders';
    case 'vrije-loting':
      return 'Vrije loting: geloot onder alle overige inschrijvers';
  }
}

/** The same in English, for a card read in English; the record itself keeps the Dutch description. */
export function describeReasonEn(reason: SelectionReason, perceel: number): string {
  switch (reason) {
    case 'lokale-aanbieder':
      return `Lot ${perceel}: local provider, drawn among the local registrants of this lot`;
    case 'verschillende-grootte':
      return `Lot ${perceel}: a different size than the provider drawn first, drawn among the registrants of another size`;
    case 'perceelminimum':
      return `Lot ${perceel}: minimum per lot, drawn among the other registrants of this lot`;
    case 'continuiteit':
      return 'Continuity: drawn among the other providers that had a seat last year';
    case 'instroom':
      return 'Inflow: drawn among the other new providers';
    case 'vrije-loting':
      return 'Open draw: drawn among all other registrants';
  }
}

function seatsFreeText(seats: number): Bilingual {
  if (seats <= 0) return { nl: 'geen zetels meer vrij', en: 'no seats were left' };
  return seats === 1
    ? { nl: 'nog maar 1 zetel vrij', en: 'only 1 seat was left' }
    : { nl: `nog maar ${seats} zetels vrij`, en: `only ${seats} seats were left` };
}

function aanbieders(count: number): Bilingual {
  return count === 1
    ? { nl: '1 aanbieder', en: '1 provider' }
    : { nl: `${count} aanbieders`, en: `${count} providers` };
}

function registrationsText(count: number): Bilingual {
  return count === 1
    ? { nl: 'is maar 1 inschrijving', en: 'is only 1 registration' }
    : { nl: `zijn maar ${count} inschrijvingen`, en: `are only ${count} registrations` };
}

/** An unmet rule with its message in both languages; the record keeps the Dutch one (see {@link findUnmetRules}). */
export type BilingualUnmetRule = Omit<UnmetRule, 'message'> & { readonly message: Bilingual };

/**
 * Every rule of the framework the selection does not meet, with the reason, as the record holds it: the message
 * in Dutch, its fields in the order records have always had (the record's digest covers them).
 */
export function findUnmetRules(
  prepared: PreparedRegistrations,
  framework: DistributionFramework,
  trace: DrawTrace,
): UnmetRule[] {
  return findBilingualUnmetRules(prepared, framework, trace).map(({ message, ...rule }) => ({
    ...rule,
    message: message.nl,
  }));
}

/**
 * Every rule of the framework the selection does not meet, with the reason in both languages. The procedure meets
 * every rule that can be met; finding a satisfiable rule unmet here means a defect, and that is thrown rather
 * than published.
 */
export function findBilingualUnmetRules(
  prepared: PreparedRegistrations,
  framework: DistributionFramework,
  trace: DrawTrace,
): BilingualUnmetRule[] {
  const unmet: BilingualUnmetRule[] = [];
  const selected = trace.picks.map((pick) => pick.index);
  const defect = (what: string): never => {
    throw new Error(`Interne fout in de loting: ${what} had gehaald kunnen worden maar is niet gehaald`);
  };

  for (const perceel of PERCELEN) {
    const minimum = framework.minimumPerPerceel[perceel];
    if (minimum === 0) continue;
    const members = prepared.perceelMembers[perceel - 1] as readonly number[];
    const chosen = selected.filter((i) => prepared.perceelIndex[i] === perceel - 1);

    if (chosen.length < minimum) {
      if (members.length >= minimum) defect(`perceel ${perceel}: het minimum`);
      unmet.push({
        rule: 'perceelminimum',
        code: members.length === 0 ? 'geen-inschrijvingen' : 'te-weinig-inschrijvingen',
        perceel,
        required: minimum,
        achieved: chosen.length,
        message:
          members.length === 0
            ? {
                nl: `Perceel ${perceel}: minimaal ${aanbieders(minimum).nl} vereist, maar er is geen inschrijving voor dit perceel`,
                en: `Lot ${perceel}: at least ${aanbieders(minimum).en} required, but there is no registration for this lot`,
              }
            : {
                nl: `Perceel ${perceel}: minimaal ${aanbieders(minimum).nl} vereist, maar er ${registrationsText(members.length).nl} voor dit perceel`,
                en: `Lot ${perceel}: at least ${aanbieders(minimum).en} required, but there ${registrationsText(members.length).en} for this lot`,
              },
      });
    }

    if (framework.differentGrootteWithinPerceel && minimum >= 2) {
      const available = new Set(members.map((i) => prepared.grootteIndex[i]));
      const achieved = new Set(chosen.map((i) => prepared.grootteIndex[i])).size;
      if (available.size >= 2) {
        if (achieved < 2) defect(`perceel ${perceel}: verschillende grootte`);
      } else {
        const onlyGrootte =
          GROOTTES[members.length > 0 ? (prepared.grootteIndex[members[0] as number] as number) : 0];
        const why: Bilingual =
          members.length === 0
            ? { nl: 'er is geen inschrijving voor dit perceel', en: 'there is no registration for this lot' }
            : members.length === 1
              ? {
                  nl: `er is maar één inschrijving, van grootte '${onlyGrootte}'`,
                  en: `there is only one registration, of size '${onlyGrootte}'`,
                }
              : { nl: `alle inschrijvers zijn '${onlyGrootte}'`, en: `all registrants are '${onlyGrootte}'` };
        unmet.push({
          rule: 'verschillende-grootte',
          code:
            members.length === 0
              ? 'geen-inschrijvingen'
              : members.length === 1
                ? 'te-weinig-inschrijvingen'
                : 'een-grootte',
          perceel,
          required: 2,
          achieved,
          message: {
            nl: `Perceel ${perceel}: geen twee aanbieders van verschillende grootte beschikbaar (${why.nl})`,
            en: `Lot ${perceel}: no two providers of different sizes available (${why.en})`,
          },
        });
      }
    }

    if (framework.atLeastOneLokaalPerPerceel) {
      const lokaalRegistered = members.some((i) => prepared.isLokaal[i] === 1);
      if (lokaalRegistered) {
        if (!chosen.some((i) => prepared.isLokaal[i] === 1))
          defect(`perceel ${perceel}: een lokale aanbieder`);
      } else {
        unmet.push({
          rule: 'lokale-aanbieder',
          code: 'geen-lokale-inschrijving',
          perceel,
          required: 1,
          achieved: 0,
          message: {
            nl: `Perceel ${perceel}: geen lokale aanbieder ingeschreven`,
            en: `Lot ${perceel}: no local provider registered`,
          },
        });
      }
    }
  }

  const returningTotal = prepared.returningTotal;
  const newcomersTotal = prepared.registrations.length - returningTotal;
  const returningChosen = selected.filter((i) => prepared.isReturning[i] === 1).length;
  const newcomersChosen = selected.length - returningChosen;

  const minimumReturning = framework.continuity.minimumReturning;
  if (returningChosen < minimumReturning) {
    const tooFewRegistered = returningChosen === returningTotal;
    if (!tooFewRegistered && trace.seatsLeftBeforeInflow > 0) defect('de continuïteitsregel');
    const seatsFree = seatsFreeText(trace.seatsLeftBeforeContinuity);
    const why: Bilingual = tooFewRegistered
      ? returningTotal === 0
        ? {
            nl: 'er is geen inschrijving van een aanbieder die vorig jaar aan tafel zat',
            en: 'there is no registration of a provider that had a seat last year',
          }
        : returningTotal === 1
          ? {
              nl: 'er is maar 1 inschrijving van een aanbieder die vorig jaar aan tafel zat',
              en: 'there is only 1 registration of a provider that had a seat last year',
            }
          : {
              nl: `er zijn maar ${returningTotal} inschrijvingen van aanbieders die vorig jaar aan tafel zaten`,
              en: `there are only ${returningTotal} registrations of providers that had a seat last year`,
            }
      : { nl: `na de perceelminima waren ${seatsFree.nl}`, en: `after the minimums per lot ${seatsFree.en}` };
    unmet.push({
      rule: 'continuiteit',
      code: tooFewRegistered ? 'te-weinig-inschrijvingen' : 'geen-zetels-over',
      required: minimumReturning,
      achieved: returningChosen,
      message: {
        nl: `Continuïteit: minimaal ${aanbieders(minimumReturning).nl} gevraagd die vorig jaar aan tafel zaten, ${returningChosen} gekozen: ${why.nl}`,
        en: `Continuity: asked for at least ${aanbieders(minimumReturning).en} that had a seat last year, ${returningChosen} chosen: ${why.en}`,
      },
    });
  }

  const minimumNewcomers = framework.inflow.minimumNewcomers;
  if (newcomersChosen < minimumNewcomers) {
    const tooFewRegistered = newcomersChosen === newcomersTotal;
    if (!tooFewRegistered && framework.seats > selected.length) defect('de instroomregel');
    const continuityUsedSeats = trace.seatsLeftBeforeContinuity > trace.seatsLeftBeforeInflow;
    const seatsFree = seatsFreeText(trace.seatsLeftBeforeInflow);
    const why: Bilingual = tooFewRegistered
      ? newcomersTotal === 0
        ? {
            nl: 'er is geen inschrijving van een nieuwe aanbieder',
            en: 'there is no registration of a new provider',
          }
        : newcomersTotal === 1
          ? {
              nl: 'er is maar 1 inschrijving van een nieuwe aanbieder',
              en: 'there is only 1 registration of a new provider',
            }
          : {
              nl: `er zijn maar ${newcomersTotal} inschrijvingen van nieuwe aanbieders`,
              en: `there are only ${newcomersTotal} registrations of new providers`,
            }
      : {
          nl: `na de perceelminima${continuityUsedSeats ? ' en de continuïteitsregel' : ''} waren ${seatsFree.nl}`,
          en: `after the minimums per lot${continuityUsedSeats ? ' and the continuity rule' : ''} ${seatsFree.en}`,
        };
    unmet.push({
      rule: 'instroom',
      code: tooFewRegistered ? 'te-weinig-inschrijvingen' : 'geen-zetels-over',
      required: minimumNewcomers,
      achieved: newcomersChosen,
      message: {
        nl: `Instroom: minimaal ${aanbieders(minimumNewcomers).nl} gevraagd die vorig jaar niet aan tafel zaten, ${newcomersChosen} gekozen: ${why.nl}`,
        en: `Inflow: asked for at least ${aanbieders(minimumNewcomers).en} that had no seat last year, ${newcomersChosen} chosen: ${why.en}`,
      },
    });
  }
  return unmet;
}
