import type { Locale } from '../../cards/renderCard';
import type { AdaptiveCard } from '../../cards/renderCard';
import {
  renderVoorstelCard,
  statusLabel,
  voorstelAddendumView,
  voorstellenText,
  type Notice,
} from '../../cards/views/voorstellenViews';
import type { KnownActor } from '../../domain/registry/actor';
import { refusalMessages, type Refusal } from '../../domain/shared/result';
import type { Voorstel } from '../../domain/voorstellen';
import type {
  GemeenteOverview,
  VisibleVoorstel,
  VoorstelDetail,
  VoorstelReadScope,
} from '../../voorstellen/viewing';
import type { VoorstellenService } from '../../voorstellen/voorstellenService';
import { optionalId, optionalText, requireId, type CardData } from '../cardData';
import { idempotencyKeyOf, notAllowedCard, type Turn } from '../turn';

/**
 * After the vote [002 art. 9.2-9.4]: the gemeente records the bestuur's adoption (vastgesteld or afgewezen),
 * aanbieders answer the addendum, the gemeente reads the tally and exports it, and parties report unexpected
 * developments. Thin handlers, like those in voorstellenHandlers.ts, which hands them its routing helpers.
 */

type Card = AdaptiveCard;
type VoorstelRoute = (
  turn: Turn,
  actor: KnownActor,
  data: CardData,
  visible: VisibleVoorstel,
) => Promise<Card | string>;

export interface AdoptionRouting {
  readonly service: VoorstellenService;
  readonly route: (
    verb: string,
    run: (turn: Turn, actor: KnownActor, data: CardData) => Promise<Card | string>,
  ) => void;
  readonly withVoorstel: (verb: string, scope: VoorstelReadScope, run: VoorstelRoute) => void;
  readonly gemeenteOnly: (verb: string, scope: VoorstelReadScope, run: VoorstelRoute) => void;
  readonly detailCard: (turn: Turn, detail: VoorstelDetail, notice?: Notice) => Card;
  readonly overviewCard: (
    turn: Turn,
    overview: GemeenteOverview,
    options?: {
      notice?: Notice;
      adoptionInput?: { outcome: string; reason: string; decisionDate: string; addendumDeadline: string };
    },
  ) => Card;
  readonly notFound: (turn: Turn) => Card;
  readonly refusalNotice: (turn: Turn, refusal: Refusal) => Notice;
  readonly when: (iso: string, locale: Locale) => string;
}

/** Characters of CSV per export card (the card stays well under Teams' ~28 KB). */
const EXPORT_PART_CHARS = 12_000;
const CAP = { line: 2_000, text: 60_000 } as const;

function text(turn: Turn, key: string, values: Record<string, string | number> = {}): string {
  return voorstellenText(turn.locale, key, values);
}

export function registerAdoptionRoutes(routing: AdoptionRouting): void {
  const { service, route, withVoorstel, gemeenteOnly, detailCard, overviewCard, notFound } = routing;
  // The refusals of these steps are bilingual: shown in the person's language.
  const refusalNotice = (turn: Turn, refusal: Refusal): Notice => ({
    ...routing.refusalNotice(turn, refusal),
    text: refusalMessages(refusal, turn.locale).join(' '),
  });
  const viewing = service.viewing;
  const detailOf = (actor: KnownActor, voorstel: Voorstel) => viewing.detail(actor, voorstel);

  gemeenteOnly('voorstel.vaststelling', 'all', async (turn, actor, data, visible) => {
    const input = {
      outcome: optionalText(data, 'outcome', 40),
      reason: optionalText(data, 'adoptionReason', CAP.text),
      decisionDate: optionalText(data, 'decisionDate', 20).trim(),
      addendumDeadline: optionalText(data, 'addendumDeadline', 20).trim(),
    };
    const result = await service.recordAdoption(actor, visible.voorstel.id, input);
    if (!result.ok) {
      return overviewCard(turn, viewing.gemeenteOverview(visible), {
        notice: refusalNotice(turn, result),
        adoptionInput: input,
      });
    }
    const round = result.value.adoption?.addendum;
    const done = text(turn, 'vaststellingDone', { status: statusLabel(result.value.status, turn.locale) });
    const addendum =
      round && round.organisations.length > 0
        ? ` ${text(turn, 'vaststellingAddendum', { count: round.organisations.length, deadline: routing.when(round.deadline, turn.locale) })}`
        : '';
    return overviewCard(turn, await viewing.overviewAfter(result.value, visible), {
      notice: { title: text(turn, 'vaststellingTitle'), text: `${done}${addendum}`, style: 'good' },
    });
  });

  route('voorstel.addendum.antwoord', async (turn, actor, data) => {
    const voorstelId = requireId(data, 'voorstelId');
    const visible = await viewing.visibleTo(actor, voorstelId, 'viewer');
    if (!visible) return notFound(turn);
    const answered = await service.addendum.answer(
      actor,
      voorstelId,
      optionalId(data, 'organisationId'),
      optionalText(data, 'choice', 40),
    );
    if (!answered.ok)
      return detailCard(turn, await detailOf(actor, visible.voorstel), refusalNotice(turn, answered));
    const outcome = answered.value;
    switch (outcome.kind) {
      case 'not-found':
        return notFound(turn);
      case 'no-organisation':
        return detailCard(turn, await detailOf(actor, outcome.voorstel), {
          text: text(turn, 'noAddendumOrganisation'),
          style: 'attention',
        });
      case 'choose-organisation':
        return detailCard(turn, await detailOf(actor, outcome.voorstel), {
          title: text(turn, 'chooseOrganisationTitle'),
          text: text(turn, 'chooseOrganisation'),
          style: 'warning',
        });
      case 'answered': {
        const strings = voorstellenText(turn.locale, 'doetMee', {}, 'voorstelCard');
        const choice =
          outcome.answer.choice === 'doet-mee'
            ? strings
            : voorstellenText(turn.locale, 'doetNietMee', {}, 'voorstelCard');
        const deadline = outcome.voorstel.adoption?.addendum?.deadline;
        return detailCard(turn, await detailOf(actor, outcome.voorstel), {
          title: text(turn, 'addendumAnsweredTitle'),
          text: outcome.changed
            ? text(turn, 'addendumAnswered', {
                organisation: outcome.answer.organisationName,
                choice,
                deadline: deadline ? routing.when(deadline, turn.locale) : '',
              })
            : text(turn, 'addendumUnchanged'),
          style: 'good',
        });
      }
    }
  });

  const addendumCard = async (turn: Turn, voorstelId: string, part: number | null): Promise<Card> => {
    const overview = await service.addendum.overview(voorstelId);
    if (!overview.ok) {
      return renderVoorstelCard('message', turn.locale, {
        trusted: {
          title: refusalMessages(overview, turn.locale).join(' '),
          messages: [],
          style: 'warning',
          backVerb: 'voorstellen.list',
        },
      });
    }
    const { voorstel, round, tally } = overview.value;
    const csv =
      part === null ? null : { text: service.addendum.csvOf(overview.value), part, max: EXPORT_PART_CHARS };
    return renderVoorstelCard(
      'voorstelAddendum',
      turn.locale,
      voorstelAddendumView(
        { title: voorstel.title, voorstelId: voorstel.id, round, tally },
        csv,
        turn.locale,
      ),
    );
  };

  gemeenteOnly('voorstel.addendum.overzicht', 'viewer', async (turn, _actor, _data, { voorstel }) =>
    addendumCard(turn, voorstel.id, null),
  );

  gemeenteOnly('voorstel.addendum.export', 'viewer', async (turn, _actor, data, { voorstel }) => {
    const partText = optionalText(data, 'part', 6).trim();
    return addendumCard(turn, voorstel.id, /^\d{1,4}$/.test(partText) ? Number(partText) : 1);
  });

  withVoorstel('voorstel.ontwikkeling.melden', 'viewer', async (turn, actor, data, { voorstel }) => {
    const organisationId = optionalId(data, 'reportOrganisationId') ?? optionalId(data, 'organisationId');
    const result = await service.reportOntwikkeling(
      actor,
      voorstel.id,
      optionalText(data, 'ontwikkeling', CAP.text),
      organisationId,
      idempotencyKeyOf(turn),
    );
    if (!result.ok) {
      const detail = await detailOf(actor, voorstel);
      return detail.afterAdoption?.reportFor === null && !viewing.isGemeente(actor)
        ? notAllowedCard(turn.locale)
        : detailCard(turn, detail, refusalNotice(turn, result));
    }
    return detailCard(turn, await detailOf(actor, result.value), {
      title: text(turn, 'ontwikkelingGemeldTitle'),
      text: text(turn, 'ontwikkelingGemeld'),
      style: 'good',
    });
  });
}
