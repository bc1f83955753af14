import { canonicalJson } from './canonicalJson';
import { prepareRegistrations } from './prepared';
import { runDrawProcedure } from './procedure';
import { sha256Streams } from './random';
import { findBilingualUnmetRules } from './rules';
import type { Bilingual, DrawRecord, UnmetRule } from './types';

/**
 * The unmet rules of a record for a reader in either language. A record keeps each rule's message in Dutch (its
 * digest covers it, so that never changes); the English comes from re-running the draw procedure on the record's
 * own registrations, framework and seed, which gives exactly the recorded rules for any record that verifies.
 * For one that does not (edited by hand), the recorded Dutch stays and the English names the rule by its fields.
 */
export function unmetRuleMessages(record: DrawRecord): Bilingual[] {
  const recomputed = recomputeUnmetRules(record);
  const recordedDutch = record.unmetRules.map((rule) => rule.message);
  if (recomputed && canonicalJson(recomputed.map((r) => r.message.nl)) === canonicalJson(recordedDutch)) {
    return recomputed.map((r) => r.message);
  }
  return record.unmetRules.map((rule) => ({ nl: rule.message, en: describeUnmetRuleEn(rule) }));
}

function recomputeUnmetRules(record: DrawRecord): ReturnType<typeof findBilingualUnmetRules> | undefined {
  try {
    const prepared = prepareRegistrations(record.registrations);
    const trace = runDrawProcedure(prepared, record.framework, sha256Streams(record.seed), 'alleen-selectie');
    return findBilingualUnmetRules(prepared, record.framework, trace);
  } catch {
    // A record whose fields the procedure cannot run on (never one that verifies).
    return undefined;
  }
}

const RULE_NAMES_EN: Readonly<Record<UnmetRule['rule'], string>> = {
  perceelminimum: 'minimum per lot',
  'verschillende-grootte': 'different sizes within a lot',
  'lokale-aanbieder': 'a local provider per lot',
  continuiteit: 'continuity',
  instroom: 'inflow',
};

/** An unmet rule named by its recorded fields, for an English reader of a record that does not verify. */
export function describeUnmetRuleEn(rule: UnmetRule): string {
  const where = rule.perceel === undefined ? '' : `Lot ${rule.perceel}: `;
  const name = RULE_NAMES_EN[rule.rule] ?? String(rule.rule);
  return `${where}rule '${name}' not met (${rule.achieved} of ${rule.required})`;
}
