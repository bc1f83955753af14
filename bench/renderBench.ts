import { renderCard, type RenderInput } from '../src/cards/renderCard';
import { registryOverviewView } from '../src/cards/views/registryViews';
import { profileView, welcomeView } from '../src/cards/views/welcomeViews';
import { sampleActor, sampleRegion } from './sampleData';
import { percentiles, round } from './stats';

/**
 * CPU cost of one card expansion: renderCard (escaping + strings + adaptivecards-templating expand) with the
 * view model built beforehand, as the handlers pass it. The first expansion of a template in a fresh process
 * also reads and parses the template (cached afterwards), so it is reported apart.
 */

export interface RenderResult {
  readonly template: string;
  readonly description: string;
  readonly cardBytes: number;
  readonly firstMs: number;
  readonly runs: number;
  readonly meanUs: number;
  readonly p50Us: number;
  readonly p95Us: number;
  readonly p99Us: number;
  /** process.cpuUsage over the timed runs, per expansion (µs). */
  readonly cpuUs: number;
}

interface Case {
  readonly template: string;
  readonly description: string;
  readonly input: RenderInput;
}

function cases(): Case[] {
  const region = sampleRegion();
  const actor = sampleActor(region);
  return [
    {
      template: 'welcome',
      description: 'help card of a gemeente admin, contactpersoon and trekker',
      input: welcomeView(actor, { demoMode: false }, 'nl', false),
    },
    {
      template: 'registryOverview',
      description: `${region.organisations.length} organisations, ${region.people.length} people, 15 shown`,
      input: registryOverviewView(region.organisations, [...region.people, actor.person], '', 'nl'),
    },
    {
      template: 'profile',
      description: 'the card of the profile.show action',
      input: profileView(actor, 'nl'),
    },
  ];
}

export function runRenderBench(runs: number, warmup = Math.max(50, Math.round(runs / 10))): RenderResult[] {
  return cases().map(({ template, description, input }) => {
    let start = performance.now();
    const card = renderCard(template, 'nl', input);
    const firstMs = performance.now() - start;
    for (let i = 0; i < warmup; i++) renderCard(template, 'nl', input);
    const times = new Float64Array(runs);
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < runs; i++) {
      start = performance.now();
      renderCard(template, 'nl', input);
      times[i] = (performance.now() - start) * 1000;
    }
    const cpu = process.cpuUsage(cpuBefore);
    const p = percentiles(times);
    return {
      template,
      description,
      cardBytes: JSON.stringify(card).length,
      firstMs: round(firstMs, 2),
      runs,
      meanUs: round(p.mean, 1),
      p50Us: round(p.p50, 1),
      p95Us: round(p.p95, 1),
      p99Us: round(p.p99, 1),
      cpuUs: round((cpu.user + cpu.system) / runs, 1),
    };
  });
}
