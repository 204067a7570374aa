// The event store's inbox and checkpoint helpers (over its `inbox` and `checkpoints` tables).
export { tryRecordInbox, inboxContains, recordInboxMany, inboxContaining, loadCheckpoint, saveCheckpoint } from '@lienthong/event-store';
