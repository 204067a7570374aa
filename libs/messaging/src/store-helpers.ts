// The event store's inbox and checkpoint helpers (over its `inbox` and `checkpoints` tables).
export { tryRecordInbox, recordInboxMany, loadCheckpoint, saveCheckpoint } from '@lienthong/event-store';
