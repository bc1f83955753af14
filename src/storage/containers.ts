import declaration from './containers.json';

/** A container of the Tafelbot database, as declared in containers.json (mirrored by infra/). */
export interface ContainerDeclaration {
  readonly id: string;
  readonly partitionKeyPath: string;
  readonly purpose: string;
}

export type ContainerName =
  | 'organisations'
  | 'people'
  | 'identities'
  | 'teamsUsers'
  | 'ontwikkeltafels'
  | 'rapportages'
  | 'voorstellen'
  | 'voorstelReactions'
  | 'voorstelVotes'
  | 'botState'
  | 'broadcasts'
  | 'leases'
  | 'audit'
  | 'rounds'
  | 'registrations'
  | 'drawRecords'
  | 'meetings'
  | 'signalen'
  | 'pilots'
  | 'publications';

export const DATABASE_ID: string = declaration.databaseId;

export const CONTAINERS: readonly ContainerDeclaration[] = declaration.containers;

export function containerDeclaration(name: ContainerName): ContainerDeclaration {
  const found = CONTAINERS.find((c) => c.id === name);
  if (!found) throw new Error(`Container ${name} is not declared in containers.json`);
  return found;
}
