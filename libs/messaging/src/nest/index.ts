export { KafkaInboxServer, type KafkaInboxServerOptions } from './kafka-inbox.server';
export { InboxContext } from './inbox.context';
export { InboxErrorFilter } from './inbox-error.filter';
export { isDecodedPayload, markDecodedPayload } from './decoded-payload';
