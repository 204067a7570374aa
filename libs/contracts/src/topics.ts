/**
 * Kafka topics, one per publishing context (DESIGN.md "Kafka contract"). The message key on
 * every topic is the application id, so everything about one application stays in order.
 */
export const Topics = {
  intakeEvents: 'lienthong.intake.events',
  routingEvents: 'lienthong.routing.events',
  civilRegistryEvents: 'lienthong.civil-registry.events',
  socialProtectionEvents: 'lienthong.social-protection.events',
  civilRegistryRequests: 'lienthong.civil-registry.requests',
  socialProtectionRequests: 'lienthong.social-protection.requests',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];
export type DeadLetterTopic = `${Topic}.dlq`;

/** The dead-letter twin of a consumed topic. */
export const dlqOf = <T extends string>(topic: T): `${T}.dlq` => `${topic}.dlq`;

/** Every topic is consumed by at least one service, so every one has a `.dlq` twin. */
export const ConsumedTopics: readonly Topic[] = Object.values(Topics);

export const DeadLetterTopics: readonly DeadLetterTopic[] = ConsumedTopics.map((t) => dlqOf(t));

/** All topics a deployment must create (main topics and their dead-letter twins). */
export const AllTopics: readonly (Topic | DeadLetterTopic)[] = [...ConsumedTopics, ...DeadLetterTopics];

/**
 * Recommended partition counts. Ordering only matters per key (application id), so the count
 * caps consumer parallelism: the busy intake/routing topics get more; a dead-letter topic is
 * low-volume and replayed by hand.
 */
export const TopicPartitions: Readonly<Record<Topic, number>> = {
  [Topics.intakeEvents]: 12,
  [Topics.routingEvents]: 12,
  [Topics.civilRegistryEvents]: 6,
  [Topics.socialProtectionEvents]: 6,
  [Topics.civilRegistryRequests]: 6,
  [Topics.socialProtectionRequests]: 6,
};
export const DEAD_LETTER_PARTITIONS = 1;

export const partitionsOf = (topic: string): number =>
  topic.endsWith('.dlq') ? DEAD_LETTER_PARTITIONS : (TopicPartitions[topic as Topic] ?? 1);

export const isTopic = (value: string): value is Topic => (ConsumedTopics as readonly string[]).includes(value);
