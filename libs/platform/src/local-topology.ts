/**
 * Where each part runs on one machine (DESIGN.md "Running it"): the single list the
 * launcher, the services' default ports and the README agree on.
 */
export interface LocalService {
  name: 'intake' | 'routing' | 'civil-registry' | 'social-protection' | 'notification' | 'ops-console';
  defaultPort: number;
  /** Launcher variable that moves the service to another port. */
  portVariable: string;
  /** The service's own database on the shared server. */
  database: string;
}

export const LOCAL_SERVICES: readonly LocalService[] = [
  { name: 'intake', defaultPort: 3001, portVariable: 'INTAKE_PORT', database: 'lienthong_intake' },
  { name: 'routing', defaultPort: 3002, portVariable: 'ROUTING_PORT', database: 'lienthong_routing' },
  { name: 'civil-registry', defaultPort: 3003, portVariable: 'CIVIL_REGISTRY_PORT', database: 'lienthong_civil_registry' },
  { name: 'social-protection', defaultPort: 3004, portVariable: 'SOCIAL_PROTECTION_PORT', database: 'lienthong_social_protection' },
  { name: 'notification', defaultPort: 3005, portVariable: 'NOTIFICATION_PORT', database: 'lienthong_notification' },
  { name: 'ops-console', defaultPort: 3000, portVariable: 'OPS_CONSOLE_PORT', database: 'lienthong_ops_console' },
];

export const localService = (name: LocalService['name']): LocalService => {
  const found = LOCAL_SERVICES.find((s) => s.name === name);
  if (!found) throw new Error(`unknown service ${name}`);
  return found;
};

export const LOCAL_DEFAULTS = {
  dataDir: '.data',
  postgresPort: 54320,
  brokerPort: 9092,
  host: '127.0.0.1',
} as const;

/** The same server as `serverUrl`, another database. */
export const databaseUrl = (serverUrl: string, database: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
};
