import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiSpec } from './protocol/api';

/** Contract with `src/groups` (written separately): the group coordinator's APIs. */
export interface GroupApisOptions {
  nodeId: number;
  host: string;
  port: number;
  dataDir?: string;
  initialRebalanceDelayMs?: number;
  topicExists(topic: string): boolean;
  partitionCount(topic: string): number;
  logger?: { info(msg: string, meta?: object): void; warn(msg: string, meta?: object): void };
}

export interface GroupApis {
  apis: ApiSpec[];
  close(): Promise<void>;
}

export type CreateGroupApis = (options: GroupApisOptions) => GroupApis;

/**
 * Loads `./groups` when it exists. Resolved at run time so the core broker builds and runs
 * while the group coordinator is absent (then consumer groups are not served).
 */
export function loadGroupApis(): CreateGroupApis | null {
  const dir = join(__dirname, 'groups');
  if (!existsSync(join(dir, 'index.ts')) && !existsSync(join(dir, 'index.js'))) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(dir) as { createGroupApis?: CreateGroupApis };
  return typeof mod.createGroupApis === 'function' ? mod.createGroupApis : null;
}
