/** The services that exchange messages (DESIGN.md "Services"). */
export const Services = ['intake', 'routing', 'civil-registry', 'social-protection', 'notification'] as const;
export type ServiceName = (typeof Services)[number];
export const isServiceName = (value: string): value is ServiceName => (Services as readonly string[]).includes(value);
