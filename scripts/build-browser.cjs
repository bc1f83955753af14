// The verification page's script for the browser: src/public/browser/lotteryVerifyClient.ts bundled with the lottery
// module it imports (src/domain/lottery), so a visitor's browser runs the very code `npm run lottery:verify` runs.
// `npm run build` writes it beside the compiled server (dist/src/public/browser/lotteryVerify.js), where the
// /openbaar/loting-controle.js route reads it; the tests call buildLotteryBundle() themselves. CommonJS so that
// both jest (TypeScript, CommonJS) and package.json can use it.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'src', 'public', 'browser', 'lotteryVerifyClient.ts');
const OUTFILE = path.join(ROOT, 'dist', 'src', 'public', 'browser', 'lotteryVerify.js');

async function buildLotteryBundle(outfile = OUTFILE) {
  // esbuild is a devDependency: the bundle is made at build time, never by the running server.
  const { build } = require('esbuild');
  await build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
  });
  return outfile;
}

module.exports = { buildLotteryBundle, LOTTERY_BUNDLE: OUTFILE };

if (require.main === module) {
  buildLotteryBundle(process.argv[2] ? path.resolve(process.argv[2]) : OUTFILE).then(
    (file) => console.log(`lottery verification bundle: ${path.relative(ROOT, file)}`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
