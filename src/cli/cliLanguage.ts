/**
 * The language of a command-line tool: `--lang nl|en` when given, else the terminal's locale (LC_ALL, then
 * LC_MESSAGES, then LANG, as POSIX orders them): one starting with `nl` means Dutch, anything else English.
 */
export type CliLocale = 'nl' | 'en';

export type CliEnvironment = Readonly<Record<string, string | undefined>>;

export interface CliLanguage {
  readonly locale: CliLocale;
  /** The arguments without the language flag. */
  readonly args: string[];
  /** Set when `--lang` had no value or one other than nl/en (in the terminal's language). */
  readonly error?: string;
}

export function terminalLocale(env: CliEnvironment): CliLocale {
  const setting = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return setting.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

export function cliLanguage(args: readonly string[], env: CliEnvironment): CliLanguage {
  const fallback = terminalLocale(env);
  const rest: string[] = [];
  let chosen: string | undefined;
  let flagSeen = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--lang') {
      flagSeen = true;
      chosen = args[i + 1];
      i++;
    } else if (arg.startsWith('--lang=')) {
      flagSeen = true;
      chosen = arg.slice('--lang='.length);
    } else rest.push(arg);
  }
  if (!flagSeen) return { locale: fallback, args: rest };
  if (chosen === 'nl' || chosen === 'en') return { locale: chosen, args: rest };
  return {
    locale: fallback,
    args: rest,
    error:
      fallback === 'nl'
        ? `--lang verwacht nl of en; nu: ${chosen === undefined ? 'niets' : `'${chosen}'`}`
        : `--lang expects nl or en; got ${chosen === undefined ? 'nothing' : `'${chosen}'`}`,
  };
}
