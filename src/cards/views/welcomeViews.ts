import {
  capabilitiesOf,
  contractedAanbiederRoles,
  roleLabels,
  type Actor,
  type PolicyContext,
} from '../../domain/registry/actor';
import { PERCEEL_NAMES } from '../../domain/registry/registry';
import { stringsFor, type Locale, type RenderInput } from '../renderCard';

/** View models of the welcome/help, profile and unknown-user cards. */

function section(locale: Locale, name: string): Record<string, string> {
  return stringsFor(name, locale) as Record<string, string>;
}

/** The commands each person sees are the ones their capabilities allow. */
function commandsFor(
  actor: Actor,
  policy: PolicyContext,
  locale: Locale,
): Array<{ command: string; description: string }> {
  const text = section(locale, 'commands');
  const caps = new Set(capabilitiesOf(actor, policy));
  const list: Array<{ command: string; description: string }> = [
    { command: 'help', description: text.help ?? '' },
  ];
  if (caps.has('profile.view')) list.push({ command: 'profiel', description: text.profiel ?? '' });
  if (caps.has('registry.manage'))
    list.push({ command: 'organisaties', description: text.organisaties ?? '' });
  const inschrijving = section(locale, 'inschrijvingCommands');
  if (caps.has('registry.manage')) list.push({ command: 'ronde', description: inschrijving.ronde ?? '' });
  if (contractedAanbiederRoles(actor).length > 0)
    list.push({ command: 'inschrijven', description: inschrijving.inschrijven ?? '' });
  // Voorstellen: anyone with a role may read them; contacts submit and react, parties vote, the gemeente decides.
  if (actor.kind === 'person' && (actor.person.isAdmin || actor.roles.length > 0))
    list.push({
      command: 'voorstellen',
      description: section(locale, 'voorstellen').commandDescription ?? '',
    });
  // Signalen: the gemeente's inbox, or raising one for a contracted organisation one is a contact of.
  if (actor.kind === 'person' && (actor.person.isAdmin || actor.roles.some((r) => r.organisation.contracted)))
    list.push({ command: 'signalen', description: section(locale, 'signalen').commandDescription ?? '' });
  // Ontwikkeltafels: the portfolio for the gemeente, members and trekkers; the joinable tables for aanbieders.
  if (
    actor.kind === 'person' &&
    (actor.person.isAdmin || actor.roles.length > 0 || actor.trekkerOf.length > 0)
  )
    list.push({
      command: 'tafels',
      description: section(locale, 'ontwikkeltafels').commandDescription ?? '',
    });
  // Vergaderingen: every provider sees the agendas; members answer, aanbieders propose, the gemeente organises.
  if (actor.kind === 'person' && (actor.person.isAdmin || actor.roles.length > 0))
    list.push({
      command: 'vergaderingen',
      description: section(locale, 'meetings').commandDescription ?? '',
    });
  // The gemeente decides what goes on the public pages (virtuele overlegtafel).
  if (caps.has('registry.manage'))
    list.push({
      command: 'publicaties',
      description: section(locale, 'publicaties').commandDescription ?? '',
    });
  // The audit trail of votes, decisions, draws and composition changes is the gemeente's to read.
  if (caps.has('registry.manage'))
    list.push({ command: 'audit', description: section(locale, 'audit').commandDescription ?? '' });
  // Reach per contact before a broadcast: also the gemeente's.
  if (caps.has('registry.manage'))
    list.push({ command: 'bereik', description: section(locale, 'reach').commandDescription ?? '' });
  if (caps.has('demo.switchRole')) list.push({ command: 'rol', description: text.rol ?? '' });
  list.push({ command: 'taal', description: text.taal ?? '' });
  return list;
}

/** Buttons for the Overlegtafel registration: round management for the gemeente, registering for aanbieder contacts. */
function inschrijvingActions(
  actor: Actor,
  policy: PolicyContext,
  locale: Locale,
): Array<{ title: string; verb: string }> {
  const text = section(locale, 'inschrijvingCommands');
  const actions: Array<{ title: string; verb: string }> = [];
  if (capabilitiesOf(actor, policy).includes('registry.manage'))
    actions.push({ title: text.actionRonde ?? '', verb: 'ronde.overzicht' });
  if (contractedAanbiederRoles(actor).length > 0)
    actions.push({ title: text.actionInschrijven ?? '', verb: 'inschrijving.status' });
  return actions;
}

export function welcomeView(
  actor: Actor,
  policy: PolicyContext,
  locale: Locale,
  firstContact: boolean,
  /** What needs the person's attention, e.g. the gemeente's year planning of the Overlegtafel. */
  warnings: readonly string[] = [],
): RenderInput {
  const roleText = section(locale, 'roles');
  const roles = roleLabels(actor).map((label) => {
    let detail = '';
    if (actor.kind === 'person') {
      if (label === 'contactpersoon' || label === 'vervanger') {
        detail = actor.roles
          .filter((r) => r.role === label)
          .map((r) => r.organisation.name)
          .join(', ');
      } else if (label === 'trekker') {
        detail = actor.trekkerOf.map((t) => t.name).join(', ');
      }
    }
    return { label: roleText[label] ?? label, detail };
  });
  return {
    view: {
      firstContact,
      warnings: [...warnings],
      name: actor.kind === 'person' ? actor.person.name : '',
      roles,
      commands: commandsFor(actor, policy, locale),
      capabilities: capabilitiesOf(actor, policy),
      inschrijvingActions: inschrijvingActions(actor, policy, locale),
      auditActions: capabilitiesOf(actor, policy).includes('registry.manage')
        ? [
            { title: section(locale, 'audit').actionTitle ?? '', verb: 'audit.show' },
            { title: section(locale, 'reach').actionTitle ?? '', verb: 'reach.overview' },
          ]
        : [],
      demoMode: policy.demoMode,
    },
  };
}

export function unknownUserView(email: string, demoMode: boolean): RenderInput {
  return { view: { email, demoMode } };
}

export function profileView(actor: Actor & { kind: 'person' }, locale: Locale): RenderInput {
  const roleText = section(locale, 'roles');
  const typeText = section(locale, 'organisationTypes');
  return {
    view: {
      name: actor.person.name,
      email: actor.person.email,
      phone: actor.person.phone ?? '',
      isAdmin: actor.person.isAdmin,
      organisations: actor.roles.map((r) => ({
        name: r.organisation.name,
        role: roleText[r.role] ?? r.role,
        type: typeText[r.organisation.type] ?? r.organisation.type,
        percelen:
          r.organisation.percelen.length > 0
            ? r.organisation.percelen.map((p) => `${p} (${PERCEEL_NAMES[p]})`).join(', ')
            : '—',
      })),
      tables: actor.trekkerOf.map((t) => ({ name: t.name })),
    },
  };
}

export type MessageStyle = 'default' | 'good' | 'warning' | 'attention' | 'accent';

/** A message card; title and messages are Tafelbot's own text (user text inside already escaped). */
export function messageView(
  title: string,
  messages: readonly string[],
  style: MessageStyle = 'default',
  backVerb = '',
): RenderInput {
  return { trusted: { title, messages: [...messages], style, backVerb } };
}
