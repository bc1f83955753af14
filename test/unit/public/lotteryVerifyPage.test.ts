import { algorithmPage, commitmentsPage, verifyPage } from '../../../src/public/lotteryVerifyPage';
import { publicCommitmentOf } from '../../../src/public/lotteryCommitments';
import { drawRecordPublicView } from '../../../src/public/publicViews';
import { commitRevealRecord } from '../../support/commitRevealSamples';
import { openSampleRound, SAMPLE_SECRET } from '../../support/inschrijvingSamples';
import { publicationDoc } from '../../support/publicSamples';
import { framework, registration } from '../lottery/support';

/** A page of the site: Dutch, one h1, the skip link. (The verification page runs a script by design.) */
const onePage = (html: string) =>
  html.includes('<html lang="nl">') &&
  (html.match(/<h1[ >]/g) ?? []).length === 1 &&
  html.includes('id="inhoud"');

const HOSTILE = '</script><script>alert(1)</script> & <b>vet</b>';

describe('the lottery verification pages', () => {
  const record = commitRevealRecord(
    [
      { ...registration('org-x', 1, 'klein', 'lokaal'), organisationName: HOSTILE },
      registration('org-y', 1, 'groot'),
    ],
    framework({ seats: 2, minimumPerPerceel: { 1: 1, 2: 0, 3: 0, 4: 0, 5: 0 } }),
  );
  const doc = publicationDoc('loting', 'ronde-2027', drawRecordPublicView('ronde-2027', 2027, record));

  it('embeds the record as JSON that cannot close its script element, and reads back as the same record', () => {
    const page = verifyPage([doc], doc).value;
    const block = /<script type="application\/json" id="lotingsverslag">([\s\S]*?)<\/script>/.exec(page);
    expect(block).not.toBeNull();
    expect(block![1]).not.toMatch(/[<>&]/);
    expect(JSON.parse(block![1]!)).toEqual(record);
    expect(page).toContain('<script src="/openbaar/loting-controle.js" defer></script>');
    // The only scripts: the data block and the same-origin bundle.
    expect(page.match(/<script/g)).toHaveLength(2);
    expect(onePage(page)).toBe(true);
  });

  it('shows a commitment and never the secret, and names deviations with their reason', () => {
    const round = {
      ...openSampleRound(),
      framework: { ...openSampleRound().framework, seats: 10 },
      deviationReason: HOSTILE,
    };
    const page = commitmentsPage([publicCommitmentOf(round)!]).value;
    expect(page).toContain(round.seed.mode === 'toezegging' ? round.seed.commitment : 'x');
    expect(page).not.toContain(SAMPLE_SECRET);
    expect(page).toContain('Aantal zetels: 10 in plaats van 12 (Bijlage 9)');
    expect(page).not.toContain('<script>alert(1)');
    expect(onePage(page)).toBe(true);
  });

  it('explains the algorithm in plain language first, then exactly', () => {
    const page = algorithmPage().value;
    expect(page.indexOf('In het kort')).toBeLessThan(page.indexOf('Precies'));
    expect(page).toContain('seed       = hex(SHA-256(UTF-8(geheim + ":" + openbare waarde)))');
    expect(onePage(page)).toBe(true);
  });
});
