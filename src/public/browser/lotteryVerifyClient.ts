/**
 * The verification page's script, bundled for the browser from this file and the lottery module itself
 * (scripts/build-browser.cjs): the visitor's browser re-runs the draw from the published record, or from a file
 * the visitor picks (read with FileReader, never uploaded), with exactly the code `lottery:verify` runs. Served
 * same-origin under the public pages' CSP (script-src 'self'); it writes text only (textContent), never HTML.
 */
import {
  ALGORITHM_VERSION,
  COMMIT_REVEAL_VERSION,
  verifyDrawRecord,
  type VerificationResult,
} from '../../domain/lottery';

export type BrowserVerdict =
  | { readonly kind: 'geen-verslag'; readonly message: string }
  | { readonly kind: 'onbekende-versie'; readonly message: string }
  | {
      readonly kind: 'bevestigd' | 'weerlegd';
      readonly result: VerificationResult;
      readonly record: Record<string, unknown>;
    };

const KNOWN_VERSIONS: readonly string[] = [COMMIT_REVEAL_VERSION, ALGORITHM_VERSION];

/** The same three-way answer as `lottery:verify` (exit 2 / 1 / 0), from the text of a record. */
export function verifyRecordText(text: string): BrowserVerdict {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      kind: 'geen-verslag',
      message: 'Dit bestand is geen geldige JSON. / This file is not valid JSON.',
    };
  }
  const version =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>).algorithmVersion
      : undefined;
  if (typeof version !== 'string' || !/^tafelbot-loting\/\d+$/.test(version)) {
    return {
      kind: 'geen-verslag',
      message: 'Dit bestand is geen lotingsverslag. / This file is not a draw record.',
    };
  }
  if (!KNOWN_VERSIONS.includes(version)) {
    return {
      kind: 'onbekende-versie',
      message: `Lotingsverslag van versie '${version}': deze controle kent alleen ${KNOWN_VERSIONS.join(' en ')}. / Unknown record version.`,
    };
  }
  const record = parsed as Record<string, unknown>;
  const result = verifyDrawRecord(record);
  return { kind: result.valid ? 'bevestigd' : 'weerlegd', result, record };
}

function element(tag: string, text: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

function show(target: HTMLElement, verdict: BrowserVerdict, what: string): void {
  target.replaceChildren();
  target.dataset.uitslag = verdict.kind;
  if (verdict.kind === 'geen-verslag' || verdict.kind === 'onbekende-versie') {
    target.append(element('p', `${what}: ${verdict.message}`, 'uitslag weerlegd'));
    return;
  }
  const title = typeof verdict.record.title === 'string' ? verdict.record.title : what;
  const committed = verdict.result.committed
    ? 'met toezegging: het geheim past bij de vooraf gepubliceerde SHA-256 / with commitment'
    : 'zonder toezegging: een verslag van het oudere soort / without commitment (older kind of record)';
  if (verdict.kind === 'bevestigd') {
    target.append(
      element(
        'p',
        `Bevestigd: ${title}. De herberekening in uw browser geeft dezelfde uitkomst. / Confirmed.`,
        'uitslag bevestigd',
      ),
      element('p', `Seed ${committed}.`),
    );
    return;
  }
  target.append(
    element(
      'p',
      `Weerlegd: ${title}. Het verslag klopt niet. / Refuted: the record does not hold.`,
      'uitslag weerlegd',
    ),
    element('p', `Seed ${committed}.`),
    element('p', 'Verschillen / differences:'),
  );
  // Dutch first, like the page; the English follows in the same item, marked as English for screen readers.
  const list = document.createElement('ul');
  for (const problem of verdict.result.problems) {
    const english = element('span', problem.en);
    english.lang = 'en';
    const item = element('li', problem.nl);
    item.append(document.createElement('br'), english);
    list.append(item);
  }
  target.append(list);
}

function start(): void {
  const target = document.getElementById('controle-uitslag');
  if (!target) return;
  const embedded = document.getElementById('lotingsverslag');
  if (embedded?.textContent) {
    target.textContent = 'Bezig met narekenen… / Re-running the draw…';
    // Let the browser paint the message before the (synchronous) re-run.
    setTimeout(() => show(target, verifyRecordText(embedded.textContent ?? ''), 'Gepubliceerd verslag'), 0);
  }
  const input = document.getElementById('controle-bestand') as HTMLInputElement | null;
  input?.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => show(target, verifyRecordText(String(reader.result ?? '')), file.name);
    reader.onerror = () => {
      target.replaceChildren(
        element('p', `${file.name}: kan het bestand niet lezen. / Cannot read the file.`),
      );
      target.dataset.uitslag = 'geen-verslag';
    };
    target.textContent = 'Bezig met narekenen… / Re-running the draw…';
    reader.readAsText(file, 'utf-8');
  });
}

// Exposed for the agreement test (node's vm runs this bundle without a document) and for curious visitors.
(globalThis as Record<string, unknown>).tafelbotLoting = { verifyRecordText, verifyDrawRecord };
if (typeof document !== 'undefined') start();
