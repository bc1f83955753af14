import {
  GROOTTES,
  PERCELEN,
  type DistributionFramework,
  type SelectionReason,
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

function seatsFreeText(seats: number): string {
  if (seats <= 0) return 'geen zetels meer vrij';
  return seats === 1 ? 'nog maar 1 zetel vrij' : `nog maar ${seats} zetels vrij`;
}

function aanbieders(count: number): string {
  return count === 1 ? '1 aanbieder' : `${count} aanbieders`;
}

/**
 * Every rule of the framework the selection does not meet, with the reason. The procedure meets every rule that
 * can be met; finding a satisfiable rule unmet here means a defect, and that is thrown rather than published.
 */
export function findUnmetRules(
  prepared: PreparedRegistrations,
  framework: DistributionFramework,
  trace: DrawTrace,
): UnmetRule[] {
  const unmet: UnmetRule[] = [];
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
            ? `Perceel ${perceel}: minimaal ${aanbieders(minimum)} vereist, maar er is geen inschrijving voor dit perceel`
            : `Perceel ${perceel}: minimaal ${aanbieders(minimum)} vereist, maar er ${
                members.length === 1 ? 'is maar 1 inschrijving' : `zijn maar ${members.length} inschrijvingen`
              } voor dit perceel`,
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
        const why =
          members.length === 0
            ? 'er is geen inschrijving voor dit perceel'
            : members.length === 1
              ? `er is maar één inschrijving, van grootte '${onlyGrootte}'`
              : `alle inschrijvers zijn '${onlyGrootte}'`;
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
          message: `Perceel ${perceel}: geen twee aanbieders van verschillende grootte beschikbaar (${why})`,
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
          message: `Perceel ${perceel}: geen lokale aanbieder ingeschreven`,
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
    const why = tooFewRegistered
      ? returningTotal === 0
        ? 'er is geen inschrijving van een aanbieder die vorig jaar aan tafel zat'
        : returningTotal === 1
          ? 'er is maar 1 inschrijving van een aanbieder die vorig jaar aan tafel zat'
          : `er zijn maar ${returningTotal} inschrijvingen van aanbieders die vorig jaar aan tafel zaten`
      : `na de perceelminima waren ${seatsFreeText(trace.seatsLeftBeforeContinuity)}`;
    unmet.push({
      rule: 'continuiteit',
      code: tooFewRegistered ? 'te-weinig-inschrijvingen' : 'geen-zetels-over',
      required: minimumReturning,
      achieved: returningChosen,
      message: `Continuïteit: minimaal ${aanbieders(minimumReturning)} gevraagd die vorig jaar aan tafel zaten, ${returningChosen} gekozen: ${why}`,
    });
  }

  const minimumNewcomers = framework.inflow.minimumNewcomers;
  if (newcomersChosen < minimumNewcomers) {
    const tooFewRegistered = newcomersChosen === newcomersTotal;
    if (!tooFewRegistered && framework.seats > selected.length) defect('de instroomregel');
    const continuityUsedSeats = trace.seatsLeftBeforeContinuity > trace.seatsLeftBeforeInflow;
    const why = tooFewRegistered
      ? newcomersTotal === 0
        ? 'er is geen inschrijving van een nieuwe aanbieder'
        : newcomersTotal === 1
          ? 'er is maar 1 inschrijving van een nieuwe aanbieder'
          : `er zijn maar ${newcomersTotal} inschrijvingen van nieuwe aanbieders`
      : `na de perceelminima${continuityUsedSeats ? ' en de continuïteitsregel' : ''} waren ${seatsFreeText(trace.seatsLeftBeforeInflow)}`;
    unmet.push({
      rule: 'instroom',
      code: tooFewRegistered ? 'te-weinig-inschrijvingen' : 'geen-zetels-over',
      required: minimumNewcomers,
      achieved: newcomersChosen,
      message: `Instroom: minimaal ${aanbieders(minimumNewcomers)} gevraagd die vorig jaar niet aan tafel zaten, ${newcomersChosen} gekozen: ${why}`,
    });
  }
  return unmet;
}
