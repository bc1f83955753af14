import type { EmbeddedStore } from '../../src/storage/local/embeddedStore';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __tafelbotStore?: EmbeddedStore }).__tafelbotStore?.close();
}
