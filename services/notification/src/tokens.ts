/** Injection tokens of the notification service. */
export const NOTICE_CONTEXT = Symbol('NOTICE_CONTEXT');
export const DISPATCHER = Symbol('DISPATCHER');
