/**
 * The account key of the embedded store (the well-known Cosmos DB emulator key, no secret). In a module of its own
 * so that launching the store in a child process does not load the store's server code into the bot.
 */
export const EMBEDDED_STORE_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';
