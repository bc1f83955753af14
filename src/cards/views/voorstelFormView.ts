import { PERCEEL_NAMES, PERCELEN } from '../../domain/registry/registry';
import { VOORSTEL_TYPES } from '../../domain/voorstellen';
import type { Locale, RenderInput } from '../renderCard';
import { capitalised, fill, strings } from './voorstelViewsCommon';

/** The submission form of a voorstel. */

export interface VoorstelFormValues {
  readonly title: string;
  readonly summary: string;
  readonly text: string;
  readonly link: string;
  readonly type: string;
  readonly percelen: string;
  readonly origin: string;
  readonly organisationId: string;
  readonly confidentialTitle: string;
  readonly confidentialText: string;
  /** Only for "ontwikkeltafel instellen". */
  readonly tafelOpdracht: string;
  readonly tafelDoel: string;
  /** Comma-separated person ids, as a multi-select sends them. */
  readonly tafelTrekkers: string;
}

export function emptyVoorstelForm(organisationId = ''): VoorstelFormValues {
  return {
    title: '',
    summary: '',
    text: '',
    link: '',
    type: 'contractwijziging',
    percelen: '',
    origin: 'overlegtafel',
    organisationId,
    confidentialTitle: '',
    confidentialText: '',
    tafelOpdracht: '',
    tafelDoel: '',
    tafelTrekkers: '',
  };
}

export interface Choice {
  readonly id: string;
  readonly name: string;
}

export function voorstelFormView(
  values: VoorstelFormValues,
  choices: {
    readonly organisations: readonly Choice[];
    readonly ontwikkeltafels: readonly Choice[];
    /** Who may be proposed as trekker of a new ontwikkeltafel (absent: none offered). */
    readonly trekkers?: readonly Choice[];
  },
  errors: readonly string[],
  locale: Locale,
): RenderInput {
  const text = strings(locale);
  return {
    view: {
      errors: [...errors],
      chooseOrganisation: choices.organisations.length > 0,
      hasTrekkerChoices: (choices.trekkers?.length ?? 0) > 0,
    },
    // Choice titles are plain text in Teams (no markdown), so names go unescaped.
    form: {
      ...values,
      organisationChoices: choices.organisations.map((o) => ({ title: o.name, value: o.id })),
      typeChoices: VOORSTEL_TYPES.map((t) => ({ title: text[`type${capitalised(t)}`] ?? t, value: t })),
      trekkerChoices: (choices.trekkers ?? []).map((t) => ({ title: t.name, value: t.id })),
      perceelChoices: PERCELEN.map((p) => ({ title: `${p}. ${PERCEEL_NAMES[p]}`, value: String(p) })),
      originChoices: [
        { title: text.originOverlegtafel ?? 'Overlegtafel', value: 'overlegtafel' },
        ...choices.ontwikkeltafels.map((t) => ({
          title: fill(text.originOntwikkeltafel ?? '{name}', { name: t.name }),
          value: `ot:${t.id}`,
        })),
      ],
    },
  };
}
